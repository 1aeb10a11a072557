"""The TIMEX3 tagger: a golden table of our own sentences, the seed article and properties.

Most cases run on a blank pipeline with a sentencizer (no tags: underspecified dates read as
past, or future when the sentence says "will"); the tense-dependent ones load the trained
model once per module and are marked ``model``.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from dateline.eval.timex import TIMEX3_TYPES, valid_timex3_value
from dateline.model import Timex, when_for_value
from dateline.nlp.pipeline import load_nlp
from dateline.nlp.timex import tag_timexes

D = date(2023, 9, 15)  # a Friday in ISO week 37
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seed"

MODS = {None, "START", "MID", "END", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"} | {
    "APPROX",
    "LESS_THAN",
    "MORE_THAN",
    "EQUAL_OR_LESS",
    "EQUAL_OR_MORE",
}


@cache
def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="module")
def trained() -> Language:
    return load_nlp()


def _tag(nlp: Language, text: str, dct: date = D) -> tuple[list[Timex], list[tuple[str, str]]]:
    return tag_timexes(nlp(text), dct)


_LINKED = re.compile(r"\s+(?:later|earlier)\b", re.IGNORECASE)


def _check(
    text: str, timexes: list[Timex], want: str, typ: str, value: str, mod: str | None
) -> None:
    found = [t for t in timexes if t.text == want]
    got = [(t.text, t.type, t.value, t.mod) for t in timexes]
    assert found, f"no timex {want!r}; got {got}"
    t = found[0]
    assert (t.type, t.value, t.mod) == (typ, value, mod), got
    if typ in ("DATE", "TIME"):
        assert t.when == when_for_value(value, dct=D, mod=mod)
    elif not _LINKED.match(text, t.char_end):
        assert t.when is None  # a length dates nothing, unless "later"/"earlier" links it


def C(text: str, want: str, typ: str, value: str, mod: str | None = None) -> Any:
    return pytest.param(text, want, typ, value, mod, id=f"{want}|{text[:40]}")


# -- the golden table (our own sentences); DCT 2023-09-15 ----------------------------------
EXPLICIT = [
    C("The company was founded in 1998.", "1998", "DATE", "1998"),
    C("Since 2010, sales have doubled.", "2010", "DATE", "2010"),
    C("2012 was a difficult year for the firm.", "2012", "DATE", "2012"),
    C("The treaty was signed in 1648.", "1648", "DATE", "1648"),
    C("The 2012 Honda was recalled.", "2012", "DATE", "2012"),
    C("The law passed on September 15, 2023.", "September 15, 2023", "DATE", "2023-09-15"),
    C("It opened on 15 September 2023.", "15 September 2023", "DATE", "2023-09-15"),
    C("The deal closed on Sept. 15.", "Sept. 15", "DATE", "2023-09-15"),
    C("Data released 2023-09-01 show growth.", "2023-09-01", "DATE", "2023-09-01"),
    C("The form is dated 9/15/2023.", "9/15/2023", "DATE", "2023-09-15"),
    C("Sales rose in January 2023.", "January 2023", "DATE", "2023-01"),
    C("The vote took place in March.", "March", "DATE", "2023-03"),
    C("The firm was founded in May.", "May", "DATE", "2023-05"),
    C("The concert was on the 4th of July 2021.", "the 4th of July 2021", "DATE", "2021-07-04"),
    C("The raid came on Tuesday, Aug. 8, 2023.", "Tuesday, Aug. 8, 2023", "DATE", "2023-08-08"),
    C("The museum was built in the year 2000.", "the year 2000", "DATE", "2000"),
    C("The ceremony will take place in January.", "January", "DATE", "2024-01"),
    C("The firm will report results on Oct. 20.", "Oct. 20", "DATE", "2023-10-20"),
    C("Shops were busy on Christmas Eve.", "Christmas Eve", "DATE", "2022-12-24"),
    C("It happened on Christmas Day 2019.", "Christmas Day 2019", "DATE", "2019-12-25"),
    C("The shift began in the mid-2010s.", "the mid-2010s", "DATE", "201", "MID"),
    C("Prices soared in the 1990s.", "the 1990s", "DATE", "199"),
    C("In the 1980s and 1990s, the city grew.", "1990s", "DATE", "199"),
    C("They will meet on Monday, Sept. 18.", "Monday, Sept. 18", "DATE", "2023-09-18"),
    C("The index rose in the nine months to June.", "the nine months", "DURATION", "P9M"),
    C("Music from the '90s is back.", "the '90s", "DATE", "199"),
    C("Hits of the ’80s filled the room.", "the ’80s", "DATE", "198"),
    C("The 1960s were turbulent.", "The 1960s", "DATE", "196"),
    C("The empire grew in the early 1800s.", "the early 1800s", "DATE", "180", "START"),
    C("He wrote songs in the late '60s.", "the late '60s", "DATE", "196", "END"),
    C("The scene peaked in the nineties.", "the nineties", "DATE", "199"),
    C("It was built in the 19th century.", "the 19th century", "DATE", "18"),
    C("The 21st century brought the internet.", "The 21st century", "DATE", "20"),
    C("It dates from the twelfth century.", "the twelfth century", "DATE", "11"),
    C("This century has seen rapid change.", "This century", "DATE", "20"),
    C("Profit fell in the first quarter of 2023.", "the first quarter of 2023", "DATE", "2023-Q1"),
    C("Revenue grew in Q1 2023.", "Q1 2023", "DATE", "2023-Q1"),
    C("Earnings beat forecasts in the third quarter.", "the third quarter", "DATE", "2023-Q3"),
    # a quarter not yet begun at the DCT (Q3) was last year's in the past tense
    C("Fourth-quarter profit rose sharply.", "Fourth-quarter", "DATE", "2022-Q4"),
    C("Fourth-quarter profit will rise.", "Fourth-quarter", "DATE", "2023-Q4"),
    C(
        "Sales fell in the fourth quarter of last year.",
        "the fourth quarter of last year",
        "DATE",
        "2022-Q4",
    ),
    C("They met in the first half of 2023.", "the first half of 2023", "DATE", "2023-H1"),
    C("Sales in H2 2022 were weak.", "H2 2022", "DATE", "2022-H2"),
    C("Spending is capped in fiscal 2024.", "fiscal 2024", "DATE", "2024"),
    C("The budget for fiscal year 2022 was cut.", "fiscal year 2022", "DATE", "2022"),
    C("The festival ran in summer 2022.", "summer 2022", "DATE", "2022-SU"),
    C("The firm was founded in the summer of 2015.", "the summer of 2015", "DATE", "2015-SU"),
    C("The law took effect in the winter of 2021.", "the winter of 2021", "DATE", "2021-WI"),
    C("The bridge opened in spring 2019.", "spring 2019", "DATE", "2019-SP"),
    C("Snow fell early in autumn 2020.", "autumn 2020", "DATE", "2020-FA"),
    C("Crowds were large this summer.", "this summer", "DATE", "2023-SU"),
    C("The lake froze last winter.", "last winter", "DATE", "2022-WI"),
    C("A new album is planned for next spring.", "next spring", "DATE", "2024-SP"),
]
RELATIVE = [
    C("She arrived yesterday.", "yesterday", "DATE", "2023-09-14"),
    C("The report is out today.", "today", "DATE", "2023-09-15"),
    C("The verdict is expected tomorrow.", "tomorrow", "DATE", "2023-09-16"),
    C("Results are due the day after tomorrow.", "the day after tomorrow", "DATE", "2023-09-17"),
    C("He will speak tonight.", "tonight", "TIME", "2023-09-15TNI"),
    C("Protesters gathered this morning.", "this morning", "TIME", "2023-09-15TMO"),
    C("The storm hit yesterday morning.", "yesterday morning", "TIME", "2023-09-14TMO"),
    C("The strike ended last night.", "last night", "TIME", "2023-09-14TNI"),
    C("Shares slid last week.", "last week", "DATE", "2023-W36"),
    C("Talks continue this week.", "this week", "DATE", "2023-W37"),
    C("Talks resume next week.", "next week", "DATE", "2023-W38"),
    C("The fund closes two weeks from now.", "two weeks from now", "DATE", "2023-W39"),
    C("Ten days hence the law applies.", "Ten days hence", "DATE", "2023-09-25"),
    C("The store opens next month.", "next month", "DATE", "2023-10"),
    C("Prices fell last month.", "last month", "DATE", "2023-08"),
    C("Turnout fell last year.", "last year", "DATE", "2022"),
    C("Growth has slowed this year.", "this year", "DATE", "2023"),
    C("A new plant opens next year.", "next year", "DATE", "2024"),
    C("Trading halted last quarter.", "last quarter", "DATE", "2023-Q2"),
    C("Rents rose over the last decade.", "the last decade", "DURATION", "P10Y"),
    C("Crowds are expected this weekend.", "this weekend", "DATE", "2023-W37-WE"),
    C("Attendance dropped last weekend.", "last weekend", "DATE", "2023-W36-WE"),
    C("Fans celebrated over the weekend.", "the weekend", "DATE", "2023-W36-WE"),
    C("The firm was sold earlier this year.", "earlier this year", "DATE", "2023", "START"),
    C("Earlier this month, rates rose.", "Earlier this month", "DATE", "2023-09", "START"),
    C("A decision is due later this year.", "later this year", "DATE", "2023", "END"),
    C("The plant closed in early 2020.", "early 2020", "DATE", "2020", "START"),
    C("Sales peaked in late 2019.", "late 2019", "DATE", "2019", "END"),
    C("Output dipped in mid-2021.", "mid-2021", "DATE", "2021", "MID"),
    C("The contract ends at the end of 2021.", "the end of 2021", "DATE", "2021", "END"),
    C("By the end of the year, sales had doubled.", "the end of the year", "DATE", "2023", "END"),
    C("He retired late last year.", "late last year", "DATE", "2022", "END"),
    C("Production resumes early next year.", "early next year", "DATE", "2024", "START"),
    C("The merger happened in early September.", "early September", "DATE", "2023-09", "START"),
    C("The protest took place in mid-August.", "mid-August", "DATE", "2023-08", "MID"),
    C("The audit ended in late June 2022.", "late June 2022", "DATE", "2022-06", "END"),
    C("She moved there two years ago.", "two years ago", "DATE", "2021"),
    C("Prices rose three months ago.", "three months ago", "DATE", "2023-06"),
    C("The band split a decade ago.", "a decade ago", "DATE", "201"),
    C("The ship sank two weeks ago.", "two weeks ago", "DATE", "2023-W35"),
    C("The fire began three days ago.", "three days ago", "DATE", "2023-09-12"),
    C("She left years ago.", "years ago", "DATE", "PAST_REF"),
    C("It happened about two years ago.", "two years ago", "DATE", "2021", "APPROX"),
    C("He recently resigned.", "recently", "DATE", "PAST_REF"),
    C("Mistakes were made in the past.", "the past", "DATE", "PAST_REF"),
    C("Now the company faces a lawsuit.", "Now", "DATE", "PRESENT_REF"),
    C("Prices are high now.", "now", "DATE", "PRESENT_REF"),
    C("The firm currently employs 300 staff.", "currently", "DATE", "PRESENT_REF"),
    C("No vaccine is available at present.", "present", "DATE", "PRESENT_REF"),
    C("Nowadays, few people write letters.", "Nowadays", "DATE", "PRESENT_REF"),
    C("Prices may fall in the future.", "the future", "DATE", "FUTURE_REF"),
    C("Results are expected soon.", "soon", "DATE", "FUTURE_REF"),
    C("The minister resigned on Tuesday.", "Tuesday", "DATE", "2023-09-12"),
    C("The market rallied on Friday.", "Friday", "DATE", "2023-09-15"),
    C("The board met last Tuesday.", "last Tuesday", "DATE", "2023-09-12"),
    C("The board meets next Friday.", "next Friday", "DATE", "2023-09-22"),
    C("The board will meet on Monday.", "Monday", "DATE", "2023-09-18"),
    C("They clashed on Tuesday night.", "Tuesday night", "TIME", "2023-09-12TNI"),
]
ANAPHORA = [
    C(
        "The summit opened on March 3, 2021. The following day, leaders signed a pact.",
        "The following day",
        "DATE",
        "2021-03-04",
    ),
    C(
        "The storm hit on June 5, 2022. The next day, power failed.",
        "The next day",
        "DATE",
        "2022-06-06",
    ),
    C(
        "The vote was on May 2, 2019. The day before, rallies were held.",
        "The day before",
        "DATE",
        "2019-05-01",
    ),
    C("Riots broke out on Aug. 1, 2020. That day, shops closed.", "That day", "DATE", "2020-08-01"),
    C(
        "The bridge reopened on June 4, 2019. That same day, a ferry sank.",
        "That same day",
        "DATE",
        "2019-06-04",
    ),
    C(
        "The strike began in May 2018. In that very month, pay rose.",
        "that very month",
        "DATE",
        "2018-05",
    ),
    C(
        "The plant opened in 2015. The following year, it doubled output.",
        "The following year",
        "DATE",
        "2016",
    ),
    C("The law passed in 2010. A year later, it was repealed.", "A year later", "DATE", "2011"),
    # TimeML: in news "two days later" is the length "two days" ("later" only links it to an
    # event); a year later stays a date, and so does any count in a history
    C(
        "The deal was announced Monday. Two days later, it collapsed.",
        "Two days",
        "DURATION",
        "P2D",
    ),
    C("Months earlier, the plan had failed.", "Months earlier", "DATE", "PAST_REF"),
    C("The following day, the market recovered.", "The following day", "DATE", "2023-09-16"),
    C(
        "The plant opened on May 4, 2018. That morning, crowds gathered.",
        "That morning",
        "TIME",
        "2018-05-04TMO",
    ),
]
DURATIONS = [
    # a vague stretch back after "in/over/during" locates a time; after "for" it measures one
    C("Rates have fallen in the last few months.", "the last few months", "DATE", "PAST_REF"),
    C(
        "Sales grew over the past several quarters.",
        "the past several quarters",
        "DATE",
        "PAST_REF",
    ),
    C("For the past few weeks we were attacked.", "the past few weeks", "DURATION", "PXW"),
    C(
        "Growth will slow over the next couple of years.",
        "the next couple of years",
        "DURATION",
        "P2Y",
    ),
    C("It signed a several-year contract.", "several-year", "DURATION", "PXY"),
    C("It signed a multi-year deal.", "multi-year", "DURATION", "PXY"),
    C("The vote was put off to a later date.", "a later date", "DATE", "FUTURE_REF"),
    C("She hopes she will one day fly.", "one day", "DATE", "FUTURE_REF"),
    C("The job lasted one day.", "one day", "DURATION", "P1D"),
    C("Shares fell for three trading days.", "three trading days", "DURATION", "P3D"),
    C("Refunds take five business days.", "five business days", "DURATION", "P5D"),
    C("The league has had a turbulent year.", "a turbulent year", "DURATION", "P1Y"),
    C("The project took a year.", "a year", "DURATION", "P1Y"),
    C("He served one year in prison.", "one year", "DURATION", "P1Y"),
    C("The trial lasted three years.", "three years", "DURATION", "P3Y"),
    C("The flight took two hours.", "two hours", "DURATION", "PT2H"),
    C("The probe ran for six months.", "six months", "DURATION", "P6M"),
    C("Rents doubled over the past five years.", "the past five years", "DURATION", "P5Y"),
    C("Prices rose in the past week.", "the past week", "DURATION", "P1W"),
    C(
        "The dispute lasted more than two years.",
        "more than two years",
        "DURATION",
        "P2Y",
        "MORE_THAN",
    ),
    C("The journey took about 10 days.", "10 days", "DURATION", "P10D", "APPROX"),
    C("The talks took almost two years.", "two years", "DURATION", "P2Y", "LESS_THAN"),
    C("The case took nearly three years.", "nearly three years", "DURATION", "P3Y", "LESS_THAN"),
    C("The ban lasts at least 30 days.", "at least 30 days", "DURATION", "P30D", "EQUAL_OR_MORE"),
    C("The fix took less than an hour.", "less than an hour", "DURATION", "PT1H", "LESS_THAN"),
    C("The talks may last two years or so.", "two years or so", "DURATION", "P2Y", "APPROX"),
    C("She waited twenty-five years for justice.", "twenty-five years", "DURATION", "P25Y"),
    C("He spent a dozen years abroad.", "a dozen years", "DURATION", "P12Y"),
    C("The talks dragged on for years.", "years", "DURATION", "PXY"),
    C("Conflict has simmered for decades.", "decades", "DURATION", "PXDE"),
    C("The meeting lasted 45 minutes.", "45 minutes", "DURATION", "PT45M"),
    C("He was detained for 48 hours.", "48 hours", "DURATION", "PT48H"),
    C("The road was closed for two weeks.", "two weeks", "DURATION", "P2W"),
    C("The building stood for two centuries.", "two centuries", "DURATION", "P200Y"),
    C("The program ran for two decades.", "two decades", "DURATION", "P20Y"),
    C("Markets may swing in the coming months.", "the coming months", "DURATION", "PXM"),
    C("Negotiations could take several weeks.", "several weeks", "DURATION", "PXW"),
    C("He slept for a few hours.", "a few hours", "DURATION", "PTXH"),
    C("The company signed a 10-year lease.", "10-year", "DURATION", "P10Y"),
    C("It was a three-day festival.", "three-day", "DURATION", "P3D"),
    C("The wait is half an hour.", "half an hour", "DURATION", "PT30M"),
    C("The flight lasts 1.5 hours.", "1.5 hours", "DURATION", "PT1H30M"),
    C("Repairs will take the next two weeks.", "the next two weeks", "DURATION", "P2W"),
    C("Crime fell in recent years.", "recent years", "DURATION", "PXY"),
    C("The firm spent 1,000 days in court.", "1,000 days", "DURATION", "P1000D"),
]
SETS = [
    C("The festival is held every year.", "every year", "SET", "P1Y"),
    C("The report is published annually.", "annually", "SET", "P1Y"),
    C("The team meets each week.", "each week", "SET", "P1W"),
    C("The newsletter goes out weekly.", "weekly", "SET", "P1W"),
    C("The market opens every Monday.", "every Monday", "SET", "XXXX-WXX-1"),
    C("Inspections happen every two years.", "every two years", "SET", "P2Y"),
    C("The council meets every other week.", "every other week", "SET", "P2W"),
    C("The pill is taken twice a day.", "twice a day", "SET", "P1D"),
    C("He earns $5 million a year.", "a year", "SET", "P1Y"),
    C("The shop closes on Sundays.", "Sundays", "SET", "XXXX-WXX-7"),
    C("Buses run daily.", "daily", "SET", "P1D"),
    C("Staff check the gauges every morning.", "every morning", "SET", "XXXX-XX-XXTMO"),
    C("The fair returns every summer.", "every summer", "SET", "XXXX-SU"),
]
TIMES = [
    C("The meeting starts at 3 p.m.", "3 p.m.", "TIME", "2023-09-15T15:00"),
    C("The meeting starts at 9 o'clock.", "9 o'clock", "TIME", "2023-09-15T09:00"),
    C(
        "They met at seven o'clock in the evening.",
        "seven o'clock in the evening",
        "TIME",
        "2023-09-15T19:00",
    ),
    C("The vote begins at 15:00.", "15:00", "TIME", "2023-09-15T15:00"),
    C("The train left at 9:30 a.m. sharp.", "9:30 a.m.", "TIME", "2023-09-15T09:30"),
    C("Polls close at 8pm.", "8pm", "TIME", "2023-09-15T20:00"),
    C("The blast occurred at 3 p.m. Tuesday.", "3 p.m. Tuesday", "TIME", "2023-09-12T15:00"),
    C("On Sept. 14 at 6 a.m., police arrived.", "6 a.m.", "TIME", "2023-09-14T06:00"),
    C("The deadline is noon.", "noon", "TIME", "2023-09-15T12:00"),
    C("He was arrested around 11 p.m.", "around 11 p.m.", "TIME", "2023-09-15T23:00", "APPROX"),
    C("The launch is set for 2023-09-20T14:30.", "2023-09-20T14:30", "TIME", "2023-09-20T14:30"),
    # a part of the day with "mid" or after "in/during the": of the day named last, or today
    C("By mid-afternoon the crowd had gone.", "mid-afternoon", "TIME", "2023-09-15TAF", "MID"),
    C("Shares slipped midmorning.", "midmorning", "TIME", "2023-09-15TMO", "MID"),
    C(
        "At mid afternoon yesterday, rain fell.",
        "mid afternoon yesterday",
        "TIME",
        "2023-09-14TAF",
        "MID",
    ),
    C("On Sept. 12 the roads were clear in the morning.", "the morning", "TIME", "2023-09-12TMO"),
    C("The ferry sails at 4 in the morning.", "4 in the morning", "TIME", "2023-09-15T04:00"),
    # a quote that is speech, not a title, keeps its expression; a month range is not a name
    C('He said "This week was hard."', "This week", "DATE", "2023-W37"),
    C("Prices rose from March to May.", "March", "DATE", "2023-03"),
    C("They met at 9 in the evening.", "9 in the evening", "TIME", "2023-09-15T21:00"),
    C("The offer ends at midnight Friday.", "midnight Friday", "TIME", "2023-09-15T24:00"),
]
GOLDEN = EXPLICIT + RELATIVE + ANAPHORA + DURATIONS + SETS + TIMES


@pytest.mark.parametrize(("text", "want", "typ", "value", "mod"), GOLDEN)
def test_golden(text: str, want: str, typ: str, value: str, mod: str | None) -> None:
    _check(text, _tag(_blank(), text)[0], want, typ, value, mod)


def test_golden_table_is_large() -> None:
    assert len(GOLDEN) + len(TENSE) >= 150


TENSE = [
    C(
        "Back in January, while his future was uncertain, the actor gave an interview.",
        "January",
        "DATE",
        "2023-01",
    ),
    C("The plant will close in January.", "January", "DATE", "2024-01"),
    # a scheduling verb in the present (passive or perfect): an arrangement ahead
    C("The vote is set for Thursday.", "Thursday", "DATE", "2023-09-21"),
    C("The talks have been postponed until Tuesday.", "Tuesday", "DATE", "2023-09-19"),
    C("The record set on Thursday stands.", "Thursday", "DATE", "2023-09-14"),
    C("On September 3, the mayor resigned.", "September 3", "DATE", "2023-09-03"),
    C("The museum will reopen on September 3.", "September 3", "DATE", "2024-09-03"),
    C("The minister will travel to Paris on Tuesday.", "Tuesday", "DATE", "2023-09-19"),
    C("The minister travelled to Paris on Tuesday.", "Tuesday", "DATE", "2023-09-12"),
    C("The tournament starts in December.", "December", "DATE", "2023-12"),
    C("The storm struck in March.", "March", "DATE", "2023-03"),
    C("He had visited the site in October.", "October", "DATE", "2022-10"),
    C("The law is set to take effect in March.", "March", "DATE", "2024-03"),
    C("Elections are going to be held in February.", "February", "DATE", "2024-02"),
    C("The company has cut jobs since April.", "April", "DATE", "2023-04"),
    C("Fans will celebrate over the weekend.", "the weekend", "DATE", "2023-W37-WE"),
    C("Fans celebrated over the weekend.", "the weekend", "DATE", "2023-W36-WE"),
    C("The bridge opened in the summer.", "the summer", "DATE", "2023-SU"),
    C("The team will play on Sunday.", "Sunday", "DATE", "2023-09-17"),
    # a past verb that sets a date does not put the date in the past: the nearest one
    C("Officials postponed the vote until Saturday.", "Saturday", "DATE", "2023-09-16"),
    # a weekday's event named by its day ("Saturday's ruling") is one that has happened
    C("The price is above Saturday's close.", "Saturday", "DATE", "2023-09-09"),
    C("The union has scheduled a strike for Saturday.", "Saturday", "DATE", "2023-09-16"),
    # a year between an adjective and a singular noun modifies it ("a count" needs a plural)
    C("He lost his unsuccessful 1996 campaign.", "1996", "DATE", "1996"),
    # "due to" looks ahead, unless its copula is past: then the nearest day
    C("The offer is due to expire on Wednesday.", "Wednesday", "DATE", "2023-09-20"),
    C("The offer had been due to expire on Wednesday.", "Wednesday", "DATE", "2023-09-13"),
    C("The couple have had a difficult year.", "a difficult year", "DURATION", "P1Y"),
    # "is to" + verb looks ahead, like "is going to"
    C("Trading in the shares is to resume on Tuesday.", "Tuesday", "DATE", "2023-09-19"),
    # a date on a noun a verb of saying governs is not dated by the saying: the nearest one
    C(
        "The ministry informed refiners of a cut in its supply in October.",
        "October",
        "DATE",
        "2023-10",
    ),
    C("The union announced plans for a strike in October.", "October", "DATE", "2023-10"),
    C("The minister said on Tuesday that talks had failed.", "Tuesday", "DATE", "2023-09-12"),
    # what was decided or agreed to is done after the deciding: the nearest one
    C("The board decided to close the plant in November.", "November", "DATE", "2023-11"),
    C("The firm agreed to buy the unit in February.", "February", "DATE", "2024-02"),
    C("The firm bought the unit in February.", "February", "DATE", "2023-02"),
    # a participle clause without an auxiliary takes its head verb's time
    C(
        "The shares have swung sharply, climbing to a peak from a low in January.",
        "January",
        "DATE",
        "2023-01",
    ),
    # a clock time with no day takes the day last named
    C(
        "The shop was robbed on Tuesday. Police came at 10 p.m.",
        "10 p.m.",
        "TIME",
        "2023-09-12T22:00",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "want", "typ", "value", "mod"), TENSE)
def test_tense(
    trained: Language, text: str, want: str, typ: str, value: str, mod: str | None
) -> None:
    _check(text, _tag(trained, text)[0], want, typ, value, mod)


NOT_TIMEXES = [
    ("2,000 people marched on the capital.", "2,000"),
    ("He sold 1998 cars last spring.", "1998"),
    ("He starred in That 70s Show for years.", "70s"),
    ("A 55-year-old man was arrested.", "55-year-old"),
    ("He is 55 years old.", "55 years"),
    ("The victim, aged 55, survived.", "55"),
    ("He was the first to arrive.", "first"),
    ("May I ask a question?", "May"),
    ("The rate was 2.5 percent in 2021.", "2.5"),
    ("Call 555-1998 for details.", "1998"),
    ("She paid $2012 for the sofa.", "2012"),
    ("April Ryan asked a question.", "April"),
    ("The Daily Mail reported it.", "Daily"),
    ("As soon as possible, he left.", "soon"),
    ("The future of the company is unclear.", "future"),
    ("His future was unclear.", "future"),
    ("In his 50s, he took up running.", "50s"),
    ("She got a second chance.", "second"),
    ("Jan Smith spoke to reporters.", "Jan"),
    ("The fall of the empire was swift.", "fall"),
    ("The Audi Q3 is popular.", "Q3"),
    ("Room 1204 is on the top floor.", "1204"),
    ("It has been a good day for the markets.", "a good day"),
    ("The firm posted quarterly earnings.", "quarterly"),
    ("He watched Apocalypse Now twice.", "Now"),
    ("He reads the morning paper.", "morning"),
    ('The minister said on ABC\'s "This Week" that talks would go on.', "This Week"),
    ("She told CBS's ''60 Minutes.'' that she would run.", "60 Minutes"),
    ("Thousands joined the annual March for Life.", "March"),
    ("Tourists flew to Easter Island.", "Easter"),
    ("He told USA Today that he would run.", "Today"),
    ("This is VOA Today.", "Today"),
    ("Eastern Europe grew fast.", "Easter"),
    ("Funds hold more than a quarter of the market.", "quarter"),
    ("Three quarters of the troops went home.", "quarters"),
    ("They marched in the March on the Capitol.", "March"),
    ("Few of the rebels survived the Long March across the hills.", "March"),
    ("The tanks came from the 1st Armored Division.", "1st"),
    ("Her office is on the 11th floor.", "11th"),
    ("No battles were fought along the March. The army turned north.", "March"),
    ("For the party, high noon comes today.", "noon"),
    ("The morning of the battle was cold.", "morning"),
]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "tagged"),
    [
        ("The story ran in the morning paper.", []),
        ("Prices fell in the afternoon session.", []),
        ("Prices fell in the afternoon, then rallied.", ["the afternoon"]),
        ("By mid-afternoon trading the index was up.", []),
    ],
)
def test_part_of_day_before_a_noun(trained: Language, text: str, tagged: list[str]) -> None:
    assert [t.text for t in _tag(trained, text)[0]] == tagged


@pytest.mark.parametrize(("text", "word"), NOT_TIMEXES)
def test_not_a_timex(text: str, word: str) -> None:
    start = text.index(word)
    for t in _tag(_blank(), text)[0]:
        assert t.char_end <= start or t.char_start >= start + len(word), (t.text, t.value)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("The show ran from 1998 until 2006.", ("1998", "2006")),
        ("He served from 1998 to 2006.", ("1998", "2006")),
        ("The survey covered 1998-2006.", ("1998", "2006")),
        ("The 2011-12 season was long.", ("2011", "2012")),
        ("Rates rose between May and July.", ("2023-05", "2023-07")),
        ("She lived there from 2001 through 2005.", ("2001", "2005")),
        ("The shop is open from 9 a.m. to 5 p.m.", ("2023-09-15T09:00", "2023-09-15T17:00")),
    ],
)
def test_ranges(text: str, values: tuple[str, str]) -> None:
    timexes, ranges = _tag(_blank(), text)
    by_tid = {t.tid: t for t in timexes}
    assert [(by_tid[a].value, by_tid[b].value) for a, b in ranges] == [values]


def test_a_length_linked_by_later_keeps_the_date_it_reaches() -> None:
    """In news, "three days later" is the DURATION "three days" (TimeML), but the events it
    dates happened on the day it reaches, which its ``when`` keeps; no "later", no date."""
    text = "Acme sued Bolt on March 3. Three days later, Bolt sued Acme back."
    timexes, _ = _tag(_blank(), text)
    later = next(t for t in timexes if t.text == "Three days")
    assert (later.type, later.value) == ("DURATION", "P3D")
    assert later.when is not None and later.when.start == later.when.end == date(2023, 3, 6)
    earlier, _ = _tag(_blank(), "Acme sued Bolt on Monday. Two weeks earlier, Bolt had.")
    before = next(t for t in earlier if t.text == "Two weeks")  # Monday is 2023-09-11
    assert before.type == "DURATION" and before.when is not None
    assert before.when.start is not None and before.when.start < date(2023, 9, 11)
    plain, _ = _tag(_blank(), "Acme sued Bolt on March 3. The trial lasted three days.")
    length = next(t for t in plain if t.text == "three days")
    assert (length.type, length.when) == ("DURATION", None)


def test_no_range_without_a_cue() -> None:
    _, ranges = _tag(_blank(), "It grew in 1998 and shrank in 2006.")
    assert ranges == []


def test_records_are_complete() -> None:
    text = "Sales fell in 2019. Two years later, on May 4, 2021, they rose."
    timexes, _ = _tag(_blank(), text)
    assert [t.tid for t in timexes] == [f"t{i}" for i in range(1, len(timexes) + 1)]
    assert [(t.text, t.sentence_index) for t in timexes] == [
        ("2019", 0),
        ("Two years later", 1),
        ("May 4, 2021", 1),
    ]
    assert all(text[t.char_start : t.char_end] == t.text for t in timexes)
    first = timexes[0].when
    assert first is not None and (first.start, first.end) == (date(2019, 1, 1), date(2019, 12, 31))


def test_component_reads_the_dct_and_sets_doc_attributes() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("dateline_timex")
    doc = nlp.make_doc("Back in January the firm grew. It ran from 1998 until 2006.")
    doc._.dct = datetime(2023, 9, 15, 23, 30, tzinfo=UTC)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    assert [(t.text, t.value) for t in doc._.timexes] == [
        ("January", "2023-01"),
        ("1998", "1998"),
        ("2006", "2006"),
    ]
    assert doc._.timex_ranges == [("t2", "t3")]


def test_component_without_dct_leaves_relative_values_unanchored() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("dateline_timex")
    doc = nlp("In January, yesterday's rally mattered. Now it is over.")
    got = [(t.text, t.value) for t in doc._.timexes]
    assert got == [("January", "XXXX-01"), ("yesterday", "XXXX-XX-XX"), ("Now", "PRESENT_REF")]
    now = doc._.timexes[-1]
    assert now.when is not None and now.when.start is None


def test_works_without_sentence_boundaries() -> None:
    doc = spacy.blank("en")("The vote was in 2019. The count ended in 2020.")
    timexes, _ = tag_timexes(doc, D)
    assert [(t.text, t.sentence_index) for t in timexes] == [("2019", 0), ("2020", 0)]


# -- the seed article ------------------------------------------------------------------------
@pytest.mark.model
@pytest.mark.shared
def test_seed_article(trained: Language) -> None:
    if not SEED.is_dir():
        pytest.skip(f"../shared is absent: no seed article at {SEED}")
    expected = json.loads((SEED / "expected.json").read_text(encoding="utf-8"))
    raw = (SEED / "2023-09-15-kutcher-kunis-thorn.txt").read_text(encoding="utf-8")
    match = re.match(r"\s*date\s+(\d{4}-\d{2}-\d{2})\s+", raw)
    assert match is not None
    body = raw[match.end() :]
    timexes, ranges = tag_timexes(trained(body), date.fromisoformat(match[1]))
    got = [(t.text, t.type, t.value, t.mod) for t in timexes]
    for want in expected["timexes"]:
        key = (want["text"], want["type"], want["value"], want.get("mod"))
        assert key in got, f"missing {key}; got {got}"
    assert sum(1 for t in timexes if t.text == "Now") == 2
    assert not any("70s" in t.text or t.text == "first" for t in timexes)
    by_tid = {t.tid: t.text for t in timexes}
    assert ("1998", "2006") in [(by_tid[a], by_tid[b]) for a, b in ranges]


# -- properties ------------------------------------------------------------------------------
FRAGMENTS = [
    "in 1998",
    "241 BC",
    "AD 9",
    "2 1/2 years",
    "a minute and a half",
    "nineteen ninety-six",
    "the year two thousand",
    "the year-ago quarter",
    "the third quarter",
    "a year earlier",
    "from 1998 until 2006",
    "Sept. 15",
    "the '90s",
    "last week",
    "two years ago",
    "the following day",
    "every Monday",
    "3 p.m. Tuesday",
    "more than a decade",
    "Q3 2023",
    "early next year",
    "the first half of",
    "mid-",
    "tonight",
    "now",
    "May",
    "2023-02-30",
    "99/99/2099",
    "the 99th century",
    "fiscal 99",
    "a year",
    "the weekend",
    "0:00",
    "12 a.m.",
    "Feb 29",
    "between May and",
    # session 9's forms, and pieces of them
    "4:30 Sunday afternoon",
    "1:30 Saturday night",
    "twice weekly",
    "three days a week",
    "a quarter of a",
    "10-12 hours",
    "between 12 and",
    "0930 GMT",
    "half past",
    "a quarter to twelve",
    "the last day of",
    "the turn of the 99th century",
    "the June quarter",
    "4Q99",
    "31.02.2023",
    "Thurs.",
    "in '",
    "the week before last",
    "month's end",
    "Black Friday",
    "-",
    ",",
    ".",
    "\n\n",
    "'",
    "’",
    "the",
    "of",
    "at",
    "s",
]
_TEXT = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=12).map(" ".join)


def _assert_well_formed(text: str, timexes: list[Timex], ranges: list[tuple[str, str]]) -> None:
    previous_end = 0
    for i, t in enumerate(timexes, 1):
        assert t.tid == f"t{i}"
        assert 0 <= t.char_start < t.char_end <= len(text)
        assert t.char_start >= previous_end
        previous_end = t.char_end
        assert text[t.char_start : t.char_end] == t.text
        assert t.type in TIMEX3_TYPES and valid_timex3_value(t.value, t.type), (t.type, t.value)
        assert t.mod in MODS
        assert t.sentence_index >= 0
        assert (t.when is None) == (t.type in ("DURATION", "SET"))
    tids = {t.tid for t in timexes}
    assert all(a in tids and b in tids for a, b in ranges)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=80) | _TEXT, day=st.dates(date(1001, 1, 1), date(2098, 12, 31)))
def test_any_text_is_safe(text: str, day: date) -> None:
    timexes, ranges = _tag(_blank(), text, day)
    _assert_well_formed(text, timexes, ranges)


@settings(max_examples=150, deadline=None)
@given(day=st.dates(date(1000, 1, 1), date(2099, 12, 31)))
def test_iso_dates_round_trip(day: date) -> None:
    timexes, _ = _tag(_blank(), f"The filing is dated {day.isoformat()}.")
    assert [(t.type, t.value) for t in timexes] == [("DATE", day.isoformat())]


@settings(max_examples=150, deadline=None)
@given(day=st.dates(date(1000, 1, 1), date(2099, 12, 31)))
def test_written_dates_round_trip(day: date) -> None:
    text = f"It happened on {day:%B} {day.day}, {day.year}."
    timexes, _ = _tag(_blank(), text)
    assert [(t.type, t.value) for t in timexes] == [("DATE", day.isoformat())]


@pytest.mark.parametrize(
    ("value", "type_", "ok"),
    [
        ("2023-09-15", "DATE", True),
        ("2023-W07", "DATE", True),
        ("2023-W7", "DATE", False),  # ISO weeks have two digits
        ("1949-XX", "DATE", True),  # syntax allows an unknown month; granularity is another matter
        ("199", "DATE", True),
        ("PAST_REF", "DATE", True),
        ("P1W", "DATE", False),  # a length is a DURATION
        ("2023-09-15TNI", "DATE", False),  # a part of the day is a TIME
        ("2023-09-15TNI", "TIME", True),
        ("1989-11-06T17", "TIME", True),  # ISO reduced precision
        ("1989-11-06T17:3", "TIME", False),
        ("1989-Q4", "DURATION", False),  # a calendar value is not a length
        ("P2Y6M", "DURATION", True),
        ("PT1H30M", "DURATION", True),
        ("P1DT", "DURATION", False),
        ("PXE", "DURATION", False),
        ("199X", "DATE", True),  # a year with an unknown last digit
        ("XXXX-WXX-1", "SET", True),
        ("null", None, False),
        ("P3D", None, True),  # any type: TIMEX2 corpora carry none
        ("BCXXXX-XX-XX", None, True),
    ],
)
def test_timex3_value_syntax(value: str, type_: str | None, ok: bool) -> None:
    assert valid_timex3_value(value, type_) is ok
