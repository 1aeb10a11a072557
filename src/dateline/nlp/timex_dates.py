"""Timex handlers for calendar dates: ISO and numeric dates, day-month, months, years
(digits, words, eras), decades, centuries, seasons and holidays.

Each ``_h_NAME`` handles rule NAME of ``timex_patterns.RULES`` (match + context -> outputs, or
None to reject); ``HANDLERS`` maps rule names to them for the tagger in ``dateline.nlp.timex``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import date, timedelta

from dateline.nlp import timex_patterns as P
from dateline.nlp import timex_rules as R
from dateline.nlp.timex_ctx import FUTURE, PAST, PRESENT, Handler
from dateline.nlp.timex_ctx import Ctx as _Ctx
from dateline.nlp.timex_ctx import Out as _Out
from dateline.nlp.timex_ctx import one as _one
from dateline.nlp.timex_story import bound_before, season_year_ahead, year_ahead

__all__ = ["HANDLERS", "month_number"]


def month_number(m: re.Match[str]) -> int:
    return R.MONTHS[m["mon"].rstrip(".").lower()]


def _spoken_value(m: re.Match[str]) -> int:
    """The year of a ``P.SPOKEN_AFTER``/``spoken_year`` match."""
    if m["k"]:
        return 2000 + int(R.NUMBER_WORDS.get((m["ku"] or "").lower(), 0))
    century = {"eighteen": 18, "nineteen": 19, "twenty": 20}[m["c"].lower()]
    rest = R.NUMBER_WORDS[m["t"].lower()] + R.NUMBER_WORDS.get((m["u"] or "").lower(), 0)
    return century * 100 + int(rest)


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


def _h_dotted(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "05.09.2023" (day, month, year: dots are European) and "2023.09.05"."""
    if cx.prev_word(m.start()) in ("version", "v", "release", "build"):
        return None  # "version 1.2.2023"
    y, mo, d = (m["y"], m["m"], m["d"]) if m["y"] else (m["y2"], m["m2"], m["d2"])
    try:
        return _one(m, "DATE", date(int(y), int(mo), int(d)).isoformat())
    except ValueError:
        return None


def _h_year_apos(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "in '98", "since '05": the year of that century nearest the DCT's."""
    return _one(m, "DATE", f"{R.full_year(int(m['yy']), cx.dct):04d}", point=True)


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


def _referred_year(m: re.Match[str], cx: _Ctx) -> int | None:
    """The year "of that year", "of the following year" points to: the last resolved date's
    (before the common era too), moved by one for "following"/"previous"; None when unknown."""
    word = m["yref"].split()[-1].lower()
    n = {"following": 1, "next": 1, "previous": -1, "preceding": -1}.get(word, 0)
    if (era := cx.era_year()) is not None:
        return era + n if era + n < 0 else None
    anchor = cx.anchor("year")
    return None if anchor is None else anchor.year + n


def _h_day_month(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    month, day = month_number(m), int(m["day"])
    if m["yref"]:  # "July 25 of that year"
        year = _referred_year(m, cx)
        value = R.day_text(year, month, day) if year is not None else None
        return _one(m, "DATE", value or f"XXXX-{month:02d}-{day:02d}")
    if m["year"]:
        try:
            return _one(m, "DATE", date(int(m["year"]), month, day).isoformat())
        except ValueError:
            return None
    if m["wdp"] and cx.dct is not None:  # "Monday, Oct. 26": the year it fell on a Monday
        wd = R.weekday_number(m["wdp"])
        for y in (cx.dct.year, cx.dct.year - 1, cx.dct.year + 1):
            with contextlib.suppress(ValueError):
                if date(y, month, day).isoweekday() == wd:
                    return _one(m, "DATE", date(y, month, day).isoformat())
    if (year := cx.year_for(month, m.start(), m.end())) is not None and (
        value := R.day_text(year, month, day)
    ):
        return _one(m, "DATE", value)
    closed = bound_before(cx.text, m.start()) == "ended"  # "the quarter ended Oct. 31"
    value = R.resolve_day(cx.dct, month, day, cx.tense(m.start(), m.end()), closed=closed)
    return _one(m, "DATE", value, guess=True)


def _written_year(m: re.Match[str], dct: date | None = None) -> str | None:
    """The year written after a month or season: "1943", "BC0480" for "480 BC", and after
    a season "'23" (the year of that century nearest the DCT)."""
    if m["year"]:
        return f"{int(m['year']):04d}"
    if "yy" in m.re.groupindex and m["yy"]:
        return f"{R.full_year(int(m['yy']), dct):04d}"
    return f"BC{int(m['bc']):04d}" if m["bc"] and int(m["bc"]) > 0 else None


_NTH_OF_MONTH = re.compile(r"\s+of\s+(?P<rel>this|last|next|that)\s+month\b", re.IGNORECASE)
_NTH_RANGE = re.compile(
    r"\s*(?:[-–]|to|and|until|through)\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    r"(?P<mon>[A-Z][a-z]+)\.?(?:,?\s+(?P<year>1\d{3}|20\d{2}))?"
)
#: words before "the 5th" that make it a day ("signed on the 5th"), not a rank or a unit
_NTH_DAY_BEFORE = frozenset(("on", "by", "until", "till", "from", "since", "before", "after"))


def _h_nth_day(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "on the 5th": that day of the month the text named last (or of the DCT's month);
    "the 20th of this (last, next, that) month"; not "the 1st Cavalry", "on the 11th floor" or
    "the 13th of October" (another rule)."""
    day = int(m["nth"])
    if of := _NTH_OF_MONTH.match(cx.text, m.end()):  # "the 20th of this month"
        rel = of["rel"].lower()
        base = cx.anchor("month") if rel == "that" else cx.dct
        n = {"last": -1, "next": 1}.get(rel, 0)
        first = R.value_start(R.shift("month", n, base), "month") if base is not None else None
        value = R.day_text(first.year, first.month, day) if first is not None else None
        return [_Out(m.start(), of.end(), "DATE", value or f"XXXX-XX-{day:02d}")]
    if cx.prev_word(m.start()) not in _NTH_DAY_BEFORE:
        return None
    nxt = cx.next_word(m.end())
    if nxt[:1].isupper() or nxt.lower() == "of":
        return None  # "the 1st Cavalry"; "the 13th of October" is another rule's
    if nxt[:1].isalpha() and nxt.lower() not in R.STOP and nxt.lower() not in ("when", "after"):
        return None  # "on the 11th floor", "the 20th century"
    base = cx.anchor("month")
    if (closing := _NTH_RANGE.match(cx.text, m.end())) and (
        month := R.MONTHS.get(closing["mon"].lower())
    ):  # "from the 13th to the 19th of October 1950": the month and year that close it
        year = int(closing["year"]) if closing["year"] else base.year if base else None
        value = R.day_text(year, month, day) if year is not None else None
        return _one(m, "DATE", value or f"XXXX-{month:02d}-{day:02d}")
    named = any(o.type in ("DATE", "TIME") and R.value_start(o.value, "month") for o in cx.outs)
    if not named and cx.dct is not None and 1 <= day <= 31:
        # no month named yet: the DCT's month, or the next one ("will vote on the 1st")
        # or the last one ("died on the 28th") when the tense says the day is on that side
        tense, n = cx.tense(m.start(), m.end()), 0
        if tense == FUTURE and day < cx.dct.day:
            n = 1
        elif tense == PAST and day > cx.dct.day:
            n = -1
        base = R.value_start(R.shift("month", n, cx.dct), "month")
    value = R.day_text(base.year, base.month, day) if base is not None else None
    return _one(m, "DATE", value or f"XXXX-XX-{day:02d}")


def _h_week_of(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "the week of March 6": the ISO week of that day, the day resolved as on its own;
    "the weekend of Oct. 5-6" that week's weekend."""
    found = _h_day_month(m, cx)
    day = R.value_start(found[0].value, "day") if found else None
    if day is None:
        return None
    return _one(m, "DATE", R.week(day) + ("-WE" if m["we"] else ""))


def _h_my(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    year = _written_year(m)
    return None if year is None else _one(m, "DATE", f"{year}-{month_number(m):02d}", point=True)


_MARCH_NAMED = re.compile(r"\s+(?:for|to|on|of|against)\s+(?:the\s+)?(?P<w>[A-Z][\w'’.-]*)")
_CAPITALISED_BEFORE = re.compile(r"(?-i:\b[A-Z][a-z]+)\s+$")
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)


def _march_is_a_name(m: re.Match[str], cx: _Ctx) -> bool:
    """ "March" after a capitalised word inside a sentence ("the Long March", "the Salt
    March"), or "the March" closing a clause ("along the March."), is a march, not a month."""
    before = cx.text[max(0, m.start() - 20) : m.start()]
    if (cap := _CAPITALISED_BEFORE.search(before)) and not cx.initial(m.start() - len(cap[0])):
        word = cap[0].strip().lower()
        return word not in R.DATE_CONTEXT and word not in (*R.MONTHS, *R.WEEKDAYS)
    return bool(_THE_BEFORE.search(before)) and cx.text[m.end() : m.end() + 1] in (".", ",", ";")


def _h_month(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    name = m["mon"].rstrip(".")
    if name.lower() not in {n.lower() for n in R.MONTH_NAMES} or name.endswith("."):
        return None  # bare abbreviations ("Jan") are names more often than months
    month, rel = month_number(m), (m["rel"] or "").lower()
    if m["yref"]:  # "August of that year", "June of the following year"
        year = _referred_year(m, cx)
        value = f"{'XXXX' if year is None else R.year_text(year)}-{month:02d}"
        return _one(m, "DATE", value, point=True)
    if m["yrel"] and cx.dct is not None:  # "June last year"
        shifted = cx.dct.year + {"this": 0, "last": -1, "next": 1}[m["yrel"].lower()]
        return _one(m, "DATE", f"{shifted:04d}-{month:02d}", point=True)
    if spoken := P.SPOKEN_AFTER.match(cx.text, m.end()):  # "January nineteen ninety-seven"
        value = f"{_spoken_value(spoken):04d}-{month:02d}"
        return [_Out(m.start(), spoken.end(), "DATE", value, point=True)]
    named = name.lower() == "march" and _MARCH_NAMED.match(cx.text, m.end())
    if named and named["w"].lower().rstrip(".") not in (*R.MONTHS, *R.WEEKDAYS):
        return None  # "the March for Life", "the March to the Sea": a name
    if name.lower() == "march" and not rel and _march_is_a_name(m, cx):
        return None  # "the Long March", "along the March."
    prev = cx.prev_word(m.start())
    context = bool(rel) or prev in R.DATE_CONTEXT
    if not context and year_ahead(cx.text, m.end(), month) is None:  # "(May-August 1950)"
        nxt = cx.next_word(m.end())
        if name == "May" or (nxt[:1].isupper() and nxt.lower() not in R.WEEKDAYS):
            return None  # "May" the modal verb, "April Ryan" the person
    if not rel and (year := cx.year_for(month, m.start(), m.end())) is not None:
        value = f"{R.year_text(year)}-{month:02d}"
    elif not rel:
        value = R.resolve_month(cx.dct, month, cx.tense(m.start(), m.end()))
        return _one(m, "DATE", value, point=True, guess=True)
    elif rel == "that":  # "closed that April": the April of the story's last year
        last = cx.last_year_month()
        value = f"{'XXXX' if last is None else R.year_text(last[0])}-{month:02d}"
    elif rel.startswith("the "):  # "the previous April": before the story's last month
        base = cx.anchor("month")
        if base is None:
            value = f"XXXX-{month:02d}"
        elif rel.endswith("following"):
            value = f"{base.year + (month <= base.month):04d}-{month:02d}"
        else:
            value = f"{base.year - (month >= base.month):04d}-{month:02d}"
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


def _between_adjective_and_noun(m: re.Match[str], cx: _Ctx) -> bool:
    """ "his unsuccessful 1996 campaign": a year modifying a singular noun after an
    adjective (a count would need a plural noun)."""
    if not cx.tagged:
        return False
    span = cx.doc.char_span(m.start(), m.end())
    if span is None or span.start == 0 or span.end >= len(cx.doc):
        return False
    before, after = cx.doc[span.start - 1], cx.doc[span.end]
    return before.tag_ in ("JJ", "JJR", "JJS") and after.tag_ in ("NN", "NNP")


def _opens_year_range(m: re.Match[str], cx: _Ctx) -> bool:
    """ "covers 2024 to 2028", "in 1994, 1995 and 1997": a number followed by "to" or "and"
    and a later year (within a century) is a year too."""
    r = R.YEAR_RANGE_AFTER.match(cx.text, m.end())
    return r is not None and 0 < int(r["y2"]) - int(m["year"]) <= 100


def _h_year(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    start, end = m.span()
    prev = cx.prev_word(start)
    determiner = prev in ("the", "a", "an", "its", "his", "her", "their", "our", "this", "that")
    approx = prev in ("about", "approximately", "roughly")  # "founded about 1910"
    ok = prev in R.DATE_CONTEXT or determiner or approx or prev.endswith(("'s", "’s"))
    ok = ok or cx.initial(start) or cx.text[max(0, start - 1) : start] == "("
    ok = ok or prev in R.PERIOD_VERBS or _opens_year_range(m, cx)
    if not ok and not _between_adjective_and_noun(m, cx):
        return None
    nxt = cx.next_word(end)
    if not determiner and prev not in ("pre", "post", "mid") and nxt.lower() not in R.YEAR_NOUNS:
        # "1998 people" counts people; "from 2019 levels" is a year
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
    value = f"{'BC' if m['era'] else ''}{n - 1:02d}"  # "the 4th century BC" is BC03
    return _one(m, "DATE", value, mod=R.POINT_PREFIX_MODS.get(pm), point=not pm)


def _h_century_turn(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "the turn of the century": the turn of a century nearest the story's last year (or
    the DCT), "of the 20th century" 1900, as an approximate year; "by mid-century" the middle
    of the century the text is in."""
    base = cx.anchor("year")
    if m["mid"]:
        if cx.prev_word(m.start()) not in R.DATE_CONTEXT or base is None:
            return None  # "mid-century furniture" is a style
        return _one(m, "DATE", f"{base.year // 100:02d}", mod="MID")
    if m["n"] or m["w"]:
        n = int(m["n"]) if m["n"] else R.ORDINALS.get(m["w"].lower(), 0)
        year = (n - 1) * 100 if 1 <= n <= 21 else None
    else:
        year = None if base is None else (base.year + 49) // 100 * 100
    if year is None:
        return None
    return _one(m, "DATE", f"{year:04d}", mod="APPROX")


def _is_verb(cx: _Ctx, start: int, end: int) -> bool:
    span = cx.doc.char_span(start, end)
    return span is not None and span.root.pos_ in ("VERB", "AUX")


def _h_season(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    code = R.SEASONS[m["s"].lower()]
    if written := _written_year(m, cx.dct):  # "the spring of 1943", "the spring of 480 BC"
        return _one(m, "DATE", f"{written}-{code}", point=True)
    if spoken := P.SPOKEN_AFTER.match(cx.text, m.end()):  # "the winter of nineteen ninety-four"
        value = f"{_spoken_value(spoken):04d}-{code}"
        return [_Out(m.start(), spoken.end(), "DATE", value, point=True)]
    if m["s"].lower() == "fall" and cx.tagged and _is_verb(cx, m.start("s"), m.end("s")):
        return None  # "prices are expected to fall"
    rel = " ".join((m["rel"] or "").lower().split())
    if rel in ("the next", "the following"):  # "the next spring": after the story's last date
        return _one(m, "DATE", _season_after(code, cx), point=True)
    if rel in ("", "the") and (year := season_year_ahead(cx.text, m.end())) is not None:
        return _one(m, "DATE", f"{year:04d}-{code}", point=True)  # "summer and autumn 1918"
    nxt = cx.next_word(m.end()).lower()
    if rel == "the":
        if nxt == "of":
            return None  # "the fall of Rome"
        rel = ""
    elif not rel and cx.prev_word(m.start()) not in R.DATE_CONTEXT:
        return None
    if not rel and (year := cx.story_year(R.SEASON_START[code])) is not None:
        return _one(m, "DATE", f"{R.year_text(year)}-{code}", point=True)
    tense = cx.tense(m.start(), m.end()) if not rel else PRESENT
    return _one(m, "DATE", R.season_value(cx.dct, code, rel, tense), point=True, guess=not rel)


def _season_after(code: str, cx: _Ctx) -> str:
    """The first season ``code`` after the last date the text named (its year's, or the next
    year's once the season has begun), before the common era too; a year alone counts from
    its start."""
    last = cx.last_year_month() or (None if cx.dct is None else (cx.dct.year, cx.dct.month))
    if last is None:
        return f"XXXX-{code}"
    year, month = last
    if month is None and cx.outs and cx.outs[-1].mod == "END":
        month = 12  # "late 2019 ... the following spring" counts from the year's end
    if month is not None and month >= R.SEASON_START[code]:
        year += 1
    return f"{R.year_text(year)}-{code}"


_POSSESSOR = re.compile(r"\w['’]s\s+$")


def _h_holiday(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    name = " ".join(m["h"].lower().split())
    if name in R.MOVEABLE_HOLIDAYS:
        month, weekday, n = R.MOVEABLE_HOLIDAYS[name]
        after = R.DAYS_AFTER.get(name, 0)
        return _moveable_holiday(
            m, cx, lambda y: R.nth_weekday(y, month, weekday, n) + timedelta(days=after)
        )
    if name in R.EASTER_OFFSETS:
        if name == "easter" and cx.next_word(m.end())[:1].isupper():
            return None  # "Easter Island", "the Easter Rising": names
        week = name.endswith("week")  # from its Monday, so a week begun is this one
        shift = R.EASTER_OFFSETS[name] - 6 * week
        return _moveable_holiday(m, cx, lambda y: R.easter(y) + timedelta(days=shift), week=week)
    if name == "independence day" and _POSSESSOR.search(cx.text, max(0, m.start() - 30), m.start()):
        return None  # "Ukraine's Independence Day" is not the Fourth of July
    month, day = R.HOLIDAYS[name]
    if m["year"]:
        return _one(m, "DATE", f"{m['year']}-{month:02d}-{day:02d}")
    if (year := cx.year_for(month, m.start(), m.end())) is not None:  # a story's Christmas
        return _one(m, "DATE", R.day_text(year, month, day))
    value = R.resolve_day(cx.dct, month, day, cx.tense(m.start(), m.end()))
    return _one(m, "DATE", value, guess=True)


def _moveable_holiday(
    m: re.Match[str], cx: _Ctx, day: Callable[[int], date], *, week: bool = False
) -> list[_Out] | None:
    """Thanksgiving, Easter and the like (``day`` gives a year's date): that year's, or by
    tense the one before/after the DCT; "Easter week" is the ISO week of the day."""

    def value(d: date) -> str:
        return R.week(d) if week else d.isoformat()

    if m["year"]:
        return _one(m, "DATE", value(day(int(m["year"]))))
    if cx.dct is None:
        return None
    days = [day(y) for y in range(max(1, cx.dct.year - 1), min(9999, cx.dct.year + 1) + 1)]
    tense = cx.tense(m.start(), m.end())
    past = [d for d in days if d <= cx.dct]
    future = [d for d in days if d >= cx.dct]
    if not past or not future:  # a DCT at the edge of the calendar (year 1 or 9999)
        return _one(m, "DATE", value((past or future)[-1 if past else 0]))
    if tense == FUTURE or (tense == PRESENT and (future[0] - cx.dct) < (cx.dct - past[-1])):
        return _one(m, "DATE", value(future[0]))
    return _one(m, "DATE", value(past[-1]))


_h_mdy = _h_dmy = _h_day_month
_MONTH_RULES = [(p, name) for name, p in P.RULES if name in ("my", "month")]


def _month_alone(cx: _Ctx, at: int) -> tuple[int, int, int] | None:
    """(year, month, end) of the month written at ``at``, read as it would be alone (by its
    year, or the story and tense); None when it is not a month."""
    for pattern, name in _MONTH_RULES:
        month = pattern.match(cx.text, at)
        outs = month and HANDLERS[name](month, cx)
        if month and outs and (ym := R.MONTH_VALUE.match(outs[0].value)):
            return int(ym[1]), int(ym[2]), month.end()
    return None


def _h_day_of(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "the last day of June", "the first day of May 2021": that day of the month."""
    if (found := _month_alone(cx, m.end())) is None:
        return None
    year, mon, end = found
    first = date(year, mon, 1)
    last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    day = first if m["ord"].lower() == "first" else last
    return [_Out(m.start(), end, "DATE", day.isoformat(), point=True)]


_QUARTER_AFTER = re.compile(r"\s+quarter\b(?!-)", re.IGNORECASE)


def _h_month_quarter(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "the June quarter", "the September 2023 quarter": the calendar quarter ending in
    that month (a quarter's last month names it in earnings news)."""
    found = _month_alone(cx, m.start("mon"))
    tail = _QUARTER_AFTER.match(cx.text, found[2]) if found and found[1] % 3 == 0 else None
    if found is None or tail is None:
        return None
    year, mon, _ = found
    return [_Out(m.start(), tail.end(), "DATE", f"{year:04d}-Q{mon // 3}", point=True)]


HANDLERS: dict[str, Handler] = {
    "iso": _h_iso,
    "numeric": _h_numeric,
    "dotted": _h_dotted,
    "year_apos": _h_year_apos,
    "year_dash": _h_year_dash,
    "day_month": _h_day_month,
    "my": _h_my,
    "month": _h_month,
    "era_year": _h_era_year,
    "spoken_year": _h_spoken_year,
    "year_word": _h_year_word,
    "year": _h_year,
    "decade": _h_decade,
    "decade_word": _h_decade_word,
    "century": _h_century,
    "century_turn": _h_century_turn,
    "season": _h_season,
    "holiday": _h_holiday,
    "mdy": _h_mdy,
    "week_of": _h_week_of,
    "nth_day": _h_nth_day,
    "day_of": _h_day_of,
    "month_quarter": _h_month_quarter,
    "dmy": _h_dmy,
}
