"""More golden cases (our own sentences): narratives, earnings quarters, fractions, spoken years,
eras. Each row is (text, DCT, expected timex text, type, value, mod); a blank pipeline with a
sentencizer, so tense comes from the words ("will") and underspecified dates read as past.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

import pytest
import spacy
from spacy.language import Language

from dateline.nlp.timex import tag_timexes

NEWS = date(2023, 10, 20)  # a Friday in Q4; the quarter reported on is Q3
HISTORY = date(2009, 12, 19)  # a history article dated long after its events


@cache
def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def G(text: str, dct: date, want: str, typ: str, value: str, mod: str | None = None) -> Any:
    return pytest.param(text, dct, want, typ, value, mod, id=f"{want}|{text[:40]}")


NARRATIVE = [
    # "the next spring", "the following summer": after the story's last date
    G(
        "The army reached the camp in December 1777. The next spring, it marched out.",
        HISTORY,
        "The next spring",
        "DATE",
        "1778-SP",
    ),
    G(
        "They met in June 1990 and again the following spring.",
        NEWS,
        "the following spring",
        "DATE",
        "1991-SP",
    ),
    # a winter is labelled by the year of its December, as ``When`` dates it (December to
    # February) and as "this winter" and "last winter" are counted: WikiWars labels a
    # winter by its January, a convention we do not follow
    G(
        "In 1917 the war dragged on. In September 1917 the army dug in. Over the winter, "
        "thousands fell ill.",
        HISTORY,
        "the winter",
        "DATE",
        "1917-WI",
    ),
    # "that winter" after a January is the winter that began the December before, and a
    # season the story named is a date "the next spring" counts from
    G(
        "In January 1918 the army froze. That winter, thousands fell ill.",
        HISTORY,
        "That winter",
        "DATE",
        "1917-WI",
    ),
    G(
        "The army reached the camp in December 1777. Over the winter, many died. "
        "The next spring, it marched out.",
        HISTORY,
        "The next spring",
        "DATE",
        "1778-SP",
    ),
    G(
        "In 1940 the army crossed the river. In April, it reached the coast.",
        HISTORY,
        "April",
        "DATE",
        "1940-04",
    ),
    G(
        "In 1940 the army crossed the river. On June 10, the city fell.",
        HISTORY,
        "June 10",
        "DATE",
        "1940-06-10",
    ),
    G(
        "The attack came on December 7, 1941. In January, the islands fell.",
        HISTORY,
        "January",
        "DATE",
        "1942-01",
    ),
    G(
        "The siege began in September 1942. By mid-November it was over.",
        HISTORY,
        "mid-November",
        "DATE",
        "1942-11",
        "MID",
    ),
    G(
        "The war began in 1914. In the summer, the front stalled.",
        HISTORY,
        "the summer",
        "DATE",
        "1914-SU",
    ),
    G(
        "The treaty was signed in March 1919. By the end of the month, troops had left.",
        HISTORY,
        "the end of the month",
        "DATE",
        "1919-03",
        "END",
    ),
    G(
        "Fighting resumed on March 1, 1918. Twelve days later the line broke.",
        HISTORY,
        "Twelve days later",
        "DATE",
        "1918-03-13",
    ),
    # a date near the DCT keeps the news reading: "March" is the DCT's year
    G("Sales rose in 2023. In March, profit fell.", NEWS, "March", "DATE", "2023-03"),
    G("In 2022 the firm moved. It opened a shop in March.", NEWS, "March", "DATE", "2023-03"),
]

QUARTERS = [
    G(
        "Profit rose in the third quarter. A year earlier, it fell.",
        NEWS,
        "A year earlier",
        "DATE",
        "2022-Q3",
    ),
    G(
        "Profit rose in the third quarter, up from a year ago.",
        NEWS,
        "a year ago",
        "DATE",
        "2022-Q3",
    ),
    G(
        "Profit rose in the third quarter from the year-ago quarter.",
        NEWS,
        "the year-ago quarter",
        "DATE",
        "2022-Q3",
    ),
    G(
        "Profit rose in the third quarter from the year-earlier period.",
        NEWS,
        "the year-earlier period",
        "DATE",
        "2022-Q3",
    ),
    # the quarter reported on, a year back, named in one phrase
    G(
        "Net rose in the third quarter. For the quarter a year ago, it fell.",
        NEWS,
        "the quarter a year ago",
        "DATE",
        "2022-Q3",
    ),
    G("Sales for last year's quarter were flat.", NEWS, "last year's quarter", "DATE", "2022-Q3"),
    G(
        "Profit compares with the corresponding period last year.",
        NEWS,
        "the corresponding period last year",
        "DATE",
        "2022-Q3",
    ),
    G(
        "Exports were 27% of sales in the latest fiscal year.",
        NEWS,
        "the latest fiscal year",
        "DATE",
        "2022",
    ),
    # once the story turns to the year to date, comparisons are with the year before
    G(
        "Profit rose in the third quarter. In the first nine months, it fell from a year ago.",
        NEWS,
        "a year ago",
        "DATE",
        "2022",
    ),
    G(
        "Profit rose in the third quarter. For the nine months, sales beat the 2022 period.",
        NEWS,
        "the 2022 period",
        "DATE",
        "2022",
    ),
    G(
        "In the first nine months sales fell. In the third quarter they beat year-ago sales.",
        NEWS,
        "year-ago",
        "DATE",
        "2022-Q3",
    ),
    G("Profit rose 5% in the latest quarter.", NEWS, "the latest quarter", "DATE", "2023-Q3"),
    G("Profit rose 5% in the quarter.", NEWS, "the quarter", "DATE", "2023-Q3"),
    G(
        "Profit rose in the second quarter. In the quarter, sales grew.",
        NEWS,
        "the quarter",
        "DATE",
        "2023-Q2",
    ),
    G("Sales will grow in the current quarter.", NEWS, "the current quarter", "DATE", "2023-Q4"),
    G(
        "Profit fell in the 2021 second quarter.",
        NEWS,
        "the 2021 second quarter",
        "DATE",
        "2021-Q2",
    ),
    G(
        "Profit rose in this year's first quarter.",
        NEWS,
        "this year's first quarter",
        "DATE",
        "2023-Q1",
    ),
    G(
        "Profit rose in last year's fourth quarter.",
        NEWS,
        "last year's fourth quarter",
        "DATE",
        "2022-Q4",
    ),
    G(
        "Profit fell in the year-ago third quarter.",
        NEWS,
        "the year-ago third quarter",
        "DATE",
        "2022-Q3",
    ),
    G("Earnings rose in the second quarter.", NEWS, "the second quarter", "DATE", "2023-Q2"),
    G("Sales grew in the fourth quarter.", NEWS, "the fourth quarter", "DATE", "2023-Q4"),
    G(
        "Sales grew in the fourth quarter.",
        date(2024, 1, 25),
        "the fourth quarter",
        "DATE",
        "2023-Q4",
    ),
    G(
        "Sales will grow in the fourth quarter.",
        date(2023, 5, 2),
        "the fourth quarter",
        "DATE",
        "2023-Q4",
    ),
    G("Sales fell for three quarters.", NEWS, "three quarters", "DURATION", "P3Q"),
    G(
        "Sales fell in each of the past two quarters.",
        NEWS,
        "the past two quarters",
        "DURATION",
        "P2Q",
    ),
]

AMOUNTS = [
    G("The talks lasted 2 1/2 years.", NEWS, "2 1/2 years", "DURATION", "P2Y6M"),
    G("The flight took 5 1/2 hours.", NEWS, "5 1/2 hours", "DURATION", "PT5H30M"),
    G("He spoke for a minute and a half.", NEWS, "a minute and a half", "DURATION", "PT1M30S"),
    G("The vote took half a day.", NEWS, "half a day", "DURATION", "PT12H"),
    G("The strike lasted a day and a half.", NEWS, "a day and a half", "DURATION", "P1DT12H"),
    G("The loan runs 1.5 years.", NEWS, "1.5 years", "DURATION", "P1Y6M"),
    G("The course takes 2.5 months.", NEWS, "2.5 months", "DURATION", "P2M15D"),
]

WORDS_AND_ERAS = [
    # a month, season or century before the common era
    G(
        "The fleet won at sea in June 479 BC. That same day, the army won on land.",
        HISTORY,
        "That same day",
        "DATE",
        "BC0479-06-XX",
    ),
    G(
        "The walls fell in 480 BC. The next day, the fleet sailed home.",
        HISTORY,
        "The next day",
        "DATE",
        "BC0480-XX-XX",
    ),
    G(
        "The truce of 387 BC undid the gains of the previous century.",
        HISTORY,
        "the previous century",
        "DATE",
        "BC04",
    ),
    G("The walls fell in June 479 BC, after a siege.", HISTORY, "June 479 BC", "DATE", "BC0479-06"),
    G(
        "The league met in the spring of 480 BC to plan.",
        HISTORY,
        "the spring of 480 BC",
        "DATE",
        "BC0480-SP",
    ),
    G("Bronze tools spread in the 4th century BC.", HISTORY, "the 4th century BC", "DATE", "BC03"),
    G(
        "The port was founded in the late ninth century B.C. by traders.",
        HISTORY,
        "the late ninth century B.C.",
        "DATE",
        "BC08",
        "END",
    ),
    G(
        "Prices peaked in January nineteen ninety-seven.",
        NEWS,
        "January nineteen ninety-seven",
        "DATE",
        "1997-01",
    ),
    G(
        "It snowed in the winter of nineteen ninety-four.",
        NEWS,
        "the winter of nineteen ninety-four",
        "DATE",
        "1994-WI",
    ),
    G("Sales fell in June last year.", NEWS, "June last year", "DATE", "2022-06"),
    G("Sales rose in January this year.", NEWS, "January this year", "DATE", "2023-01"),
    G("It was built in nineteen ninety-six.", NEWS, "nineteen ninety-six", "DATE", "1996"),
    G("The law dates from nineteen eighty.", NEWS, "nineteen eighty", "DATE", "1980"),
    G("Nineteen forty-five ended the war.", NEWS, "Nineteen forty-five", "DATE", "1945"),
    G("The bug struck in the year two thousand.", NEWS, "the year two thousand", "DATE", "2000"),
    G(
        "The firm was set up in two thousand and three.",
        NEWS,
        "two thousand and three",
        "DATE",
        "2003",
    ),
    G("The city was founded in 241 BC.", NEWS, "241 BC", "DATE", "BC0241"),
    G("Carthage fell in 146 B.C. after a siege.", NEWS, "146 B.C.", "DATE", "BC0146"),
    G("The battle was fought in AD 9.", NEWS, "AD 9", "DATE", "0009"),
    G("The wall was begun in 122 AD.", NEWS, "122 AD", "DATE", "0122"),
]

DAY_MONTH = [
    # "the week of" a day is that day's ISO week
    G(
        "Fans camped out over the weekend of Oct. 7-8.",
        NEWS,
        "the weekend of Oct. 7-8",
        "DATE",
        "2023-W40-WE",
    ),
    G(
        "The trial will open the week of Nov. 6, the clerk said.",
        NEWS,
        "the week of Nov. 6",
        "DATE",
        "2023-W45",
    ),
    G(
        "Talks resume the week of Jan. 8, 2024.",
        NEWS,
        "the week of Jan. 8, 2024",
        "DATE",
        "2024-W02",
    ),
    # past tense, but the date a year back is far and the coming one close: the coming one
    G(
        "The company said the dividend was payable Nov. 16.",
        date(2023, 11, 2),
        "Nov. 16",
        "DATE",
        "2023-11-16",
    ),
    G("The shares were sold on Oct. 30.", date(2023, 11, 2), "Oct. 30", "DATE", "2023-10-30"),
    G("The museum will reopen on Sept. 3.", NEWS, "Sept. 3", "DATE", "2024-09-03"),
    G("The ruling came on Oct. 12.", NEWS, "Oct. 12", "DATE", "2023-10-12"),
]

HOLIDAYS_AND_ADJECTIVES = [
    G(
        "Fighting resumed in 1943. A few days later, the town fell.",
        HISTORY,
        "A few days later",
        "DATE",
        "FUTURE_REF",
    ),
    G("Months earlier, the plan had failed.", NEWS, "Months earlier", "DATE", "PAST_REF"),
    G("Stores were busy on Thanksgiving Day.", NEWS, "Thanksgiving Day", "DATE", "2022-11-24"),
    G("Stores will open on Thanksgiving.", NEWS, "Thanksgiving", "DATE", "2023-11-23"),
    G("The strike began on Labor Day 1998.", NEWS, "Labor Day 1998", "DATE", "1998-09-07"),
    # Easter by the Gregorian computus (2024: March 31); "Easter week" ends on Easter Sunday
    G("The shops will close for Easter.", NEWS, "Easter", "DATE", "2024-03-31"),
    G("The accord was signed on Good Friday 1998.", NEWS, "Good Friday 1998", "DATE", "1998-04-10"),
    G("Pilgrims arrived in Easter week 2000.", NEWS, "Easter week 2000", "DATE", "2000-W16"),
    # the Tuesday after the first Monday in November (2023: the 7th; 2020: the 3rd)
    G("Voters will go to the polls on Election Day.", NEWS, "Election Day", "DATE", "2023-11-07"),
    G("He won on Election Day 2020.", NEWS, "Election Day 2020", "DATE", "2020-11-03"),
    G("The park reopened on Memorial Day.", NEWS, "Memorial Day", "DATE", "2023-05-29"),
    G(
        "Profit rose in the third quarter from year-earlier levels.",
        NEWS,
        "year-earlier",
        "DATE",
        "2022-Q3",
    ),
    G("Sales beat year-ago figures.", NEWS, "year-ago", "DATE", "2022"),
]

YEARS_IN_CONTEXT = [
    G("The bonds are due 2031 and pay well.", NEWS, "2031", "DATE", "2031"),
    G("We expect growth to continue into 2024.", NEWS, "2024", "DATE", "2024"),
    G("Costs rise in both 2024 and 2025.", NEWS, "2024", "DATE", "2024"),
    G("That 1978 accord still holds.", NEWS, "1978", "DATE", "1978"),
    G("Rain fell throughout 1998 in the valley.", NEWS, "1998", "DATE", "1998"),
    G("For the year, sales rose 5%.", NEWS, "the year", "DATE", "2023"),
    G("The third-quarter results were weak.", NEWS, "third-quarter", "DATE", "2023-Q3"),
    G("The deal should close by year-end.", NEWS, "year-end", "DATE", "2023", "END"),
    G("At year end, debt stood at $4 billion.", NEWS, "year end", "DATE", "2023", "END"),
    G("Revenue for the year ended June 30 rose.", NEWS, "the year", "DURATION", "P1Y"),
    G("Profit in the year to March 31 fell.", NEWS, "the year", "DURATION", "P1Y"),
    G("Sales rose earlier in the year.", NEWS, "earlier in the year", "DATE", "2023", "START"),
    G(
        "The army landed in 1944. Later in the year it crossed the river.",
        HISTORY,
        "Later in the year",
        "DATE",
        "1944",
        "END",
    ),
]

# a month whose year was itself guessed from the DCT is no evidence against a narrative; one
# old year in a news story is not a narrative; a second date lends its year to the first;
# a deadline or start ("until", "effective") after a past verb may lie ahead of the DCT
STORY_AND_BOUNDS = [
    G(
        "In June the treaty was signed. War came in 1914. By 1916 the front had stalled. "
        "In August the offensive failed.",
        HISTORY,
        "August",
        "DATE",
        "1916-08",
    ),
    G(
        "Sales fell in June. The firm, founded in 1987, said sales rose in March.",
        NEWS,
        "March",
        "DATE",
        "2023-03",
    ),
    G("Talks ran between May and July 2021.", NEWS, "May", "DATE", "2021-05"),
    G(
        "The market reopened on Saturday. It opened in 2011 and moved in 2019, four years "
        "ago. Traders paid for the move with money raised back in May.",
        NEWS,
        "May",
        "DATE",
        "2023-05",
    ),
    G("The talks were held on 6-7 January 1916.", HISTORY, "6", "DATE", "1916-01-06"),
    G("From 15 to 22 February 1984 the front held.", HISTORY, "15", "DATE", "1984-02-15"),
    G("The revolt (499-493 BC) failed.", HISTORY, "499", "DATE", "BC0499"),
    G("The truce held from December to February 1990.", HISTORY, "December", "DATE", "1989-12"),
    G("The raids (July-November 1954) failed.", HISTORY, "July", "DATE", "1954-07"),
    G(
        "On 26 June and 4 August 1952 the hill changed hands.",
        HISTORY,
        "26 June",
        "DATE",
        "1952-06-26",
    ),
    G("The regulator gave the firm until March to reply.", NEWS, "March", "DATE", "2024-03"),
    G("The board said the rule is effective Jan. 1.", NEWS, "Jan. 1", "DATE", "2024-01-01"),
    G("The board said the rule took effect in March.", NEWS, "March", "DATE", "2023-03"),
    G(
        "The regulator gave the firm until mid-November to reply.",
        NEWS,
        "mid-November",
        "DATE",
        "2023-11",
        "MID",
    ),
    G("Profit for the quarter ended Oct. 31 fell.", NEWS, "Oct. 31", "DATE", "2022-10-31"),
    G(
        "The agency gave the family until 9 a.m. Monday to sign.",
        NEWS,
        "9 a.m. Monday",
        "TIME",
        "2023-10-23T09:00",
    ),
    G(
        "The firm was founded in 1985 and listed in 1987. For the six months ended Aug. 12, "
        "profit rose.",
        NEWS,
        "Aug. 12",
        "DATE",
        "2023-08-12",
    ),
]

ANCHORING = [
    # a clock before "on <day>" is on that day, and the day stays its own timex
    G("The polls close at 8 p.m. on Nov. 5.", NEWS, "8 p.m.", "TIME", "2023-11-05T20:00"),
    G("The polls close at 8 p.m. on Nov. 5.", NEWS, "Nov. 5", "DATE", "2023-11-05"),
    # "on the 5th": that day of the month named last; not a rank ("the 1st Cavalry")
    G(
        "The bill passed on 3 March and was signed on the 5th.",
        NEWS,
        "the 5th",
        "DATE",
        "2023-03-05",
    ),
    G(
        "The launch was moved from the 13th to the 19th of October 1950.",
        HISTORY,
        "the 13th",
        "DATE",
        "1950-10-13",
    ),
    G(
        "The bank will publish results on the 20th of this month.",
        NEWS,
        "the 20th of this month",
        "DATE",
        "2023-10-20",
    ),
    G(
        "The vote is set for the 2nd of next month.",
        NEWS,
        "the 2nd of next month",
        "DATE",
        "2023-11-02",
    ),
    # with no month named, the DCT's month, or the next one when the day is ahead
    G("The council will vote on the 1st, officials said.", NEWS, "the 1st", "DATE", "2023-11-01"),
    G("The fire started on the 5th and spread.", NEWS, "the 5th", "DATE", "2023-10-05"),
    # "the previous Friday", "the following March": counted from the story's last date
    G(
        "Shares closed at 2082 on Oct. 27, 1989, down from the previous Friday.",
        NEWS,
        "the previous Friday",
        "DATE",
        "1989-10-20",
    ),
    G(
        "The deal closed on March 3, 2021. The following Monday, shares rose.",
        NEWS,
        "The following Monday",
        "DATE",
        "2021-03-08",
    ),
    G(
        "They met in June 2020 and again the following March.",
        NEWS,
        "the following March",
        "DATE",
        "2021-03",
    ),
    G(
        "By August 1918 they had lost the salient seized the previous April.",
        HISTORY,
        "the previous April",
        "DATE",
        "1918-04",
    ),
    # a range of days takes the year written after its last day, which is a date too
    G(
        "Talks held between March 5-9, 1918 settled the border.",
        HISTORY,
        "March 5",
        "DATE",
        "1918-03-05",
    ),
    G(
        "Talks held between March 5-9, 1918 settled the border.",
        HISTORY,
        "9, 1918",
        "DATE",
        "1918-03-09",
    ),
    # "May" lent a year by the month after it is the month, not the verb
    G("The islands fell (May-August 1950) one by one.", HISTORY, "May", "DATE", "1950-05"),
    G("The league was founded about 1910 by farmers.", HISTORY, "1910", "DATE", "1910"),
    G(
        "The port fell in 1975. The capital was overrun that same spring.",
        HISTORY,
        "that same spring",
        "DATE",
        "1975-SP",
    ),
    # a season takes the year written at the season after it
    G(
        "Both armies spent the spring and early summer of 1943 digging in.",
        HISTORY,
        "the spring",
        "DATE",
        "1943-SP",
    ),
    G("Victory came in summer and autumn 1918 for the allies.", NEWS, "summer", "DATE", "1918-SU"),
    # a month or day "of that year" takes the year of the story's last date
    G(
        "The dam was finished in 1931. In August of that year, the valley flooded.",
        HISTORY,
        "August of that year",
        "DATE",
        "1931-08",
    ),
    G(
        "The strike began in 1972. On March 3 of the same year, the mills closed.",
        HISTORY,
        "March 3 of the same year",
        "DATE",
        "1972-03-03",
    ),
    G(
        "The canal opened in 1869. By 9 June of the following year, ships queued at its mouth.",
        HISTORY,
        "9 June of the following year",
        "DATE",
        "1870-06-09",
    ),
    G(
        "The siege of the port ended in 431 BC. In May of the following year, the fleet sailed.",
        HISTORY,
        "May of the following year",
        "DATE",
        "BC0430-05",
    ),
    G(
        "Sales rose in 2021. In June of the previous year, the firm had cut prices.",
        NEWS,
        "June of the previous year",
        "DATE",
        "2020-06",
    ),
    # a clock time is on the last day the text named, else on the DCT
    G(
        "The garrison held out until 7 May 1954. It surrendered at 5:30 p.m.",
        HISTORY,
        "5:30 p.m.",
        "TIME",
        "1954-05-07T17:30",
    ),
    G(
        "The shop was robbed on Tuesday. Police arrived at 10 p.m. and found it empty.",
        NEWS,
        "10 p.m.",
        "TIME",
        "2023-10-17T22:00",
    ),
    G("Trading in the shares stopped at 3 p.m.", NEWS, "3 p.m.", "TIME", "2023-10-20T15:00"),
    # a narrative's reference date: a year mentioned in passing does not move it
    G(
        "In 1944 the army crossed the river in May. The offensive the generals had planned"
        " since late 1943 then stalled. In June, the army reached the coast.",
        HISTORY,
        "June",
        "DATE",
        "1944-06",
    ),
    G(
        "In 1931 the rebels took the north. The siege began on 2 March 1932. The rebels,"
        " who had planned a rising for 1936, held out. On 20 April, the city fell.",
        HISTORY,
        "20 April",
        "DATE",
        "1932-04-20",
    ),
    G(
        "In 1915 the army crossed the river in May and took the town in June. On Christmas,"
        " it attacked the fort.",
        HISTORY,
        "Christmas",
        "DATE",
        "1915-12-25",
    ),
    # narratives before the common era keep their era
    G(
        "In 480 BC the fleet crossed the strait. In August, it reached the pass.",
        HISTORY,
        "August",
        "DATE",
        "BC0480-08",
    ),
    G(
        "In 480 BC the fleet crossed the strait. The army spent the winter in the north.",
        HISTORY,
        "the winter",
        "DATE",
        "BC0480-WI",
    ),
    G(
        "By 216 BC the army had crossed the mountains. On 2 August, it met the enemy.",
        HISTORY,
        "2 August",
        "DATE",
        "BC0216-08-02",
    ),
    # "the past year" in news is dated as TimeBank dates it (the year before the DCT's);
    # "the last decade" stays a duration (TimeBank is split on it)
    G("Sales rose 4% over the past year.", NEWS, "the past year", "DATE", "2022"),
    G("Crime fell in the last decade.", NEWS, "the last decade", "DURATION", "P10Y"),
    # earnings: the quarter reported on is one that has closed, not one still to come
    G(
        "The firm will post a loss in the fourth quarter. In the latest quarter, profit rose.",
        NEWS,
        "the latest quarter",
        "DATE",
        "2023-Q3",
    ),
    G(
        "Sales rose in the third quarter. The firm will post a loss in the fourth quarter."
        " Profit was up 5% from a year ago.",
        NEWS,
        "a year ago",
        "DATE",
        "2022-Q3",
    ),
    G("In the quarter ended July 31, sales rose 4%.", NEWS, "the quarter", "DATE", "2023-Q2"),
    G(
        "The fleet sailed in 490 BC. The following year, it returned.",
        HISTORY,
        "The following year",
        "DATE",
        "BC0489",
    ),
    G(
        "In 445 BC the two cities made peace. Fourteen years later, war broke out.",
        HISTORY,
        "Fourteen years later",
        "DATE",
        "BC0431",
    ),
    G(
        "The fleet sailed in 490 BC. In the following decade, the city grew rich.",
        HISTORY,
        "the following decade",
        "DATE",
        "BC048",
    ),
    # TimeML's temporal adjectives
    G("The current crisis began after the vote.", NEWS, "current", "DATE", "PRESENT_REF"),
    G("Her recent visit to the plant was brief.", NEWS, "recent", "DATE", "PAST_REF"),
    # a year that repeats the reference date's keeps its month: January then turns the year
    G(
        "The army landed on 7 December 1941. By the end of 1941 it held the coast."
        " In January, it took the capital.",
        HISTORY,
        "January",
        "DATE",
        "1942-01",
    ),
]

LENGTHS_AND_PREFIXES = [
    G(
        "Fighting died down in the latter part of 1916.",
        HISTORY,
        "the latter part of 1916",
        "DATE",
        "1916",
        "END",
    ),
    G(
        "The law passed in the early part of the year.",
        NEWS,
        "the early part of the year",
        "DATE",
        "2023",
        "START",
    ),
    G(
        "He was jailed for three and a half years.",
        NEWS,
        "three and a half years",
        "DURATION",
        "P3Y6M",
    ),
    G("The talks lasted two and a half days.", NEWS, "two and a half days", "DURATION", "P2DT12H"),
    # "end-June", "end-2022": the end of that month or year, as finance news writes it
    G("Debt stood at $4 billion at end-June.", NEWS, "end-June", "DATE", "2023-06", "END"),
    G("Reserves were higher at end-2022.", NEWS, "end-2022", "DATE", "2022", "END"),
    G("The strike ended after a day-long meeting.", NEWS, "day-long", "DURATION", "P1D"),
    G("It is a decades-long feud.", NEWS, "decades-long", "DURATION", "PXDE"),
    G("The trial was a year-long ordeal.", NEWS, "year-long", "DURATION", "P1Y"),
    G("She will stay for two more weeks.", NEWS, "two more weeks", "DURATION", "P2W"),
    G("The lease runs for 20 further years.", NEWS, "20 further years", "DURATION", "P20Y"),
    G("The post-1959 exodus split families.", NEWS, "post-1959", "DATE", "1959", "AFTER"),
    G("Banks wrote off pre-1990 debts.", NEWS, "pre-1990", "DATE", "1990", "BEFORE"),
    G("Rates may fall in coming months.", NEWS, "coming months", "DATE", "FUTURE_REF"),
    G("It bodes ill for coming quarters.", NEWS, "coming quarters", "DATE", "FUTURE_REF"),
    G("Sales will be weak in the near term.", NEWS, "the near term", "DATE", "FUTURE_REF"),
    G("It helps only in the short term.", NEWS, "the short term", "DATE", "FUTURE_REF"),
    G("The summit is on April 24 and 25.", NEWS, "25", "DATE", "2023-04-25"),
    G("Talks ran on May 4-5 in Rome.", NEWS, "5", "DATE", "2023-05-05"),
    G("Talks ran between May 5th and 7th.", NEWS, "7th", "DATE", "2023-05-07"),
]


GOLDEN = (
    LENGTHS_AND_PREFIXES
    + ANCHORING
    + STORY_AND_BOUNDS
    + YEARS_IN_CONTEXT
    + HOLIDAYS_AND_ADJECTIVES
    + NARRATIVE
    + QUARTERS
    + AMOUNTS
    + WORDS_AND_ERAS
    + DAY_MONTH
)


@pytest.mark.parametrize(("text", "dct", "want", "typ", "value", "mod"), GOLDEN)
def test_golden(text: str, dct: date, want: str, typ: str, value: str, mod: str | None) -> None:
    check(_blank(), text, dct, want, typ, value, mod)


def check(
    nlp: Language, text: str, dct: date, want: str, typ: str, value: str, mod: str | None
) -> None:
    """The timex whose text is ``want`` has that type, value and mod (shared by the tables)."""
    timexes, _ = tag_timexes(nlp(text), dct)
    got = [(t.text, t.type, t.value, t.mod) for t in timexes]
    found = [t for t in timexes if t.text == want]
    assert found, f"no timex {want!r}; got {got}"
    assert (found[0].type, found[0].value, found[0].mod) == (typ, value, mod), got


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Two thousand people marched.", "Two thousand"),
        ("They hired two thousand workers.", "two thousand"),
        ("Nineteen seventy people came.", "Nineteen seventy"),
        ("It lasted more than two thousand years.", "two thousand"),
        ("The fund is due 2000 dollars in fees.", "2000"),
        ("Both 1500 workers and 300 managers left.", "1500"),
        ("She was named Player of the Year.", "Year"),
        ("The current account deficit widened.", "current"),
        ("The town imports three-quarters of its food.", "quarters"),
        ("Prices rose at the most recent auction.", "recent"),
        ("On May 4, 5,000 people marched.", "5"),
        ("On May 4 and 5% of them left.", "5"),
        ("It was a long-term plan.", "term"),
    ],
)
def test_not_a_timex(text: str, word: str) -> None:
    timexes, _ = tag_timexes(_blank()(text), NEWS)
    assert all(word not in t.text for t in timexes), [(t.text, t.value) for t in timexes]
