"""Readers: files, directories and stdin to ``Article`` records, or to named rejections.

Every input either becomes an article or a ``Rejection`` that names it (file, and line for
JSON Lines) and says why; nothing raises out of a batch. Bytes that are not UTF-8 are decoded
with replacement characters and reported as a ``Notice`` (the article is kept: news archives
are full of stray Latin-1 bytes and losing the story is worse than a wrong glyph); a file with
NUL bytes is binary and rejected.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from dateline.model import Article

__all__ = [
    "DEFAULT_FUTURE_TOLERANCE",
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "CsvColumns",
    "Notice",
    "ReadOptions",
    "Rejection",
    "checked_date",
    "iter_input_files",
    "parse_date",
    "read_inputs",
    "read_jsonl",
    "read_text",
]

DEFAULT_MAX_BYTES = 2_000_000
DEFAULT_FUTURE_TOLERANCE = timedelta(days=2)

_DATED = re.compile(
    r"\A\s*date[ \t]+(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?)?)(?=\s|\Z)[ \t]*\r?\n?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become an article, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a user should know about an input that was still read."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


#: input formats ``--format`` accepts; ``auto`` detects each file's from its content
FORMATS = ("auto", "text", "jsonl", "reuters", "html", "warc", "feed", "csv")


@dataclass(frozen=True, slots=True, kw_only=True)
class CsvColumns:
    """Which CSV columns hold what; ``None`` for an optional column that is not used."""

    text: str = "text"
    date: str = "date"
    title: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadOptions:
    """How inputs are read. ``now`` is injectable so the future check can be tested.

    ``format`` forces one input format for every file (see ``FORMATS``); ``columns`` names
    the CSV columns.
    """

    default_date: datetime | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE
    now: datetime | None = None
    format: str = "auto"
    columns: CsvColumns = CsvColumns()

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown format {self.format!r}; use one of {', '.join(FORMATS)}")
        for name in ("default_date", "now"):
            value = getattr(self, name)
            if value is not None and (value.tzinfo is None or value.utcoffset() is None):
                raise ValueError(f"ReadOptions.{name} must be timezone-aware")

    def current_time(self) -> datetime:
        return self.now or datetime.now(UTC)


ReadItem = Article | Rejection | Notice


def parse_date(raw: str) -> datetime:
    """An ISO date or datetime as an aware datetime; a bare date is 00:00 UTC of that day.

    Raises ``ValueError`` with a readable reason for impossible dates and for times without
    a UTC offset (we never guess a time zone).
    """
    text = raw.strip()
    if not text:
        raise ValueError("empty date")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        try:
            day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise ValueError(f"impossible date {text!r}") from None
        return datetime.combine(day, time(0, 0), tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        if re.match(r"\d{4}-\d{1,2}-\d{1,2}", text):
            raise ValueError(f"impossible date {text!r}") from None
        raise ValueError(f"not an ISO date: {text!r}") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(f"date {text!r} has a time but no UTC offset (add Z or +HH:MM)")
    return parsed


def checked_date(
    raw: str,
    *,
    origin: str,
    options: ReadOptions,
    parse: Callable[[str], datetime] = parse_date,
) -> datetime | Rejection:
    """A publication date, or the rejection saying why it cannot be one (bad or future)."""
    try:
        published = parse(raw)
    except ValueError as exc:
        return Rejection(origin, str(exc))
    return _check_date(published, origin, options) or published


def _check_date(published: datetime, origin: str, options: ReadOptions) -> Rejection | None:
    limit = options.current_time() + options.future_tolerance
    if published > limit:
        return Rejection(
            origin,
            f"date {published.date().isoformat()} is in the future "
            f"(more than {options.future_tolerance} ahead)",
        )
    return None


def _decode(data: bytes, origin: str) -> tuple[str | None, Rejection | Notice | None]:
    if b"\x00" in data[:8192]:
        return None, Rejection(origin, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return text, Notice(origin, f"not valid UTF-8 at byte {exc.start}; bad bytes replaced")


def read_text(data: bytes, *, origin: str, options: ReadOptions) -> Iterator[ReadItem]:
    """A dated text file (``date YYYY-MM-DD`` then the body) or plain text with ``--date``."""
    if len(data) > options.max_bytes:
        yield Rejection(origin, f"too large: {len(data):,} bytes (limit {options.max_bytes:,})")
        return
    text, problem = _decode(data, origin)
    if problem is not None:
        yield problem
    if text is None:
        return
    if not text.strip():
        yield Rejection(origin, "empty file")
        return
    m = _DATED.match(text)
    source = None
    if m:
        checked = checked_date(m["date"], origin=origin, options=options)
        if isinstance(checked, Rejection):
            yield checked
            return
        published, body_offset = checked, m.end()
    elif options.default_date is not None:
        published, body_offset, source = options.default_date, 0, "given"
    else:
        head = text.lstrip()[:40].splitlines()[0] if text.strip() else ""
        yield Rejection(
            origin,
            f"no date: expected 'date YYYY-MM-DD' at the start (found {head!r}) or --date",
        )
        return
    body = text[body_offset:]
    if not body.strip():
        yield Rejection(origin, "no article text after the date")
        return
    if (rejection := _check_date(published, origin, options)) is not None:
        yield rejection
        return
    yield Article(
        text=body,
        published_at=published,
        origin=origin,
        body_offset=body_offset,
        date_source=source,
    )


def _str_field(record: dict[str, object], *names: str) -> str | None:
    for name in names:
        value = record.get(name)
        if value is not None and value != "":
            return str(value)
    return None


def read_jsonl(data: bytes, *, origin: str, options: ReadOptions) -> Iterator[ReadItem]:
    """JSON Lines, one article per line; each bad line is rejected on its own."""
    text, problem = _decode(data, origin)
    if problem is not None:
        yield problem
    if text is None:
        return
    if not text.strip():
        yield Rejection(origin, "empty file")
        return
    # split on newlines only: JSON strings may hold U+2028 and other line separators
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line = raw_line.removesuffix("\r")
        where = f"{origin}:{number}"
        if not line.strip():
            continue
        if len(line.encode("utf-8")) > options.max_bytes:
            yield Rejection(where, f"record too large (limit {options.max_bytes:,} bytes)")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Rejection(where, "malformed JSON: nested too deeply")
            continue
        if not isinstance(record, dict):
            yield Rejection(where, "expected a JSON object per line")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Rejection(where, "missing or empty 'text' field")
            continue
        raw_date = _str_field(record, "date", "published_at")
        published: datetime | Rejection
        if raw_date is not None:
            published = checked_date(raw_date, origin=where, options=options)
        elif options.default_date is not None:
            default = options.default_date
            published = _check_date(default, where, options) or default
        else:
            published = Rejection(where, "missing 'date' (or 'published_at') field")
        if isinstance(published, Rejection):
            yield published
            continue
        yield Article(
            text=body,
            published_at=published,
            id=_str_field(record, "id") or "",
            title=_str_field(record, "title"),
            url=_str_field(record, "url"),
            publisher=_str_field(record, "source", "publisher"),
            author=_str_field(record, "author"),
            origin=where,
            date_source=None if raw_date is not None else "given",
        )


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[Path | str]:
    """Files named, or found recursively under directories, in a stable order; ``-`` is stdin."""
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield child
        else:
            yield path


def _read_one(path: Path | str, options: ReadOptions) -> Iterator[ReadItem]:
    from dateline.io.detect import read_bytes, read_file

    if path == "-":
        yield from read_bytes(sys.stdin.buffer.read(), origin="<stdin>", options=options)
        return
    assert isinstance(path, Path)
    yield from read_file(path, options=options)


def read_inputs(paths: Iterable[str | Path], *, options: ReadOptions) -> Iterator[ReadItem]:
    """Every article, rejection and notice from the given paths, in order."""
    for path in iter_input_files(paths):
        yield from _read_one(path, options)
