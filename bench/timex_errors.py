"""Timex error analysis: TempEval-3 disagreements on TBAQ and WikiWars, sorted by cause.

Tags the gold texts as bench/timex.py does, aligns our timexes with the gold ones as the
TempEval-3 scorer does (``dateline.eval.timex.score_pair``) and sorts every matched timex whose
value differs into one cause, from the two values alone (so the counts are reproducible and
comparable between versions): type (DURATION against a point), SET, PRESENT_REF/PAST_REF
against a date, gold values left underspecified (``X``), granularity, the year of an
underspecified month or day, another day or week or quarter at the same granularity, duration
amounts and units, clock times. Missed and spurious timexes are counted too. Prints a Markdown
table (for docs/timex.md); nothing is written unless ``--dump FILE`` asks for every error,
one line each with its cause, DCT and the text around it (for reading the cases).

    .venv/bin/python bench/timex_errors.py [--dump /tmp/timex-errors.tsv]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from throughput import BenchError

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = {
    "TimeBank": SHARED / "data/tempeval3/TBAQ-cleaned/TimeBank",
    "AQUAINT": SHARED / "data/tempeval3/TBAQ-cleaned/AQUAINT",
    "WikiWars": SHARED / "data/wikiwars/train",
}
_SHOWN = re.compile(r"^(?P<text>'.*'|\".*\") (?P<type>\S+) (?P<value>\S+)(?: (?P<mod>\S+))?$")
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")

CAUSES = (
    "DURATION against a date (type)",
    "SET",
    "PRESENT_REF/PAST_REF/FUTURE_REF against a date",
    "gold left underspecified (X), we give a value",
    "quarter against year, month or day",
    "other granularity (day, week, month, year, time)",
    "year of an underspecified month, day or season",
    "weekday or relative day, gold within a week of the DCT",
    "weekday or relative day, gold more than a week from the DCT",
    "other week, quarter or decade at the same granularity",
    "duration amount or unit",
    "clock time or part of day",
    "other",
)


def granularity(value: str) -> str:
    """A coarse class of a TIMEX3 value: what it names, not which one."""
    checks = (
        ("ref", r"_REF$"),
        ("duration", r"^P"),
        ("time", r"^[\dX]{4}-[\dX]{2}-[\dX]{2}T"),
        ("day", r"^[\dX]{4}-[\dX]{2}-[\dX]{2}$"),
        ("week", r"-W"),
        ("quarter", r"-[QH][\dX]$"),
        ("season", r"-(SP|SU|FA|WI)$"),
        ("month", r"^[\dX]{4}-[\dX]{2}$"),
        ("year", r"^(BC)?[\dX]{4}$"),
        ("decade", r"^[\dX]{2,3}$"),
    )
    return next((name for name, pattern in checks if re.search(pattern, value)), "other")


def cause(gold_type: str, gold: str, sys_type: str, value: str, dct: date) -> str:
    """The one cause a wrong value is counted under (the first that applies, in order)."""
    if "SET" in (gold_type, sys_type):
        return CAUSES[1]
    if (gold_type == "DURATION") != (sys_type == "DURATION"):
        return CAUSES[0]
    if gold_type == "DURATION":
        return CAUSES[10]
    if gold.endswith("_REF") or value.endswith("_REF"):
        return CAUSES[2]
    if "X" in gold and "X" not in value:
        return CAUSES[3]
    g, s = granularity(gold), granularity(value)
    if g != s:
        return CAUSES[4] if "quarter" in (g, s) else CAUSES[5]
    if g == "time":
        return CAUSES[11]
    if gold[:4] != value[:4] and gold[4:] == value[4:]:
        return CAUSES[6]
    if g == "day" and (m := _DAY.match(gold)):
        far = abs((date(int(m[1]), int(m[2]), int(m[3])) - dct).days) > 7
        return CAUSES[8] if far else CAUSES[7]
    if g in ("week", "quarter", "decade"):
        return CAUSES[9]
    return CAUSES[12]


def _context(text: str, at: int) -> str:
    return " ".join(text[max(0, at - 90) : at + 70].split())


def analyse(dump: list[str] | None = None) -> dict[str, Counter[str]]:
    """Per corpus: counts of value-error causes, plus missed, spurious and extent-only."""
    from dateline.eval.timex import score_pair, tag_documents
    from dateline.io.timeml import read_timeml, timeml_files

    table: dict[str, Counter[str]] = {}
    for name, folder in CORPORA.items():
        if not folder.is_dir():
            raise BenchError(f"{folder} not found (needs ../shared)")
        docs = [read_timeml(p) for p in timeml_files(folder)]
        counts: Counter[str] = Counter()
        for doc, found in tag_documents(docs):
            score = score_pair(doc, found)
            counts["gold"] += score.gold
            counts["matched"] += score.relaxed
            counts["value right"] += score.value_ok
            for error in score.errors:
                why = error.kind
                if error.kind in ("fn", "fp"):
                    why = "missed" if error.kind == "fn" else "spurious"
                    counts[why] += 1
                elif error.kind == "value":
                    g, s = _SHOWN.match(error.gold), _SHOWN.match(error.system)
                    if g is None or s is None:
                        raise BenchError(f"unreadable error record: {error}")
                    why = cause(g["type"], g["value"], s["type"], s["value"], doc.dct)
                    counts[why] += 1
                elif error.kind == "extent":
                    counts["extent differs (relaxed match)"] += 1
                if dump is not None:
                    where = _context(doc.text, error.at)
                    fields = (name, doc.name, doc.dct, why, error.gold, error.system, where)
                    dump.append("\t".join(map(str, fields)))
        table[name] = counts
    return table


def render(table: dict[str, Counter[str]]) -> str:
    names = list(table)
    rows = [f"| Cause | {' | '.join(names)} |", "|---|" + "---:|" * len(names)]
    order = ["gold", "matched", "value right", *CAUSES]
    order += ["missed", "spurious", "extent differs (relaxed match)"]
    for key in order:
        rows.append(f"| {key} | {' | '.join(str(table[n][key]) for n in names)} |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--dump", type=Path, help="write every error, one per line, here")
    args = parser.parse_args(argv)
    try:
        dump: list[str] | None = [] if args.dump else None
        print(render(analyse(dump)))
        if args.dump and dump is not None:
            args.dump.write_text("\n".join(dump) + "\n", encoding="utf-8")
    except BenchError as exc:
        print(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
