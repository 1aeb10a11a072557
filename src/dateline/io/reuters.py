"""Reader for the Reuters-21578 SGML collection (``reut2-NNN.sgm``), one article per story.

The files are not well-formed SGML (no DTD, stray control bytes, a few non-UTF-8 bytes), so a
real SGML parser would reject them; they are, however, extremely regular, so a handful of
regular expressions over the raw bytes is both robust and fast (the whole collection, 27 MB,
reads in about a second).

What becomes what:

* a ``<REUTERS>`` record with a non-empty ``<BODY>`` becomes an ``Article`` whose text is the
  body with SGML entities unescaped and the closing ``Reuter`` sign-off and ``&#3;``
  end-of-text mark removed. ``body_offset`` stays 0: after unescaping, offsets cannot map back
  to the file, and the record is named by ``origin`` (``file#NEWID=n``) instead;
* a record without a body (``TYPE="BRIEF"`` headlines and ``TYPE="UNPROC"`` tables, 2,535
  of the 21,578) is not an article and yields nothing, silently: it is part of the format,
  not a fault in the input;
* a record whose ``<DATE>`` has a readable day but an impossible time (one in the
  collection has hour 605) keeps the day, with no time, as a date-only publication date
  is read elsewhere, and a ``Notice`` says so: the day is what anchors its time expressions,
  and we never guess a time. A record whose day cannot be read becomes a ``Rejection``;
* a record that is not valid UTF-8 is decoded as Latin-1 (which is what the stray bytes are)
  and reported with a ``Notice``, like the other readers do.

Dates have no zone in the source; they are Reuters wire times, taken as UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

from dateline.io.readers import Notice, ReadItem, ReadOptions, Rejection, checked_date
from dateline.model import Article

__all__ = [
    "PUBLISHER",
    "parse_reuters_date",
    "parse_reuters_day",
    "read_reuters",
    "unescape_sgml",
]

PUBLISHER = "Reuters"

_NEWID = re.compile(rb'\bNEWID="(\d+)"')
_DATE = re.compile(r"<DATE>(.*?)</DATE>", re.DOTALL)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.DOTALL)
_DATE_VALUE = re.compile(
    r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?!\d)"
)
_DAY_VALUE = re.compile(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})(?!\d)")
_ENTITY = re.compile(r"&(?:#(\d{1,7})|(lt|gt|amp|quot|apos));")
# The wire sign-off ending the last line: "Reuter", "REUTERS", "Reuter...", "REUTER^M" (a
# carriage return typed out as caret-M), on its own line or after the last sentence
# ("... said. REUTER"). Misspellings ("REUITER") are left alone.
_SIGN_OFF = re.compile(r"(?:\A|\s)reuters?(?:\.\.\.)?(?:\^M)?\Z", re.IGNORECASE)
_END_OF_TEXT = "&#3;"
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
        start=1,
    )
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _entity(m: re.Match[str]) -> str:
    if m[2] is not None:
        return _NAMED[m[2]]
    code = int(m[1])
    # The wire's control characters (&#2; start of text, &#3; end, &#127; rubout ...) carry
    # no text; dropping them keeps the article clean for the NLP stages.
    if code in (9, 10, 13) or (32 <= code < 127) or (160 <= code <= 0x10FFFF):
        return chr(code)
    return ""


def unescape_sgml(text: str) -> str:
    """Resolve the entities this collection uses (``&lt;``, ``&amp;``, ``&#N;``).

    Deliberately narrower than ``html.unescape``, which also expands legacy names without a
    semicolon, so that a bare ``&`` in wire copy survives: it turns ``B&notes`` into
    ``B¬es``.
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def parse_reuters_date(raw: str) -> datetime:
    """``26-FEB-1987 15:01:01.79`` as an aware UTC datetime; trailing wire codes are ignored.

    Raises ``ValueError`` with a readable reason when the date or time is impossible.
    """
    m = _DATE_VALUE.match(raw)
    if m is None:
        raise ValueError(f"unreadable date {_shown(raw)}")
    month = _MONTHS.get(m[2].upper())
    if month is None:
        raise ValueError(f"unknown month in date {_shown(raw)}")
    fraction = (m[7] or "").ljust(6, "0")
    try:
        return datetime(
            int(m[3]), month, int(m[1]), int(m[4]), int(m[5]), int(m[6]), int(fraction), UTC
        )
    except ValueError:
        raise ValueError(f"impossible date {_shown(raw)}") from None


def parse_reuters_day(raw: str) -> datetime:
    """Only the day of ``26-FEB-1987 ...``, at midnight UTC, whatever follows it."""
    m = _DAY_VALUE.match(raw)
    month = _MONTHS.get(m[2].upper()) if m else None
    if m is None or month is None:
        raise ValueError(f"unreadable date {_shown(raw)}")
    try:
        return datetime(int(m[3]), month, int(m[1]), tzinfo=UTC)
    except ValueError:
        raise ValueError(f"impossible date {_shown(raw)}") from None


class _DateOrDay:
    """``parse_reuters_date``, falling back to the day alone when only the time is at fault
    (the date is parsed once; ``day_only`` says whether the fallback was taken)."""

    def __init__(self) -> None:
        self.day_only = False

    def __call__(self, raw: str) -> datetime:
        try:
            return parse_reuters_date(raw)
        except ValueError as exc:
            try:
                day = parse_reuters_day(raw)
            except ValueError:
                raise exc from None  # the whole date's reason, not the day's
            self.day_only = True
            return day


def _shown(raw: str) -> str:
    return repr(unescape_sgml(raw).strip()[:60])


def _clean_body(raw: str) -> str:
    # String operations, not an anchored regex: a trailing ``\s*...\Z`` pattern is retried
    # at every position and was most of the reading time.
    body = raw.rstrip()
    while body.endswith(_END_OF_TEXT):
        body = body[: -len(_END_OF_TEXT)].rstrip()
    while True:  # some stories were signed off twice
        head, newline, last = body.rpartition("\n")
        sign_off = _SIGN_OFF.search(last)  # only the last line: it is short
        if sign_off is None:
            break
        body = (head + newline + last[: sign_off.start()]).rstrip()
    return unescape_sgml(body).rstrip()


def _records(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """``(attributes, content)`` of each ``<REUTERS ...>...</REUTERS>`` record."""
    for chunk in data.split(b"</REUTERS>"):
        start = chunk.find(b"<REUTERS")
        if start < 0:
            continue
        close = chunk.find(b">", start)
        if close < 0:
            continue
        yield chunk[start + len(b"<REUTERS") : close], chunk[close + 1 :]


def read_reuters(data: bytes, *, origin: str, options: ReadOptions) -> Iterator[ReadItem]:
    """Every story with a body in one Reuters-21578 ``.sgm`` file, in file order."""
    found = False
    for index, (attributes, content) in enumerate(_records(data), start=1):
        found = True
        if b"<BODY>" not in content:
            continue  # a headline-only or table record: not an article (see module doc)
        newid_match = _NEWID.search(attributes)
        newid = newid_match[1].decode("ascii") if newid_match else None
        where = f"{origin}#NEWID={newid}" if newid else f"{origin}#record={index}"
        if len(content) > options.max_bytes:
            yield Rejection(where, f"record too large (limit {options.max_bytes:,} bytes)")
            continue
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = content.decode("latin-1")
            yield Notice(where, f"not valid UTF-8 at byte {exc.start}; decoded as Latin-1")
        body_start = text.find("<BODY>") + len("<BODY>")
        body_end = text.find("</BODY>", body_start)
        body = _clean_body(text[body_start : body_end if body_end >= 0 else len(text)])
        if not body.strip():
            continue  # an empty <BODY></BODY> carries nothing either
        date_match = _DATE.search(text)
        if date_match is None:
            yield Rejection(where, "no <DATE>")
            continue
        parse = _DateOrDay()
        published = checked_date(date_match[1], origin=where, options=options, parse=parse)
        if isinstance(published, Rejection):
            yield published
            continue
        if parse.day_only:
            shown = _shown(date_match[1])
            yield Notice(where, f"unreadable time in {shown}: kept the day, {published:%Y-%m-%d}")
        title_match = _TITLE.search(text)
        title = " ".join(unescape_sgml(title_match[1]).split()) if title_match else ""
        yield Article(
            text=body,
            published_at=published,
            id=f"reuters-{newid}" if newid else "",
            title=title or None,
            publisher=PUBLISHER,
            origin=where,
        )
    if not found:
        yield Rejection(origin, "no <REUTERS> records: not a Reuters-21578 SGML file")
