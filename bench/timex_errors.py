"""Timex error analysis: TempEval-3 disagreements on TBAQ and WikiWars, sorted by cause.

Tags the gold texts as bench/timex.py does, aligns our timexes with the gold ones as the
TempEval-3 scorer does (``dateline.eval.timex.score_pair``) and sorts every matched timex whose
value differs into one cause, from the two values alone (so the counts are reproducible and
comparable between versions): type (DURATION against a point), SET, PRESENT_REF/PAST_REF
against a date, gold values left underspecified (``X``), granularity, the year of an
underspecified month or day, another day or week or quarter at the same granularity, duration
amounts and units, clock times. Missed and spurious timexes are counted too. Prints a Markdown
table (for docs/timex.md); ``--dump FILE`` writes every error, one line each with its cause, DCT
and the text around it (for reading the cases).

It also runs a gold-validity *diagnostic* and writes it to docs/benchmarks.md between the
``timex-gold`` markers: per corpus, how many gold values are not TIMEX3 syntax for their own type
(``dateline.eval.timex.valid_timex3_value``: an unpadded week ``2000-W7``, a DATE with a ``P...``
or clock value, a DURATION with a calendar value), how many more are padded with unknown parts
(``1949-XX`` for "1949", ``199X`` for "the 1990s": valid syntax at a granularity the words do
not have), how many of each we
disagree with, and the value F1 if those gold timexes (and our timexes over them) were left out.
It never replaces the official figure of bench/timex.py.

    .venv/bin/python bench/timex_errors.py [--dump /tmp/timex-errors.tsv]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from throughput import BenchError, git_revision, reproduce, write_section

if TYPE_CHECKING:
    from dateline.eval.timex import DocScore
    from dateline.io.timeml import TimeMLDoc, TimexLike
    from dateline.model import Timex

START = "<!-- timex-gold:start -->"
END = "<!-- timex-gold:end -->"

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = {
    "TimeBank": SHARED / "data/tempeval3/TBAQ-cleaned/TimeBank",
    "AQUAINT": SHARED / "data/tempeval3/TBAQ-cleaned/AQUAINT",
    "WikiWars": SHARED / "data/wikiwars/train",
}
#: corpora annotated in TIMEX2, whose converted timexes carry no real type (all DATE)
UNTYPED = {"WikiWars"}
# a value finer than what it knows: a known year followed only by unknown parts ("1949-XX",
# "1994-XX-XX"), or a decade or century written as a year with unknown digits ("199X", "19XX")
_PADDED_YEAR = re.compile(r"^(?:\d{4}(?:-XX)+|\d{2,3}X+(?:-XX)*)$")
#: the diagnostic's gold classes, in the order they are tested
SUSPECT = ("invalid", "padded")
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


def suspect(gold_type: str, value: str, *, typed: bool = True) -> str | None:
    """Why a gold value is doubtful: ``invalid`` TIMEX3 for its type, ``padded`` with X, or None."""
    from dateline.eval.timex import valid_timex3_value

    if not valid_timex3_value(value, gold_type if typed else None):
        return "invalid"
    return "padded" if _PADDED_YEAR.match(value) else None


def diagnose(
    doc: TimeMLDoc, found: Sequence[Timex], score: DocScore, *, typed: bool
) -> Counter[str]:
    """The gold-validity diagnostic of one document (keys ``diag ...`` and ``example ...``).

    For each class of doubtful gold value: how many gold timexes, how many of them we match
    with another value, and the right values, gold and system timexes left when that class
    (and the classes before it) are dropped. Our timexes that overlap a dropped gold timex
    and no kept one are dropped too, so they do not turn into spurious ones.
    """
    from dateline.eval.timex import score_pair

    counts: Counter[str] = Counter()
    why = {g.tid: suspect(g.type, g.value, typed=typed) for g in doc.timexes}
    wrong = {e.at for e in score.errors if e.kind == "value"}  # gold offsets, as aligned
    for g in doc.timexes:
        if (kind := why[g.tid]) is not None:
            counts[f"diag {kind}"] += 1
            counts[f"example {kind} {g.type} {g.value}"] += 1
            counts[f"diag {kind} disagreed"] += g.char_start in wrong
    for n in range(len(SUSPECT) + 1):
        drop = set(SUSPECT[:n])
        kept = [g for g in doc.timexes if why[g.tid] not in drop]
        gone = [g for g in doc.timexes if why[g.tid] in drop]
        ours = [
            t
            for t in found
            if not any(_overlap(g, t) for g in gone) or any(_overlap(g, t) for g in kept)
        ]
        score = score_pair(doc, ours, kept)
        label = "+".join(SUSPECT[:n]) or "none"
        counts[f"diag without {label} right"] += score.value_ok
        counts[f"diag without {label} gold"] += score.gold
        counts[f"diag without {label} system"] += score.system
    return counts


def _overlap(a: TimexLike, b: TimexLike) -> bool:
    return a.char_start < b.char_end and b.char_start < a.char_end


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
            counts.update(diagnose(doc, found, score, typed=name not in UNTYPED))
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


def _f1(counts: Counter[str], label: str) -> str:
    right, gold, system = (counts[f"diag without {label} {k}"] for k in ("right", "gold", "system"))
    return f"{200 * right / (gold + system):.2f}" if gold + system else "-"


def render_gold(table: dict[str, Counter[str]], command: str) -> str:
    """The docs/benchmarks.md section of the gold-validity diagnostic."""
    rows = [
        "| Corpus | Gold | Not TIMEX3 for its type | we disagree | Padded with X | we disagree "
        "| Value F1 (official) | without the invalid | without invalid and padded |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    examples = []
    for name, c in table.items():
        rows.append(
            f"| {name}{' (untyped, TIMEX2)' if name in UNTYPED else ''} | {c['gold']} "
            f"| {c['diag invalid']} | {c['diag invalid disagreed']} "
            f"| {c['diag padded']} | {c['diag padded disagreed']} | {_f1(c, 'none')} "
            f"| {_f1(c, 'invalid')} | {_f1(c, 'invalid+padded')} |"
        )
        common = sorted(
            ((n, k.split(" ", 2)[2]) for k, n in c.items() if k.startswith("example invalid")),
            key=lambda item: (-item[0], item[1]),
        )
        shown = ", ".join(f"`{v}` ×{n}" if n > 1 else f"`{v}`" for n, v in common[:8])
        examples.append(f"- {name}: {shown}{', ...' if len(common) > 8 else ''}")
    lines = [
        START,
        "## Timex gold validity (a diagnostic, not the official figure)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/timex_errors.py`. Gold "
        "timexes whose value is not TIMEX3 syntax for their own type "
        "(`dateline.eval.timex.valid_timex3_value`: unpadded ISO weeks `2000-W7`, a DATE with a "
        "clock or `P...` value, a DURATION with a calendar value), and, apart, values padded "
        'with unknown parts (`1949-XX` for "1949", `199X` for "the 1990s": valid syntax at a '
        'granularity the words do not have). "we disagree" counts those we match with another '
        "value. The last two "
        "columns score value F1 with those gold timexes, and our timexes over them, left out: "
        "**a diagnostic of how much of the gap is the gold's form, never a replacement for the "
        "official figure** (bench/timex.py's section). WikiWars is TIMEX2, converted with every "
        "type DATE, so its values are checked against any TIMEX3 type.",
        "",
        *rows,
        "",
        "Most frequent invalid gold values (type and value):",
        "",
        *examples,
        "",
        f"dateline {git_revision()}.",
        "",
        *reproduce(command, needs="needs `../shared`", end_mark=END),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--dump", type=Path, help="write every error, one per line, here")
    parser.add_argument(
        "--output",
        type=Path,
        default=Path("docs/benchmarks.md"),
        help="where the gold-validity diagnostic is written (its own marked section)",
    )
    args = parser.parse_args(argv)
    try:
        dump: list[str] | None = [] if args.dump else None
        table = analyse(dump)
        print(render(table))
        section = render_gold(table, ".venv/bin/python bench/timex_errors.py")
        write_section(args.output, section, start_mark=START, end_mark=END)
        print(section)
        if args.dump and dump is not None:
            args.dump.write_text("\n".join(dump) + "\n", encoding="utf-8")
    except BenchError as exc:
        print(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
