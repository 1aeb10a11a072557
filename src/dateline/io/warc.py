"""WARC and WARC.gz web archives (warcio): each HTML response record becomes an article.

A record is named ``file#N <url>`` (N counts records from 1). The page's own metadata and URL
give the publication date (see ``dateline.io.html``); the record's ``WARC-Date`` (when it
was crawled) is used only when they give none, and the article then says so
(``date_source="crawl"`` and a notice). Records that are not HTML responses (requests,
metadata, images, redirects) are part of the format and skipped silently; an HTML response
with an HTTP error status is skipped with a notice.

A truncated record (its block shorter than its ``Content-Length``, or a header cut off at
the end of the file) is rejected by name; a corrupt archive stops at the first record that
cannot be parsed, after the records before it were read. The archive is streamed: it is never
read into memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from dateline.io.html import html_article, parse_web_date
from dateline.io.readers import Notice, ReadItem, ReadOptions, Rejection

__all__ = ["HTML_TYPES", "read_warc"]

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _is_html(record: Any) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    if record.http_headers is not None:
        kind = record.http_headers.get_header("Content-Type") or ""
    else:
        kind = record.rec_headers.get_header("Content-Type") or ""
    return kind.split(";")[0].strip().lower() in HTML_TYPES


@dataclass(frozen=True, slots=True)
class _Page:
    where: str
    url: str
    body: bytes
    crawled: datetime | None


def _pages(
    stream: IO[bytes], *, origin: str, options: ReadOptions, size: int | None
) -> Iterator[_Page | Rejection | Notice]:
    """The HTML pages of the archive, with every problem of the archive itself named."""
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(stream)
    number = 0
    try:
        for record in iterator:
            number += 1
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"{origin}#{number} {url}".rstrip()
            if record.format not in ("warc", "warc-gz"):  # warcio guesses ARC from anything
                yield Rejection(where, "corrupt WARC record: no WARC/1.x header line")
                return
            if not _is_html(record):
                continue
            body = record.content_stream().read(options.max_bytes + 1)
            missing = getattr(record.raw_stream, "limit", 0)
            if missing > 0 and len(body) <= options.max_bytes:
                yield Rejection(
                    where, f"truncated WARC record: {missing:,} bytes missing of {record.length:,}"
                )
                continue
            status = record.http_headers.get_statuscode() if record.http_headers else "200"
            if not str(status).startswith("2"):
                yield Notice(where, f"skipped: HTTP status {status}")
                continue
            crawled = parse_web_date(record.rec_headers.get_header("WARC-Date") or "")
            yield _Page(where, url, body, crawled)
    except Exception as exc:  # warcio fails on malformed input in many ways (AttributeError...)
        detail = str(exc) or type(exc).__name__
        yield Rejection(f"{origin}#{number + 1}", f"corrupt WARC record: {detail}")
        return
    if size is not None and iterator.offset < size:
        yield Rejection(
            f"{origin}#{number + 1}",
            f"truncated WARC record: the file ends {size - iterator.offset:,} bytes into it",
        )
    elif number == 0:
        yield Rejection(origin, "no WARC records found")


def read_warc(
    stream: IO[bytes], *, origin: str, options: ReadOptions, size: int | None = None
) -> Iterator[ReadItem]:
    """Articles from every HTML response record of a WARC (optionally gzipped) stream."""
    for item in _pages(stream, origin=origin, options=options, size=size):
        if isinstance(item, _Page):
            yield from html_article(
                item.body,
                origin=item.where,
                options=options,
                url=item.url or None,
                fallback_date=item.crawled,
            )
        else:
            yield item
