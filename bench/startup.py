"""Start-up cost of the CLI: how long a command that only reads a store takes, from a fresh
process, against what loading the NLP side costs.

Every row runs its command in a new process ``--repeat`` times (rounds interleaved, so a
noisy moment touches every row alike) and quotes the median wall time and the median CPU
time of the child. The store is the bundled sample corpus, ingested once into a temporary
database before the timed part. The import rows isolate what a process pays before it
does anything: the query side (``dateline.cli``), and the NLP pipeline module (spaCy and
thinc), which query commands do not load (``tests/test_imports.py``).

    .venv/bin/python bench/startup.py --repeat 7
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from throughput import ROOT, BenchError, git_revision, machine, reproduce, write_section

START_MARK = "<!-- startup:start -->"
END_MARK = "<!-- startup:end -->"
ENTITY = "Harborview Robotics"
PERSON = "Lena Okafor"


def _dateline(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("dateline")), *args]


def rows(db: Path) -> list[tuple[str, list[str]]]:
    """(label, command) of every timed row."""
    python = sys.executable
    where = ("--db", str(db))
    return [
        ("`import dateline.cli` (query side)", [python, "-c", "import dateline.cli"]),
        ("`import dateline.nlp.pipeline` (spaCy)", [python, "-c", "import dateline.nlp.pipeline"]),
        ("`dateline --help`", _dateline("--help")),
        (f"`dateline timeline '{ENTITY}'`", _dateline("timeline", ENTITY, *where)),
        (f"`dateline quotes '{PERSON}'`", _dateline("quotes", PERSON, *where)),
        ("`dateline search robot`", _dateline("search", "robot", *where)),
    ]


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: Sequence[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` in a new process."""
    cpu = _child_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"{shlex.join(command)} failed: {done.stderr.strip()[-500:]}")
    return wall, _child_cpu() - cpu


def _load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7, help="runs of each row (default 7)")
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    output: Path = args.output if args.output.is_absolute() else ROOT / args.output
    import dateline

    with tempfile.TemporaryDirectory(prefix="dateline-startup-") as tmp:
        db = Path(tmp) / "sample.db"
        ingest = _dateline("ingest", str(dateline.sample_corpus()), "--db", str(db))
        if subprocess.run(ingest, capture_output=True, check=False).returncode != 0:
            raise BenchError(f"{shlex.join(ingest)} failed")
        table = rows(db)
        load_start = _load()
        times: dict[str, list[tuple[float, float]]] = {label: [] for label, _ in table}
        for round_ in range(args.repeat):
            for label, command in table:
                times[label].append(timed(command))
            print(f"round {round_ + 1}/{args.repeat} done", flush=True)
        load_end = _load()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START_MARK,
        "## CLI start-up",
        "",
        f"Measured {now} by `bench/startup.py`: each command in a new process, {args.repeat} "
        "rounds with the rows interleaved; medians of wall time and of the child's CPU time "
        "(user + system). The store is the bundled sample corpus (46 articles). Query "
        "commands do not load spaCy (`tests/test_imports.py`); the second row (which includes "
        "the first) is what they would pay if they did.",
        "",
        "| Command | Wall (s) | CPU (s) |",
        "|---|---:|---:|",
    ]
    for label, _ in table:
        wall = statistics.median(w for w, _ in times[label])
        cpu = statistics.median(c for _, c in times[label])
        lines.append(f"| {label} | {wall:.2f} | {cpu:.2f} |")
    lines += ["", "Machine:", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items()]
    lines += [
        f"- Load average (1 min) at the start and end of the timed part: {load_start}, "
        f"{load_end} (2 cores shared with other work: compare rows of one run, not runs)",
        f"- dateline: {git_revision()}",
        "",
        *reproduce(
            f".venv/bin/python bench/startup.py --repeat {args.repeat}",
            needs="nothing beyond the repository",
            end_mark=END_MARK,
        ),
    ]
    write_section(output, "\n".join(lines) + "\n", start_mark=START_MARK, end_mark=END_MARK)
    print(f"wrote {output}", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
