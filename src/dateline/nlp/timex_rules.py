"""Lexicons, context tables and value arithmetic for the TIMEX3 tagger (``dateline.nlp.timex``).

Kept apart from the resolution logic so the tables can grow without the tagger growing; the
patterns themselves are in ``timex_patterns``. Context that must not be part of an extent is
checked by the tagger.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

__all__ = [
    "AMOUNT_BEFORE",
    "ANAPHORIC",
    "CLOCK_ADOPT_GAP",
    "CLOCK_CONTEXT",
    "CLOCK_DATE_GAP",
    "COUNT_NOUNS",
    "DATE_CONTEXT",
    "DAYS_AFTER",
    "DAY_VALUE",
    "DECADE_VALUE",
    "DECADE_WORDS",
    "DURATION_CONTEXT",
    "DURATION_PREFIX",
    "DURATION_PREFIX_MODS",
    "EASTER_OFFSETS",
    "FUTURE",
    "FUTURE_HEADS",
    "FUTURE_WORDS",
    "HOLIDAYS",
    "MOD_ONLY_PREFIXES",
    "MONTHS",
    "MONTH_NAMES",
    "MONTH_VALUE",
    "MOVEABLE_HOLIDAYS",
    "NEXT_WORD",
    "NUMBER_WORDS",
    "ORDINALS",
    "PARTS_OF_DAY",
    "PAST",
    "PERIOD_VERBS",
    "POINT_PREFIX",
    "POINT_PREFIX_MODS",
    "PRECISION",
    "PRESENT",
    "PREV_WORD",
    "QUARTER_VALUE",
    "RANGE_GAP",
    "RELATIVE_WORDS",
    "SEASONS",
    "SEASON_START",
    "SENT_BEFORE",
    "SET_ADVERBS",
    "STOP",
    "UNITS",
    "UNKNOWN",
    "VAGUE_QUANTITIES",
    "VAGUE_UNIT",
    "WEEKDAYS",
    "WEEK_VALUE",
    "YEAR_MONTH_VALUE",
    "YEAR_NOUNS",
    "YEAR_RANGE_AFTER",
    "YEAR_VALUE",
    "century_of_decade",
    "day_text",
    "duration",
    "easter",
    "full_year",
    "nth_weekday",
    "number",
    "offset",
    "resolve_day",
    "resolve_month",
    "resolve_weekday",
    "season_value",
    "shift",
    "shift_era",
    "unit",
    "value_start",
    "week",
    "weekday_number",
    "words",
    "year_text",
    "ym",
]


def words(text: str) -> list[str]:
    """Split a space-separated word list (keeps the lexicons compact)."""
    return text.split()


PAST, PRESENT, FUTURE = -1, 0, 1
MONTH_NAMES = words(
    "January February March April May June July August September October November December"
)
MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
MONTHS.update(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
)
MONTHS.update({"oct": 10, "nov": 11, "dec": 12})

_WEEKDAY_NAMES = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(_WEEKDAY_NAMES, 1)}


def weekday_number(word: str) -> int:
    """ISO weekday of a weekday's name or abbreviation ("Thursday", "Thurs.", "Thu.")."""
    return WEEKDAYS[next(n for n in WEEKDAYS if n.startswith(word.lower()[:3]))]


SEASONS: dict[str, str] = {
    "spring": "SP",
    "summer": "SU",
    "fall": "FA",
    "autumn": "FA",
    "winter": "WI",
}
#: first month of each season, to tell whether it has begun
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
}

_UNITS_1 = words("one two three four five six seven eight nine")
_TEENS = words("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_TENS = words("twenty thirty forty fifty sixty seventy eighty ninety")
NUMBER_WORDS: dict[str, float] = {w: float(i) for i, w in enumerate(_UNITS_1, 1)}
NUMBER_WORDS.update({w: float(i) for i, w in enumerate(_TEENS, 10)})
NUMBER_WORDS.update({w: float(i * 10) for i, w in enumerate(_TENS, 2)})
NUMBER_WORDS.update(
    {"a": 1.0, "an": 1.0, "a dozen": 12.0, "dozen": 12.0, "a couple of": 2.0, "a couple": 2.0}
)
NUMBER_WORDS.update({"couple of": 2.0})
NUMBER_WORDS.update({"a hundred": 100.0, "hundred": 100.0, "a half": 0.5, "half a": 0.5})
NUMBER_WORDS.update({"half an": 0.5, "a thousand": 1000.0})

#: quantities that give an unknown count ("a few years" -> PXY)
VAGUE_QUANTITIES = frozenset(words("few several many some countless recent multi")) | {
    "a few",
    "dozens of",
    "hundreds of",
    "the last few",
}

_ORD_WORDS = words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
ORDINALS: dict[str, int] = {w: i for i, w in enumerate(_ORD_WORDS, 1)}
ORDINALS.update({"twenty-first": 21, "twenty-second": 22, "final": 4, "last": 4})
ORDINALS.update({"1st": 1, "2nd": 2, "3rd": 3, "4th": 4})

#: unit word -> (ISO 8601 duration designator, whether it is a time-of-day unit, factor)
UNITS: dict[str, tuple[str, bool, int]] = {
    "second": ("S", True, 1),
    "minute": ("M", True, 1),
    "hour": ("H", True, 1),
    "day": ("D", False, 1),
    "week": ("W", False, 1),
    "weekend": ("WE", False, 1),
    "fortnight": ("W", False, 2),
    "month": ("M", False, 1),
    "quarter": ("Q", False, 1),
    "year": ("Y", False, 1),
    "decade": ("Y", False, 10),
    "century": ("Y", False, 100),
}
#: plural with no count: "decades" -> PXDE, "centuries" -> PXCE (TIMEX3 units)
VAGUE_UNIT = {"decade": "DE", "century": "CE", "fortnight": "W"}

SET_ADVERBS: dict[str, str] = {
    "annually": "P1Y",
    "yearly": "P1Y",
    "biannually": "P6M",
    "semiannually": "P6M",
    "semi-annually": "P6M",
    "biennially": "P2Y",
    "fortnightly": "P2W",
    "quarterly": "P3M",
    "monthly": "P1M",
    "weekly": "P1W",
    "biweekly": "P2W",
    "daily": "P1D",
    "nightly": "P1D",
    "hourly": "PT1H",
}

#: fixed-date holidays: name -> (month, day)
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "boxing day": (12, 26),
    "fourth of july": (7, 4),
    "independence day": (7, 4),  # the US one; "India's Independence Day" is not read
    "veterans day": (11, 11),
    "remembrance day": (11, 11),
    "armistice day": (11, 11),
    "bastille day": (7, 14),
    "st. patrick's day": (3, 17),
    "st patrick's day": (3, 17),
    "juneteenth": (6, 19),
}

#: US holidays on the n-th weekday of a month: name -> (month, ISO weekday, n; -1 = last)
MOVEABLE_HOLIDAYS: dict[str, tuple[int, int, int]] = {
    "thanksgiving": (11, 4, 4),
    "thanksgiving day": (11, 4, 4),
    "labor day": (9, 1, 1),
    "memorial day": (5, 1, -1),
    "election day": (11, 1, 1),  # the Tuesday after the first Monday: see DAYS_AFTER
    "mother's day": (5, 7, 2),  # the US day (the UK's Mothering Sunday follows Easter)
    "father's day": (6, 7, 3),
    "martin luther king day": (1, 1, 3),
    "martin luther king jr. day": (1, 1, 3),
    "martin luther king jr day": (1, 1, 3),
    "presidents day": (2, 1, 3),
    "presidents' day": (2, 1, 3),
    "columbus day": (10, 1, 2),
    "black friday": (11, 4, 4),  # the day after Thanksgiving: see DAYS_AFTER
    "cyber monday": (11, 4, 4),
}
#: days after the n-th weekday that the holiday falls on
DAYS_AFTER: dict[str, int] = {"election day": 1, "black friday": 1, "cyber monday": 4}
#: days from Easter Sunday ("Easter week" is the ISO week that ends on it)
EASTER_OFFSETS: dict[str, int] = {
    "easter": 0,
    "easter sunday": 0,
    "easter week": 0,
    "good friday": -2,
    "easter monday": 1,
    "ash wednesday": -46,
    "palm sunday": -7,
    "maundy thursday": -3,
}


def easter(year: int) -> date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (a + 11 * h) // 319
    r = (2 * e + 2 * i - k - h + m + 32) % 7
    month = (h - m + r + 90) // 25
    return date(year, month, (h - m + r + month + 19) % 32)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th ``weekday`` (ISO, 1 = Monday) of a month; ``n = -1`` is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


#: a year or bare month counts as a date after one of these words
DATE_CONTEXT = frozenset(
    words(
        "in since from until till til by of between and to through thru before after during "
        "around circa c. early late mid fiscal or as than spring summer fall autumn winter "
        "last next this ending end start beginning middle past for into due throughout both "
        "pre post"
    )
)
#: "1998 people" is a count, not a year (used when the parse is missing)
COUNT_NOUNS = frozenset(
    words(
        "people persons men women children kids students workers employees soldiers troops "
        "votes voters residents homes houses jobs cases deaths dollars euros pounds yen words "
        "miles kilometers kilometres km meters metres feet tons tonnes units cars copies "
        "members fans patients sq acres barrels points times pages items shares calories"
    )
)

#: verbs whose object is a stretch of time: "ended 2023 up 5%", "spent 2020 in limbo"
PERIOD_VERBS = frozenset(
    words(
        "end ends ended ending begin begins began begun beginning start starts started starting "
        "close closes closed closing finish finishes finished finishing enter enters entered "
        "entering spend spends spent spending span spans spanned spanning cover covers covered "
        "covering"
    )
)
#: "2024 to 2028": a year that opens a range closed by a later year
YEAR_RANGE_AFTER = re.compile(r"\s+(?:to|through|until|till|and)\s+(?P<y2>1\d{3}|20\d{2})\b")

# -- tagger context tables
PREV_WORD = re.compile(r"([^\W\d_][\w.'’]*|\d+)[\s(\-–]{1,3}$")
NEXT_WORD = re.compile(r"\s+([\w'’]+)")
SENT_BEFORE = re.compile(r"(?:[.!?:;][\"'”’)\]]*\s+|\n\s*)[\"“‘'(\[]*$")
AMOUNT_BEFORE = re.compile(
    r"(?:\d|million|billion|trillion|thousand|hundred|percent|%|dollars|euros|pounds)\S*\s+$",
    re.IGNORECASE,
)
FUTURE_WORDS = re.compile(
    r"\b(?:will|shall|going\s+to|plans?\s+to|scheduled|expected\s+to|next)\b|'ll\b|’ll\b",
    re.IGNORECASE,
)
RANGE_GAP = re.compile(r"\s*(?:(?P<dash>[-–—])|to|until|till|through|thru|and)\s*", re.I)
CLOCK_DATE_GAP = re.compile(r"\s*,?\s*")
CLOCK_ADOPT_GAP = re.compile(r"\s*,?\s*(?:at|on)?\s*")
STOP = frozenset(
    words(
        "of the and or in on at to for with by from that this these those his her their its our "
        "my your is was are were be been per a an than as but not no"
    )
)
FUTURE_HEADS = frozenset(
    words(
        "go plan expect schedule set due intend aim hope want prepare vow promise pledge be"
        " decide agree propose seek threaten vote forecast predict project poise likely"
    )
)
DECADE_WORDS = words("twenties thirties forties fifties sixties seventies eighties nineties")
RELATIVE_WORDS = frozenset(words("last this past coming current"))
ANAPHORIC = {"following": 1, "next": 1, "previous": -1, "prior": -1, "preceding": -1, "same": 0}
DURATION_CONTEXT = frozenset(
    words(
        "for in over within after spanning across lasting lasted lasts took takes taking spent "
        "spends spending"
    )
)
#: plural nouns a year modifies rather than counts: "from 2019 levels", "its 2006 highs"
YEAR_NOUNS = frozenset(words("levels highs lows peaks figures results"))
CLOCK_CONTEXT = frozenset(words("at by until till from to around since before after between"))

DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|T)")
MONTH_VALUE = re.compile(r"^(\d{4})-(\d{2})(?:$|-\d|T)")
WEEK_VALUE = re.compile(r"^(\d{4})-W(\d{2})")
DECADE_VALUE = re.compile(r"\d{3}")
YEAR_VALUE = re.compile(r"^(\d{4})(?!\d)")
#: the year (with its era) and month of a value: "1944-06-04", "BC0480-08", "1944", "BC0479-WI"
YEAR_MONTH_VALUE = re.compile(r"^(BC)?(\d{4})(?!\d)(?:-(\d{2})(?=$|-\d|T))?")


def year_text(year: int) -> str:
    """A year as TIMEX3 writes it; years before the common era are negative: -480 is BC0480."""
    return f"BC{-year:04d}" if year < 0 else f"{year:04d}"


def shift_era(unit: str, n: int, year: int) -> str | None:
    """``shift`` for a year before the common era (negative), by years, decades or centuries;
    None when the unit is finer or the result would cross into the common era."""
    if unit == "year" and year + n < 0:
        return year_text(year + n)
    if unit == "decade" and (decade := -(-year // 10) + n) < 0:
        return f"BC{-decade:03d}"  # 489 BC lies in the 480s BC: BC048
    if unit == "century" and (century := (-year - 1) // 100 - n) >= 0:
        return f"BC{century:02d}"  # 387 BC lies in the 4th century BC: BC03
    return None


def day_text(year: int, month: int, day: int) -> str | None:
    """ "1944-06-04" or "BC0480-08-17", or None when there is no such day."""
    try:
        date(year if year > 0 else 2000, month, day)  # BC: any leap year checks 29 February
    except ValueError:
        return None
    return f"{year_text(year)}-{month:02d}-{day:02d}"


QUARTER_VALUE = re.compile(r"\d{4}-Q[1-4]")
PRECISION = {"day": 0, "week": 1, "weekend": 1, "month": 2, "quarter": 3, "year": 4}


#: "mid-", "early", "the end of" before a point in time (DATE or TIME)
POINT_PREFIX = re.compile(
    r"(?:^|(?<=[\s(]))(?P<pm>the\s+(?:early|earlier|late|later|latter)\s+part\s+of"
    r"|the\s+(?:early|small|wee)\s+hours\s+of|(?:early|late)\s+on"
    r"|early|late|mid|the\s+(?:very\s+)?(?:end|beginning|start|middle|close)"
    r"\s+of|(?:end|start|beginning|middle)\s+of|earlier|later|the\s+(?P<half>first|second)\s+half"
    r"\s+of|pre(?=-)|post(?=-)|end(?=-)|start(?=-))(?:\s+|-)$",
    re.IGNORECASE,
)
POINT_PREFIX_MODS: dict[str, str] = {
    "early": "START",
    "late": "END",
    "mid": "MID",
    "end": "END",
    "close": "END",
    "start": "START",
    "beginning": "START",
    "middle": "MID",
    "earlier": "START",
    "later": "END",
    "latter": "END",  # "the latter part of the year"
    "small": "START",  # "the small hours of Sunday"
    "wee": "START",
    "pre": "BEFORE",  # "pre-1990 debts"
    "post": "AFTER",  # "the post-1959 exodus"
}
#: "more than", "about" before a duration (or an "ago" date, or a clock time)
DURATION_PREFIX = re.compile(
    r"(?:^|(?<=[\s(]))(?P<dm>more\s+than|less\s+than|fewer\s+than|no\s+more\s+than|"
    r"not\s+more\s+than|no\s+less\s+than|at\s+least|at\s+most|up\s+to|about|around|"
    r"approximately|roughly|nearly|almost|some|just\s+over|just\s+under|well\s+over|under)\s+$",
    re.IGNORECASE,
)
#: prefixes that set the mod but stay outside the extent, as TimeBank annotates them
MOD_ONLY_PREFIXES = frozenset(("about", "almost"))
DURATION_PREFIX_MODS: dict[str, str] = {
    "more than": "MORE_THAN",
    "just over": "MORE_THAN",
    "well over": "MORE_THAN",
    "less than": "LESS_THAN",
    "fewer than": "LESS_THAN",
    "just under": "LESS_THAN",
    "under": "LESS_THAN",
    "nearly": "LESS_THAN",
    "almost": "LESS_THAN",
    "no more than": "EQUAL_OR_LESS",
    "not more than": "EQUAL_OR_LESS",
    "at most": "EQUAL_OR_LESS",
    "up to": "EQUAL_OR_LESS",
    "no less than": "EQUAL_OR_MORE",
    "at least": "EQUAL_OR_MORE",
    "about": "APPROX",
    "around": "APPROX",
    "approximately": "APPROX",
    "roughly": "APPROX",
    "some": "APPROX",
}


UNKNOWN = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
}


# -- value arithmetic ------------------------------------------------------------------------
def ym(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def shift(unit: str, n: int, base: date | None) -> str:
    """``base`` moved by ``n`` units, as a value of that unit's precision."""
    if base is None:
        return UNKNOWN.get(unit, "XXXX")
    try:
        if unit == "day":
            return (base + timedelta(days=n)).isoformat()
        if unit in ("week", "weekend", "fortnight"):
            weeks = n * 2 if unit == "fortnight" else n
            v = week(base + timedelta(weeks=weeks))
            return v + "-WE" if unit == "weekend" else v
        if unit == "month":
            y, m = ym(base.year, base.month, n)
            return f"{y:04d}-{m:02d}"
        if unit == "quarter":
            q = (base.month - 1) // 3 + n
            return f"{base.year + q // 4:04d}-Q{q % 4 + 1}"
        if unit == "decade":
            return f"{base.year // 10 + n:03d}"
        if unit == "century":
            return f"{base.year // 100 + n:02d}"
        return f"{base.year + n:04d}"
    except (ValueError, OverflowError):
        return UNKNOWN.get(unit, "XXXX")


def resolve_month(dct: date | None, month: int, tense: int) -> str:
    if dct is None:
        return f"XXXX-{month:02d}"
    if month == dct.month:
        return f"{dct.year:04d}-{month:02d}"
    before = dct.year if month < dct.month else dct.year - 1
    after = dct.year if month > dct.month else dct.year + 1
    gap_before = (dct.month - month) % 12
    gap_after = (month - dct.month) % 12
    if tense == PRESENT:
        tense = FUTURE if gap_after < gap_before else PAST
    return f"{before if tense == PAST else after:04d}-{month:02d}"


def resolve_day(
    dct: date | None, month: int, day: int, tense: int, *, closed: bool = False
) -> str | None:
    """The day-month nearest the DCT in the tense's direction; ``closed`` for one known past
    (the end of a reported period), which never rolls forward."""
    if dct is None:
        return f"XXXX-{month:02d}-{day:02d}" if day <= 31 else None
    options = []
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            options.append(date(y, month, day))
        except ValueError:
            continue
    if not options:
        return None
    past = [d for d in options if d <= dct]
    future = [d for d in options if d >= dct]
    # a day-month a year back in a past-tense sentence is the coming one when that is close:
    # news gives the year of a date that is not this year's ("paid Nov. 16", said Nov. 2)
    if tense == PAST and past and future and not closed:
        back, ahead = (dct - max(past)).days, (min(future) - dct).days
        tense = FUTURE if back > 300 and ahead <= 60 else tense
    if tense == PAST and past:
        return max(past).isoformat()
    if tense == FUTURE and future:
        return min(future).isoformat()
    return min(options, key=lambda d: (abs((d - dct).days), d > dct)).isoformat()


def resolve_weekday(dct: date | None, wd: int, tense: int, strict: bool = False) -> str:
    if dct is None:
        return f"XXXX-WXX-{wd}"
    back = (dct.isoweekday() - wd) % 7
    ahead = (wd - dct.isoweekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    elif back == 0:
        return dct.isoformat()
    if tense == PRESENT:
        tense = FUTURE if ahead < back else PAST
    delta = -back if tense == PAST else ahead
    return (dct + timedelta(days=delta)).isoformat()


def century_of_decade(digit: int, dct: date | None) -> int:
    """Two-digit decades ("the '90s") go to the latest century that does not pass the DCT."""
    if dct is None:
        return 20 if digit <= 2 else 19
    if digit <= (dct.year // 10) % 10 or dct.year < 100:  # a DCT in the first century: its own
        return dct.year // 100
    return dct.year // 100 - 1


def full_year(yy: int, dct: date | None) -> int:
    pivot = (dct.year % 100 + 10) if dct else 30
    return 2000 + yy if yy <= pivot else 1900 + yy


def number(q: str | None) -> float | None:
    """The count in "two", "twenty-five", "1,000", "a dozen"; ``None`` for "a few"/"several"."""
    if not q:
        return 1.0
    s = " ".join(q.lower().split())
    if s[0].isdigit():
        half = 0.5 if s.endswith(("1/2", "½")) else 0.0  # "2 1/2 years"
        s = s.removesuffix("1/2").removesuffix("½").strip() if half else s
        try:
            return float(s.replace(",", "")) + half
        except ValueError:
            return None
    if s in VAGUE_QUANTITIES:
        return None
    if s in NUMBER_WORDS:
        return NUMBER_WORDS[s]
    if (head := re.match(r"(\w+|a)\s+hundred(?:\s+(?:and\s+)?(.+))?$", s)) and (
        (n := NUMBER_WORDS.get(head[1])) is not None
    ):  # "one hundred", "two hundred and fifty"
        rest = number(head[2]) if head[2] else 0.0
        return None if rest is None else n * 100 + rest
    parts = [NUMBER_WORDS.get(p) for p in re.split(r"[-\s]", s)]
    return float(sum(p for p in parts if p is not None)) if all(parts) else None


def unit(word: str) -> str:
    """The ``UNITS`` key of a unit word as ``timex_patterns.UNIT`` matched it; the only place
    its "centurie" (of "centuries") becomes "century", so no table needs the stem."""
    w = word.lower()
    return "century" if w.startswith("centur") else w


def duration(n: float | None, unit: str) -> str:
    """ISO 8601 duration: P3Y, PT2H, PXY; decades and centuries as years (TimeBank style)."""
    code, is_time, factor = UNITS[unit]
    t = "T" if is_time else ""
    if n is None:
        return f"P{t}X{VAGUE_UNIT.get(unit, code)}"
    total = n * factor
    if not math.isfinite(total):
        return f"P{t}X{code}"
    whole, frac = int(total), total - int(total)
    if frac:  # "2 1/2 years" -> P2Y6M, "5 1/2 hours" -> PT5H30M, "half a day" -> PT12H
        key = t + code
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("H", 24)}
        smaller |= {"TH": ("M", 60), "TM": ("S", 60)}
        if key in smaller and (frac * smaller[key][1]).is_integer():
            new, k = smaller[key]
            rest = f"{int(frac * k)}{new}"
            head = f"{whole}{code}" if whole else ""
            if code == "D":
                return f"P{head}T{rest}"
            return f"P{t}{head}{rest}"
        return f"P{t}{total:g}{code}"
    return f"P{t}{whole}{code}"


def offset(unit: str, n: float, base: date | None) -> str | None:
    """``base`` shifted by a whole number of units, at that unit's precision (hours: the day)."""
    if not n.is_integer():
        return None
    k = int(n)
    if unit in ("second", "minute", "hour"):
        return shift("day", 0, base)
    if unit == "fortnight":
        return shift("week", -2 * k if k < 0 else 2 * k, base)
    if unit == "decade" and base is not None:
        return f"{(base.year + 10 * k) // 10:03d}" if 0 <= base.year + 10 * k <= 9999 else None
    if unit == "century" and base is not None:
        return f"{(base.year + 100 * k) // 100:02d}" if 0 <= base.year + 100 * k <= 9999 else None
    return shift(unit, k, base)


def season_value(dct: date | None, code: str, rel: str, tense: int) -> str:
    """The season meant by "this summer", "last winter" or a tensed "the summer"."""
    if dct is None:
        return f"XXXX-{code}"
    d = dct
    current = d.year - 1 if code == "WI" and d.month <= 2 else d.year  # this season's year
    started = (d.month >= SEASON_START[code]) if code != "WI" else d.month in (12, 1, 2)
    if rel in ("last",):
        year = current - 1
    elif rel in ("next", "this coming", "coming"):
        year = current + 1 if started else current
    elif rel == "this":
        year = current
    elif rel.endswith("past") or tense == PAST:
        year = current if started else current - 1
    elif tense == FUTURE:
        year = current if not started or (d.month in (12, 1, 2) and code == "WI") else current + 1
    else:
        year = current
    return f"{year:04d}-{code}"


def value_start(value: str, unit: str) -> date | None:
    """First day of a DATE/TIME value at least as precise as ``unit`` (an anaphora anchor)."""
    need = PRECISION.get(unit, 4)
    try:
        if m := DAY_VALUE.match(value):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if need >= 1 and (m := WEEK_VALUE.match(value)):
            return date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if need >= 2 and (m := MONTH_VALUE.match(value)):
            return date(int(m[1]), int(m[2]), 1)
        if need >= 4 and (m := YEAR_VALUE.match(value)):
            return date(int(m[1]), 1, 1)
    except ValueError:
        pass
    return None
