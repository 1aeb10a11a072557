"""Quote marks paired by their position in the word, not by their glyph.

Quote marks in real news are inconsistent: a quote may open with a straight mark and close
with a curly one, run over several paragraphs (each new paragraph re-opening it), or come
as a reversed pair. Opening marks start a word, closing marks end one. Apostrophes and
single quotes are never quote marks at the top level; inside a quote, single marks that
open and close words are nested quotes.
"""

from __future__ import annotations

from dateline.nlp.util import PARAGRAPH_BREAK

__all__ = ["find_nested_spans", "find_quote_spans", "is_mark", "mark_at"]

_OPENERS = frozenset("“„«")
_CLOSERS = frozenset("”»")
_STRAIGHT = frozenset('"″')

#: two-character marks of typewriter style (''words'', ``words''): read as one mark
_DOUBLED = {"''": '"', "``": "“"}


def is_mark(text: str) -> bool:
    if text in _DOUBLED:
        return True
    return bool(text) and all(ch in _OPENERS or ch in _CLOSERS or ch in _STRAIGHT for ch in text)


def mark_at(text: str, i: int) -> tuple[str, int] | None:
    """The quote mark starting at ``i`` (as its one-character equivalent) and its width."""
    pair = text[i : i + 2]
    if pair in _DOUBLED:
        return _DOUBLED[pair], 2
    ch = text[i]
    if ch in _OPENERS or ch in _CLOSERS or ch in _STRAIGHT:
        return ch, 1
    return None


def _is_opening(text: str, i: int, width: int = 1) -> bool:
    ch = _DOUBLED.get(text[i : i + 2], text[i]) if width == 2 else text[i]
    if ch in _OPENERS:
        return True
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if ch in _CLOSERS:
        # a closing glyph that starts a paragraph before a word opens a quote (a typo
        # some outlets repeat in reader-comment lists: ”Fear. I am …”)
        return (i == 0 or before in "\r\n") and not after.isspace()
    if before.isspace() or before in "([{—–-/:":
        return not after.isspace()
    return False


def _ends_word(text: str, i: int, width: int) -> bool:
    """Whether a mark sits at the end of a word ("here,“ he said"): an opening glyph there
    closes the open quote (a reversed pair, or German „…“)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)]")


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation's content, marks excluded, in text order."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None  # where the open quote's words start (after its mark)
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch in "\r\n" and open_at is not None and PARAGRAPH_BREAK.match(text, i):
            # paragraph break inside an open quote: it goes on only if the next paragraph
            # re-opens it (news style); otherwise the quote ends with the paragraph
            j = i
            while j < n and text[j].isspace():
                j += 1
            spans.append((open_at, i))
            open_at = None
            mark = mark_at(text, j) if j < n else None
            if mark is not None and (
                mark[0] in _OPENERS or mark[0] in _STRAIGHT or _is_opening(text, j, mark[1])
            ):
                open_at = j + mark[1]
                i = j + mark[1]
                continue
        elif (mark := mark_at(text, i)) is not None:
            glyph, width = mark
            if open_at is None:
                if _is_opening(text, i, width):
                    open_at = i + width
            elif (
                glyph not in _OPENERS and not (glyph in _STRAIGHT and _is_opening(text, i, width))
            ) or (glyph in _OPENERS and _ends_word(text, i, width)):
                spans.append((open_at, i))
                open_at = None
            i += width
            continue
        i += 1
    if open_at is not None:
        spans.append((open_at, n))
    return [(s, e) for s, e in _trim(text, spans) if e > s]


_SINGLE_OPEN = frozenset("‘'")
_SINGLE_CLOSE = frozenset("’'")


def find_nested_spans(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Single-quoted phrases inside text[lo:hi]: an opening mark starts a word, a closing
    mark ends one and is not followed by a letter (so "don't" and "’80s" are no marks)."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(lo, hi):
        ch = text[i]
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if open_at is None:
            if ch in _SINGLE_OPEN and (before.isspace() or before in '(—–-:"“') and after.isalnum():
                open_at = i
        elif ch in _SINGLE_CLOSE and not after.isalnum() and not before.isspace():
            if i - open_at > 1:
                spans.append((open_at + 1, i))
            open_at = None
    return [(s, e) for s, e in _trim(text, spans) if e > s]


def _trim(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        out.append((start, end))
    return out
