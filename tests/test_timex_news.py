"""Golden cases from a sweep of news-style sentences of our own (session 9): clocks joined to a
day's part, counted SETs, and the forms a journalist writes that the sweep found misread. Rows
are (text, DCT, expected timex text, type, value, mod) as in ``test_timex_golden``; the blank
pipeline reads tense from the words alone, the trained one from the parse.
"""

from __future__ import annotations

import re

import pytest
from test_timex_golden import NEWS, _blank

from dateline.nlp import timex_patterns as P
from dateline.nlp import timex_rules as R
from dateline.nlp.timex import tag_timexes

_UNIT_WORDS = "second minute hour day weekend week fortnight month quarter year decade century"


@pytest.mark.parametrize("word", [*_UNIT_WORDS.split(), *(w + "s" for w in _UNIT_WORDS.split())])
def test_every_unit_the_patterns_match_has_a_table_entry(word: str) -> None:
    """``R.unit`` is the one normaliser: what UNIT matches of a unit word, singular or plural
    ("centuries" matches as "centurie" + "s"), maps to a key of ``UNITS``."""
    m = re.fullmatch(P.UNIT + "(?P<pl>s)?", word.replace("centurys", "centuries"), re.I)
    assert m is not None
    assert R.unit(m["unit"]) in R.UNITS
    assert R.duration(None, R.unit(m["unit"])).startswith("P")


def test_centuries_read_as_century() -> None:
    """Once "centurie" left the tables, plural centuries still read as centuries."""
    text = "The feud ran for centuries. It ended three centuries ago, after two centuries."
    got = [(t.text, t.value) for t in tag_timexes(_blank()(text), NEWS)[0]]
    assert got == [("centuries", "PXCE"), ("three centuries ago", "17"), ("two centuries", "P200Y")]
