"""The Ray engine on a real local 2-worker cluster: same store as local ingest, and a worker
killed mid-run loses nothing and stores nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

import dateline
from dateline.engine_ray import RayStats, extract_with_ray
from dateline.ingest import IngestOptions, ingest, ingest_articles
from dateline.query.timeline import facts_to_json, timeline_to_json

pytestmark = pytest.mark.model

ray = pytest.importorskip("ray")  # in the test extra: runs in CI, never skipped there


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """One small local Ray session for the module: 2 CPUs, no dashboard, temp dir under /tmp."""
    # a short path: Ray's unix sockets live under it (108-byte limit)
    temp = tempfile.mkdtemp(prefix="dlray-")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=128 * 2**20,
        log_to_driver=False,
        _temp_dir=temp,
    )
    try:
        yield
    finally:
        ray.shutdown()


def _without_clock(data: Any) -> Any:
    """``data`` without ``recorded_at``: when the store wrote a row, not what it holds."""
    if isinstance(data, dict):
        return {k: _without_clock(v) for k, v in data.items() if k != "recorded_at"}
    if isinstance(data, list):
        return [_without_clock(v) for v in data]
    return data


def _store_state(db: Path) -> dict[str, Any]:
    """Counts, stored extractions, entities with aliases, and every entity's timeline items
    and combined facts: what queries read."""
    from test_ingest import _snapshot

    with dateline.connect(db) as dl:
        entities = dl.entities(limit=100_000)
        return {
            "counts": dl.store.counts(),
            "extractions": _snapshot(db),
            "entities": sorted(
                (e.id, e.name, e.label, e.mention_count, e.article_count, *sorted(e.aliases))
                for e in entities
            ),
        } | _without_clock(
            {
                "items": {e.name: timeline_to_json(dl.timeline(e.name)) for e in entities},
                "facts": {e.name: facts_to_json(dl.facts(e.name)) for e in entities},
            }
        )


def test_ray_ingest_of_the_sample_corpus_matches_local(
    cluster: None, sample_db: Path, tmp_path: Path
) -> None:
    db = tmp_path / "ray.db"
    seen: list[tuple[int, int]] = []
    with dateline.connect(db) as dl:
        report = dl.ingest(
            [dateline.sample_corpus()],
            workers=2,
            engine="ray",
            progress=lambda done, total: seen.append((done, total)),
        )
        assert report.ingested >= 40 and not report.rejected and not report.interrupted
        assert dl.runs()[0].status == "finished"
        again = dl.ingest([dateline.sample_corpus()], workers=2, engine="ray")
        assert (again.ingested, again.duplicates) == (0, report.ingested)
    assert seen[-1] == (report.ingested, report.ingested)
    assert _store_state(db) == _store_state(sample_db)


def _sample_articles() -> list[dateline.Article]:
    from dateline.io.readers import ReadOptions, read_inputs

    items = read_inputs([str(dateline.sample_corpus())], options=ReadOptions())
    return [item for item in items if isinstance(item, dateline.Article)]


def _extractor_pids(*, besides: frozenset[int] = frozenset()) -> list[int]:
    """The live Ray actor processes of class Extractor (descendants of this process), other
    than ``besides``. Not filtered by start time: Ray hands an actor a worker process it
    started earlier, idle, so a new actor can live in an old process."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            title = proc.cmdline()[:1]
            if (
                title
                and title[0].startswith("ray::Extractor")
                and proc.pid not in besides
                and proc.status() != psutil.STATUS_ZOMBIE
            ):
                found.append(proc.pid)
        except psutil.Error:
            continue
    return found


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(
    cluster: None, sample_db: Path, tmp_path: Path
) -> None:
    articles = _sample_articles()
    killed: list[int] = []
    earlier = frozenset(_extractor_pids())  # actors of other tests, maybe still exiting

    def kill_one_worker(done: int, total: int) -> None:
        # after the first article is stored both actors hold chunks: kill one of them
        if done == 1 and not killed:
            pids = _extractor_pids(besides=earlier)
            assert len(pids) == 2, pids
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    db = tmp_path / "killed.db"
    with dateline.connect(db) as dl:
        report = ingest_articles(
            articles,
            store=dl.store,
            options=IngestOptions(engine="ray", workers=2, batch_size=4),
            progress=kill_one_worker,
        )
    assert killed and not _running(killed[0])
    assert (report.ingested, report.duplicates, report.rejected) == (len(articles), 0, ())
    assert _store_state(db) == _store_state(sample_db)


def test_the_chunks_of_a_dead_actor_are_sent_again(cluster: None) -> None:
    articles = _sample_articles()[:12]
    stats = RayStats()
    extractions = extract_with_ray(articles, workers=2, batch_size=2, stats=stats)
    got = [next(extractions)]
    # actor 0 did chunk 0 and was just given chunk 4 while it works on chunk 2
    os.kill(stats.actor_pids[0], signal.SIGKILL)
    got.extend(extractions)
    assert [e.article.id for e in got] == [a.id for a in articles]  # each once, in order
    assert stats.retried >= 1
    assert stats.chunks == len(articles) // 2 + stats.retried


def test_engine_ray_from_the_cli(cluster: None, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from dateline.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(dateline.sample_corpus().glob("*.txt"))[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    db = tmp_path / "cli.db"
    args = ["ingest", str(folder), "--db", str(db), "--engine", "ray", "--workers", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    with dateline.connect(db) as dl:
        assert dl.store.counts()["articles"] == 3


def test_bad_engine_options_are_one_line_errors(tmp_path: Path) -> None:
    store_path = tmp_path / "x.db"
    with dateline.connect(store_path) as dl:
        with pytest.raises(dateline.DatelineError, match="unknown engine 'spark'"):
            ingest(
                [dateline.sample_corpus()], store=dl.store, options=IngestOptions(engine="spark")
            )
        with pytest.raises(dateline.DatelineError, match="--address needs --engine ray"):
            dl.ingest([dateline.sample_corpus()], address="127.0.0.1:6379")
        assert dl.runs() == []  # refused before a run was recorded
        with pytest.raises(dateline.DatelineError, match="cannot reach the Ray cluster"):
            dl.ingest([dateline.sample_corpus()], engine="ray", address="127.0.0.1:1")
        assert dl.runs() == []
        with pytest.raises(dateline.DatelineError, match="use HOST:PORT"):
            list(extract_with_ray(_sample_articles()[:1], address="nowhere"))


def test_without_ray_the_cli_says_how_to_install_it(tmp_path: Path) -> None:
    """A ``ray`` package that fails to import, first on the path of a fresh interpreter."""
    blocker = tmp_path / "noray" / "ray"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text(
        "raise ImportError(\"No module named 'ray'\")\n", encoding="utf-8"
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "date 2024-03-05 Mayor Ana Reyes opened a library in Eastvale.", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(blocker.parent)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "dateline",
            "ingest",
            str(folder),
            "--db",
            str(tmp_path / "n.db"),
            "--engine",
            "ray",
            "--no-progress",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "pip install 'dateline[ray]'" in lines[0]
    assert "Traceback" not in proc.stderr


class _FakeRay:
    """Records what ``ray.init`` is asked for, without starting anything."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def is_initialized(self) -> bool:
        return False

    def init(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


def test_the_quote_tagger_setting_reaches_the_actors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Actors on a cluster do not inherit the driver's environment: the opt-in tagger is
    passed on as a runtime environment variable, and nothing is passed when it is off."""
    from dateline.engine_ray import _connect
    from dateline.nlp.quotes import TAGGER_ENV

    fake = _FakeRay()
    monkeypatch.delenv(TAGGER_ENV, raising=False)
    assert _connect(fake, address=None, workers=2)
    assert "runtime_env" not in fake.calls[-1]
    monkeypatch.setenv(TAGGER_ENV, "1")
    assert _connect(fake, address=None, workers=2)
    assert fake.calls[-1]["runtime_env"] == {"env_vars": {TAGGER_ENV: "1"}}
