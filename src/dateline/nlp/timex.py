"""Rule-based TimeML TIMEX3 tagger: time expressions, their type, value and mod.

News is dated, so most expressions are resolved against the document creation time (DCT):
"last week" becomes an ISO week, "January" in a past-tense sentence the January before the
DCT. Patterns (``timex_rules``) run once over the whole text and the leftmost-longest
candidate wins; the parse is consulted only for the few decisions that need it (the tense of
the governing verb, whether "1998" counts people). Without tags the tagger still works and
reads underspecified dates as past, which is how news mostly reads.
"""

from __future__ import annotations

import contextlib
import heapq
import re
from bisect import bisect_right
from collections.abc import Callable
from datetime import date, datetime
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc

import dateline.nlp.extensions  # noqa: F401
from dateline.model import Timex, when_for_value
from dateline.nlp import timex_patterns as P
from dateline.nlp import timex_rules as R
from dateline.nlp.timex_ctx import FUTURE, PAST, PRESENT
from dateline.nlp.timex_ctx import Ctx as _Ctx
from dateline.nlp.timex_ctx import Out as _Out
from dateline.nlp.timex_post import attach_clocks, range_starts, ranges, with_modifiers
from dateline.nlp.timex_story import bound_before

__all__ = ["TimexTagger", "make_timex_tagger", "tag_timexes"]


# -- handlers: (match, context) -> outputs or None to reject ---------------------------------
Handler = Callable[[re.Match[str], _Ctx], list[_Out] | None]


def _one(m: re.Match[str], typ: str, value: str | None, **kw: object) -> list[_Out] | None:
    if value is None:
        return None
    return [_Out(m.start(), m.end(), typ, value, **kw)]  # type: ignore[arg-type]


def _h_iso(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    try:
        d = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    if m["H"] is None:
        return _one(m, "DATE", d.isoformat())
    if int(m["H"]) > 24 or int(m["M"]) > 59:
        return None
    clock = f"{m['H']}:{m['M']}" + (f":{m['S']}" if m["S"] else "")
    return _one(m, "TIME", f"{d.isoformat()}T{clock}")


def _h_numeric(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    y = int(m["y"])
    y = R.full_year(y, cx.dct) if len(m["y"]) == 2 else y
    try:
        return _one(m, "DATE", date(y, int(m["m"]), int(m["d"])).isoformat())
    except ValueError:
        return None


def _h_year_dash(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    y1, raw = int(m["y1"]), m["y2"]
    if len(raw) == 2 and 1 <= int(raw) <= 12 and int(raw) != (y1 + 1) % 100:
        return _one(m, "DATE", f"{y1:04d}-{raw}")  # ISO month: 2023-09
    y2 = int(raw) if len(raw) == 4 else y1 // 100 * 100 + int(raw)
    if len(raw) == 2 and y2 <= y1:
        y2 += 100
    if not y1 < y2 <= 2099 or y2 - y1 > 100:
        return None
    s2 = m.start("y2")
    return [
        _Out(m.start("y1"), m.end("y1"), "DATE", f"{y1:04d}"),
        _Out(s2, m.end("y2"), "DATE", f"{y2:04d}"),
    ]


def _month_number(m: re.Match[str]) -> int:
    return R.MONTHS[m["mon"].rstrip(".").lower()]


def _h_day_month(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    month, day = _month_number(m), int(m["day"])
    if m["year"]:
        try:
            return _one(m, "DATE", date(int(m["year"]), month, day).isoformat())
        except ValueError:
            return None
    if m["wdp"] and cx.dct is not None:  # "Monday, Oct. 26": the year it fell on a Monday
        wd = R.WEEKDAYS[m["wdp"].lower()]
        for y in (cx.dct.year, cx.dct.year - 1, cx.dct.year + 1):
            with contextlib.suppress(ValueError):
                if date(y, month, day).isoweekday() == wd:
                    return _one(m, "DATE", date(y, month, day).isoformat())
    if (year := cx.year_for(month, m.start(), m.end())) is not None:
        with contextlib.suppress(ValueError):
            return _one(m, "DATE", date(year, month, day).isoformat())
    closed = bound_before(cx.text, m.start()) == "ended"  # "the quarter ended Oct. 31"
    value = R.resolve_day(cx.dct, month, day, cx.tense(m.start(), m.end()), closed=closed)
    return _one(m, "DATE", value, guess=True)


def _h_my(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    return _one(m, "DATE", f"{int(m['year']):04d}-{_month_number(m):02d}", point=True)


def _h_month(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    name = m["mon"].rstrip(".")
    if name.lower() not in {n.lower() for n in R.MONTH_NAMES} or name.endswith("."):
        return None  # bare abbreviations ("Jan") are names more often than months
    month, rel = _month_number(m), (m["rel"] or "").lower()
    if m["yrel"] and cx.dct is not None:  # "June last year"
        shifted = cx.dct.year + {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
        return _one(m, "DATE", f"{shifted:04d}-{month:02d}", point=True)
    if spoken := P.SPOKEN_AFTER.match(cx.text, m.end()):  # "January nineteen ninety-seven"
        value = f"{_spoken_value(spoken):04d}-{month:02d}"
        return [_Out(m.start(), spoken.end(), "DATE", value, point=True)]
    prev = cx.prev_word(m.start())
    context = bool(rel) or prev in R.DATE_CONTEXT
    if not context:
        nxt = cx.next_word(m.end())
        if name == "May" or (nxt[:1].isupper() and nxt.lower() not in R.WEEKDAYS):
            return None  # "May" the modal verb, "April Ryan" the person
    if not rel and (year := cx.year_for(month, m.start(), m.end())) is not None:
        value = f"{year:04d}-{month:02d}"
    elif not rel:
        value = R.resolve_month(cx.dct, month, cx.tense(m.start(), m.end()))
        return _one(m, "DATE", value, point=True, guess=True)
    elif cx.dct is None:
        value = f"XXXX-{month:02d}"
    elif rel == "this":
        value = f"{cx.dct.year:04d}-{month:02d}"
    elif rel in ("last",) or rel.endswith("past"):
        value = f"{cx.dct.year - (month >= cx.dct.month):04d}-{month:02d}"
    else:
        value = f"{cx.dct.year + (month <= cx.dct.month):04d}-{month:02d}"
    return _one(m, "DATE", value, point=True)


def _h_era_year(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "241 BC" -> BC0241 (TIMEX3's era prefix); "AD 9" -> 0009."""
    year = int(m["year"] or m["year2"])
    if year == 0:
        return None
    era = (m["era"] or m["era2"]).replace(".", "")
    return _one(m, "DATE", f"BC{year:04d}" if era.startswith("B") else f"{year:04d}", point=True)


def _spoken_value(m: re.Match[str]) -> int:
    """The year of a ``P.SPOKEN_AFTER``/``spoken_year`` match."""
    if m["k"]:
        return 2000 + int(R.NUMBER_WORDS.get((m["ku"] or "").lower(), 0))
    century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m["c"].lower()]
    rest = R.NUMBER_WORDS[m["t"].lower()] + R.NUMBER_WORDS.get((m["u"] or "").lower(), 0)
    return century * 100 + int(rest)


def _h_spoken_year(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """Years said in words, as broadcast transcripts write them: "nineteen ninety-six"."""
    nxt = cx.next_word(m.end()).lower()
    if nxt in R.COUNT_NOUNS or R.unit(nxt.rstrip("s")) in R.UNITS:
        return None  # "two thousand people", "more than two thousand years"
    if m["k"] and not (m["the"] or cx.prev_word(m.start()) in R.DATE_CONTEXT):
        return None
    return _one(m, "DATE", f"{_spoken_value(m):04d}", point=True)


def _h_year_word(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    return _one(m, "DATE", m["year"], point=True)


def _h_year(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    start, end = m.span()
    prev = cx.prev_word(start)
    determiner = prev in ("the", "a", "an", "its", "his", "her", "their", "our", "this", "that")
    ok = prev in R.DATE_CONTEXT or determiner or prev.endswith(("'s", "’s"))
    ok = ok or cx.initial(start) or cx.text[max(0, start - 1) : start] == "("
    if not ok:
        return None
    if not determiner:  # "1998 people" counts people
        nxt = cx.next_word(end)
        if nxt.lower() in R.COUNT_NOUNS or nxt.lower() in ("percent", "per"):
            return None
        if cx.tagged and nxt:
            span = cx.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and span.end < len(cx.doc):
                after = cx.doc[span.end]
                if after.tag_ in ("NNS", "NNPS") and after.head.i != span.root.head.i:
                    return None
    return _one(m, "DATE", m["year"], point=True)


def _h_decade(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    pm = (m["pm"] or "").lower()
    listed = cx.prev_word(m.start()) in ("and", "or", "to", "through") and any(
        R.DECADE_VALUE.fullmatch(o.value) for o in cx.outs[-1:]
    )  # "the 1980s and 1990s"
    if not (m["the"] or m["ap"] or pm == "mid" or (pm and m["cent"]) or listed):
        return None  # "That 70s Show", "in his 50s"
    if m["cent"]:
        value = f"{m['cent']}{m['d2']}"
    else:
        digit = int(m["d1"] or m["d3"])
        value = f"{R.century_of_decade(digit, cx.dct):02d}{digit}"
    return _one(m, "DATE", value, mod=R.POINT_PREFIX_MODS.get(pm), point=not pm)


def _h_decade_word(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    digit = R.DECADE_WORDS.index(m["w"].lower()) + 2
    pm = (m["pm"] or "").lower()
    value = f"{R.century_of_decade(digit, cx.dct):02d}{digit}"
    return _one(m, "DATE", value, mod=R.POINT_PREFIX_MODS.get(pm), point=not pm)


def _h_century(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    n = int(m["n"]) if m["n"] else R.ORDINALS.get(m["w"].lower(), 0)
    if not 1 <= n <= 21:
        return None
    pm = (m["pm"] or "").lower()
    return _one(m, "DATE", f"{n - 1:02d}", mod=R.POINT_PREFIX_MODS.get(pm), point=not pm)


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
    if code == "Q" and not m["ago"] and not value.startswith("X"):
        cx.quarter = value
    the = re.match(r"the\s+", m.group(0), re.IGNORECASE)
    if the and m.group(0)[m.start("unit") - m.start() - 1] == "-" and m.end() == m.end("unit"):
        # "the third-quarter results": the article belongs to the noun, not to the timex
        return [_Out(m.start() + the.end(), m.end(), "DATE", value, point=True)]
    return _one(m, "DATE", value, point=True)


def _last_quarter(cx: _Ctx) -> str | None:
    """The quarter named last ("2023-Q3"), the anchor of "the quarter" and "a year ago"."""
    return cx.quarter


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
    else:
        prev = cx.dct.month - 3
        reported = f"{cx.dct.year - (prev < 1):04d}-Q{(prev - 1) % 12 // 3 + 1}"
        base = _last_quarter(cx) or reported
    year = int(base[:4]) - ("year-" in mods)
    if m["year"]:
        year = int(m["year"])
    return _one(m, "DATE", f"{year:04d}-{base[5:]}")


def _h_year_ago_adj(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "year-earlier profit": the quarter named last, a year back, else last year."""
    if (quarter := _quarter_back(cx, "year", 1.0)) is not None:
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
    if m["q"] == "Q" and not value.startswith("X"):
        cx.quarter = value
    return _one(m, "DATE", value, point=True)


def _h_fiscal(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    y = m["year"]
    year = R.full_year(int(y), cx.dct) if len(y) == 2 else int(y)
    return _one(m, "DATE", f"{year:04d}", point=True)


def _h_season(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    code = R.SEASONS[m["s"].lower()]
    if m["year"]:
        return _one(m, "DATE", f"{m['year']}-{code}", point=True)
    if spoken := P.SPOKEN_AFTER.match(cx.text, m.end()):  # "the winter of nineteen ninety-four"
        value = f"{_spoken_value(spoken):04d}-{code}"
        return [_Out(m.start(), spoken.end(), "DATE", value, point=True)]
    if m["s"].lower() == "fall" and cx.tagged and _is_verb(cx, m.start("s"), m.end("s")):
        return None  # "prices are expected to fall"
    rel = " ".join((m["rel"] or "").lower().split())
    nxt = cx.next_word(m.end()).lower()
    if rel == "the":
        if nxt == "of":
            return None  # "the fall of Rome"
        rel = ""
    elif not rel and cx.prev_word(m.start()) not in R.DATE_CONTEXT:
        return None
    if not rel and (year := cx.story_year(R.SEASON_START[code])) is not None:
        return _one(m, "DATE", f"{year:04d}-{code}", point=True)
    tense = cx.tense(m.start(), m.end()) if not rel else PRESENT
    return _one(m, "DATE", R.season_value(cx.dct, code, rel, tense), point=True, guess=not rel)


def _is_verb(cx: _Ctx, start: int, end: int) -> bool:
    span = cx.doc.char_span(start, end)
    return span is not None and span.root.pos_ in ("VERB", "AUX")


def _h_weekday(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    wd = R.WEEKDAYS[m["wd"].lower()]
    part = R.PARTS_OF_DAY.get((m["part"] or "").lower())
    t = f"T{part}" if part else ""
    rel = " ".join((m["rel"] or "").lower().split())
    if m["pl"] or (part and m.group(0).endswith("s")):
        return None if rel else _one(m, "SET", f"XXXX-WXX-{wd}{t}")
    if rel in ("last", "past", "this past"):
        value = R.resolve_weekday(cx.dct, wd, PAST, strict=True)
    elif rel in ("next", "coming", "this coming"):
        value = R.resolve_weekday(cx.dct, wd, FUTURE, strict=True)
    else:
        tense = cx.tense(m.start(), m.end())
        if tense == PRESENT and _past_possessive(m, cx):
            tense = PAST  # "Thursday's ruling" reports an event; "ahead of Sunday's vote" not
        value = R.resolve_weekday(cx.dct, wd, tense)
    return _one(m, "TIME" if part else "DATE", value + t, point=True)


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
    n = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}[word]
    part = "NI" if word == "tonight" else R.PARTS_OF_DAY.get((m["part"] or "").lower())
    if part:
        return _one(m, "TIME", f"{R.shift('day', n, cx.dct)}T{part}", point=True)
    return _one(m, "DATE", R.shift("day", n, cx.dct), point=True)


def _h_thispart(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    rel, part = m["rel"].lower(), m["part"].lower()
    if rel == "last" and part not in ("night", "evening"):
        return None
    day = R.shift("day", -1 if rel == "last" else 0, cx.dct)
    return _one(m, "TIME", f"{day}T{R.PARTS_OF_DAY[part]}", point=True)


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
        return _one(m, "DURATION", R.duration(1, unit), measure=True)
    if rel in R.ANAPHORIC and (the or (rel == "next" and unit == "day")):
        if (
            rel == "next"
            and unit != "day"
            and not any(o.type == "DATE" and R.YEAR_VALUE.match(o.value) for o in cx.outs)
        ):
            return _one(m, "DURATION", R.duration(1, unit), measure=True)  # "over the next year"
        return _one(m, "DATE", R.shift(unit, R.ANAPHORIC[rel], cx.anchor(unit)), point=True)
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


def _h_the_year(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "For the year, sales rose": the DCT's year, or the story's in a narrative; "the year
    ended Sept. 30" is the twelve months up to that date (a DURATION, as TimeBank tags it)."""
    if m["y"] == "Year" and cx.prev_word(m.start()) == "of":
        return None  # "Player of the Year"
    if m["ended"]:
        return _one(m, "DURATION", "P1Y")
    year = cx.story_year(6) or (cx.dct.year if cx.dct else None)
    mod = {"ea": "START", "la": "END"}.get((m["pm"] or "")[:2].lower())  # early(er), late(r)
    return _one(m, "DATE", f"{year:04d}" if year else "XXXX", mod=mod, point=not mod)


def _h_year_end(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "by year-end", "at year's end": the end of the DCT's year, or the story's."""
    year = cx.story_year(12) or (cx.dct.year if cx.dct else None)
    return _one(m, "DATE", f"{year:04d}" if year else "XXXX", mod="END")


def _h_end_of(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    mod = R.POINT_PREFIX_MODS[m["pm"].lower()]
    unit = m["unit"].lower()
    base = cx.anchor(unit) if cx.story_year(1) is not None else cx.dct  # a story's own month
    return _one(m, "DATE", R.shift(unit, 0, base), mod=mod)


def _h_that(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    part = R.PARTS_OF_DAY.get((m["part"] or "").lower())
    if part:
        return _one(m, "TIME", f"{R.shift('day', 0, cx.anchor('day'))}T{part}")
    unit = R.unit(m["unit"])
    if unit in ("second", "minute", "hour", "fortnight"):
        return None
    return _one(m, "DATE", R.shift(unit, 0, cx.anchor(unit)), point=True)


def _h_the_unit_before(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    n = 1 if m["dir"].lower() == "after" else -1
    part = R.PARTS_OF_DAY.get((m["part"] or "").lower())
    if part:
        return _one(m, "TIME", f"{R.shift('day', n, cx.anchor('day'))}T{part}")
    unit = R.unit(m["unit"])
    if unit in ("second", "minute", "hour", "fortnight"):
        return None
    return _one(m, "DATE", R.shift(unit, n, cx.anchor(unit)))


def _h_ago(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    unit, n = R.unit(m["unit"]), R.number(m["q"])
    if unit == "weekend":
        return None
    if n is None or (m["q"] is None and m["pl"]):
        return _one(m, "DATE", "PAST_REF", measure=True)
    if (quarter := _quarter_back(cx, unit, n)) is not None:
        return _one(m, "DATE", quarter, measure=True)
    return _one(m, "DATE", R.offset(unit, -n, cx.dct), measure=True)


def _quarter_back(cx: _Ctx, unit: str, n: float) -> str | None:
    """ "a year ago" in an earnings story is the same quarter a year back (TimeML granularity)."""
    if unit != "year" or not n.is_integer() or (base := _last_quarter(cx)) is None:
        return None
    return f"{int(base[:4]) - int(n):04d}{base[4:]}"


def _h_later(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    unit, n = R.unit(m["unit"]), R.number(m["q"])
    if unit == "weekend" or (m["q"] is None and not m["pl"]):
        return None  # "the day later" is not a count
    n = None if m["q"] is None else n  # "months later"
    sign = 1 if m["dir"].lower() == "later" else -1
    if n is None:  # "a few days later": after the story's time, by an unknown amount
        return _one(m, "DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", measure=True)
    if sign < 0 and (quarter := _quarter_back(cx, unit, n)) is not None:
        return _one(m, "DATE", quarter, measure=True)
    anchor_unit = "day" if unit in ("second", "minute", "hour", "fortnight", "week") else unit
    return _one(m, "DATE", R.offset(unit, sign * n, cx.anchor(anchor_unit)), measure=True)


def _adjectives_ok(m: re.Match[str], cx: _Ctx) -> bool:
    words = m["adj"].split()
    if not words:
        return True
    if any(w.lower() in R.STOP or w.lower() in R.NUMBER_WORDS for w in words):
        return False
    if any(w.lower() in ("hundred", "thousand", "million", "billion") for w in words):
        return False  # "two thousand years": a count we do not read
    if any(w.lower() in R.ANAPHORIC or w.lower() in R.RELATIVE_WORDS for w in words):
        return False  # "300,000 last year" counts something else, then names a year
    if not cx.tagged:
        return all(w.islower() for w in words)
    span = cx.doc.char_span(m.start("adj"), m.end("adj"), alignment_mode="expand")
    return span is not None and all(
        t.pos_ in ("ADJ", "ADV") or t.tag_ in ("VBN", "VBG") or t.is_space for t in span
    )


def _h_duration(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    unit, q = R.unit(m["unit"]), m["q"]
    n = R.number(q) if q else None
    if q is None:
        if not m["pl"]:
            return None
        if not m["rel"]:  # bare "years": only "for years", "years of talks"
            after = cx.next_word(m.end()).lower()
            if cx.prev_word(m.start()) not in R.DURATION_CONTEXT and after != "of":
                return None
            if m["the"]:  # "in the weeks before": TimeBank leaves "the" out
                value = R.duration(None, unit)
                return [_Out(m.start("unit"), m.end(), "DURATION", value, measure=True)]
        return _one(m, "DURATION", R.duration(None, unit), measure=True)
    low = " ".join(q.lower().split())
    if re.fullmatch(r"1\d{3}|20\d{2}", low) and unit in ("second", "quarter"):
        return None  # "the 1988 second quarter" is a year, not 1988 seconds
    if (low in ("a", "an") and m["pl"]) or (low == "recent" and not m["pl"]):
        return None
    if m["adj"].strip() and unit not in ("year", "month", "quarter", "decade", "century"):
        return None  # "a good day" is not a measured day
    if not _adjectives_ok(m, cx):
        return None
    if unit == "second" and not m["pl"] and not q[0].isdigit():
        after = cx.text[m.end() : m.end() + 12].lower()
        if not re.match(r"\s*(?:[.,;:!?)]|$|ago|later|earlier)", after):
            return None  # "a second term"
    if (
        low in ("a", "an")
        and not m["adj"].strip()
        and R.AMOUNT_BEFORE.search(cx.text, max(0, m.start() - 40), m.start())
    ):
        return _one(m, "SET", R.duration(1, unit))  # "$5 million a year"
    if low in ("a", "an", "one") and unit == "weekend":
        return None
    if m["half"] and n is not None:
        n += 0.5  # "a minute and a half"
    return _one(m, "DURATION", R.duration(n, unit), measure=True)


def _h_hyphen_duration(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    n = R.number(m["q"])
    return _one(m, "DURATION", R.duration(n, R.unit(m["unit"])))


def _h_set_every(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if m["wd"]:
        return _one(m, "SET", f"XXXX-WXX-{R.WEEKDAYS[m['wd'].lower()]}")
    if m["s"]:
        return _one(m, "SET", f"XXXX-{R.SEASONS[m['s'].lower()]}")
    if m["mon"]:
        if m["mon"].rstrip(".").lower() not in {n.lower() for n in R.MONTH_NAMES}:
            return None
        return _one(m, "SET", f"XXXX-{_month_number(m):02d}")
    if m["part"]:
        return _one(m, "SET", f"XXXX-XX-XXT{R.PARTS_OF_DAY[m['part'].lower()]}")
    n = R.number(m["q"])
    n = 2.0 if m["other"] and n == 1.0 else n
    return _one(m, "SET", R.duration(n, R.unit(m["unit"])))


def _h_set_times(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    return _one(m, "SET", R.duration(1, R.unit(m["unit"])))


def _h_set_adverb(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    word = m["adv"]
    if word[0].isupper() and not cx.initial(m.start()):
        return None  # "the Daily Mail"
    nxt = cx.next_word(m.end())
    if nxt.isalpha() and nxt.islower() and nxt not in R.STOP:
        span = cx.doc.char_span(m.start(), m.end()) if cx.tagged else None
        if span is None or span.end >= len(cx.doc) or cx.doc[span.end].pos_ in ("NOUN", "ADJ"):
            return None  # "quarterly earnings" is an adjective, not a SET
    return _one(m, "SET", R.SET_ADVERBS[word.lower()])


def _clock(m: re.Match[str], cx: _Ctx, clock: str) -> list[_Out] | None:
    day = R.shift("day", 0, cx.dct)
    return _one(m, "TIME", f"{day}T{clock}", measure=True, clock=clock)


def _h_clock(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    h, mi = int(m["h"]) % 12, int(m["mi"] or 0)
    h += 12 if m["ap"].lower() == "p" else 0
    return _clock(m, cx, f"{h:02d}:{mi:02d}")


def _h_clock24(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if not m["tz"].strip() and cx.prev_word(m.start()) not in R.CLOCK_CONTEXT:
        return None
    return _clock(m, cx, f"{int(m['h']):02d}:{m['mi']}")


def _h_noon(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    return _clock(m, cx, "24:00" if m["w"].lower() == "midnight" else "12:00")


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
    if m["past"]:
        return None if re.match(r"\s+of\b", after) else _one(m, "DATE", "PAST_REF")
    word = m.group(0).lower()
    if word == "soon" and (before.endswith("as ") or re.match(r"\s+(?:as|after|there)", after)):
        return None
    if word.startswith("the") and re.match(r"\s+of\b", after):
        return None  # "the future of the company"
    return _one(m, "DATE", "FUTURE_REF")


def _h_holiday(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    name = " ".join(m["h"].lower().split())
    if name in R.MOVEABLE_HOLIDAYS:
        return _moveable_holiday(m, cx, *R.MOVEABLE_HOLIDAYS[name])
    month, day = R.HOLIDAYS[name]
    if m["year"]:
        return _one(m, "DATE", f"{m['year']}-{month:02d}-{day:02d}")
    value = R.resolve_day(cx.dct, month, day, cx.tense(m.start(), m.end()))
    return _one(m, "DATE", value, guess=True)


def _moveable_holiday(
    m: re.Match[str], cx: _Ctx, month: int, weekday: int, n: int
) -> list[_Out] | None:
    """Thanksgiving and the like: that year's date, or by tense the one before/after the DCT."""
    if m["year"]:
        return _one(m, "DATE", R.nth_weekday(int(m["year"]), month, weekday, n).isoformat())
    if cx.dct is None:
        return None
    days = [R.nth_weekday(y, month, weekday, n) for y in range(cx.dct.year - 1, cx.dct.year + 2)]
    tense = cx.tense(m.start(), m.end())
    past = [d for d in days if d <= cx.dct]
    future = [d for d in days if d >= cx.dct]
    if tense == FUTURE or (tense == PRESENT and (future[0] - cx.dct) < (cx.dct - past[-1])):
        return _one(m, "DATE", future[0].isoformat())
    return _one(m, "DATE", past[-1].isoformat())


_h_mdy = _h_dmy = _h_day_month
#: one handler per rule, by naming convention: rule "year" is handled by ``_h_year``
_RULES: list[tuple[re.Pattern[str], Handler]] = [
    (pattern, cast(Handler, globals()[f"_h_{name}"])) for name, pattern in P.RULES
]


_TRIGGERS = [P.TRIGGERS.get(name) for name, _ in P.RULES]


def _search(
    pattern: re.Pattern[str], trigger: re.Pattern[str] | None, text: str, low: str, pos: int
) -> re.Match[str] | None:
    """``pattern.search(text, pos)``, but only near occurrences of the rule's trigger."""
    if trigger is None or not low:
        return pattern.search(text, pos)
    while (t := trigger.search(low, pos)) is not None:
        m = pattern.search(text, max(pos, t.start() - 80), t.end() + 80)
        full = pattern.match(text, m.start()) if m else None
        if full is not None:
            return full
        pos = (m.start() if m else t.start()) + 1
    return None


def _tag(doc: Doc, dct: date | None) -> tuple[list[Timex], list[tuple[str, str]]]:
    if isinstance(dct, datetime):
        dct = dct.date()
    cx = _Ctx(doc, dct)
    text = cx.text
    # One pending match per rule, leftmost first; a rejected or overlapped match makes its
    # rule search again just after it, so shorter matches inside it are not lost.
    heap: list[tuple[int, int, int, re.Match[str]]] = []

    low = text.lower()
    low = low if len(low) == len(text) else ""  # offsets must agree to use the triggers

    def push(order: int, pos: int) -> None:
        pattern, trigger = _RULES[order][0], _TRIGGERS[order]
        while pos <= len(text) and (m := _search(pattern, trigger, text, low, pos)):
            if m.end() > m.start():
                heapq.heappush(heap, (m.start(), -m.end(), order, m))
                return
            pos = m.start() + 1

    for order in range(len(_RULES)):
        push(order, 0)
    last_end = 0
    while heap:
        start, _, order, m = heapq.heappop(heap)
        if start < last_end:
            push(order, max(start + 1, last_end))
            continue
        outs = _RULES[order][1](m, cx)
        if not outs:
            push(order, start + 1)
            continue
        if len(outs) == 1:
            outs = [with_modifiers(outs[0], cx, last_end)]
        cx.outs.extend(outs)
        last_end = max(o.end for o in outs)
        push(order, last_end)
    outs = range_starts(attach_clocks(cx.outs, text), text)
    timexes: list[Timex] = []
    for k, o in enumerate(outs, 1):
        sentence = max(0, bisect_right(cx.sent_starts, o.start) - 1)
        when = when_for_value(o.value, dct=dct, mod=o.mod) if o.type in ("DATE", "TIME") else None
        timexes.append(
            Timex(
                f"t{k}",
                text[o.start : o.end],
                o.start,
                o.end,
                sentence,
                o.type,
                o.value,
                o.mod,
                when,
            )
        )
    pairs = [(timexes[i].tid, timexes[j].tid) for i, j in ranges(outs, text)]
    return timexes, pairs


def tag_timexes(doc: Doc, dct: date) -> tuple[list[Timex], list[tuple[str, str]]]:
    """Timexes in text order (tids "t1", "t2", ...) and ranges as (start tid, end tid)."""
    return _tag(doc, dct)


class TimexTagger:
    """Pipeline component: reads ``doc._.dct`` and sets ``doc._.timexes``/``timex_ranges``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        dct = doc._.dct
        day = dct.date() if isinstance(dct, datetime) else dct if isinstance(dct, date) else None
        timexes, ranges = _tag(doc, day)
        doc._.timexes = timexes
        doc._.timex_ranges = ranges
        return doc


@Language.factory(
    "dateline_timex",
    requires=["token.tag", "token.dep", "doc.sents"],
    assigns=["doc._.timexes", "doc._.timex_ranges"],
)
def make_timex_tagger(nlp: Language, name: str) -> TimexTagger:
    """Registered as ``dateline_timex``; stateless, so nothing to configure or serialise."""
    return TimexTagger(nlp, name)
