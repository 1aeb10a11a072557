"""Readers: every input becomes an article or a rejection that names it and says why."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.io.readers import (
    Notice,
    ReadOptions,
    Rejection,
    parse_date,
    read_inputs,
    read_jsonl,
    read_text,
)
from dateline.model import Article

NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
OPTIONS = ReadOptions(now=NOW)


def _one(items: list[Article | Rejection | Notice]) -> Article | Rejection:
    found = [i for i in items if not isinstance(i, Notice)]
    assert len(found) == 1, found
    return found[0]


def _text(data: bytes, **kwargs: object) -> Article | Rejection:
    options = ReadOptions(now=NOW, **kwargs)  # type: ignore[arg-type]
    return _one(list(read_text(data, origin="f.txt", options=options)))


@pytest.mark.parametrize(
    ("data", "body_start"),
    [
        (b" date 2023-09-15 The mayor resigned.", "The mayor"),
        (b"date 2023-09-15\nThe mayor resigned.", "The mayor"),
        (b"\n\n  date 2023-09-15   The mayor resigned.", "The mayor"),
        (b"DATE 2023-09-15 The mayor resigned.", "The mayor"),
        (b"date 2023-09-15T08:30:00+02:00 The mayor resigned.", "The mayor"),
        (b"date 2023-09-15T08:30Z\r\nThe mayor resigned.", "The mayor"),
    ],
)
def test_dated_text_same_or_next_line(data: bytes, body_start: str) -> None:
    article = _text(data)
    assert isinstance(article, Article)
    assert article.text.startswith(body_start)
    assert article.published_at.date().isoformat() == "2023-09-15"
    assert article.published_at.tzinfo is not None
    # offsets map back into the file: body_offset + position in body = position in file
    decoded = data.decode()
    assert decoded[article.body_offset :] == article.text


def test_time_with_offset_is_kept() -> None:
    article = _text(b"date 2023-09-15T23:30:00-05:00 Late news.")
    assert isinstance(article, Article)
    assert article.published_at.utcoffset() == timedelta(hours=-5)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\n ", "empty file"),
        (b"The mayor resigned on Tuesday.", "no date"),
        (b"date 2023-13-45 The mayor resigned.", "impossible date"),
        (b"date 2023-02-30 The mayor resigned.", "impossible date"),
        (b"date 2023-09-15T10:00 The mayor resigned.", "no UTC offset"),
        (b"date 2099-01-01 The mayor resigned.", "in the future"),
        (b"date 2023-09-15   ", "no article text"),
        (b"\x00\x01\x02binary\x00", "binary"),
    ],
)
def test_bad_text_is_rejected_with_reason(data: bytes, reason: str) -> None:
    result = _text(data)
    assert isinstance(result, Rejection)
    assert result.origin == "f.txt"
    assert reason in result.reason


def test_size_limit() -> None:
    data = b"date 2023-09-15 " + b"word " * 100
    assert isinstance(_text(data, max_bytes=50), Rejection)
    assert "too large" in str(_text(data, max_bytes=50))
    assert isinstance(_text(data, max_bytes=10_000), Article)


def test_future_tolerance_is_configurable() -> None:
    data = b"date 2026-01-15 Tomorrow's news."
    assert isinstance(_text(data), Rejection)
    assert isinstance(_text(data, future_tolerance=timedelta(days=10)), Article)


def test_plain_text_takes_default_date() -> None:
    when = datetime(2024, 5, 1, tzinfo=UTC)
    article = _text(b"The council met.", default_date=when)
    assert isinstance(article, Article) and article.published_at == when
    assert article.date_source == "given"
    dated = _text(b"date 2024-05-02 The council met.", default_date=when)
    assert isinstance(dated, Article) and dated.date_source is None


def test_non_utf8_is_kept_with_a_notice() -> None:
    items = list(read_text(b"date 2023-09-15 Caf\xe9 owner sued.", origin="f.txt", options=OPTIONS))
    notices = [i for i in items if isinstance(i, Notice)]
    articles = [i for i in items if isinstance(i, Article)]
    assert len(notices) == 1 and "not valid UTF-8" in notices[0].message
    assert articles and "\ufffd" in articles[0].text


def test_jsonl_each_bad_line_named() -> None:
    lines = [
        json.dumps({"text": "Good one.", "date": "2023-01-02", "id": "a1", "source": "Wire"}),
        "{not json",
        json.dumps({"date": "2023-01-02"}),
        json.dumps({"text": "No date."}),
        json.dumps({"text": "Bad date.", "published_at": "2023-13-45"}),
        json.dumps(["a", "list"]),
        "",
        json.dumps({"text": "Second good.", "published_at": "2023-01-03T10:00:00+00:00"}),
    ]
    items = list(read_jsonl("\n".join(lines).encode(), origin="in.jsonl", options=OPTIONS))
    articles = [i for i in items if isinstance(i, Article)]
    rejections = {i.origin: i.reason for i in items if isinstance(i, Rejection)}
    assert [a.text for a in articles] == ["Good one.", "Second good."]
    assert articles[0].id == "a1" and articles[0].publisher == "Wire"
    assert articles[0].origin == "in.jsonl:1"
    assert "malformed JSON" in rejections["in.jsonl:2"]
    assert "'text'" in rejections["in.jsonl:3"]
    assert "'date'" in rejections["in.jsonl:4"]
    assert "impossible date" in rejections["in.jsonl:5"]
    assert "JSON object" in rejections["in.jsonl:6"]


def test_directories_are_read_recursively_and_missing_files_rejected(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("date 2023-01-01 One.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text("date 2023-01-02 Two.", encoding="utf-8")
    (tmp_path / "a" / ".hidden").write_text("date 2023-01-03 Hidden.", encoding="utf-8")
    items = list(read_inputs([tmp_path / "a", tmp_path / "missing.txt"], options=OPTIONS))
    texts = sorted(i.text for i in items if isinstance(i, Article))
    assert texts == ["One.", "Two."]
    rejected = [i for i in items if isinstance(i, Rejection)]
    assert len(rejected) == 1 and "missing.txt" in rejected[0].origin


def test_naive_datetimes_are_refused_at_the_boundary() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Article(text="x", published_at=datetime(2023, 1, 1))


@given(st.dates(min_value=datetime(1900, 1, 1).date(), max_value=datetime(2100, 1, 1).date()))
def test_iso_dates_round_trip(day: object) -> None:
    parsed = parse_date(str(day))
    assert parsed.date() == day and parsed.tzinfo is UTC


@given(st.binary(max_size=300))
def test_any_bytes_give_articles_or_named_rejections(data: bytes) -> None:
    items = list(read_text(data, origin="fuzz", options=OPTIONS))
    assert any(isinstance(i, Article | Rejection) for i in items)
    for item in items:
        assert item.origin == "fuzz"
        if isinstance(item, Rejection):
            assert item.reason
        if isinstance(item, Article):
            assert item.text.strip() and item.published_at.tzinfo is not None
