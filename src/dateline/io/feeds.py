"""RSS and Atom feed files (feedparser): each item becomes an article with its own date.

An item is named ``file#N`` (N counts items from 1) and gives its title, link, author and
text: the full ``content`` when the feed carries it, else the ``summary``/``description``.
Both are usually HTML, turned into paragraphs separated by blank lines. The item's date is
``published`` (else ``updated``, when missing or unreadable), read with its offset; an item
without one takes ``--date``, else it is rejected. A file that is not XML, or XML that is not
a feed, is rejected as a whole.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from dateline.io.html import checked_datetime, parse_web_date
from dateline.io.readers import ReadItem, ReadOptions, Rejection
from dateline.model import Article

__all__ = ["html_to_paragraphs", "read_feed"]

_BLOCKS = "p|div|li|h1|h2|h3|h4|h5|h6|blockquote|pre|tr|br"


def html_to_paragraphs(fragment: str) -> str:
    """Text of an HTML fragment, one paragraph per block element, blank lines between."""
    import lxml.html
    from lxml import etree

    if "<" not in fragment:
        return "\n\n".join(" ".join(p.split()) for p in fragment.split("\n\n") if p.strip())
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return " ".join(fragment.split())
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS.split("|"):
            element.tail = "\n\n" + (element.tail or "")
            if element.tag != "br":
                element.text = "\n\n" + (element.text or "")
    text = root.text_content()
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or ():
        value = content.get("value") or ""
        if value.strip():
            return html_to_paragraphs(value)
    return html_to_paragraphs(entry.get("summary") or "")


def _author(raw: str) -> str | None:
    """RSS writes ``email (Name)``: the name; otherwise the text as given."""
    m = re.fullmatch(r"\s*\S+@\S+\s*\((.+)\)\s*", raw)
    return (m[1] if m else raw).strip() or None


def _entry_date(entry: Any) -> datetime | None:
    """The item's own date as written (feedparser's reading of odd formats can be wrong:
    it takes ``2024/04/02 16:20`` for 1 November)."""
    for key in ("published", "updated", "created"):
        raw = dict.get(entry, key)  # not entry.get: feedparser maps a missing updated, warning
        found = parse_web_date(raw) if isinstance(raw, str) and raw else None
        if found is not None:
            return found
    return None


def read_feed(data: bytes, *, origin: str, options: ReadOptions) -> Iterator[ReadItem]:
    """Every item of an RSS or Atom feed."""
    import feedparser

    # a file object: given bytes, feedparser would open them as a path or URL if they look like one
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        yield Rejection(origin, f"not an RSS or Atom feed{detail}")
        return
    if not parsed.entries:
        yield Rejection(origin, "feed has no items")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{origin}#{number}"
        text = _entry_text(entry)
        if not text.strip():
            yield Rejection(where, "item has no text (no content, summary or description)")
            continue
        if len(text.encode("utf-8")) > options.max_bytes:
            yield Rejection(where, f"item too large (limit {options.max_bytes:,} bytes)")
            continue
        published = _entry_date(entry)
        source = "feed"
        if published is None and options.default_date is not None:
            published, source = options.default_date, "given"
        if published is None:
            raw = entry.get("published") or entry.get("updated") or ""
            found = f"unreadable date {raw!r}" if raw else "no date (pubDate, published or updated)"
            yield Rejection(where, f"item has {found} and no --date")
            continue
        checked = checked_datetime(published, origin=where, options=options)
        if isinstance(checked, Rejection):
            yield checked
            continue
        yield Article(
            text=text,
            published_at=checked,
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            publisher=parsed.feed.get("title") or None,
            author=_author(entry.get("author") or ""),
            origin=where,
            date_source=source,
        )
