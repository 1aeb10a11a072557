"""Which reader a file needs, decided by its content first and its name second.

Content signatures win over extensions (a saved page called ``story.txt`` is HTML; a
``.html`` file that starts with ``date 2023-09-15`` is dated text): gzip holding ``WARC/``,
``WARC/``, a ``date`` line, ``{`` (JSON Lines), a feed root (``<rss``, ``<feed``,
``<rdf:RDF``), the Reuters doctype, an HTML root. Then the extension; then a CSV header that
names the text column; anything else is read as dated text. ``--format`` skips all this.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from dateline.io.readers import (
    FORMATS,
    ReadItem,
    ReadOptions,
    Rejection,
    read_jsonl,
    read_text,
)

__all__ = ["SNIFF_BYTES", "read_bytes", "read_data", "read_file", "sniff_format"]

#: how much of a file is looked at to decide its format
SNIFF_BYTES = 65_536
#: formats that hold many articles: the file-size limit does not apply, only per record
CONTAINERS = frozenset({"jsonl", "reuters", "warc", "feed", "csv"})

_PROLOG = (
    rb"\A(?:\s|<!--.*?-->|<\?xml[^>]*>|<\?xml-stylesheet[^>]*>|<!DOCTYPE\s+(?:rss|feed)[^>]*>)*"
)
_FEED = re.compile(_PROLOG + rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE | re.DOTALL)
_HTML = re.compile(
    rb"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_REUTERS = re.compile(rb"\A\s*<(?:!DOCTYPE\s+lewis|REUTERS)\b", re.IGNORECASE)
_DATED = re.compile(rb"\A\s*date[ \t]+\d{4}-\d{1,2}-\d{1,2}", re.IGNORECASE)
_BY_SUFFIX = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".sgm": "reuters",
    ".sgml": "reuters",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".csv": "csv",
    ".tsv": "csv",
}


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
    except zlib.error:
        return b""


def sniff_format(head: bytes, *, name: str = "", options: ReadOptions | None = None) -> str:
    """The format of a file from its first bytes and its name: one of ``FORMATS[1:]``.

    A gzip file that does not hold a WARC is ``gzip`` (no reader: it is rejected).
    """
    data = head.removeprefix(b"\xef\xbb\xbf")
    if data[:2] == b"\x1f\x8b":
        return "warc" if _gunzip_head(data).startswith(b"WARC/") else "gzip"
    stripped = data.lstrip()
    if stripped.startswith(b"WARC/"):
        return "warc"
    if _DATED.match(data):
        return "text"
    if stripped.startswith(b"{"):
        return "jsonl"
    if _REUTERS.match(data):
        return "reuters"
    if _FEED.match(data[:4096]):
        return "feed"
    if _HTML.match(data[:4096]):
        return "html"
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes[-2:] == [".warc", ".gz"]:
        return "warc"
    if suffixes and suffixes[-1] in _BY_SUFFIX:
        return _BY_SUFFIX[suffixes[-1]]
    first = data.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    text_column = (options or ReadOptions()).columns.text
    fields = {f.strip().strip('"').strip() for f in re.split(r"[,;\t|]", first)}
    if text_column in fields and re.search(r"[,;\t|]", first):
        return "csv"
    return "text"


def read_data(
    data: bytes, *, origin: str, options: ReadOptions, format: str, name: str = ""
) -> Iterator[ReadItem]:
    """Read ``data`` (a whole file or stdin) in ``format``."""
    if format == "text":
        yield from read_text(data, origin=origin, options=options)
    elif format == "jsonl":
        yield from read_jsonl(data, origin=origin, options=options)
    elif format == "reuters":
        from dateline.io.reuters import read_reuters

        yield from read_reuters(data, origin=origin, options=options)
    elif format == "html":
        from dateline.io.html import read_html

        yield from read_html(data, origin=origin, options=options)
    elif format == "warc":
        import io

        from dateline.io.warc import read_warc

        yield from read_warc(io.BytesIO(data), origin=origin, options=options, size=len(data))
    elif format == "feed":
        from dateline.io.feeds import read_feed

        yield from read_feed(data, origin=origin, options=options)
    elif format == "csv":
        from dateline.io.tables import read_csv

        tab = name.lower().endswith(".tsv")
        yield from read_csv(data, origin=origin, options=options, tab=tab)
    elif format == "gzip":
        yield Rejection(origin, "gzip file that does not hold a WARC archive")
    else:
        yield Rejection(origin, f"unknown format {format!r}; use one of {', '.join(FORMATS)}")


def read_bytes(
    data: bytes, *, origin: str, options: ReadOptions, name: str = ""
) -> Iterator[ReadItem]:
    """Bytes that are not a file (stdin, a request body) by ``read_file``'s rules: the format
    forced by ``options.format`` or detected from the content (then ``name``), and the size
    limit for formats that hold one article."""
    fmt = options.format
    if fmt == "auto":
        fmt = sniff_format(data[:SNIFF_BYTES], name=name, options=options)
    if fmt not in CONTAINERS and len(data) > options.max_bytes:
        yield Rejection(origin, f"too large: {len(data):,} bytes (limit {options.max_bytes:,})")
        return
    yield from read_data(data, origin=origin, options=options, format=fmt, name=name)


def read_file(path: Path, *, options: ReadOptions) -> Iterator[ReadItem]:
    """One file in its detected (or forced) format; WARC archives are streamed."""
    origin = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
            fmt = options.format
            if fmt == "auto":
                fmt = sniff_format(head, name=path.name, options=options)
            if fmt == "warc":
                handle.seek(0)
                yield from _warc(handle, origin=origin, options=options, size=size)
                return
            if fmt not in CONTAINERS and size > options.max_bytes:
                yield Rejection(origin, f"too large: {size:,} bytes (limit {options.max_bytes:,})")
                return
            data = head + handle.read()
    except FileNotFoundError:
        yield Rejection(origin, "no such file or directory")
        return
    except OSError as exc:
        yield Rejection(origin, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_data(data, origin=origin, options=options, format=fmt, name=path.name)


def _warc(handle: IO[bytes], *, origin: str, options: ReadOptions, size: int) -> Iterator[ReadItem]:
    from dateline.io.warc import read_warc

    yield from read_warc(handle, origin=origin, options=options, size=size)
