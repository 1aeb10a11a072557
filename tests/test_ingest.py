"""Ingest end to end: idempotent, resumable, bad input named and skipped, workers agree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import dateline
from dateline.io.exporters import extraction_to_json

pytestmark = pytest.mark.model

GOOD = "date 2024-03-05 Mayor Ana Reyes opened the new library in Eastvale on Monday."


def _corpus_copy(tmp_path: Path, count: int = 8) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(dateline.sample_corpus().glob("*.txt"))[:count]:
        shutil.copy(path, folder / path.name)
    return folder


def _stable(extraction: dateline.Extraction) -> dict[str, Any]:
    """Extraction JSON without the store's wall-clock times."""
    data = extraction_to_json(extraction)
    for fact in data["facts"]:
        fact["recorded_at"] = None
    return data


def _snapshot(db: Path) -> list[str]:
    with dateline.connect(db) as dl:
        return sorted(
            json.dumps(_stable(a.extraction), sort_keys=True) for a in dl.store.articles()
        )


def test_reingest_is_idempotent(tmp_path: Path) -> None:
    folder = _corpus_copy(tmp_path)
    db = tmp_path / "db.sqlite"
    with dateline.connect(db) as dl:
        first = dl.ingest([folder])
        counts = dl.store.counts()
        second = dl.ingest([folder])
        assert (first.ingested, first.duplicates) == (8, 0)
        assert (second.ingested, second.duplicates) == (0, 8)
        assert dl.store.counts() == counts
        # the same text under another file name is still a duplicate
        (folder / "copy.txt").write_bytes(next(folder.glob("*.txt")).read_bytes())
        assert dl.ingest([folder / "copy.txt"]).duplicates == 1
        assert dl.store.counts() == counts


def test_interrupted_ingest_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    folder = _corpus_copy(tmp_path)
    reference = tmp_path / "reference.sqlite"
    with dateline.connect(reference) as dl:
        dl.ingest([folder])

    db = tmp_path / "db.sqlite"

    def stop_after_three(done: int, total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    with dateline.connect(db) as dl:
        broken = dl.ingest([folder], progress=stop_after_three)
        assert broken.interrupted and broken.ingested == 3
        assert dl.runs()[0].status == "interrupted"
        resumed = dl.ingest([folder])
        assert (resumed.ingested, resumed.duplicates) == (5, 3)
    assert _snapshot(db) == _snapshot(reference)


def test_bad_inputs_are_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "nodate.txt").write_text("Just words.", encoding="utf-8")
    (folder / "impossible.txt").write_text("date 2023-13-45 Words.", encoding="utf-8")
    (folder / "future.txt").write_text("date 2999-01-01 Words.", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (folder / "big.txt").write_text("date 2023-01-01 " + "word " * 600, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(b"date 2023-01-02 Caf\xe9 owner Ana Reyes sued the city.")
    (folder / "lines.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"text": "Ana Reyes won.", "date": "2023-05-01"}),
                "{broken",
                json.dumps({"date": "2023-05-01"}),
            ]
        ),
        encoding="utf-8",
    )
    with dateline.connect(tmp_path / "db.sqlite") as dl:
        report = dl.ingest([folder], max_bytes=2_000)
        reasons = {Path(r.origin).name: r.reason for r in report.rejected}
        assert report.ingested == 3  # good.txt, latin1.txt (with a notice), lines.jsonl:1
        assert set(reasons) == {
            "empty.txt",
            "nodate.txt",
            "impossible.txt",
            "future.txt",
            "binary.txt",
            "big.txt",
            "lines.jsonl:2",
            "lines.jsonl:3",
        }
        assert [n.origin for n in report.notices] == [str(folder / "latin1.txt")]
        stored = dl.runs()[0]
        assert len(stored.rejections) == 8
        assert {Path(origin).name for origin, _ in stored.rejections} == set(reasons)


def test_two_workers_store_the_same_as_one(tmp_path: Path) -> None:
    folder = _corpus_copy(tmp_path, count=40)
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    with dateline.connect(one) as dl:
        dl.ingest([folder], workers=1)
    with dateline.connect(two) as dl:
        report = dl.ingest([folder], workers=2)
        assert report.ingested == 40
    assert _snapshot(one) == _snapshot(two)


def test_python_api_articles(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    article = dateline.Article(
        text="Ana Reyes resigned as mayor of Eastvale on Friday.",
        published_at=datetime(2024, 2, 3, tzinfo=UTC),
        id="manual-1",
    )
    with dateline.connect(tmp_path / "db.sqlite") as dl:
        report = dl.ingest_articles([article])
        assert report.ingested == 1
        assert dl.article("manual-1").extraction.article.text == article.text
        with pytest.raises(dateline.NotFoundError):
            dl.article("missing")


def test_workers_pull_the_inputs_lazily_and_keep_their_order() -> None:
    from collections.abc import Iterator

    from dateline.ingest import extract_articles
    from dateline.io.readers import ReadOptions, read_inputs

    articles = [
        a
        for a in read_inputs([dateline.sample_corpus()], options=ReadOptions())
        if isinstance(a, dateline.Article)
    ]
    pulled: list[str] = []

    def lazily() -> Iterator[dateline.Article]:
        for article in articles:
            pulled.append(article.id)
            yield article

    extractions = extract_articles(lazily(), workers=2, batch_size=4, expected=len(articles))
    first = next(extractions)
    # two chunks per worker in flight and one more sent: the rest is still unread
    assert len(pulled) == 5 * 4 < len(articles)
    got = [first.article.id, *(e.article.id for e in extractions)]
    assert got == pulled == [a.id for a in articles]


def test_worker_processes_follow_the_quote_tagger_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``quote_tagger`` reaches the pool's processes: with it True (variable unset) they read
    as the tagger does in this process, with it False (variable set) as the rules do."""
    from dateline.ingest import extract_articles
    from dateline.io.readers import ReadOptions, read_inputs
    from dateline.nlp.quotes import TAGGER_ENV

    body = (
        "The council met on Monday.\n\nResidents surmised that the ferry would never return, "
        "and the mayor's aides conceded the budget was short.\n"
    )
    for day in ("05", "06"):
        (tmp_path / f"story-{day}.txt").write_text(f"date 2024-03-{day}\n{body}", "utf-8")
    articles = [
        a for a in read_inputs([tmp_path], options=ReadOptions()) if isinstance(a, dateline.Article)
    ]
    assert len(articles) == 2

    def quotes(*, workers: int, tagger: bool) -> list[Any]:
        got = extract_articles(articles, workers=workers, batch_size=1, quote_tagger=tagger)
        return [e.quotes for e in got]

    monkeypatch.delenv(TAGGER_ENV, raising=False)
    tagged = quotes(workers=1, tagger=True)
    assert quotes(workers=2, tagger=True) == tagged
    monkeypatch.setenv(TAGGER_ENV, "1")
    ruled = quotes(workers=2, tagger=False)
    assert ruled == quotes(workers=1, tagger=False)
    # the text is one the two readings disagree on, so the comparison can fail
    assert ruled != tagged
