"""Timex handlers for reporting periods: quarters and halves, fiscal years, "the quarter"
and "the year" in earnings stories, the end of a period.

Each ``_h_NAME`` handles rule NAME of ``timex_patterns.RULES`` (match + context -> outputs, or
None to reject); ``HANDLERS`` maps rule names to them for the tagger in ``dateline.nlp.timex``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.nlp import timex_rules as R
from dateline.nlp.timex_ctx import FUTURE, Handler
from dateline.nlp.timex_ctx import Ctx as _Ctx
from dateline.nlp.timex_ctx import Out as _Out
from dateline.nlp.timex_ctx import one as _one

__all__ = ["HANDLERS", "quarter_back"]


def _year_of(cx: _Ctx, year: str | None, rel: str | None) -> str:
    if year:
        return year
    r = " ".join((rel or "").lower().split())
    if cx.dct is None:
        return "XXXX"
    return f"{cx.dct.year + {'last': -1, 'the previous': -1, 'next': 1}.get(r, 0):04d}"


def _h_quarter(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    ordinal, unit = m["ord"].lower(), m["unit"].lower()
    if ordinal in ("last", "final") and not (m["year"] or m["rel"]):
        return None
    n = R.ORDINALS[ordinal]
    if unit == "half":
        n = 2 if ordinal in ("last", "final") else n
        if n > 2:
            return None
    code = "Q" if unit == "quarter" else "H"
    year = m["year"] or m["pyear"]
    if m["ago"] and (base := _last_quarter(cx) or (cx.dct and f"{cx.dct.year:04d}")):
        year = str(int(base[:4]) - 1)
    if year or m["rel"] or m["prel"] or cx.dct is None:
        value = f"{_year_of(cx, year, m['rel'] or m['prel'])}-{code}{n}"
    else:  # a quarter not yet begun was last year's, unless the verb looks ahead
        ahead = n > ((cx.dct.month - 1) // 3 + 1 if code == "Q" else (cx.dct.month - 1) // 6 + 1)
        past = ahead and cx.tense(m.start(), m.end()) != FUTURE
        value = f"{cx.dct.year - past:04d}-{code}{n}"
    if code == "Q" and not m["ago"]:
        _remember(cx, value, closed=bool(_ENDED.match(cx.text, m.end())))
    the = re.match(r"the\s+", m.group(0), re.IGNORECASE)
    if the and m.group(0)[m.start("unit") - m.start() - 1] == "-" and m.end() == m.end("unit"):
        # "the third-quarter results": the article belongs to the noun, not to the timex
        return [_Out(m.start() + the.end(), m.end(), "DATE", value, point=True)]
    return _one(m, "DATE", value, point=True)


_ENDED = re.compile(r"\s+(?:ended|ending)\b", re.IGNORECASE)


def _remember(cx: _Ctx, value: str, *, closed: bool = False) -> None:
    """Keep a quarter that has closed by the DCT (or is said to have: "the fourth quarter
    ended Sept. 30", a fiscal one) as the one an earnings story reports on: "the latest
    quarter" and "a year ago" refer to it, not to one still to come ("expects a loss in the
    fourth quarter")."""
    if not (m := re.fullmatch(r"(\d{4})-Q([1-4])", value)):
        return
    now = (cx.dct.year, (cx.dct.month - 1) // 3 + 1) if cx.dct else None
    if closed or now is None or (int(m[1]), int(m[2])) < now:
        cx.quarter = value


def _last_quarter(cx: _Ctx) -> str | None:
    """The quarter named last ("2023-Q3"), the anchor of "the quarter" and "a year ago"."""
    return cx.quarter


#: lengths of the year-to-date periods earnings stories give after the quarter
_YEAR_TO_DATE = frozenset(("P6M", "P9M"))


def _longer_period_since(cx: _Ctx) -> bool:
    if cx.quarter is None:
        return False
    for out in reversed(cx.outs):
        if out.value == cx.quarter:
            return False
        if out.type == "DURATION" and out.value in _YEAR_TO_DATE:
            return True
    return False


def quarter_back(cx: _Ctx, unit: str, n: float) -> str | None:
    """ "a year ago" in an earnings story is the same quarter a year back (TimeML
    granularity); once the story has gone on to a year-to-date period ("in the first nine
    months, ... compared with ... a year earlier"), the year back."""
    if unit != "year" or not n.is_integer() or (base := _last_quarter(cx)) is None:
        return None
    if _longer_period_since(cx):
        return f"{int(base[:4]) - int(n):04d}"
    return f"{int(base[:4]) - int(n):04d}{base[4:]}"


def _h_the_quarter(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "the quarter", "the year-ago period": the quarter an earnings story is about."""
    mods = " ".join(x.lower() for x in (m["mod"], m["mod2"]) if x)
    if m["unit"].lower() == "period" and not mods:
        return None
    if "fiscal" in mods:
        return None
    if cx.dct is None:
        return _one(m, "DATE", "XXXX-QX")
    current = f"{cx.dct.year:04d}-Q{(cx.dct.month - 1) // 3 + 1}"
    if "current" in mods:
        base = current
    elif not mods and cx.quarter is None and (closing := _closing_quarter(m, cx)) is not None:
        base = closing  # "the quarter ended July 31", no quarter named: the one it mostly covers
        cx.quarter = base
    elif m["unit"].lower() == "period" and _longer_period_since(cx):
        # "the 1988 period" after "the first nine months": the year
        quarter = cx.quarter or f"{cx.dct.year:04d}"
        year = int(m["year"] or int(quarter[:4]) - ("year-" in mods))
        return _one(m, "DATE", f"{year:04d}")
    else:
        prev = cx.dct.month - 3
        reported = f"{cx.dct.year - (prev < 1):04d}-Q{(prev - 1) % 12 // 3 + 1}"
        base = _last_quarter(cx) or reported
    year = int(base[:4]) - ("year-" in mods)
    if m["year"]:
        year = int(m["year"])
    return _one(m, "DATE", f"{year:04d}-{base[5:]}")


_ENDED_DAY = re.compile(
    rf"\s+(?:ended|ending)\s+(?P<mon>{'|'.join(sorted(R.MONTHS, key=len, reverse=True))})"
    r"\.?\s+(?P<day>\d{1,2})\b",
    re.IGNORECASE,
)


def _closing_quarter(m: re.Match[str], cx: _Ctx) -> str | None:
    """The calendar quarter of "the quarter ended Sept. 30" (the last such day before the
    DCT): the one holding most of the three months before it, so July 31 closes Q2. Once the
    story has named its quarter, even a fiscal one ("the fiscal first quarter ended Sept.
    30"), "the quarter" is that one, as TimeBank reads it."""
    if not (e := _ENDED_DAY.match(cx.text, m.end())) or cx.dct is None:
        return None
    end = R.resolve_day(cx.dct, R.MONTHS[e["mon"].lower()], int(e["day"]), R.PAST, closed=True)
    if end is None:
        return None
    mid = date.fromisoformat(end) - timedelta(days=45)
    return f"{mid.year:04d}-Q{(mid.month - 1) // 3 + 1}"


def _h_quarter_year_back(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "the quarter a year ago", "the corresponding period last year", "last year's
    quarter": the quarter reported on, a year back."""
    if cx.dct is None:
        return _one(m, "DATE", "XXXX-QX")
    prev = cx.dct.month - 3
    reported = f"{cx.dct.year - (prev < 1):04d}-Q{(prev - 1) % 12 // 3 + 1}"
    base = _last_quarter(cx) or reported
    return _one(m, "DATE", f"{int(base[:4]) - 1:04d}{base[4:]}")


def _h_latest_year(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "the latest fiscal year": the last one completed, the year before the DCT's."""
    return _one(m, "DATE", R.shift("year", -1, cx.dct))


def _h_year_ago_adj(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "year-earlier profit": the quarter named last, a year back, else last year."""
    if (quarter := quarter_back(cx, "year", 1.0)) is not None:
        return _one(m, "DATE", quarter)
    return _one(m, "DATE", R.shift("year", -1, cx.dct))


def _h_qnotation(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if m["q"] == "H" and int(m["n"]) > 2:
        return None
    year = m["year"]
    if year and len(year) == 2:
        year = str(R.full_year(int(year), cx.dct))
    if not year and cx.prev_word(m.start()) not in R.DATE_CONTEXT | {"the", "its", "a"}:
        return None  # "Audi Q3"
    value = f"{_year_of(cx, year, None)}-{m['q']}{m['n']}"
    if m["q"] == "Q":
        _remember(cx, value)
    return _one(m, "DATE", value, point=True)


def _h_fiscal(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    y = m["year"]
    year = R.full_year(int(y), cx.dct) if len(y) == 2 else int(y)
    return _one(m, "DATE", f"{year:04d}", point=True)


_AWARD = re.compile(
    r"\b(?:player|person|man|woman|coach|rookie|album|song|book|car)\s+of\s+$", re.I
)


def _h_the_year(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "For the year, sales rose": the DCT's year, or the story's in a narrative; "the year
    ended Sept. 30" is the twelve months up to that date (a DURATION, as TimeBank tags it)."""
    if cx.prev_word(m.start()) == "of" and (
        m["y"] == "Year" or _AWARD.search(cx.text, max(0, m.start() - 12), m.start())
    ):
        return None  # "Player of the Year", "the 2019 player of the year": a title
    if m["ended"]:
        return _one(m, "DURATION", "P1Y")
    year = cx.story_year(6) or (cx.dct.year if cx.dct else None)
    mod = {"ea": "START", "la": "END"}.get((m["pm"] or "")[:2].lower())  # early(er), late(r)
    return _one(m, "DATE", R.year_text(year) if year else "XXXX", mod=mod, point=not mod)


def _h_year_end(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "by year-end", "at year's end": the end of the DCT's year, or the story's; "at
    month's end", "by month-end", "at week's end" that of the month or week."""
    if m["unit"]:
        return _end_of_unit(m, cx, m["unit"].lower(), "END")
    year = cx.story_year(12) or (cx.dct.year if cx.dct else None)
    return _one(m, "DATE", R.year_text(year) if year else "XXXX", mod="END")


def _h_end_of(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    return _end_of_unit(m, cx, m["unit"].lower(), R.POINT_PREFIX_MODS[m["pm"].lower()])


def _end_of_unit(m: re.Match[str], cx: _Ctx, unit: str, mod: str) -> list[_Out] | None:
    """The DCT's ``unit`` (a story's own month in a history) with ``mod``."""
    base = cx.anchor(unit) if cx.story_year(1) is not None else cx.dct  # a story's own month
    return _one(m, "DATE", R.shift(unit, 0, base), mod=mod)


HANDLERS: dict[str, Handler] = {
    "quarter": _h_quarter,
    "the_quarter": _h_the_quarter,
    "quarter_year_back": _h_quarter_year_back,
    "latest_year": _h_latest_year,
    "year_ago_adj": _h_year_ago_adj,
    "qnotation": _h_qnotation,
    "qnotation_rev": _h_qnotation,
    "fiscal": _h_fiscal,
    "the_year": _h_the_year,
    "year_end": _h_year_end,
    "end_of": _h_end_of,
}
