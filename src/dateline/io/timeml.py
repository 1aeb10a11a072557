"""TimeML in and out: read ``.tml``/``.TE3input`` files, write them back with our TIMEX3 tags.

The TempEval-3 scorer compares files by their text with the tags stripped, so the writer keeps
every byte of the original ``<TEXT>`` character data (escapes included) and everything before
it (DOCID, DCT, ...). Tags inside ``<TEXT>`` (gold TIMEX3, EVENT, SIGNAL) are replaced by ours,
and annotations after it (MAKEINSTANCE, TLINK, ...) are dropped, since they point at gold ids.
Parsing is a small scanner rather than an XML parser because the writer needs exact offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr

__all__ = [
    "TIMEML_SUFFIXES",
    "GoldTimex",
    "TimeMLDoc",
    "TimeMLError",
    "TimexLike",
    "article_to_timeml",
    "parse_timeml",
    "read_timeml",
    "timeml_files",
    "write_timeml",
]

TIMEML_SUFFIXES = (".tml", ".te3input")


class TimeMLError(ValueError):
    """A file that is not usable TimeML; the message is the reason (no file name)."""


class TimexLike(Protocol):
    """What the writer needs of a timex: character offsets into the text and its attributes."""

    @property
    def char_start(self) -> int: ...
    @property
    def char_end(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def value(self) -> str: ...
    @property
    def mod(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 annotated in the file, with offsets into ``TimeMLDoc.text``."""

    tid: str
    char_start: int
    char_end: int
    text: str
    type: str
    value: str
    mod: str | None = None


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """One TimeML document: the plain text of ``<TEXT>``, its DCT and any gold timexes.

    ``raw`` is the whole file; ``head`` ends just after ``<TEXT>``; ``chars`` is the TEXT
    character data with tags removed but escapes kept, and ``raw_starts[i]``/``raw_ends[i]``
    locate plain character ``i`` in it.
    """

    name: str
    raw: str
    dct: date
    text: str
    timexes: tuple[GoldTimex, ...]
    head: str
    chars: str
    raw_starts: tuple[int, ...]
    raw_ends: tuple[int, ...]


_TEXT_OPEN = re.compile(r"<TEXT(?:\s[^>]*)?>")
_TEXT_CLOSE = re.compile(r"</TEXT\s*>")
_DCT = re.compile(r"<DCT\b[^>]*>\s*<TIMEX3\b(?P<attrs>[^>]*)>", re.S)
_DCT_TIMEX = re.compile(r"<TIMEX3\b(?P<attrs>[^>]*functionInDocument=\"CREATION_TIME\"[^>]*)>")
_TAG = re.compile(
    r"<(?P<close>/)?(?P<name>[A-Za-z][\w:.-]*)(?P<attrs>[^>]*?)(?P<empty>/)?>|<!--.*?-->|<\?.*?\?>",
    re.S,
)
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")


def _attrs(text: str) -> dict[str, str]:
    return {m[1]: unescape(m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(text)}


def _dct(raw: str) -> date:
    m = _DCT.search(raw) or _DCT_TIMEX.search(raw)
    if m is None:
        raise TimeMLError("no document creation time (<DCT><TIMEX3 value=...>)")
    value = _attrs(m["attrs"]).get("value", "")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise TimeMLError(f"DCT value {value!r} is not a calendar date") from None


def parse_timeml(raw: str, *, name: str = "") -> TimeMLDoc:
    """Parse TimeML text; raises ``TimeMLError`` with the reason when it is unusable."""
    opening = _TEXT_OPEN.search(raw)
    if opening is None:
        raise TimeMLError("no <TEXT> element")
    closing = _TEXT_CLOSE.search(raw, opening.end())
    if closing is None:
        raise TimeMLError("<TEXT> is never closed")
    dct = _dct(raw)
    body = raw[opening.end() : closing.start()]
    plain: list[str] = []
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    gold: list[GoldTimex] = []
    open_timex: tuple[int, dict[str, str]] | None = None
    pos = 0

    length = 0  # characters of ``chars`` so far

    def add_chars(segment: str) -> None:
        nonlocal length
        i = 0
        while i < len(segment):
            ent = _ENTITY.match(segment, i) if segment[i] == "&" else None
            piece = ent.group(0) if ent else segment[i]
            for c in unescape(piece) if ent else piece:
                plain.append(c)
                starts.append(length)
                ends.append(length + len(piece))
            chars.append(piece)
            length += len(piece)
            i += len(piece)

    for tag in _TAG.finditer(body):
        add_chars(body[pos : tag.start()])
        pos = tag.end()
        if tag["name"] != "TIMEX3" or tag["empty"]:
            continue
        if not tag["close"]:
            if open_timex is not None:
                raise TimeMLError("nested TIMEX3 tags")
            open_timex = (len(plain), _attrs(tag["attrs"]))
            continue
        if open_timex is None:
            raise TimeMLError("</TIMEX3> without an opening tag")
        begin, attrs = open_timex
        open_timex = None
        gold.append(
            GoldTimex(
                attrs.get("tid", f"t{len(gold) + 1}"),
                begin,
                len(plain),
                "".join(plain[begin:]),
                attrs.get("type", ""),
                attrs.get("value", ""),
                attrs.get("mod") or None,
            )
        )
    add_chars(body[pos:])
    if open_timex is not None:
        raise TimeMLError("a TIMEX3 tag is never closed")
    if "<" in "".join(chars):
        raise TimeMLError("malformed markup inside <TEXT>")
    return TimeMLDoc(
        name=name,
        raw=raw,
        dct=dct,
        text="".join(plain),
        timexes=tuple(gold),
        head=raw[: opening.end()],
        chars="".join(chars),
        raw_starts=tuple(starts),
        raw_ends=tuple(ends),
    )


def read_timeml(path: Path) -> TimeMLDoc:
    """Read one file; unreadable bytes and bad markup raise ``TimeMLError``."""
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TimeMLError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise TimeMLError(exc.strerror or str(exc)) from None
    return parse_timeml(raw, name=path.name)


def timeml_files(directory: Path) -> list[Path]:
    """``.tml`` and ``.TE3input`` files under ``directory`` (recursive), in a stable order."""
    return sorted(
        p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in TIMEML_SUFFIXES
    )


def _tag(t: TimexLike, tid: str, body: str) -> str:
    attrs = f"tid={quoteattr(tid)} type={quoteattr(t.type)} value={quoteattr(t.value)}"
    if t.mod:
        attrs += f" mod={quoteattr(t.mod)}"
    return f"<TIMEX3 {attrs}>{body}</TIMEX3>"


def write_timeml(doc: TimeMLDoc, timexes: Iterable[TimexLike]) -> str:
    """The document with ``timexes`` as its TIMEX3 tags (tids t1, t2, ... in text order).

    Overlapping or empty timexes are skipped (TimeML does not nest TIMEX3); the character
    data of ``<TEXT>`` and everything before it are kept byte for byte.
    """
    chosen: list[TimexLike] = []
    end = 0
    for t in sorted(timexes, key=lambda t: (t.char_start, -t.char_end)):
        if t.char_start >= end and t.char_end > t.char_start and t.char_end <= len(doc.text):
            chosen.append(t)
            end = t.char_end
    parts = [doc.head]
    pos = 0
    for k, t in enumerate(chosen, 1):
        a, b = doc.raw_starts[t.char_start], doc.raw_ends[t.char_end - 1]
        parts.append(doc.chars[pos:a])
        parts.append(_tag(t, f"t{k}", doc.chars[a:b]))
        pos = b
    parts.append(doc.chars[pos:])
    parts.append("</TEXT>\n\n</TimeML>\n")
    return "".join(parts)


def article_to_timeml(
    *, doc_id: str, text: str, dct: date, timexes: Sequence[TimexLike], title: str | None = None
) -> str:
    """A fresh TimeML document for an article of ours (plain text, DCT, our timexes)."""
    day = dct.isoformat()
    head = [
        '<?xml version="1.0" ?>',
        "<TimeML>",
        f"<DOCID>{escape(doc_id)}</DOCID>",
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{day}" temporalFunction="false" '
        f'functionInDocument="CREATION_TIME">{day}</TIMEX3></DCT>',
    ]
    if title:
        head.append(f"<TITLE>{escape(title)}</TITLE>")
    skeleton = "\n".join(head) + f"\n<TEXT>{escape(text)}</TEXT>\n</TimeML>\n"
    return write_timeml(parse_timeml(skeleton, name=doc_id), timexes)
