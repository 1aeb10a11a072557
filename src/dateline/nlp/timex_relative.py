"""Timex handlers for dates relative to the DCT or to the story: weekdays, "yesterday",
"last month", "the following day", "two years ago", "three days later", PRESENT_REF.

Each ``_h_NAME`` handles rule NAME of ``timex_patterns.RULES`` (match + context -> outputs, or
None to reject); ``HANDLERS`` maps rule names to them for the tagger in ``dateline.nlp.timex``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateline.nlp import timex_rules as R
from dateline.nlp.timex_ctx import FUTURE, PAST, PRESENT, Handler
from dateline.nlp.timex_ctx import Ctx as _Ctx
from dateline.nlp.timex_ctx import Out as _Out
from dateline.nlp.timex_ctx import one as _one
from dateline.nlp.timex_periods import quarter_back

__all__ = ["HANDLERS"]


#: a weekday in an event's name: "Super Tuesday", "Bloody Sunday"
_NAMED_DAY = re.compile(r"(?-i:\b(?:Super|Bloody|Black|Blue|Cyber|Holy|Shrove))\s+$")


def _h_weekday(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if not m["rel"] and _NAMED_DAY.search(cx.text, max(0, m.start() - 8), m.start()):
        return None
    wd = R.WEEKDAYS[m["wd"].lower()]
    part = R.PARTS_OF_DAY.get((m["part"] or "").lower())
    t = f"T{part}" if part else ""
    rel = " ".join((m["rel"] or "").lower().split())
    if m["pl"] or (part and m.group(0).endswith("s")):
        return None if rel else _one(m, "SET", f"XXXX-WXX-{wd}{t}")
    if rel.startswith("the "):  # "the previous Friday": counted from the story's last day
        value = _weekday_from_anchor(wd, cx, back=not rel.endswith("following"))
    elif rel in ("last", "past", "this past"):
        value = R.resolve_weekday(cx.dct, wd, PAST, strict=True)
    elif rel in ("next", "coming", "this coming"):
        value = R.resolve_weekday(cx.dct, wd, FUTURE, strict=True)
    else:
        tense = cx.tense(m.start(), m.end())
        if tense == PRESENT and _past_possessive(m, cx):
            tense = PAST  # "Thursday's ruling" reports an event; "ahead of Sunday's vote" not
        value = R.resolve_weekday(cx.dct, wd, tense)
    return _one(m, "TIME" if part else "DATE", value + t, point=True)


def _weekday_from_anchor(wd: int, cx: _Ctx, *, back: bool) -> str:
    """The weekday ``wd`` before (or after) the last day the text named, else the DCT."""
    base = cx.anchor("day")
    if base is None:
        return f"XXXX-WXX-{wd}"
    if back:
        return (base - timedelta(days=(base.isoweekday() - wd) % 7 or 7)).isoformat()
    return (base + timedelta(days=(wd - base.isoweekday()) % 7 or 7)).isoformat()


def _past_possessive(m: re.Match[str], cx: _Ctx) -> bool:
    after = cx.text[m.end() : m.end() + 2]
    if after not in ("'s", "’s"):
        return False
    before = cx.text[max(0, m.start() - 12) : m.start()].lower().split()
    return not before or before[-1] not in ("before", "of", "until", "next", "for")


def _h_relday(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if m["ba"]:
        n = -2 if m["ba"].lower().startswith("before") else 2
        return _one(m, "DATE", R.shift("day", n, cx.dct))
    word = m["d"].lower()
    if m["d"][0].isupper() and not cx.initial(m.start()) and _after_a_name(m, cx):
        return None  # "USA Today", "VOA Today": the name of a paper or a show
    n = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}[word]
    part = "NI" if word == "tonight" else R.PARTS_OF_DAY.get((m["part"] or "").lower())
    if part:
        return _one(m, "TIME", f"{R.shift('day', n, cx.dct)}T{part}", point=True)
    return _one(m, "DATE", R.shift("day", n, cx.dct), point=True)


def _h_before_last(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "the week before last", "the year after next": two units from the DCT's."""
    n = -2 if m["ba"].lower().startswith("before") else 2
    return _one(m, "DATE", R.shift(m["unit"].lower(), n, cx.dct), point=True)


def _h_week_from_day(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "a week from Monday", "on Monday week": seven days after the coming Monday."""
    if not (m["aw"] or m["wk"]):
        return None  # "on Monday" alone is the weekday rule's
    day = R.resolve_weekday(cx.dct, R.WEEKDAYS[m["wd"].lower()], FUTURE)
    if cx.dct is None:
        return _one(m, "DATE", day)
    return _one(m, "DATE", (date.fromisoformat(day) + timedelta(days=7)).isoformat())


def _after_a_name(m: re.Match[str], cx: _Ctx) -> bool:
    before = re.search(r"([A-Z][\w&.-]*)\s+$", cx.text[max(0, m.start() - 30) : m.start()])
    return before is not None and before[1].lower() not in R.STOP


def _h_thispart(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    rel, part = m["rel"].lower(), m["part"].lower()
    if rel == "last" and part not in ("night", "evening"):
        return None
    day = R.shift("day", -1 if rel == "last" else 0, cx.dct)
    return _one(m, "TIME", f"{day}T{R.PARTS_OF_DAY[part]}", point=True)


def _h_daypart(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "by mid-afternoon", "in the morning", "mid-morning yesterday", "4 in the morning": a
    part of the day (or an hour of it) of the day named last, or of the DCT, as a TIME."""
    if m["d"]:
        n = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["d"].lower()]
        day = R.shift("day", n, cx.dct)
    else:
        day = R.shift("day", 0, cx.anchor("day"))
    part = R.PARTS_OF_DAY[m["part"].lower()]
    if not (m["h"] or m["d"]) and _noun_follows(m, cx):
        return None  # "in the morning paper", "in the afternoon session"
    if m["h"]:  # "4 in the morning", "8 in the evening": a clock time
        hour = int(m["h"]) % 12 + (
            12 if part in ("AF", "EV") or (part == "NI" and int(m["h"]) > 5) else 0
        )
        return _one(m, "TIME", f"{day}T{hour:02d}:00")
    mod = "MID" if m["mid"] else {"early": "START", "late": "END"}.get((m["el"] or "").strip())
    return _one(m, "TIME", f"{day}T{part}", mod=mod)


def _noun_follows(m: re.Match[str], cx: _Ctx) -> bool:
    """Whether the word after the match is a noun it modifies (by the parse; without one, any
    lower-case word that is not a function word)."""
    after = cx.next_word(m.end())
    if not (after[:1].isalpha() and after.islower()) or after in R.STOP:
        return False
    if not cx.tagged:
        return True
    span = cx.doc.char_span(m.start(), m.end(), alignment_mode="expand")
    if span is None or span.end >= len(cx.doc):
        return False
    return cx.doc[span.end].pos_ in ("NOUN", "PROPN", "ADJ", "NUM")


#: "the past year" is dated in news; "the past week/decade" stay durations (TimeBank is split)
_CALENDAR_UNITS = frozenset(("month", "quarter", "year"))


def _h_relunit(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    rel = " ".join(m["rel"].lower().split())
    the = bool(m["the"])
    if m["season"]:
        if the or rel in ("previous", "prior", "preceding", "following", "same", "current"):
            return None
        code = R.SEASONS[m["season"].lower()]
        return _one(m, "DATE", R.season_value(cx.dct, code, rel, PRESENT), point=True)
    unit = "year" if m["fiscal"] else R.unit(m["unit"] or "day")
    part = R.PARTS_OF_DAY.get((m["part"] or "").lower())
    if part:  # "the next morning", "the same night"
        if rel not in R.ANAPHORIC:
            return None
        day = R.shift("day", R.ANAPHORIC[rel], cx.anchor("day"))
        return _one(m, "TIME", f"{day}T{part}")
    if the and rel in ("past", "last"):
        if (
            unit in _CALENDAR_UNITS
            and cx.next_word(m.end()).lower() != "of"  # "the last week of August"
            and cx.story_year(1) is None  # a history's "the past decade" is its own
        ):  # "over the past year" in news: TimeBank dates it, as it does "last year"
            return _one(m, "DATE", R.shift(unit, -1, cx.dct), point=True)
        return _one(m, "DURATION", R.duration(1, unit), measure=True)
    if rel in R.ANAPHORIC and (the or (rel == "next" and unit == "day")):
        if (
            rel == "next"
            and unit != "day"
            and not any(o.type == "DATE" and R.YEAR_MONTH_VALUE.match(o.value) for o in cx.outs)
        ):
            return _one(m, "DURATION", R.duration(1, unit), measure=True)  # "over the next year"
        return _one(m, "DATE", _anaphor(unit, R.ANAPHORIC[rel], cx, m.start()), point=True)
    if unit in ("second", "minute", "hour", "fortnight") or (rel == "this" and unit == "day"):
        return None
    if rel in ("coming", "this coming", "next") and (the or rel != "coming" or unit != "day"):
        n = 1
    elif rel in ("this", "current") and (not the or rel == "current"):
        n = 0
    elif rel in ("last", "this past") and not the:
        n = -1
    else:
        return None
    return _one(m, "DATE", R.shift(unit, n, cx.dct), point=True)


def _h_the_weekend(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if cx.dct is None:
        return _one(m, "DATE", "XXXX-WXX-WE")
    tense, wd = cx.tense(m.start(), m.end()), cx.dct.isoweekday()
    n = -1 if tense == PAST and wd < 6 else 0
    return _one(m, "DATE", R.shift("weekend", n, cx.dct), point=True)


def _h_that(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if m["season"]:  # "that same spring": the season of the story's last date
        code = R.SEASONS[m["season"].lower()]
        last = cx.last_year_month() or (None if cx.dct is None else (cx.dct.year, cx.dct.month))
        if last is None:
            return _one(m, "DATE", f"XXXX-{code}", point=True)
        year, month = last
        if code == "WI" and month is not None and month <= 2:
            year -= 1  # a January's winter began the December before (YYYY-WI is Dec-Feb)
        return _one(m, "DATE", f"{R.year_text(year)}-{code}", point=True)
    return _unit_from_anchor(m, cx, 0, point=True)


def _h_the_unit_before(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    return _unit_from_anchor(m, cx, 1 if m["dir"].lower() == "after" else -1, point=False)


def _unit_from_anchor(m: re.Match[str], cx: _Ctx, n: int, *, point: bool) -> list[_Out] | None:
    """ "that year" (``n`` 0) and "the day before/after" (``n`` -1/+1): the unit ``n`` steps
    from the anchor of the text; a part of the day gives a TIME, clock units nothing."""
    part = R.PARTS_OF_DAY.get((m["part"] or "").lower())
    if part:
        return _one(m, "TIME", f"{R.shift('day', n, cx.anchor('day'))}T{part}")
    unit = R.unit(m["unit"])
    if unit in ("second", "minute", "hour", "fortnight"):
        return None
    return _one(m, "DATE", _anaphor(unit, n, cx, m.start()), point=point)


def _anaphor(unit: str, n: int, cx: _Ctx, at: int) -> str:
    """The ``unit`` ``n`` steps from the text's anchor ("the following day", "that year").

    In a history before the common era the anchor is its last date ("the following year"
    after 490 BC is BC0489); a day, week or month counted from it keeps its year, and its
    month when ``n`` is 0 ("that same day" after "June 479 BC" is BC0479-06-XX), the rest
    unknown, rather than a day counted from the DCT. So in news: "that same day" after a
    month ("last October") is a day of that month (1998-10-XX).
    """
    if (era := cx.era_date()) is None:
        if unit == "day" and n == 0 and (in_month := cx.last_month(at)) is not None:
            return f"{in_month}-XX"  # "last October, ... that same day": a day of that month
        return R.shift(unit, n, cx.anchor(unit))
    year, month = era
    if value := R.shift_era(unit, n, year):
        return value
    known = f"-{month:02d}" if month is not None and n == 0 else "-XX"
    tail = {"day": f"{known}-XX", "week": "-WXX", "weekend": "-WXX-WE", "month": known}
    if unit in tail:
        return R.year_text(year) + tail[unit]
    return R.shift(unit, n, cx.anchor(unit))


def _h_ago(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    unit, n = R.unit(m["unit"]), R.number(m["q"])
    if unit == "weekend":
        return None
    if n is None or (m["q"] is None and m["pl"]):
        return _one(m, "DATE", "PAST_REF", measure=True)
    if (quarter := quarter_back(cx, unit, n)) is not None:
        return _one(m, "DATE", quarter, measure=True)
    return _one(m, "DATE", R.offset(unit, -n, cx.dct), measure=True)


def _h_from_now(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "two weeks from now", "a year from today", "ten days hence": the date reached from
    the DCT, as "two weeks ago" is the date before it."""
    unit, n = R.unit(m["unit"]), R.number(m["q"])
    if unit == "weekend" or n is None:
        return None
    return _one(m, "DATE", R.offset(unit, n, cx.dct), measure=True)


#: units whose "N later/earlier" is a date in news too ("a year earlier" in earnings)
_STORY_UNITS = frozenset(("year", "decade", "century", "quarter"))


def _h_later(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    unit, n = R.unit(m["unit"]), R.number(m["q"])
    if unit == "weekend" or (m["q"] is None and not m["pl"]):
        return None  # "the day later" is not a count
    n = None if m["q"] is None else n  # "months later"
    sign = 1 if m["dir"].lower() == "later" else -1
    news = m["q"] is not None and unit not in _STORY_UNITS
    if news and cx.story_year(1) is None and cx.era_year() is None:
        # news (TimeML): "three days later" is the length "three days"; "later" only links
        # it to an event. A history (TIMEX2 habit, and where the story's dates anchor it)
        # keeps the date. The date it reaches still dates the events (``Out.reaches``).
        if n is None:
            return None
        end = m.end("pl") if m["pl"] else m.end("unit")
        length, reached = R.duration(n, unit), _reached(unit, sign * n, cx)
        return [_Out(m.start(), end, "DURATION", length, measure=True, reaches=reached)]
    if n is None:  # "a few days later": after the story's time, by an unknown amount
        return _one(m, "DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", measure=True)
    if sign < 0 and (quarter := quarter_back(cx, unit, n)) is not None:
        return _one(m, "DATE", quarter, measure=True)
    if unit in ("year", "decade") and n.is_integer() and (year := cx.era_year()) is not None:
        years = sign * int(n) * (10 if unit == "decade" else 1)  # "14 years later", after 445 BC
        if value := R.shift_era("year", years, year):
            return _one(m, "DATE", value, measure=True)
    return _one(m, "DATE", _reached(unit, sign * n, cx), measure=True)


def _reached(unit: str, n: float, cx: _Ctx) -> str | None:
    """The date "N units later/earlier" (``n`` negative) reaches from the last date named."""
    anchor_unit = "day" if unit in ("second", "minute", "hour", "fortnight", "week") else unit
    return R.offset(unit, n, cx.anchor(anchor_unit))


def _h_ref(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    start, end = m.span()
    before = cx.text[max(0, start - 4) : start].lower()
    after = cx.text[end : end + 12].lower()
    if m["now"] or m["now2"]:
        word = m.group(0)
        if (
            word.lower() == "now"
            and (after.startswith("-") or (word[0].isupper()))
            and not (cx.initial(start))
        ):
            return None
        return _one(m, "DATE", "PRESENT_REF")
    if m["adj"]:  # "the current crisis", "his recent visit": TimeML's PRESENT_REF/PAST_REF
        if not _temporal_adjective(m, cx):
            return None
        return _one(m, "DATE", "PRESENT_REF" if m["adj"].lower() == "current" else "PAST_REF")
    if m["past"]:
        return None if re.match(r"\s+of\b", after) else _one(m, "DATE", "PAST_REF")
    if m["coming"]:  # "in coming months", as TimeBank tags it (with "the": a duration)
        return _one(m, "DATE", "FUTURE_REF")
    word = m.group(0).lower()
    if word == "soon" and (before.endswith("as ") or re.match(r"\s+(?:as|after|there)", after)):
        return None
    if word.startswith("the") and re.match(r"\s+of\b", after):
        return None  # "the future of the company"
    return _one(m, "DATE", "FUTURE_REF")


HANDLERS: dict[str, Handler] = {
    "weekday": _h_weekday,
    "relday": _h_relday,
    "before_last": _h_before_last,
    "week_from_day": _h_week_from_day,
    "thispart": _h_thispart,
    "daypart": _h_daypart,
    "relunit": _h_relunit,
    "the_weekend": _h_the_weekend,
    "that": _h_that,
    "the_unit_before": _h_the_unit_before,
    "ago": _h_ago,
    "from_now": _h_from_now,
    "later": _h_later,
    "ref": _h_ref,
}


#: nouns after which "current" is not a time ("current account", "alternating current")
_NOT_TIME_AFTER = frozenset(("account", "accounts", "assets", "liabilities", "ratio", "affairs"))


def _temporal_adjective(m: re.Match[str], cx: _Ctx) -> bool:
    """ "current"/"recent" as an adjective of time: before a noun or after "is", not a noun
    itself ("the current") nor a finance term ("current assets")."""
    nxt = cx.next_word(m.end()).lower()
    if nxt in _NOT_TIME_AFTER or cx.prev_word(m.start()) in ("most", "more"):
        return False
    if not cx.tagged:
        return bool(nxt)
    span = cx.doc.char_span(m.start(), m.end())
    return span is not None and span.root.pos_ == "ADJ"
