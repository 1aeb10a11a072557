"""The whole NLP pipeline on arbitrary text: no crash, every span inside the text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline
from dateline.io.exporters import extraction_to_json

pytestmark = pytest.mark.model

WORDS = st.sampled_from(
    [
        "Ana",
        "Reyes",
        "said",
        "he",
        "she",
        "they",
        "the",
        "couple",
        "company",
        "Harborview",
        "Robotics",
        "resigned",
        "in",
        "2019",
        "January",
        "last",
        "Tuesday",
        "“",
        "”",
        '"',
        "'",
        "according",
        "According",
        "to",
        "Metro",
        "Wire",
        ",",
        ".",
        "\n\n",
        "from",
        "until",
        "2006",
        "now",
        "co-founded",
        "the",
        "organization",
        "called",
        "Thorn",
        "?",
        "(",
        ")",
        "—",
        "was",
        "convicted",
        "of",
        "fraud",
        "earlier",
        "this",
        "year",
        "two",
        "years",
        "ago",
    ]
)
TEXTS = st.one_of(
    st.lists(WORDS, min_size=1, max_size=40).map(" ".join),
    st.text(min_size=1, max_size=120),
)


def _spans(data: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if {"text", "char_start", "char_end"} <= set(value):
                # a quote's absent cue or source is an object of nulls (json-contract.md)
                absent = value["text"] is None
                assert not absent or value["char_start"] is value["char_end"] is None, value
                if not absent:
                    found.append(value)
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text(text: str) -> None:
    if not text.strip():
        return
    article = dateline.Article(text=text, published_at=datetime(2023, 9, 15, tzinfo=UTC))
    data = extraction_to_json(dateline.extract(article))
    body = data["article"]["text"]
    for span in _spans(data):
        start, end = span["char_start"], span["char_end"]
        assert isinstance(start, int) and isinstance(end, int)
        assert 0 <= start <= end <= len(body)
        assert body[start:end] == span["text"], span
