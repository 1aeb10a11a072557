"""Timex handlers for amounts of time and clocks: durations ("three years"), SETs
("every Monday", "weekly", "$5 a year") and clock times.

Each ``_h_NAME`` handles rule NAME of ``timex_patterns.RULES`` (match + context -> outputs, or
None to reject); ``HANDLERS`` maps rule names to them for the tagger in ``dateline.nlp.timex``.
"""

from __future__ import annotations

import re

from dateline.nlp import timex_rules as R
from dateline.nlp.timex_ctx import Ctx as _Ctx
from dateline.nlp.timex_ctx import Handler
from dateline.nlp.timex_ctx import Out as _Out
from dateline.nlp.timex_ctx import one as _one
from dateline.nlp.timex_dates import month_number

__all__ = ["HANDLERS"]

_ADJ_UNITS = frozenset(("year", "month", "quarter", "decade", "century"))
#: "two more weeks", "20 further years": a measured stretch still to come
_MORE = frozenset(("more", "further", "additional", "extra"))
_MODALS = frozenset(("will", "would", "could", "might", "may", "can", "shall", "should"))
#: "three trading days", "five business days": a count of days of one kind
_COUNTED_DAYS = frozenset(("trading", "business", "working", "school", "calendar"))


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
    days = R.unit(m["unit"]) in ("day", "week")
    return span is not None and all(
        t.pos_ in ("ADJ", "ADV")
        or t.tag_ in ("VBN", "VBG")
        or t.is_space
        or (days and t.lower_ in _COUNTED_DAYS)
        for t in span
    )


_FRACTION_OF = re.compile(
    r"\s+of\s+(?:the|its|their|his|her|our|all|a|an|this|that|these|those)\b"
    r"(?!\s+(?:year|fiscal|decade|century|period)\b)",
    re.IGNORECASE,
)
#: "a quarter of voters", "three quarters of Americans": the fractions news writes, before
#: any word but a time ("several quarters of losses" is a length)
_FRACTION_WORDS = frozenset(("a", "one", "three"))
_FRACTION_OF_ANY = re.compile(
    r"\s+of\s+(?!(?:(?:a|an|the|this|that|its|last|next)\s+)?"
    r"(?:year|fiscal|decade|century|period|1\d{3}|20\d{2})\b)",
    re.IGNORECASE,
)


_QUARTER_OF = re.compile(r"\s+of\s+an?\s+(?P<unit>century|decade|year|hour)\b", re.IGNORECASE)


_AHEAD = re.compile(r"\s+(?:ahead|to\s+come)\b", re.IGNORECASE)
_SMALL_HOURS = re.compile(r"\b(?:early|small|wee)\s+$", re.IGNORECASE)


def _h_duration(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    unit, q = R.unit(m["unit"]), m["q"]
    n = R.number(q) if q else None
    if unit == "quarter" and (part := _QUARTER_OF.match(cx.text, m.end())) and n is not None:
        whole = R.unit(part["unit"])  # "a quarter of a century" is P25Y, "of an hour" PT15M
        factor = R.UNITS[whole][2]  # decades and centuries counted in years
        value = R.duration(n / 4 * factor, "year" if factor > 1 else whole)
        return [_Out(m.start(), part.end(), "DURATION", value, measure=True)]
    if unit == "quarter" and (
        _FRACTION_OF.match(cx.text, m.end())
        or (
            (q or cx.prev_word(m.start())).lower() in _FRACTION_WORDS
            and _FRACTION_OF_ANY.match(cx.text, m.end())
        )
    ):
        return None  # "a quarter of the market", "three quarters of its troops": a fraction
    if q is None:
        if unit == "hour" and _SMALL_HOURS.search(cx.text, max(0, m.start() - 12), m.start()):
            return None  # "the early hours of Tuesday": a part of the day, not a length
        if not m["pl"] or cx.text[m.start() - 1 : m.start()] == "-":
            return None  # "three-quarters of its food" is a fraction
        if not m["rel"]:  # bare "years": only "for years", "years of talks"
            after = cx.next_word(m.end()).lower()
            if cx.prev_word(m.start()) not in R.DURATION_CONTEXT and after != "of":
                return None
            if m["the"]:  # "in the weeks before": TimeBank leaves "the" out
                value = R.duration(None, unit)
                if ahead := _AHEAD.match(cx.text, m.end()):  # "the weeks ahead": all of it
                    return [_Out(m.start(), ahead.end(), "DURATION", value, measure=True)]
                return [_Out(m.start("unit"), m.end(), "DURATION", value, measure=True)]
        return _one(m, "DURATION", R.duration(None, unit), measure=True)
    low = " ".join(q.lower().split())
    rel = (m["rel"] or "").lower()
    back = (m["the"] and rel in ("past", "last")) or low == "the last few"
    if back and n is None and cx.prev_word(m.start()) in ("in", "over", "during"):
        return _one(m, "DATE", "PAST_REF")  # "fell in the last few months": a vague past time
    if low == "one" and unit == "day" and not m["pl"] and cx.prev_word(m.start()) in _MODALS:
        return _one(m, "DATE", "FUTURE_REF")  # "Islam will one day be": some day to come
    if re.fullmatch(r"1\d{3}|20\d{2}", low) and unit in ("second", "quarter"):
        return None  # "the 1988 second quarter" is a year, not 1988 seconds
    if (low in ("a", "an") and m["pl"]) or (low == "recent" and not m["pl"]):
        return None
    adj = m["adj"].split()
    more = adj and adj[-1].lower() in _MORE
    counted = len(adj) == 1 and adj[0].lower() in _COUNTED_DAYS and unit in ("day", "week")
    if adj and unit not in _ADJ_UNITS and not (more or counted):
        return None  # "a good day" is not a measured day; "two more weeks" is
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
    if (m["half"] or m["qhalf"]) and n is not None:
        n += 0.5  # "a minute and a half", "three and a half years"
    return _one(m, "DURATION", R.duration(n, unit), measure=True)


def _h_duration_range(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "two to three weeks", "10-12 hours", "between 12 and 18 months": one length of at
    least its lower bound (P2W, mod EQUAL_OR_MORE), as TimeBank writes it."""
    if (m["gap"].lower() == "and") != bool(m["between"]):
        return None  # "and" only in "between N and M"; "between" only with "and"
    if cx.prev_word(m.start()) in ("aged", "ages", "age"):
        return None  # "children aged 10 to 12 years": ages
    low, high = R.number(m["q1"]), R.number(m["q"])
    if low is None or high is None or not 0 < low < high:
        return None  # "beat them 3-2", a score
    value = R.duration(low, R.unit(m["unit"]))
    return _one(m, "DURATION", value, mod="EQUAL_OR_MORE", measure=True)


def _h_long_duration(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "a day-long meeting", "a decades-long feud": how long the noun lasts."""
    return _one(m, "DURATION", R.duration(None if m["pl"] else 1, R.unit(m["unit"])))


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
        return _one(m, "SET", f"XXXX-{month_number(m):02d}")
    if m["part"]:
        return _one(m, "SET", f"XXXX-XX-XXT{R.PARTS_OF_DAY[m['part'].lower()]}")
    n = R.number(m["q"])
    n = 2.0 if m["other"] and n == 1.0 else n
    if R.unit(m["unit"]) == "weekend" and n == 1.0:
        return _one(m, "SET", R.UNKNOWN["weekend"])  # "every weekend", as "every Monday"
    return _one(m, "SET", R.duration(n, R.unit(m["unit"])))


def _h_set_times(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "twice a week", "twice weekly" and "three days a week" are one SET (P1W), the count
    inside its extent (TIMEX3's ``freq`` is not written)."""
    if m["adv"]:
        return _one(m, "SET", R.SET_ADVERBS[m["adv"].lower()])
    return _one(m, "SET", R.duration(1, R.unit(m["unit"])))


def _h_set_weekends(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "on weekends" every weekend, as "on Mondays" is every Monday; "the first Monday of
    every month" a monthly SET (TIMEX3 has no value for the n-th weekday of each month)."""
    return _one(m, "SET", "P1M" if m["ord"] else R.UNKNOWN["weekend"])


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
    """A clock time is on the day the text is at: the last day it named ("On 7 May ... at
    5:30 p.m.", "was shot Friday ... at 10 p.m."), else the DCT, which is then no evidence of
    a story's year. A day written next to the clock replaces it later (``attach_clocks``)."""
    base = cx.anchor("day")
    day = R.shift("day", 0, base)
    return _one(m, "TIME", f"{day}T{clock}", measure=True, clock=clock, guess=base == cx.dct)


def _h_clock(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    h, mi = int(m["h"]) % 12, int(m["mi"] or 0)
    h += 12 if m["ap"].lower() == "p" else 0
    return _clock(m, cx, f"{h:02d}:{mi:02d}")


def _h_clock_zone(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "0930 GMT": a zone (or "local time") says four digits are a clock, not a number."""
    return _clock(m, cx, f"{m['h']}:{m['mi']}")


def _h_clock24(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if not m["tz"].strip() and cx.prev_word(m.start()) not in R.CLOCK_CONTEXT:
        return None
    return _clock(m, cx, f"{int(m['h']):02d}:{m['mi']}")


def _h_oclock(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "at 9 o'clock" is 09:00 (TimeML's reading when nothing says which half of the day);
    "p.m.", "in the afternoon/evening" and "at night" (from six) take the later half."""
    hour = int(m["h"]) if m["h"].isdigit() else int(R.NUMBER_WORDS[m["h"].lower()])
    hour %= 12
    later = (m["ap"] or "").lower() == "p" or (m["part"] or "").lower() in ("afternoon", "evening")
    if later or (m["night"] and hour >= 6):
        hour += 12
    return _clock(m, cx, f"{hour:02d}:00")


def _h_clock_words(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    """ "at half past four" (04:30, the later half with "p.m." or "in the afternoon", as "at
    4 o'clock"), "a quarter to five" (04:45); only after "at", "by" and the like."""
    if cx.prev_word(m.start()) not in R.CLOCK_CONTEXT:
        return None  # "cut by half to 15 million", "rose in the quarter to $2 billion"
    hour = int(m["h"]) if m["h"].isdigit() else int(R.NUMBER_WORDS[m["h"].lower()])
    minutes = 30 if m["frac"].lower() == "half" else 15
    if m["dir"].lower() == "to":
        hour, minutes = (hour - 1) % 12 or 12, 60 - minutes
    hour %= 12
    later = (m["ap"] or "").lower() == "p" or (m["part"] or "").lower() in ("afternoon", "evening")
    if later or (m["night"] and hour >= 6):
        hour += 12
    return _clock(m, cx, f"{hour:02d}:{minutes:02d}")


def _h_noon(m: re.Match[str], cx: _Ctx) -> list[_Out] | None:
    if cx.prev_word(m.start()) == "high":
        return None  # "high noon": a moment of decision, or a film
    return _clock(m, cx, "24:00" if m["w"].lower() == "midnight" else "12:00")


HANDLERS: dict[str, Handler] = {
    "duration": _h_duration,
    "hyphen_duration": _h_hyphen_duration,
    "duration_range": _h_duration_range,
    "long_duration": _h_long_duration,
    "set_every": _h_set_every,
    "set_times": _h_set_times,
    "set_adverb": _h_set_adverb,
    "set_weekends": _h_set_weekends,
    "clock": _h_clock,
    "clock24": _h_clock24,
    "clock_zone": _h_clock_zone,
    "oclock": _h_oclock,
    "noon": _h_noon,
    "clock_words": _h_clock_words,
}
