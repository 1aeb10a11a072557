"""Golden cases from a sweep of news-style sentences of our own (session 9): clocks joined to a
day's part, counted SETs, and the forms a journalist writes that the sweep found misread. Rows
are (text, DCT, expected timex text, type, value, mod) as in ``test_timex_golden``; the blank
pipeline reads tense from the words alone, the trained one from the parse.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.language import Language
from test_timex_golden import NEWS, G, _blank, check

from dateline.eval.timex import valid_timex3_value
from dateline.nlp import timex_patterns as P
from dateline.nlp import timex_rules as R
from dateline.nlp.pipeline import load_nlp
from dateline.nlp.timex import tag_timexes

_UNIT_WORDS = (
    "second minute hour day weekend week fortnight month quarter year decade century "
    "seconds minutes hours days weekends weeks fortnights months quarters years decades "
    "centuries"
)


@pytest.mark.parametrize("word", _UNIT_WORDS.split())
def test_every_unit_the_patterns_match_has_a_table_entry(word: str) -> None:
    """``R.unit`` is the one normaliser: what UNIT matches of a unit word, singular or plural
    ("centuries" matches as "centurie" + "s"), maps to a key of ``UNITS``."""
    m = re.fullmatch(P.UNIT + "(?P<pl>s)?", word, re.I)
    assert m is not None
    assert R.unit(m["unit"]) in R.UNITS


def test_centuries_read_as_century() -> None:
    """Once "centurie" left the tables, plural centuries still read as centuries."""
    text = "The feud ran for centuries. It ended three centuries ago, after two centuries."
    got = [(t.text, t.value) for t in tag_timexes(_blank()(text), NEWS)[0]]
    assert got == [("centuries", "PXCE"), ("three centuries ago", "17"), ("two centuries", "P200Y")]


#: a Friday (ISO week 37), as in ``test_timex``
D = date(2023, 9, 15)

CLOCKS_AND_SETS = [
    # a clock and the part of a named day are one TIME; the part says which half of the day
    G(
        "The meeting will start at 4:30 Sunday afternoon.",
        D,
        "4:30 Sunday afternoon",
        "TIME",
        "2023-09-17T16:30",
    ),
    G(
        "Police said the raid began at 10:15 Tuesday night.",
        D,
        "10:15 Tuesday night",
        "TIME",
        "2023-09-12T22:15",
    ),
    G(
        "The blast came at 1:30 Saturday night.",
        D,
        "1:30 Saturday night",
        "TIME",
        "2023-09-10T01:30",
    ),
    G(
        "Voting closes at 7:45 tomorrow evening.",
        D,
        "7:45 tomorrow evening",
        "TIME",
        "2023-09-16T19:45",
    ),
    G(
        "The train left at 6:10 yesterday morning.",
        D,
        "6:10 yesterday morning",
        "TIME",
        "2023-09-14T06:10",
    ),
    G(
        "The rally will end at 5:30 p.m. Sunday afternoon.",
        D,
        "5:30 p.m. Sunday afternoon",
        "TIME",
        "2023-09-17T17:30",
    ),
    G("They met at 3:15 in the afternoon.", D, "3:15 in the afternoon", "TIME", "2023-09-15T15:15"),
    # the clock after the day stays its own timex, on that day and in that part of it
    G("The ferry will sail on Sunday afternoon at 4:30.", D, "4:30", "TIME", "2023-09-17T16:30"),
    # a four-digit clock with a zone or "local time", a British "9.30am"
    G("The plane landed at 0930 GMT.", D, "0930 GMT", "TIME", "2023-09-15T09:30"),
    G("The plane landed at 2130 local time.", D, "2130", "TIME", "2023-09-15T21:30"),
    G("The meeting will start at 9.30am.", D, "9.30am", "TIME", "2023-09-15T09:30"),
    G("The meeting ended at 4.15 p.m. on Monday.", D, "4.15 p.m.", "TIME", "2023-09-11T16:15"),
    # a count of times per period belongs to the SET
    G("The bus runs twice weekly.", D, "twice weekly", "SET", "P1W"),
    G("Doctors see him three times daily.", D, "three times daily", "SET", "P1D"),
    G("The board meets once monthly.", D, "once monthly", "SET", "P1M"),
    G("The board meets twice a year.", D, "twice a year", "SET", "P1Y"),
]

YEARS = [
    # a year as the object of a verb of a stretch of time, or opening a range of years
    G("The index ended 2023 up 5%.", D, "2023", "DATE", "2023"),
    G("The league spent 2020 in limbo.", D, "2020", "DATE", "2020"),
    G("Exports entered 2024 on a weak footing.", D, "2024", "DATE", "2024"),
    G("The budget covers 2024 to 2028.", D, "2024", "DATE", "2024"),
]


def test_a_range_of_years_needs_no_from() -> None:
    timexes, ranges = tag_timexes(_blank()(text := "The budget covers 2024 to 2028."), D)
    assert [t.text for t in timexes] == ["2024", "2028"], text
    assert ranges == [(timexes[0].tid, timexes[1].tid)]
    timexes, ranges = tag_timexes(_blank()("Sales fell in 2010 to 2005 levels."), D)
    assert [t.text for t in timexes] == ["2010", "2005"] and ranges == []


@pytest.mark.parametrize(
    "text",
    ["The index closed 1998 points lower.", "The firm employs 2000.", "It sent 1999 to war."],
)
def test_counts_after_verbs_are_not_years(text: str) -> None:
    assert tag_timexes(_blank()(text), D)[0] == []


SETS_AND_FRACTIONS = [
    G("He posts several times a day.", D, "several times a day", "SET", "P1D"),
    G("He calls a few times a week.", D, "a few times a week", "SET", "P1W"),
    G("Stores open 24 hours a day.", D, "24 hours a day", "SET", "P1D"),
    G("She works three days a week.", D, "three days a week", "SET", "P1W"),
    G("The summit is held biennially.", D, "biennially", "SET", "P2Y"),
    G("Rent is paid fortnightly.", D, "fortnightly", "SET", "P2W"),
    G("Dividends are paid semi-annually.", D, "semi-annually", "SET", "P6M"),
    G("The museum is closed on weekends.", D, "weekends", "SET", "XXXX-WXX-WE"),
    G("The museum closes every weekend.", D, "every weekend", "SET", "XXXX-WXX-WE"),
    G(
        "The club meets on the first Monday of every month.",
        D,
        "the first Monday of every month",
        "SET",
        "P1M",
    ),
    # a count of days before "ago" is a length, and the week ago a date
    G("It rained for two days a week ago.", D, "a week ago", "DATE", "2023-W36"),
    G("It rained for two days a week ago.", D, "two days", "DURATION", "P2D"),
    # a range of lengths is one length of at least its lower bound, as TimeBank writes it
    G(
        "Shipments resume within two to three weeks.",
        D,
        "two to three weeks",
        "DURATION",
        "P2W",
        "EQUAL_OR_MORE",
    ),
    G("The outage lasted 10-12 hours.", D, "10-12 hours", "DURATION", "PT10H", "EQUAL_OR_MORE"),
    G(
        "The project will take between 12 and 18 months.",
        D,
        "between 12 and 18 months",
        "DURATION",
        "P12M",
        "EQUAL_OR_MORE",
    ),
    G("It grew 10-12 months ago.", D, "12 months ago", "DATE", "2022-09"),
    # hundreds in words (thousands stay out: "two thousand" reads as a year)
    G("The siege lasted one hundred days.", D, "one hundred days", "DURATION", "P100D"),
    G(
        "It ended two hundred and fifty years ago.",
        D,
        "two hundred and fifty years ago",
        "DATE",
        "1773",
    ),
    # a fraction of a unit is a length; a fraction of people is not a time
    G("The feud lasted a quarter of a century.", D, "a quarter of a century", "DURATION", "P25Y"),
    G(
        "They waited three quarters of an hour.",
        D,
        "three quarters of an hour",
        "DURATION",
        "PT45M",
    ),
    G("It lasted a quarter of a decade.", D, "a quarter of a decade", "DURATION", "P2Y6M"),
]


PARTS_OF_PERIODS = [
    # the first or last day of a month is that day, the month read as it would be alone
    G(
        "Prices hit a record on the last day of June.",
        D,
        "the last day of June",
        "DATE",
        "2023-06-30",
    ),
    G(
        "The law took effect on the first day of May 2021.",
        D,
        "the first day of May 2021",
        "DATE",
        "2021-05-01",
    ),
    G(
        "The last day of February 2024 was busy.",
        D,
        "The last day of February 2024",
        "DATE",
        "2024-02-29",
    ),
    # the turn of a century, the middle of this one
    G(
        "The firm was founded at the turn of the century.",
        D,
        "the turn of the century",
        "DATE",
        "2000",
        "APPROX",
    ),
    G(
        "The town grew in 1888. At the turn of the century, it had a mill.",
        D,
        "the turn of the century",
        "DATE",
        "1900",
        "APPROX",
    ),
    G(
        "The line was built at the turn of the 20th century.",
        D,
        "the turn of the 20th century",
        "DATE",
        "1900",
        "APPROX",
    ),
    G("The plan targets net zero by mid-century.", D, "mid-century", "DATE", "20", "MID"),
    # two units from the DCT's; the end of a month or week
    G("The plant closed the week before last.", D, "the week before last", "DATE", "2023-W35"),
    G("The plant opens the year after next.", D, "the year after next", "DATE", "2025"),
    G("The trial opens a week from Monday.", D, "a week from Monday", "DATE", "2023-09-25"),
    G("The hearing was adjourned until Monday week.", D, "Monday week", "DATE", "2023-09-25"),
    G("The bill is due at month's end.", D, "month's end", "DATE", "2023-09", "END"),
    G("The bill is due by month-end.", D, "month-end", "DATE", "2023-09", "END"),
    G(
        "The city fell on 19 October 1950. At month's end, the front held.",
        D,
        "month's end",
        "DATE",
        "1950-10",
        "END",
    ),
    # earnings notation: the quarter by its last month, "4Q23", "1H 2024"
    G("Profit rose in the June quarter.", D, "the June quarter", "DATE", "2023-Q2"),
    G(
        "Profit rose in the September 2022 quarter.",
        D,
        "the September 2022 quarter",
        "DATE",
        "2022-Q3",
    ),
    G("Sales rose in 4Q22.", D, "4Q22", "DATE", "2022-Q4"),
    G("Sales will rise in 1H 2024.", D, "1H 2024", "DATE", "2024-H1"),
    G("Revenue for 2023/24 rose.", D, "2023", "DATE", "2023"),
    # a year modifying "levels"; a bare plural length after "lasted"/"took"/"spent"
    G("Prices fell from 2019 levels.", D, "2019", "DATE", "2019"),
    G("The siege lasted weeks.", D, "weeks", "DURATION", "PXW"),
    G("The repairs took months.", D, "months", "DURATION", "PXM"),
    # "the early hours of" starts the day, which stays the extent (as corpora annotate it)
    G(
        "The deal was struck in the early hours of Tuesday.",
        D,
        "Tuesday",
        "DATE",
        "2023-09-12",
        "START",
    ),
    G("Late on Friday, the deal collapsed.", D, "Friday", "DATE", "2023-09-15", "END"),
    G("Talks continue in the weeks ahead.", D, "the weeks ahead", "DURATION", "PXW"),
    G("Talks continue in the months to come.", D, "the months to come", "DURATION", "PXM"),
]


FORMATS = [
    # weekday abbreviations before a date, dotted dates, "'98", clocks in words
    G("The rally was held Wed., Aug. 2.", D, "Wed., Aug. 2", "DATE", "2023-08-02"),
    G("The rally was held on Thurs. Aug. 3.", D, "Thurs. Aug. 3", "DATE", "2023-08-03"),
    G("The filing is dated 05.09.2023.", D, "05.09.2023", "DATE", "2023-09-05"),
    G("The filing is dated 2023.09.05.", D, "2023.09.05", "DATE", "2023-09-05"),
    G("Prices have risen since '05.", D, "'05", "DATE", "2005"),
    G("Prices fell in '98.", D, "'98", "DATE", "1998"),
    G("The film came out in summer '23.", D, "summer '23", "DATE", "2023-SU"),
    G("The ruling came at half past four.", D, "half past four", "TIME", "2023-09-15T04:30"),
    G(
        "The ruling came at a quarter to five in the afternoon.",
        D,
        "a quarter to five in the afternoon",
        "TIME",
        "2023-09-15T16:45",
    ),
    G("The ruling came down the other day.", D, "the other day", "DATE", "PAST_REF"),
]


def test_formats_that_are_not_dates() -> None:
    for text in (
        "Version 1.2.2023 was released.",
        "He joined the Club of '89.",
        "Profit was cut by half to 15 million.",
    ):
        assert tag_timexes(_blank()(text), D)[0] == [], text
    got = tag_timexes(_blank()("Revenue rose in the quarter to $2.35 billion."), D)[0]
    assert [t.text for t in got] == ["the quarter"]


HOLIDAYS_AND_STORY = [
    G("The shop will be closed on the Fourth of July.", D, "Fourth of July", "DATE", "2024-07-04"),
    G("The shop was closed on Independence Day.", D, "Independence Day", "DATE", "2023-07-04"),
    G("The shop was closed on Mother's Day.", D, "Mother's Day", "DATE", "2023-05-14"),
    G("Stores opened early on Black Friday.", D, "Black Friday", "DATE", "2022-11-25"),
    G("Stores will open early on Black Friday.", D, "Black Friday", "DATE", "2023-11-24"),
    G("The parade was held on St. Patrick's Day.", D, "St. Patrick's Day", "DATE", "2023-03-17"),
    G("Lent began on Ash Wednesday.", D, "Ash Wednesday", "DATE", "2023-02-22"),
    G(
        "The march took place on Martin Luther King Jr. Day.",
        D,
        "Martin Luther King Jr. Day",
        "DATE",
        "2023-01-16",
    ),
    # a month or season counted from the story's last date
    G("The shop opened in March 2019 and closed that April.", D, "that April", "DATE", "2019-04"),
    G(
        "The shop opened in late 2019 and closed the following spring.",
        D,
        "the following spring",
        "DATE",
        "2020-SP",
    ),
]


def test_named_days_that_are_not_dates() -> None:
    for text in (
        "Voters went to the polls on Super Tuesday.",
        "He marched on Bloody Sunday.",
        "Crowds marked Ukraine's Independence Day.",
    ):
        assert tag_timexes(_blank()(text), D)[0] == [], text


def test_parts_that_are_not_times() -> None:
    for text in (
        "She collects mid-century furniture.",
        "The first day of the trial was tense.",
        "He was named the player of the year.",
        "Profit rose in the May quarter.",
    ):
        assert tag_timexes(_blank()(text), D)[0] == [], text
    got = tag_timexes(_blank()("The deal came in the early hours of Tuesday."), D)[0]
    assert [t.text for t in got] == ["Tuesday"]  # no length "hours"


@pytest.mark.parametrize(
    "text",
    ["The stock rose to $9.30 a share.", "The firm sold 1998 GMT shares.", "Room 0930 is shut."],
)
def test_numbers_that_are_not_clocks(text: str) -> None:
    assert tag_timexes(_blank()(text), D)[0] == []


@pytest.mark.parametrize(
    "text",
    [
        "A quarter of voters abstained.",
        "Nearly a quarter of Americans agree.",
        "Three quarters of respondents said no.",
    ],
)
def test_fractions_are_not_quarters(text: str) -> None:
    assert tag_timexes(_blank()(text), D)[0] == []


def test_several_quarters_of_losses_is_a_length() -> None:
    got = [
        (t.text, t.value) for t in tag_timexes(_blank()("It had several quarters of losses."), D)[0]
    ]
    assert got == [("several quarters", "PXQ")]


#: read with the parse: the tense and kind of the governing verb
TENSE = [
    # a timetable or a forecast in the simple present looks ahead
    G("The strike ends on Wednesday.", D, "Wednesday", "DATE", "2023-09-20"),
    G("The festival returns in June.", D, "June", "DATE", "2024-06"),
    G("The museum reopens in March.", D, "March", "DATE", "2024-03"),
    G("The offer expires on Wednesday.", D, "Wednesday", "DATE", "2023-09-20"),
    G(
        "The firm expects a profit in the second quarter.",
        date(2023, 3, 2),
        "the second quarter",
        "DATE",
        "2023-Q2",
    ),
    # a modal that looks ahead, or the future of reported speech; "could" may be a past ability
    G("The company said it would cut jobs in March.", D, "March", "DATE", "2024-03"),
    G("Prices should peak in June.", D, "June", "DATE", "2024-06"),
    G("Prices might have peaked in June.", D, "June", "DATE", "2023-06"),
    G("The mayor could not be reached on Wednesday.", D, "Wednesday", "DATE", "2023-09-13"),
    # ... but not in the past, nor a verb that is no timetable
    G("The strike ended on Wednesday.", D, "Wednesday", "DATE", "2023-09-13"),
    G("The festival returned in June.", D, "June", "DATE", "2023-06"),
    # "will" looks ahead from the article's date even after a year of the story ...
    G(
        "Maria Okafor joined Lumen Rail in 2016. She will step down in June.",
        date(2026, 2, 2),
        "June",
        "DATE",
        "2026-06",
    ),
    # ... and a date on the statement itself is when it was said
    G(
        "Simone Achterberg said in a statement on Friday that she was delighted.",
        date(2023, 3, 2),
        "Friday",
        "DATE",
        "2023-02-24",
    ),
    # a participle of arrangement after its noun takes the tense of the clause around it
    G(
        "Ministers are expected to sign the pact at a summit set for Geneva in October.",
        D,
        "October",
        "DATE",
        "2023-10",
    ),
    G("A vote scheduled for June was called off.", D, "June", "DATE", "2023-06"),
    # a present verb that looks ahead is counted from the DCT even in a story of far years
    G(
        "The league was founded in 1946. It expanded in 1961, 1967 and 1976. Owners are "
        "expected to approve the deal at a meeting set for New York in October.",
        D,
        "October",
        "DATE",
        "2023-10",
    ),
    G(
        "The club was founded in 1946 and moved in 1961 and 1967. Its new stadium is "
        "expected to open in October.",
        D,
        "October",
        "DATE",
        "2023-10",
    ),
    # told in the past, the expectation belongs to the story ("would" too), and so does a
    # simple present, which a history may tell itself in
    G(
        "The club was founded in 1946 and moved in 1961 and 1967. Its new stadium opens "
        "in October.",
        D,
        "October",
        "DATE",
        "1946-10",
    ),
    # told in the past, the expectation belongs to the story ("would" too)
    G(
        "The club was founded in 1946 and moved in 1961 and 1967. Its new stadium was "
        "expected to open in October.",
        D,
        "October",
        "DATE",
        "1946-10",
    ),
    G(
        "The club was founded in 1946 and moved in 1961 and 1967. A new stadium would "
        "open in October.",
        D,
        "October",
        "DATE",
        "1946-10",
    ),
]

BLANK = (
    CLOCKS_AND_SETS + YEARS + SETS_AND_FRACTIONS + PARTS_OF_PERIODS + HOLIDAYS_AND_STORY + FORMATS
)


@pytest.mark.parametrize(("text", "dct", "want", "typ", "value", "mod"), BLANK)
def test_news_golden(
    text: str, dct: date, want: str, typ: str, value: str, mod: str | None
) -> None:
    check(_blank(), text, dct, want, typ, value, mod)


@pytest.fixture(scope="module")
def trained() -> Language:
    return load_nlp()


@pytest.mark.model
@pytest.mark.parametrize(("text", "dct", "want", "typ", "value", "mod"), TENSE)
def test_news_tense(
    trained: Language, text: str, dct: date, want: str, typ: str, value: str, mod: str | None
) -> None:
    check(trained, text, dct, want, typ, value, mod)


@pytest.mark.parametrize("dct", [date(1, 1, 2), date(9999, 12, 30), date(9999, 7, 3)])
def test_holidays_and_decades_at_the_edges_of_the_calendar(dct: date) -> None:
    """Found by fuzzing the tagger: a moveable holiday counted from a DCT in year 1 or 9999
    raised (the year before or after does not exist), and "the '90s" in year 73 gave -19."""
    for text in ("Thanksgiving", "It will come on Easter.", "Black Friday", "in the '90s"):
        found = tag_timexes(_blank()(text), dct)[0]
        assert found, (text, dct)  # tagged, not dropped for the error
        for t in found:
            assert valid_timex3_value(t.value, t.type), (text, dct, t.value)
    assert tag_timexes(_blank()("in the '90s"), date(73, 3, 14))[0][0].value == "009"
