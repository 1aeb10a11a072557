"""Golden cases for dates counted from another date (session 10): "the day before last
Tuesday", "that same day" after a month. Rows are (text, DCT, expected timex text, type,
value, mod) as in ``test_timex_golden``; sentences are our own. The session's cases that need
the parse ("a summit set for October") are in ``test_timex_news.TENSE``.
"""

from __future__ import annotations

from datetime import date

import pytest
from test_timex_golden import G, _blank, check

from dateline.nlp.timex import tag_timexes

#: a Friday (ISO week 37), as in ``test_timex``
D = date(2023, 9, 15)

DAY_AROUND = [
    # "the day before/after" a date that names a day is one date a day away, as "the day
    # before yesterday" is
    G(
        "Talks broke down the day before last Tuesday's hearing.",
        D,
        "the day before last Tuesday",
        "DATE",
        "2023-09-11",
    ),
    G("The strike began the day after Sept. 3.", D, "the day after Sept. 3", "DATE", "2023-09-04"),
    G(
        "Shops reopened the day after Christmas.",
        date(2024, 1, 10),
        "the day after Christmas",
        "DATE",
        "2023-12-26",
    ),
    G(
        "The day before July 4, 2021, the bridge was closed.",
        D,
        "The day before July 4, 2021",
        "DATE",
        "2021-07-03",
    ),
    # "that same day" after a month: a day of that month, which the text does not give
    G(
        "The mill closed last March, and its owner left town that same day.",
        D,
        "that same day",
        "DATE",
        "2023-03-XX",
    ),
    # a month ahead is a plan, with no day to go back to
    G(
        "The firm named her chief on Thursday. She said she would set out her plans next "
        "month. He stepped down on the same day.",
        D,
        "the same day",
        "DATE",
        "2023-09-14",
    ),
    G(
        "The mill closed on Monday, and its owner left town that same day.",
        D,
        "that same day",
        "DATE",
        "2023-09-11",
    ),
]


@pytest.mark.parametrize(("text", "dct", "want", "typ", "value", "mod"), DAY_AROUND)
def test_days_counted_from_a_date(
    text: str, dct: date, want: str, typ: str, value: str, mod: str | None
) -> None:
    check(_blank(), text, dct, want, typ, value, mod)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The count came the day after the vote.", []),
        ("They met the day after the 2019 final.", ["2019"]),
    ],
)
def test_the_day_after_an_event_is_not_dated(text: str, found: list[str]) -> None:
    """An event gives no date to count from: "the day after" stays out of any timex."""
    assert [t.text for t in tag_timexes(_blank()(text), D)[0]] == found
