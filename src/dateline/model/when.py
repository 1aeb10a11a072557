"""Partial dates: a TIMEX3 value keeps its precision and still sorts among exact dates.

A value such as ``2023-01`` means the whole month, not its first day. We keep the value
and derive the calendar range it covers (first and last day, inclusive) so that items can be
ordered and filtered without pretending to know more than the text says.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

__all__ = [
    "Precision",
    "When",
    "interval",
    "parse_value",
    "readable",
    "readable_bounds",
    "readable_span",
    "when_for_value",
]


class Precision(StrEnum):
    MILLENNIUM = "millennium"
    CENTURY = "century"
    DECADE = "decade"
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    SEASON = "season"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    TIME = "time"
    UNKNOWN = "unknown"


_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}

_YEAR = re.compile(r"^(\d{4})$")
_DECADE = re.compile(r"^(\d{3})$")
_CENTURY = re.compile(r"^(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T[\dA-Z:.+-]+$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_SEASON = re.compile(r"^(\d{4})-(SP|SU|FA|AU|WI)$")


@dataclass(frozen=True, slots=True)
class When:
    """When something happened or held: a TIMEX3-style value and the days it may cover.

    ``start`` and ``end`` are inclusive calendar days; for an interval (``start_value`` and
    ``end_value`` set) they span both ends. ``basis`` says how the time was found: ``timex``
    (a time expression governs the item), ``sentence`` (a time expression elsewhere in the
    sentence), ``discourse`` (carried over from an earlier sentence) or ``article`` (the
    publication date).
    """

    value: str | None
    start: date | None
    end: date | None
    precision: Precision
    start_value: str | None = None
    end_value: str | None = None
    mod: str | None = None
    basis: str = "timex"

    @property
    def is_interval(self) -> bool:
        return self.start_value is not None or self.end_value is not None

    def sort_key(self) -> tuple[int, int]:
        """Earlier start first; among equal starts the wider range first (2023 before 2023-01).

        An open start (only an end is known, as for ``PAST_REF``) sorts by its end.
        """
        first = self.start or self.end
        if first is None:
            return (date.max.toordinal(), 0)
        last = self.end or date.max
        return (first.toordinal(), -(last.toordinal() - first.toordinal()))

    def to_json(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        if self.is_interval:
            out["start_value"] = self.start_value
            out["end_value"] = self.end_value
        else:
            out["value"] = self.value
        out["start"] = self.start.isoformat() if self.start else None
        out["end"] = self.end.isoformat() if self.end else None
        out["precision"] = self.precision.value
        if self.mod:
            out["mod"] = self.mod
        out["basis"] = self.basis
        return out


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_value(value: str) -> tuple[date | None, date | None, Precision]:
    """The inclusive day range a TIMEX3 DATE/TIME value covers, and its precision.

    Values that name no calendar range (``PRESENT_REF``, ``P3Y``, ``XXXX-09-15``) give
    ``(None, None, UNKNOWN)``; callers anchor reference values themselves.
    """
    try:
        if m := _DAY.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d, Precision.DAY
        if m := _TIME.match(value):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d, d, Precision.TIME
        if m := _MONTH.match(value):
            y, mo = int(m[1]), int(m[2])
            return date(y, mo, 1), _month_end(y, mo), Precision.MONTH
        if m := _YEAR.match(value):
            y = int(m[1])
            return date(y, 1, 1), date(y, 12, 31), Precision.YEAR
        if m := _DECADE.match(value):
            y = int(m[1]) * 10
            return date(max(y, 1), 1, 1), date(y + 9, 12, 31), Precision.DECADE
        if m := _CENTURY.match(value):
            y = int(m[1]) * 100
            return date(max(y, 1), 1, 1), date(y + 99, 12, 31), Precision.CENTURY
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            if value.endswith("-WE"):  # the weekend: that week's Saturday and Sunday
                return monday + timedelta(days=5), monday + timedelta(days=6), Precision.WEEK
            return monday, monday + timedelta(days=6), Precision.WEEK
        if m := _QUARTER.match(value):
            y, q = int(m[1]), int(m[2])
            return date(y, 3 * q - 2, 1), _month_end(y, 3 * q), Precision.QUARTER
        if m := _HALF.match(value):
            y, h = int(m[1]), int(m[2])
            return date(y, 6 * h - 5, 1), _month_end(y, 6 * h), Precision.HALF
        if m := _SEASON.match(value):
            y = int(m[1])
            first, last = _SEASON_MONTHS[m[2]]
            if first > last:  # winter runs into the next year
                return date(y, first, 1), _month_end(y + 1, last), Precision.SEASON
            return date(y, first, 1), _month_end(y, last), Precision.SEASON
    except ValueError:
        pass
    return None, None, Precision.UNKNOWN


def when_for_value(
    value: str, *, dct: date | None = None, mod: str | None = None, basis: str = "timex"
) -> When:
    """A ``When`` for one TIMEX3 value; ``PRESENT_REF`` is anchored to the article date."""
    if value == "PRESENT_REF" and dct is not None:
        return When(value, dct, dct, Precision.DAY, mod=mod, basis=basis)
    start, end, precision = parse_value(value)
    if value == "PAST_REF" and dct is not None:
        return When(value, None, dct, Precision.UNKNOWN, mod=mod, basis=basis)
    if value == "FUTURE_REF" and dct is not None:
        return When(value, dct, None, Precision.UNKNOWN, mod=mod, basis=basis)
    return When(value, start, end, precision, mod=mod, basis=basis)


def interval(start: When | None, end: When | None, *, basis: str = "timex") -> When:
    """An interval from the start of one value to the end of another; either end may be open."""
    return When(
        value=None,
        start=start.start if start else None,
        end=end.end if end else None,
        precision=min(
            (w.precision for w in (start, end) if w is not None),
            key=lambda p: list(Precision).index(p),
            default=Precision.UNKNOWN,
        ),
        start_value=start.value if start else None,
        end_value=end.value if end else None,
        basis=basis,
    )


#: references to the article's date, as a reader would write them: with the day, and without
_REFERENCES = {
    "PAST_REF": ("before", "earlier"),
    "FUTURE_REF": ("after", "later"),
    "PRESENT_REF": ("", "now"),
}


def readable(value: str | None, day: date | None = None) -> str | None:
    """A value for people rather than TimeML: ``PAST_REF`` ending on the article's date is
    "before 2024-03-05", ``FUTURE_REF`` "after 2024-03-05", ``PRESENT_REF`` the day; with no
    day, "earlier", "later", "now". Other values are shown as they are."""
    if value not in _REFERENCES:
        return value
    word, vague = _REFERENCES[value]
    return vague if day is None else f"{word} {day.isoformat()}".strip()


def readable_bounds(when: When) -> tuple[str | None, str | None]:
    """(from, to) for people; a single value is both ends, except that an end still to come
    is "later" wherever it is shown (an interval keeps no article date for it)."""
    if when.is_interval:
        return readable(when.start_value, when.start), readable(when.end_value, when.end)
    shown = readable(when.value, when.end if when.value == "PAST_REF" else when.start)
    return shown, ("later" if when.value == "FUTURE_REF" else shown)


def readable_span(when: When, *, open_end: str = "…") -> str:
    """One label for a time: "2019 → 2022", "2012 → …", "after 2024-03-05" (a planned start
    already says it runs on: no arrow), "before 2024-03-05"."""
    start, end = readable_bounds(when)
    if not when.is_interval:
        return start or "?"
    if start is not None and end is None and when.start_value == "FUTURE_REF":
        return start
    return f"{start or '…'} → {end or open_end}"
