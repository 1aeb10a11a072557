"""CAT XML documents (the SemEval-2015 TimeLine task's input) as text dateline can read.

A CAT file holds pre-tokenised text (``<token t_id sentence number>``) and, under
``<Markables>``, the document creation time (a ``TIMEX3`` with ``functionInDocument=
"CREATION_TIME"``) and possibly gold annotations. We rebuild readable text from the tokens
(no space before closing punctuation, none after opening brackets) and keep, for every token,
its character span, so anything the pipeline finds in the text maps back to token ids and the
task's ``docid-sentence-word`` event identifiers. Gold event markables are read separately
(``gold_event_tokens``) and only for analysis: timelines are built from the text alone.
"""

from __future__ import annotations

import bisect
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dateline.errors import DatelineError
from dateline.model import Article

__all__ = ["CatDocument", "CatToken", "detokenise", "gold_event_tokens", "read_cat", "read_cat_dir"]

_NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "#"})
_APOSTROPHES = frozenset({"'", "’"})
_CLITIC_ENDS = frozenset({"s", "re", "ve", "ll", "d", "m", "t"})
_CLITICS = frozenset({"'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "’s"})


@dataclass(frozen=True, slots=True)
class CatToken:
    """One token: its id, sentence number (0 is the headline) and place in the rebuilt text."""

    t_id: int
    sentence: int
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class CatDocument:
    """A CAT document: id, name, creation time, tokens and the text rebuilt from them."""

    doc_id: str
    name: str
    dct: datetime
    tokens: tuple[CatToken, ...]
    text: str

    def article(self) -> Article:
        """The document as an ``Article`` dated by its creation time."""
        return Article(text=self.text, published_at=self.dct, id=self.doc_id, title=self.name)

    def tokens_in(self, char_start: int, char_end: int) -> tuple[CatToken, ...]:
        """Tokens overlapping a character span of ``text``."""
        starts = [t.char_start for t in self.tokens]
        first = max(bisect.bisect_right(starts, char_start) - 1, 0)
        out: list[CatToken] = []
        for token in self.tokens[first:]:
            if token.char_start >= char_end:
                break
            if token.char_end > char_start:
                out.append(token)
        return tuple(out)

    def token_at(self, char_start: int) -> CatToken | None:
        """The token containing a character offset of ``text``, if any."""
        found = self.tokens_in(char_start, char_start + 1)
        return found[0] if found else None


def detokenise(words: list[tuple[str, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Readable text from ``(word, sentence)`` pairs and each word's character span.

    Sentences go on their own lines, with a blank line after the headline and the dateline
    (sentences 0 and 1) so that they are never parsed as part of the body.
    """
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    previous_sentence: int | None = None
    previous_word = ""
    open_quote = False
    for index, (word, sentence) in enumerate(words):
        following = words[index + 1][0] if index + 1 < len(words) else ""
        if previous_sentence is None:
            sep = ""
        elif sentence != previous_sentence:
            sep = "\n\n" if previous_sentence <= 1 else "\n"
            open_quote = False
        elif word in _APOSTROPHES and following.lower() in _CLITIC_ENDS:
            sep = ""  # "we ' re": one word split in three
        elif (previous_word in _APOSTROPHES and word.lower() in _CLITIC_ENDS) or (
            word in _NO_SPACE_BEFORE or word.lower() in _CLITICS or previous_word in _NO_SPACE_AFTER
        ):
            sep = ""
        elif previous_word == '"' and open_quote:
            sep = ""  # just after an opening quote mark
        elif word == '"' and open_quote:
            sep = ""  # a closing quote mark
        else:
            sep = " "
        if word == '"':
            open_quote = not open_quote
        parts.append(sep)
        length += len(sep)
        spans.append((length, length + len(word)))
        parts.append(word)
        length += len(word)
        previous_sentence = sentence
        previous_word = word
    return "".join(parts), spans


def _dct(root: ET.Element, path: Path) -> datetime:
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = (timex.get("value") or "")[:10]
            try:
                day = datetime.strptime(value, "%Y-%m-%d")
            except ValueError:
                break
            return day.replace(hour=12, tzinfo=UTC)
    raise DatelineError(f"{path}: no document creation time (TIMEX3 CREATION_TIME) found")


def read_cat(path: Path) -> CatDocument:
    """One CAT XML file; a clear ``DatelineError`` naming the file when it is not one."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise DatelineError(f"{path}: not a readable CAT XML file ({exc})") from None
    doc_id = root.get("doc_id")
    if root.tag != "Document" or not doc_id:
        raise DatelineError(f"{path}: not a CAT document (no <Document doc_id=...>)")
    raw: list[tuple[int, int, str]] = []
    for element in root.iter("token"):
        try:
            raw.append(
                (int(element.get("t_id", "")), int(element.get("sentence", "")), element.text or "")
            )
        except ValueError:
            raise DatelineError(f"{path}: token without a numeric t_id or sentence") from None
    if not raw:
        raise DatelineError(f"{path}: no tokens")
    text, spans = detokenise([(word, sentence) for _, sentence, word in raw])
    tokens = tuple(
        CatToken(t_id, sentence, word, start, end)
        for (t_id, sentence, word), (start, end) in zip(raw, spans, strict=True)
    )
    name = root.get("doc_name") or path.stem
    return CatDocument(doc_id, name, _dct(root, path), tokens, text)


def read_cat_dir(directory: Path) -> tuple[list[CatDocument], list[tuple[str, str]]]:
    """All ``*.xml`` CAT files of a directory (sorted), and the rejected ones with reasons."""
    if not directory.is_dir():
        raise DatelineError(f"{directory}: not a directory")
    documents: list[CatDocument] = []
    rejected: list[tuple[str, str]] = []
    for path in sorted(directory.glob("*.xml")):
        try:
            documents.append(read_cat(path))
        except DatelineError as exc:
            rejected.append((str(path), str(exc)))
    return documents, rejected


def gold_event_tokens(path: Path) -> set[int]:
    """Token ids anchoring gold ``EVENT_MENTION`` markables (for error analysis only)."""
    root = ET.parse(path).getroot()
    return {
        int(anchor.get("t_id", "0"))
        for mention in root.iter("EVENT_MENTION")
        for anchor in mention.iter("token_anchor")
    }
