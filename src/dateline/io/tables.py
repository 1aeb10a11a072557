"""CSV (and TSV) files with a header row: one article per row, columns named by the user.

``--text-column`` and ``--date-column`` (default ``text`` and ``date``) are required columns;
``--title-column`` and ``--url-column`` are optional. The delimiter is sniffed from the
header (comma, semicolon, tab or bar; ``.tsv`` is tab). Each bad row is rejected on its own
as ``file:LINE`` (the line where the row starts, counting the header as line 1); a header
without the text or date column rejects the file. Dates are read like web dates (ISO 8601,
RFC 2822; a time without an offset keeps its day), and a row without one takes ``--date``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from dateline.io.html import checked_datetime, parse_web_date
from dateline.io.readers import CsvColumns, Notice, ReadItem, ReadOptions, Rejection
from dateline.model import Article

__all__ = ["CsvColumns", "read_csv"]

_DELIMITERS = ",;\t|"


def _decode(data: bytes, origin: str) -> tuple[str, Notice | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        return text, Notice(origin, f"not valid UTF-8 at byte {exc.start}; bad bytes replaced")


def _dialect(header: str, tab: bool) -> str:
    if tab:
        return "\t"
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv(
    data: bytes,
    *,
    origin: str,
    options: ReadOptions,
    columns: CsvColumns | None = None,
    tab: bool = False,
) -> Iterator[ReadItem]:
    """Every row of a CSV file with a header, as an article or a named rejection."""
    cols = columns or options.columns
    text, notice = _decode(data, origin)
    if notice is not None:
        yield notice
    if not text.strip():
        yield Rejection(origin, "empty file")
        return
    header_line = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_dialect(header_line, tab))
    try:
        names = reader.fieldnames or []
    except csv.Error as exc:
        yield Rejection(origin, f"malformed CSV header: {exc}")
        return
    required = [cols.text] + ([cols.date] if options.default_date is None else [])
    required += [name for name in (cols.title, cols.url) if name is not None]
    missing = [name for name in required if name not in names]
    if missing:
        yield Rejection(
            origin,
            f"no column {missing[0]!r} in the header (columns: {', '.join(names)}); "
            "name it with --text-column / --date-column",
        )
        return
    start = 2
    while True:
        where = f"{origin}:{start}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Rejection(where, f"malformed CSV row: {exc}")
            return
        start = reader.line_num + 1
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue
        yield from _row(row, where=where, cols=cols, options=options)


def _row(
    row: dict[str, str | None], *, where: str, cols: CsvColumns, options: ReadOptions
) -> Iterator[ReadItem]:
    body = row.get(cols.text)
    if body is None or not body.strip():
        yield Rejection(where, f"missing value for column {cols.text!r}")
        return
    if len(body.encode("utf-8")) > options.max_bytes:
        yield Rejection(where, f"record too large (limit {options.max_bytes:,} bytes)")
        return
    raw_date = (row.get(cols.date) or "").strip()
    source = "csv"
    if raw_date:
        published = parse_web_date(raw_date)
        if published is None:
            yield Rejection(where, f"not a date in column {cols.date!r}: {raw_date!r}")
            return
    elif options.default_date is not None:
        published, source = options.default_date, "given"
    else:
        yield Rejection(where, f"missing value for column {cols.date!r} and no --date")
        return
    checked = checked_datetime(published, origin=where, options=options)
    if isinstance(checked, Rejection):
        yield checked
        return
    title = (row.get(cols.title) or "").strip() if cols.title else ""
    url = (row.get(cols.url) or "").strip() if cols.url else ""
    yield Article(
        text=body,
        published_at=checked,
        title=title or None,
        url=url or None,
        origin=where,
        date_source=source,
    )
