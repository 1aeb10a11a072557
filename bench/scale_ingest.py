"""Ingest throughput at scale: all Reuters-21578 stories with a body, local and on Ray.

One invocation measures, on the same stories and machine (helpers from ``throughput.py``):

- ``spacy``: the plain spaCy pass (``nlp.pipe``, full trained pipeline, one process), the floor;
- ``local1`` / ``local2``: ``dateline ingest`` with 1 process and with ``--workers 2``;
- ``ray2``: ``dateline ingest --engine ray --workers 2`` (a local Ray cluster it starts itself).

Each ingest is a subprocess into a fresh SQLite file, timed end to end. Peak RSS is sampled
over the process tree and split by role: the driver (the ``dateline ingest`` process), each
worker (a multiprocessing child, or a ``ray::Extractor`` actor; with 1 process the driver is
the worker) and everything together (Ray's own daemons included). After every measurement the
section between the ``scale-ingest`` markers of ``docs/benchmarks.md`` is rewritten, so a run
cut short still leaves what it measured (missing rows say so); ``--state`` keeps the
measurements so ``--resume`` can finish the rest.

Usage (from the repository root)::

    .venv/bin/python bench/scale_ingest.py [--limit N] [--runs spacy,local1,ray2,local2]

Without ``--limit`` every story the Reuters reader accepts is used: all 19,043 with a body
(the one whose time is unreadable keeps its day, as ``dateline ingest`` keeps it).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil
from throughput import (
    INGEST_TIMEOUT_SECONDS,
    MODEL,
    REUTERS_DIR,
    ROOT,
    BenchError,
    RssSampler,
    _tail,
    git_revision,
    load_stories,
    machine,
    reader_rejections,
    reproduce,
    run_spacy,
    stored_articles,
    write_jsonl,
    write_section,
)

START_MARK = "<!-- scale-ingest:start -->"
END_MARK = "<!-- scale-ingest:end -->"
ALL_STORIES = 19_043
RUNS = {
    "spacy": "`nlp.pipe`, full pipeline, 1 process",
    "local1": "`dateline ingest`, 1 process",
    "local2": "`dateline ingest --workers 2`",
    "ray2": "`dateline ingest --engine ray --workers 2`",
}
INGEST_ARGS = {
    "local1": ["--workers", "1"],
    "local2": ["--workers", "2"],
    "ray2": ["--engine", "ray", "--workers", "2"],
}


@dataclass(frozen=True)
class Result:
    """One measurement; RSS in bytes (``worker``: the largest worker process)."""

    run: str
    seconds: float
    rss_sum: int
    rss_driver: int
    rss_worker: int
    workers_seen: int
    stored: int | None
    finished_at: str


#: RSS sampling period: a walk of a Ray process tree every 50 ms (the short benches' period)
#: took about 40% of a core from the runs it measures on this 2-core machine
SCALE_SAMPLE_SECONDS = 0.5


class RoleSampler(RssSampler):
    """``RssSampler`` that also keeps the peak of the root and of each worker process."""

    def __init__(self, pid: int, *, ray: bool) -> None:
        super().__init__(pid, interval=SCALE_SAMPLE_SECONDS)
        self._ray = ray
        self.peak_driver = 0
        self.peak_worker = 0
        self.workers: set[int] = set()

    def _is_worker(self, proc: psutil.Process) -> bool:
        cmdline = proc.cmdline()
        if self._ray:
            return bool(cmdline) and cmdline[0].startswith("ray::Extractor")
        # a multiprocessing (spawn) pool child of the driver, not its resource tracker
        return proc.ppid() == self._root.pid and "spawn_main" in " ".join(cmdline)

    def _sample(self) -> None:
        super()._sample()
        try:
            self.peak_driver = max(self.peak_driver, self._root.memory_info().rss)
            children = self._root.children(recursive=True)
        except psutil.Error:
            return
        for proc in children:
            try:
                if self._is_worker(proc):
                    self.workers.add(proc.pid)
                    self.peak_worker = max(self.peak_worker, proc.memory_info().rss)
            except psutil.Error:
                continue


def run_ingest(run: str, jsonl: Path, workdir: Path) -> Result:
    db = workdir / f"{run}.db"
    command = [sys.executable, "-m", "dateline", "ingest", str(jsonl), "--db", str(db)]
    command += [*INGEST_ARGS[run], "--no-progress"]
    out, err = db.with_suffix(".out"), db.with_suffix(".err")
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=stdout, stderr=stderr)
        try:
            with RoleSampler(proc.pid, ray=run.startswith("ray")) as sampler:
                code = proc.wait(timeout=INGEST_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise BenchError(f"timed out: {shlex.join(command)}") from None
        seconds = time.perf_counter() - started
    if code != 0:
        raise BenchError(f"{run} failed with exit code {code}: {shlex.join(command)}\n{_tail(err)}")
    single = INGEST_ARGS[run] == ["--workers", "1"]
    return Result(
        run=run,
        seconds=seconds,
        rss_sum=sampler.peak_sum,
        rss_driver=sampler.peak_driver,
        rss_worker=sampler.peak_driver if single else sampler.peak_worker,
        workers_seen=1 if single else len(sampler.workers),
        stored=stored_articles(db),
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def render(
    *,
    limit: int,
    everything: bool,
    rejected: list[str],
    tokens: int,
    results: dict[str, Result],
    revision: str,
    command: str,
) -> str:
    base = results.get("spacy")
    one = results.get("local1")
    rows = [
        "| Run | Wall time (s) | Docs/s | Tokens/s | vs spaCy pass | vs 1 process "
        "| Peak RSS per worker | Peak RSS, driver | Peak RSS, all processes | Articles stored |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run, label in RUNS.items():
        found = results.get(run)
        if found is None:
            rows.append(f"| {label} | not measured in this run | | | | | | | | |")
            continue
        docs = limit / found.seconds
        vs_base = f"{base.seconds / found.seconds:.2f}" if base else "–"
        vs_one = f"{one.seconds / found.seconds:.2f}" if one and run != "spacy" else "–"
        per_worker = "–" if run == "spacy" else _mib(found.rss_worker)
        if found.workers_seen > 1:
            per_worker += f" (largest of {found.workers_seen})"
        stored = "–" if found.stored is None else f"{found.stored:,}"
        rows.append(
            f"| {label} | {found.seconds:,.1f} | {docs:.1f} | {tokens / found.seconds:,.0f} "
            f"| {vs_base} | {vs_one} | {per_worker} | {_mib(found.rss_driver)} "
            f"| {_mib(found.rss_sum)} | {stored} |"
        )
    goal = ""
    ray = results.get("ray2")
    if ray and one:
        speedup = one.seconds / ray.seconds
        met = "met" if speedup >= 1.75 else "not met"
        memory = "met" if ray.rss_worker < 2**30 else "not met"
        goal = (
            f"Goals: Ray with 2 workers at {speedup:.2f}× one process (goal ≥ 1.75×: {met}); "
            f"{_mib(ray.rss_worker)} per Ray worker (goal < 1 GB: {memory})."
        )
    info = machine()
    info["Model"] = MODEL
    info["dateline"] = revision
    times = sorted(r.finished_at for r in results.values())
    lines = [
        START_MARK,
        "## Ingest throughput at scale (local and Ray)",
        "",
        f"Measured by `bench/scale_ingest.py`, runs finished between {times[0]} and "
        f"{times[-1]} (UTC), one run of each in one invocation: "
        + (
            f"all {limit:,} Reuters-21578 stories with a body that the reader accepts, of "
            f"{ALL_STORIES:,} ({tokens:,} spaCy tokens); rejected by the reader, as "
            f"`dateline ingest` rejects them: {'; '.join(rejected) or 'none'}."
            if everything
            else f"the first {limit:,} Reuters-21578 stories with a body ({tokens:,} spaCy "
            f"tokens) — a subset of {ALL_STORIES:,}."
        ),
        "",
        *rows,
        "",
        *([goal, ""] if goal else []),
        "- Ingest runs are `python -m dateline ingest stories.jsonl --db fresh.db ... "
        "--no-progress` subprocesses timed end to end (interpreter and model load, reading, "
        "NLP, resolution, SQLite writes; for Ray also starting and stopping a local cluster). "
        "Tokens/s uses the token count of the spaCy pass.",
        "- vs spaCy pass and vs 1 process: ratios of docs/s in this invocation.",
        f"- Peak RSS sampled every {SCALE_SAMPLE_SECONDS * 1000:.0f} ms over the process "
        "tree (psutil). Per worker: the "
        "largest multiprocessing child or `ray::Extractor` actor (with 1 process, the driver, "
        "which does the NLP itself). All processes includes the driver and, for Ray, its "
        "GCS, raylet and helper processes.",
        "",
        "Machine (2 cores shared with other work, so absolute times vary between runs):",
        "",
        *(f"- {key}: {value}" for key, value in info.items()),
        "",
        *reproduce(command, needs="needs `../shared/data/reuters-21578`", end_mark=END_MARK),
    ]
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--limit", type=int, default=None, help="the first N stories (default: all of them)"
    )
    parser.add_argument("--runs", default="spacy,local1,ray2,local2")
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument(
        "--state",
        type=Path,
        default=Path(tempfile.gettempdir()) / "dateline-scale-ingest.json",
        help="JSON file keeping the measurements of this invocation",
    )
    parser.add_argument(
        "--resume", action="store_true", help="keep the measurements already in --state"
    )
    args = parser.parse_args(argv)
    unknown = set(args.runs.split(",")) - set(RUNS)
    if unknown or (args.limit is not None and args.limit < 1):
        parser.error(f"unknown runs {sorted(unknown)} (use {', '.join(RUNS)}) or bad --limit")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    output: Path = args.output if args.output.is_absolute() else ROOT / args.output
    if not REUTERS_DIR.is_dir():
        raise BenchError(f"Reuters-21578 not found at {REUTERS_DIR}; nothing was measured")
    revision = git_revision()
    stories = load_stories(REUTERS_DIR, args.limit)
    rejected = reader_rejections(REUTERS_DIR) if args.limit is None else []
    texts = [story.text for story in stories]
    print(f"{len(stories):,} stories", flush=True)
    state: dict[str, object] = {}
    if args.resume and args.state.exists():
        state = json.loads(args.state.read_text(encoding="utf-8"))
        if state.get("limit") != args.limit:
            raise BenchError(f"{args.state} holds a run over another --limit")
    results = {name: Result(**found) for name, found in dict(state.get("results") or {}).items()}
    tokens = int(state.get("tokens") or 0)
    command = shlex.join(
        [
            ".venv/bin/python",
            "bench/scale_ingest.py",
            *(["--limit", str(args.limit)] if args.limit is not None else []),
            "--runs",
            args.runs,
        ]
    )

    def save() -> None:
        args.state.write_text(
            json.dumps(
                {
                    "limit": args.limit,
                    "tokens": tokens,
                    "revision": revision,
                    "results": {k: asdict(v) for k, v in results.items()},
                }
            ),
            encoding="utf-8",
        )
        if tokens:
            section = render(
                limit=len(stories),
                everything=args.limit is None,
                rejected=rejected,
                tokens=tokens,
                results=results,
                revision=str(state.get("revision") or revision),
                command=command,
            )
            write_section(output, section, start_mark=START_MARK, end_mark=END_MARK)

    with tempfile.TemporaryDirectory(prefix="dateline-scale-") as tmp:
        workdir = Path(tmp)
        jsonl = workdir / "stories.jsonl"
        write_jsonl(stories, jsonl)
        for run in args.runs.split(","):
            if run in results:
                print(f"{run}: kept from {args.state}", flush=True)
                continue
            if run == "spacy":
                import spacy

                nlp = spacy.load(MODEL)
                measure, tokens = run_spacy(nlp, texts)
                del nlp
                results[run] = Result(
                    run=run,
                    seconds=measure.seconds,
                    rss_sum=measure.rss_sum,
                    rss_driver=measure.rss_max,
                    rss_worker=measure.rss_max,
                    workers_seen=1,
                    stored=None,
                    finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            else:
                results[run] = run_ingest(run, jsonl, workdir)
            print(f"{run}: {results[run].seconds:.1f} s", flush=True)
            save()
    print(f"wrote {output}", flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"scale_ingest: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
