"""After the rules: modifiers ("early", "more than"), clock times joined to days, ranges.

Split from ``dateline.nlp.timex``; these passes only read what the handlers produced.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from dateline.nlp import timex_rules as R
from dateline.nlp.timex_ctx import Ctx, Out

__all__ = [
    "attach_clocks",
    "end_word",
    "not_titles",
    "range_ends",
    "range_starts",
    "ranges",
    "with_modifiers",
]


def with_modifiers(out: Out, cx: Ctx, floor: int) -> Out:
    """Extend ``out`` leftwards over "early"/"the end of"/"more than" and set its mod."""
    text, start = cx.text, out.start
    lo = max(floor, start - 40)
    if out.measure:
        if re.match(r"\s+or\s+so\b", text[out.end : out.end + 8]):
            out = replace(out, end=out.end + len(re.match(r"\s+or\s+so", text[out.end :])[0]))  # type: ignore[index]
            out = replace(out, mod=out.mod or "APPROX")
        pm = R.DURATION_PREFIX.search(text, lo, start)
        if pm and not (lo > 0 and pm.start() == lo and text[lo - 1].isalnum()):
            word = " ".join(pm["dm"].lower().split())
            core = text[start : end_word(text, start)].lower()
            vague = core in R.VAGUE_QUANTITIES or core in ("a", "an", "the", "few", "several")
            if not (word in ("some", "under") and (vague or not core)):
                # TimeBank leaves "about"/"almost" outside the extent but keeps the mod
                start = out.start if word in R.MOD_ONLY_PREFIXES else pm.start()
                return replace(out, start=start, mod=R.DURATION_PREFIX_MODS[word])
        return out
    if (
        out.mod is None
        and R.DAY_VALUE.fullmatch(out.value)
        and (dm := _DAY_AROUND.search(text, lo, start))
    ):
        # "the day before last Tuesday", "the day after Christmas": one date, a day away
        # (as "the day before yesterday"); "the day after the vote" has no date to count from
        step = timedelta(days=-1 if dm["ba"].lower() == "before" else 1)
        day = (date.fromisoformat(out.value) + step).isoformat()
        return replace(out, start=dm.start(), value=day)
    if not out.point or out.mod:
        return out
    pm = R.POINT_PREFIX.search(text, lo, start)
    if not pm or (pm.start() == lo and lo > 0 and text[lo - 1].isalnum()):
        return out
    key = pm["pm"].lower().split()
    word = next((w for w in key if w in R.POINT_PREFIX_MODS), "")
    core = text[start : out.end].lower()
    if word in ("earlier", "later") and not core.startswith(("this", "last", "next", "that")):
        return out
    if pm["half"]:
        if not re.fullmatch(r"\d{4}|XXXX", out.value):
            return out
        return replace(
            out, start=pm.start(), value=f"{out.value}-H{1 if pm['half'] == 'first' else 2}"
        )
    if not word or out.type not in ("DATE", "TIME"):
        return out
    if "hours" in key or "on" in key:  # "the early hours of Tuesday", "late on Friday":
        # the day's start or end, the day the extent (as corpora annotate "Thursday morning")
        return replace(out, mod=R.POINT_PREFIX_MODS[word])
    return replace(out, start=pm.start(), mod=R.POINT_PREFIX_MODS[word])


_DAY_AROUND = re.compile(r"(?:^|(?<=[\s(]))the\s+day\s+(?P<ba>before|after)\s+$", re.IGNORECASE)

_OPEN_QUOTE = re.compile(r"(?:\"|“|``|''|‘)$")
_TITLE_WORD = re.compile(r"[A-Z0-9][\w'’.-]*")
_TITLE_REST = re.compile(
    r"(?:\s+(?:[A-Z][\w'’.-]*|of|the|and|with|for|in|on|a|an|at|to))*[,.!?]?(?:\"|”|''|’)"
)


def not_titles(outs: list[Out], text: str) -> list[Out]:
    """Drop expressions that are the title of a show or work in quotes: ABC's "This Week",
    CBS's ''60 Minutes'' — every word capitalised, two or more, the quote closing after the
    title's last capitalised word."""
    kept = []
    for out in outs:
        words = text[out.start : out.end].split()
        if (
            len(words) >= 2
            and all(_TITLE_WORD.fullmatch(w) for w in words)
            and _OPEN_QUOTE.search(text, max(0, out.start - 2), out.start)
            and _TITLE_REST.match(text, out.end)
        ):
            continue
        kept.append(out)
    return kept


def end_word(text: str, i: int) -> int:
    """End of the word starting at ``i``."""
    m = re.compile(r"[\w'’]+").match(text, i)
    return m.end() if m else i


_CLOCK_ON_GAP = re.compile(r"\s*,?\s*on\s+")
#: "4:30 in the afternoon": the clock and the part of the day it is in are one time
_CLOCK_IN_GAP = re.compile(r"\s+in\s+")
_PART_VALUE = re.compile(r"^(\d{4}-\d{2}-\d{2})T(MO|AF|EV|NI)$")
_MERIDIEM = re.compile(r"[ap]\.?\s?m\b|\b(?:noon|midnight|midday)\b|[ap]m|o['’]\s?clock", re.I)


def _day_of(out: Out) -> bool:
    """A day a clock can take: a DATE of one day, or a part of one ("Sunday afternoon")."""
    if out.type == "DATE":
        return bool(R.DAY_VALUE.match(out.value))
    return out.type == "TIME" and out.clock is None and bool(_PART_VALUE.match(out.value))


def _on_day(day: Out, clock: Out, text: str) -> str:
    """The clock's value on ``day``. A part of the day says which half of it a clock written
    without "a.m."/"p.m." is in: "4:30 Sunday afternoon" is 16:30, "10:15 Tuesday night"
    22:15, and "1:30 Saturday night" 01:30 on the Sunday."""
    hh, mm = (clock.clock or "00:00").split(":")
    m = _PART_VALUE.match(day.value)
    if m is None or _MERIDIEM.search(text, clock.start, clock.end) or int(hh) > 12:
        return f"{day.value[:10]}T{hh}:{mm}"
    h, part, base = int(hh), m[2], m[1]
    if part in ("AF", "EV") and h < 12:
        h += 12
    elif part == "MO" and h == 12:
        h = 0
    elif part == "NI" and 6 <= h < 12:
        h += 12
    elif part == "NI":  # after midnight: the next day's small hours
        h %= 12
        base = (date.fromisoformat(base) + timedelta(days=1)).isoformat()
    return f"{base}T{h:02d}:{mm}"


def attach_clocks(outs: list[Out], text: str) -> list[Out]:
    """ "3 p.m. Tuesday" and "4:30 Sunday afternoon" are one TIME; "Tuesday at 3 p.m." and
    "3 p.m. on Tuesday" take Tuesday's date."""
    result: list[Out] = []
    i = 0
    while i < len(outs):
        out = outs[i]
        if out.clock:
            nxt = outs[i + 1] if i + 1 < len(outs) else None
            prev = result[-1] if result else None
            if (
                nxt is not None
                and _day_of(nxt)
                and (
                    R.CLOCK_DATE_GAP.fullmatch(text, out.end, nxt.start)
                    or (nxt.type == "TIME" and _CLOCK_IN_GAP.fullmatch(text, out.end, nxt.start))
                )
            ):
                result.append(replace(out, end=nxt.end, value=_on_day(nxt, out, text)))
                i += 2
                continue
            if (
                nxt is not None
                and nxt.type == "DATE"
                and R.DAY_VALUE.match(nxt.value)
                and _CLOCK_ON_GAP.fullmatch(text, out.end, nxt.start)
            ):  # "at 10:30 GMT on Tuesday": two timexes, the clock on Tuesday's date
                result.append(replace(out, value=f"{nxt.value[:10]}T{out.clock}"))
                i += 1
                continue
            if (
                prev is not None
                and _day_of(prev)
                and R.CLOCK_ADOPT_GAP.fullmatch(text, prev.end, out.start)
            ):  # "Sunday afternoon at 4:30": two timexes, the clock in that afternoon
                out = replace(out, value=_on_day(prev, out, text))
        result.append(out)
        i += 1
    return result


def ranges(outs: list[Out], text: str) -> list[tuple[int, int]]:
    """Pairs of indices joined as "from X until Y", "between X and Y" or "X-Y"."""
    pairs: list[tuple[int, int]] = []
    for i in range(len(outs) - 1):
        a, b = outs[i], outs[i + 1]
        if a.type not in ("DATE", "TIME") or b.type not in ("DATE", "TIME"):
            continue
        gap = R.RANGE_GAP.fullmatch(text, a.end, b.start)
        if gap is None:
            continue
        before = text[max(0, a.start - 10) : a.start].lower()
        word = gap.group(0).strip().lower()
        between = word == "and" and re.search(r"\bbetween\s+$", before)
        # "2024 to 2028" is a range with no "from"; "1998 to 1990" is not
        years = bool(
            word != "and" and R.YEAR_VALUE.fullmatch(a.value) and R.YEAR_VALUE.fullmatch(b.value)
        )
        years = years and a.value < b.value
        if gap["dash"] or between or years or (word != "and" and re.search(r"\bfrom\s+$", before)):
            pairs.append((i, i + 1))
    return pairs


_DAY_BEFORE = re.compile(
    r"(?<![\w,.$£€])(\d{1,2})(?:st|nd|rd|th)?\s*(?:[-–—]|\bto\b|\band\b|\bthrough\b)\s*$"
)
_YEAR_BEFORE = re.compile(r"(?<![\w,.$£€])(\d{2,4})\s*(?:[-–—]|\bto\b)\s*$")
_DAY_FIRST = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Z]")
_BC_VALUE = re.compile(r"^BC(\d{4})$")


_DAY_AFTER = re.compile(
    r"\s*(?:[-–]|and|or|to|through)\s*((\d{1,2})(?:st|nd|rd|th)?)\b"
    r"(?![-–.,:/]?\d|\s*(?:%|percent\b|per\b))"
)


_YEAR_AFTER = re.compile(r",\s*(1\d{3}|20\d{2})(?![\d,.]\d)")


def range_ends(outs: list[Out], cx: Ctx) -> list[Out]:
    """``outs`` plus the bare day that closes a range opened by a full date: "25" in "April 24
    and 25" or "May 4-5" (a later day of the same month; "May 4 and 5,000 people" and "May 4
    and 5 soldiers" are counts, by the parse, unless the number counts the month itself:
    "Sept. 20-21"); a year after it is part of it ("9, 1918" in "March 5-9,
    1918")."""
    result: list[Out] = []
    text = cx.text
    for k, out in enumerate(outs):
        result.append(out)
        if out.type != "DATE" or not (day := R.DAY_VALUE.match(out.value)):
            continue
        m = _DAY_AFTER.match(text, out.end)
        nxt = outs[k + 1].start if k + 1 < len(outs) else len(text)
        if not m or m.end() > nxt or not int(day[3]) < int(m[2]) <= 31:
            continue
        year = _YEAR_AFTER.match(text, m.end(1))
        if year and year[1] != out.value[:4]:
            continue
        span = cx.doc.char_span(m.start(1), m.end(1)) if cx.tagged and not year else None
        head = span.root.head.idx if span is not None else out.start
        if span is None or span.root.dep_ != "nummod" or out.start <= head < out.end:
            value = f"{out.value[:8]}{int(m[2]):02d}"
            result.append(Out(m.start(1), year.end() if year else m.end(1), "DATE", value))
    return result


def range_starts(outs: list[Out], text: str) -> list[Out]:
    """``outs`` plus the bare number that opens a range ending in a full date: "6" in "6-7
    January 1916" or "from 15 to 22 February" (that month's day), "499" in "499-493 BC"."""
    result: list[Out] = []
    for out in outs:
        last_end = result[-1].end if result else 0
        window = text[max(last_end, out.start - 16) : out.start]
        start = out.start - len(window)
        if out.type == "DATE" and (day := R.DAY_VALUE.match(out.value)):
            m = _DAY_BEFORE.search(window)
            first = int(m[1]) if m else 0
            if m and _DAY_FIRST.match(text, out.start) and 0 < first < int(day[3]):
                value = f"{out.value[:8]}{first:02d}"
                result.append(
                    replace(out, start=start + m.start(1), end=start + m.end(1), value=value)
                )
        elif out.type == "DATE" and (bc := _BC_VALUE.match(out.value)):
            m = _YEAR_BEFORE.search(window)
            if m and int(m[1]) > int(bc[1]):
                value = f"BC{int(m[1]):04d}"
                result.append(
                    replace(out, start=start + m.start(1), end=start + m.end(1), value=value)
                )
        result.append(out)
    return result
