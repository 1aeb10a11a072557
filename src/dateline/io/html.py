"""HTML pages: the main text (no navigation, ads or comments) and the page's own metadata.

Extraction is trafilatura's: main-text detection, title, author and site name, and (through
htmldate) a publication date from the page or its URL. Before it runs we drop paywall and
subscription boxes (their "Subscribe to keep reading" is not the story) and we read the
page's exact publication *time* ourselves, because trafilatura reports days only: JSON-LD
``datePublished``, then ``article:published_time`` and its cousins, then a ``<time>``
element. A time without a UTC offset keeps only its day (we never guess a time zone).

Where the date came from is kept in ``Article.date_source``: ``page`` (the page's
metadata), ``url`` (a ``/2023/10/17/`` path), ``crawl`` (a WARC record's date, used only
when the page has none) or ``given`` (``--date``).
"""

from __future__ import annotations

import email.utils
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from dateline.io.readers import Notice, ReadItem, ReadOptions, Rejection, checked_date
from dateline.model import Article

__all__ = [
    "MIN_WORDS",
    "checked_datetime",
    "html_article",
    "page_date",
    "parse_web_date",
    "read_html",
]

#: A page whose main text has fewer words than this in prose lines is not an article.
MIN_WORDS = 15
#: A line of at least this many words counts as prose (menus and link lists are shorter).
_PROSE_WORDS = 5

#: A class or id token (``subscribe-box``, ``paywall``, ``piano-offer``) naming a paywall or
#: subscription box: whole words between ``-``/``_``, so ``subscriber-content`` (the story
#: itself, on many sites) and ``parameter-list`` do not match.
_PAYWALL = re.compile(
    r"(?:^|[-_])(?:paywall|regwall|subscribe|subscription|premium[-_](?:wall|gate))(?:$|[-_])"
    r"|^(?:piano|meter)[-_]",
    re.IGNORECASE,
)
#: Never dropped, whatever their class says (``<body class="paywall-enabled">``).
_KEPT_TAGS = frozenset({"html", "body", "main", "article"})
#: A marked element holding more than this share of the page's text is the story, not a box.
_MOST_OF_PAGE = 0.5
_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dcterms.issued",
    "parsely-pub-date",
    "sailthru.date",
)
_URL_DATE = re.compile(r"/(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:/|[-_]|$)")


def parse_web_date(raw: str) -> datetime | None:
    """A date as web pages and feeds write it, aware; ``None`` if it is not one.

    ISO 8601 with an offset keeps its time; ISO without an offset keeps only the day (00:00
    UTC, as ``parse_date`` does for a bare date); RFC 2822 (``Tue, 17 Oct 2023 14:05:00
    GMT``) as written; ``2023/10/17``, ``17 October 2023`` and ``October 17, 2023`` give
    their day. Nothing else is guessed.
    """
    text = raw.strip()
    if not text:
        return None
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\S+))?$", text)
    if iso:
        try:
            day = date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
        if iso[4]:
            try:
                parsed = datetime.fromisoformat(text.replace(" ", "T", 1))
            except ValueError:
                parsed = None
            if parsed is not None and parsed.utcoffset() is not None:
                return parsed
        return datetime.combine(day, time(0, 0), tzinfo=UTC)
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return _written_day(text)
    if parsed.tzinfo is None or parsed.utcoffset() is None:  # "-0000": zone unknown
        return datetime.combine(parsed.date(), time(0, 0), tzinfo=UTC)
    return parsed


_DAY_FORMATS = ("%Y/%m/%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y")


def _written_day(text: str) -> datetime | None:
    """``2024/04/02``, ``2 April 2024``, ``April 2, 2024`` (then any time): the day only."""
    words = text.replace(",", ", ").split()
    for size in (3, 1):  # three words ("2 April 2024"), or one ("2024/04/02")
        head = " ".join(words[:size]).replace(" ,", ",")
        for fmt in _DAY_FORMATS:
            try:
                day = datetime.strptime(head, fmt).date()
            except ValueError:
                continue
            return datetime.combine(day, time(0, 0), tzinfo=UTC)
    return None


def checked_datetime(value: datetime, *, origin: str, options: ReadOptions) -> datetime | Rejection:
    """``value``, or the rejection saying why it cannot be a publication date (the future)."""
    return checked_date(value.isoformat(), origin=origin, options=options, parse=lambda _: value)


def _json_ld_dates(data: Any) -> Iterator[str]:
    if isinstance(data, list):
        for value in data:
            yield from _json_ld_dates(value)
    elif isinstance(data, dict):
        value = data.get("datePublished")
        if isinstance(value, str):
            yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in data:
                yield from _json_ld_dates(data[key])


def page_date(tree: Any) -> datetime | None:
    """The exact publication time the page states in its own metadata, if any."""
    candidates: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            candidates += _json_ld_dates(json.loads(script.text_content() or "null"))
        except json.JSONDecodeError:
            continue
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_NAMES:
            candidates.append(meta.get("content", ""))
    times = tree.xpath(
        "//time[@datetime][@pubdate or @itemprop='datePublished']|//article//time[@datetime]"
    )
    candidates += [t.get("datetime", "") for t in times]
    for raw in candidates:
        found = parse_web_date(raw)
        if found is not None:
            return found
    return None


def _is_paywall_box(element: Any) -> bool:
    tokens = f"{element.get('class', '')} {element.get('id', '')}".split()
    return element.tag not in _KEPT_TAGS and any(_PAYWALL.search(t) for t in tokens)


def _remove_keeping_tail(element: Any) -> None:
    """Remove ``element``; the text after it (its tail) stays in the page."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _drop_paywalls(tree: Any) -> int:
    """Remove subscription boxes in place (the tree is ours); returns how many dropped.

    Only boxes: never the page, its main part or article, nor an element holding most of the
    page's text (sites mark the whole story ``paywall-wrapper`` or ``subscriber-content``).
    """
    body = tree.find(".//body")
    page_words = len("".join((body if body is not None else tree).itertext()).split())
    root, dropped = tree.getroottree().getroot(), 0
    for element in [e for e in tree.iter() if isinstance(e.tag, str) and _is_paywall_box(e)]:
        if not any(a is root for a in element.iterancestors()):
            continue  # inside a box already dropped
        if len("".join(element.itertext()).split()) > _MOST_OF_PAGE * page_words:
            continue
        _remove_keeping_tail(element)
        dropped += 1
    return dropped


def _body(text: str, title: str | None) -> str:
    """Paragraphs separated by blank lines (the pipeline's paragraph break), headline dropped."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == " ".join(title.split()):
        lines = lines[1:]
    return "\n\n".join(lines)


def _field(doc: object, name: str) -> str | None:
    """A non-empty text field of trafilatura's result (a ``Document``), else ``None``."""
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return value if isinstance(value, str) and value.strip() else None


def _url_day(url: str | None) -> date | None:
    m = _URL_DATE.search(url or "")
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _prose_words(text: str) -> int:
    return sum(n for n in (len(line.split()) for line in text.split("\n\n")) if n >= _PROSE_WORDS)


def _extract(tree: Any, *, url: str | None, options: ReadOptions) -> object:
    from trafilatura import bare_extraction

    return bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        # no "extensive" search: it sends page text to dateparser, whose first calls compile
        # regular expressions for every locale (tens of seconds) and which guesses from prose
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "min_date": "1900-01-01",  # htmldate's default (1995) would refuse older archives
            "max_date": (options.current_time() + options.future_tolerance).strftime("%Y-%m-%d"),
        },
    )


def html_article(
    data: bytes,
    *,
    origin: str,
    options: ReadOptions,
    url: str | None = None,
    fallback_date: datetime | None = None,
) -> Iterator[ReadItem]:
    """One page: an ``Article``, or a ``Rejection`` naming the page and why.

    ``fallback_date`` (a crawl date) is used only when the page and its URL give no date.
    """
    from lxml import etree
    from trafilatura.utils import load_html

    if len(data) > options.max_bytes:
        yield Rejection(origin, f"too large: {len(data):,} bytes (limit {options.max_bytes:,})")
        return
    if b"\x00" in data[:8192]:
        yield Rejection(origin, "binary content (contains NUL bytes), not HTML")
        return
    try:
        tree = load_html(data)
    except (ValueError, etree.LxmlError) as exc:
        tree, error = None, str(exc)
    else:
        error = "no HTML element found"
    if tree is None or tree.find(".//body") is None:
        yield Rejection(origin, f"malformed HTML: {error}")
        return
    exact = page_date(tree)
    paywalled = _drop_paywalls(tree)
    try:
        doc = _extract(tree, url=url, options=options)
    except (ValueError, TypeError, LookupError, RecursionError, etree.LxmlError) as exc:
        # trafilatura's heuristics on a broken page: that page is rejected, not the batch
        yield Rejection(origin, f"malformed HTML: extraction failed ({type(exc).__name__})")
        return
    text = _field(doc, "text")
    if text is None:
        yield Rejection(origin, "no extractable article text (navigation, links or empty page)")
        return
    title = _field(doc, "title")
    body = _body(text, title)
    if _prose_words(body) < MIN_WORDS:
        yield Rejection(
            origin, f"no extractable article text (fewer than {MIN_WORDS} words of prose)"
        )
        return
    page_url = url or _field(doc, "url")
    found_day = _field(doc, "date")
    published: datetime | None = exact
    source = "page"
    url_day = _url_day(page_url)
    if published is None and found_day:
        published = parse_web_date(found_day)
        if published is not None and url_day == published.date():
            source = "url"
    if published is None and url_day is not None:
        published, source = datetime.combine(url_day, time(0, 0), tzinfo=UTC), "url"
    if published is None and fallback_date is not None:
        published, source = fallback_date, "crawl"
        yield Notice(origin, f"no publication date in the page; using the crawl date {published}")
    if published is None and options.default_date is not None:
        published, source = options.default_date, "given"
    if published is None:
        yield Rejection(
            origin,
            "no publication date found (article:published_time, JSON-LD datePublished, "
            "<time>, URL) and no --date",
        )
        return
    checked = checked_datetime(published, origin=origin, options=options)
    if isinstance(checked, Rejection):
        yield checked
        return
    if paywalled:
        yield Notice(origin, "subscription box removed; the text may be a paywall teaser")
    yield Article(
        text=body,
        published_at=checked,
        title=title,
        url=page_url,
        publisher=_field(doc, "sitename"),
        author=_field(doc, "author"),
        origin=origin,
        date_source=source,
    )


def read_html(data: bytes, *, origin: str, options: ReadOptions) -> Iterator[ReadItem]:
    """An HTML file: one page, one article (or a rejection)."""
    yield from html_article(data, origin=origin, options=options)
