"""Years that a coordinated or ranged date lends to the month before it, and the words that
bound a date ("until March", "the year ended June 30").

"In April and June 1955", "(July-November 1954)", "between 26 June and 4 August 1952": the
first month carries no year, but the text gives it a few characters on, at the second one.
Reading it there beats guessing from the tense and the DCT, in news ("between May and July
2023") as in histories. Split from ``dateline.nlp.timex`` so that module stays small.
"""

from __future__ import annotations

import re

from dateline.nlp import timex_rules as R

__all__ = ["bound_before", "season_year_ahead", "year_ahead"]

_MONTH = "|".join(sorted((*R.MONTH_NAMES, *(k.title() for k in R.MONTHS)), key=len, reverse=True))
# what joins a first date to the second one that gives it its year ("April [and early] June")
_JOIN = (
    r"\s*(?:[-–—/]|\band\b|\bor\b|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*"
    r"(?:(?:early|mid|late)[-\s]\s*)?(?:the\s+)?"
)
_SECOND = re.compile(
    _JOIN + r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    rf"(?:(?-i:(?P<mon>{_MONTH}))\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?"
    r"|(?<=[-–—\s])\d{1,2}(?:st|nd|rd|th)?(?=,))"  # or a bare day: "March 5[-9, 1918]"
    r",?\s+(?P<year>1\d{3}|20\d{2})(?![\d,.]\d)",
    re.IGNORECASE,
)


def year_ahead(text: str, end: int, month: int) -> int | None:
    """The year of the month named just after ``end`` ("April [and June 1955]"), or of the
    bare day that closes a range of days ("March 5[-9, 1918]"), if any.

    A range that crosses a new year ("December-February 1940") starts the year before.
    """
    m = _SECOND.match(text, end, end + 60)
    if m is None:
        return None
    if m["mon"] is None:
        return int(m["year"])  # a day of the same month closes the range
    second = R.MONTHS.get(m["mon"].lower())
    if second is None:
        return None
    year = int(m["year"])
    return year - 1 if month > second else year


_SECOND_SEASON = re.compile(
    _JOIN + r"(?:spring|summer|fall|autumn|winter),?\s+(?:of\s+)?(?P<year>1\d{3}|20\d{2})"
    r"(?![\d,.]\d)",
    re.IGNORECASE,
)


def season_year_ahead(text: str, end: int) -> int | None:
    """The year of the season named just after ``end`` ("the spring [and early summer of
    1943]", "summer [and autumn 1918]"), if any."""
    m = _SECOND_SEASON.match(text, end, end + 40)
    return int(m["year"]) if m else None


_BOUND = re.compile(
    r"\b(until|till|through|effective|starting|beginning|ended|ending)\s+"
    r"(?:(?:early|mid|late)[-\s]+|the\s+(?:end|middle|beginning|start)\s+of\s+)?"
    r"(?:(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|noon|midnight)\s+(?:[ECMP][SD]T\s+)?)?$",
    re.IGNORECASE,
)


def bound_before(text: str, start: int) -> str | None:
    """The word that makes the date starting at ``start`` a deadline, a start or the close of
    a reporting period ("until mid-November", "until 9 a.m. Tuesday", "effective Feb. 1",
    "the year ended June 30")."""
    m = _BOUND.search(text, max(0, start - 40), start)
    return m[1].lower() if m else None
