"""SemEval-2015 Task 4 (TimeLine), Track A on the trial data: dateline's timelines, scored.

Builds the timelines of the trial data's six target entities from the raw tokenised CAT text
(gold event markables in those files are ignored), exports them in the task's format and
scores them with ``dateline.eval.semeval_timeline`` (temporal awareness over TLINK graphs,
micro-averaged). The section between the ``semeval2015`` markers in ``docs/benchmarks.md`` is
rewritten.

    python bench/semeval2015.py [--output docs/benchmarks.md] [--keep DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from throughput import ROOT, git_revision, machine, write_section

DATA = ROOT.parent / "shared" / "data" / "semeval2015-task4"
CAT_DIR = DATA / "Corpus-trial-data_task4"
GOLD_DIR = DATA / "TimeLines_trial_data_task4_v1.2"
START_MARK = "<!-- semeval2015:start -->"
END_MARK = "<!-- semeval2015:end -->"
#: the best Track A (raw text) and Track B (gold events) runs of 2015, micro-F1 on the test set
REFERENCE = (("best 2015 system, Track A (raw text)", 7.85), ("best 2015 system, Track B", 25.36))


def run(keep: Path | None) -> tuple[dict[str, tuple[float, float, float, int, int]], float]:
    """Per-entity and micro (P, R, F1, system relations, gold relations), and seconds taken."""
    from dateline.eval.export import export_semeval_timelines
    from dateline.eval.semeval_timeline import evaluate, read_timelines

    gold = read_timelines(GOLD_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        entities = work / "entities.txt"
        entities.write_text("\n".join(t.entity for t in gold.values()) + "\n", encoding="utf-8")
        out_dir = keep or work / "timelines"
        started = time.perf_counter()
        export_semeval_timelines(entities, CAT_DIR, out_dir)
        seconds = time.perf_counter() - started
        system = read_timelines(out_dir)
    total, per = evaluate(gold, system)
    rows = {
        gold[name].entity: (s.precision, s.recall, s.f1, s.system_total, s.gold_total)
        for name, s in per.items()
    }
    rows["micro"] = (total.precision, total.recall, total.f1, total.system_total, total.gold_total)
    return rows, seconds


def section(rows: dict[str, tuple[float, float, float, int, int]], seconds: float) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START_MARK,
        "## SemEval-2015 Task 4 (TimeLine), Track A, trial data",
        "",
        f"Measured {now} by `bench/semeval2015.py`: timelines for the 6 target entities of the "
        "trial data (30 Apple Wikinews articles), built from the raw tokenised text, scored "
        "by our implementation of the task's metric (temporal awareness over TLINK graphs, "
        "micro-averaged; see [semeval.md](semeval.md) for how it differs from the official "
        f"script). Building the timelines took {seconds:.1f} s (pipeline load included).",
        "",
        "| Timeline | Precision | Recall | F1 | System relations | Gold relations |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, (p, r, f1, sys_n, gold_n) in rows.items():
        label = "**micro average**" if name == "micro" else name
        lines.append(
            f"| {label} | {100 * p:.2f} | {100 * r:.2f} | {100 * f1:.2f} | {sys_n} | {gold_n} |"
        )
    lines += ["", "For reference (micro-F1 of the 2015 participants on the task's test data):", ""]
    lines += [f"- {name}: {score:.2f}" for name, score in REFERENCE]
    lines += ["", "Machine:", ""]
    info = {**machine(), "dateline": git_revision()}
    lines += [f"- {key}: {value}" for key, value in info.items()]
    lines += [
        "",
        "Reproduce (needs `../shared/data/semeval2015-task4`):",
        "",
        "```sh",
        ".venv/bin/python bench/semeval2015.py",
        "```",
        END_MARK,
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--keep", type=Path, default=None, help="also keep the timelines here")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if not CAT_DIR.is_dir() or not GOLD_DIR.is_dir():
        print(f"SemEval-2015 Task 4 trial data not found at {DATA}", file=sys.stderr)
        return 1
    rows, seconds = run(args.keep)
    for name, (p, r, f1, sys_n, gold_n) in rows.items():
        print(
            f"{name:24} P {100 * p:6.2f}  R {100 * r:6.2f}  F1 {100 * f1:6.2f}  ({sys_n}/{gold_n})"
        )
    output: Path = args.output if args.output.is_absolute() else ROOT / args.output
    write_section(output, section(rows, seconds), start_mark=START_MARK, end_mark=END_MARK)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
