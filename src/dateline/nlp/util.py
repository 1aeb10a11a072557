"""Small helpers over a parsed ``Doc`` shared by the components (sentences, paragraphs)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.symbols import IDS
from spacy.tokens import Doc, Span, Token

from dateline.model import Entity

__all__ = [
    "PARAGRAPH_BREAK",
    "DocReader",
    "EntityView",
    "doc_text",
    "entity_view",
    "governing_verb",
    "paragraph_of_sentence",
    "sentence_of_token",
    "sentences",
    "tokens_with_pos",
    "trimmed_bounds",
]

#: a blank line (possibly holding spaces or a carriage return) ends a paragraph
PARAGRAPH_BREAK = re.compile(r"\r?\n[^\S\n]*\n")

_SENTS_KEY = "dateline_sents"
_TEXT_KEY = "dateline_text"
_TOKEN_SENT_KEY = "dateline_token_sent"
_PARA_KEY = "dateline_paragraphs"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per ``Doc`` (spaCy joins every token on each access)."""
    cached = doc.user_data.get(_TEXT_KEY)
    if not isinstance(cached, str) or len(cached) != _text_length(doc):
        cached = doc.user_data[_TEXT_KEY] = doc.text
    return cached


def _text_length(doc: Doc) -> int:
    if not len(doc):
        return 0
    last = doc[-1]
    return last.idx + len(last.text_with_ws)


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences, computed once per ``Doc``."""
    cached = doc.user_data.get(_SENTS_KEY)
    if cached is None or len(cached) == 0 or cached[-1].end != len(doc):
        cached = list(doc.sents) if len(doc) else []
        doc.user_data[_SENTS_KEY] = cached
    result: list[Span] = cached
    return result


def sentence_of_token(doc: Doc) -> list[int]:
    """For every token, the index of its sentence."""
    cached = doc.user_data.get(_TOKEN_SENT_KEY)
    if cached is None or len(cached) != len(doc):
        cached = [0] * len(doc)
        for index, sent in enumerate(sentences(doc)):
            for i in range(sent.start, sent.end):
                cached[i] = index
        doc.user_data[_TOKEN_SENT_KEY] = cached
    result: list[int] = cached
    return result


def paragraph_of_sentence(doc: Doc) -> list[int]:
    """For every sentence, the index of its paragraph (paragraphs end at blank lines)."""
    cached = doc.user_data.get(_PARA_KEY)
    sents = sentences(doc)
    if cached is None or len(cached) != len(sents):
        cached = []
        para = 0
        for index, sent in enumerate(sents):
            if index and _blank_line_before(doc, sent.start):
                para += 1
            cached.append(para)
        doc.user_data[_PARA_KEY] = cached
    result: list[int] = cached
    return result


def _blank_line_before(doc: Doc, start: int) -> bool:
    i = start - 1
    gap: list[str] = []
    while i >= 0 and doc[i].is_space:
        gap.append(doc[i].text_with_ws)
        i -= 1
    if i >= 0:
        gap.append(doc[i].whitespace_)
    return PARAGRAPH_BREAK.search("".join(reversed(gap))) is not None


def governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above ``token`` in the parse."""
    current = token
    for _ in range(64):
        if current.pos_ in {"VERB", "AUX"}:
            return current
        if current.head is current:
            return None
        current = current.head
    return None


@dataclass(frozen=True, slots=True)
class EntityView:
    """What the coreference stage resolved, as later stages read it."""

    mention_map: dict[int, tuple[str, ...]]  # token index -> entity keys
    names: dict[str, str]  # entity key -> canonical name
    labels: dict[str, str]  # canonical name -> label


def entity_view(doc: Doc) -> EntityView:
    entities: list[Entity] = doc._.entities or []
    return EntityView(
        mention_map=doc._.mention_map or {},
        names={e.key: e.name for e in entities},
        labels={e.name: e.label for e in entities},
    )


def trimmed_bounds(sent: Span) -> tuple[int, int]:
    """Character bounds of a sentence without surrounding whitespace (empty if all blank)."""
    text = sent.text
    stripped = text.strip()
    if not stripped:
        return sent.start_char, sent.start_char
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, start + len(stripped)


class DocReader:
    """Base for the stages that read a resolved ``Doc``: sentences and entities at hand."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sents = sentences(doc)
        self.sent_of = sentence_of_token(doc)
        view = entity_view(doc)
        self.mention_map, self.names, self.labels = view.mention_map, view.names, view.labels


def tokens_with_pos(doc: Doc, *pos: str) -> list[Token]:
    """The tokens whose coarse tag is one of ``pos``, found in the doc's array: a pass over
    every ``Token`` object costs more than the components' own work on the few they need."""
    if not len(doc):
        return []
    wanted = {IDS[p] for p in pos}
    return [doc[i] for i, value in enumerate(doc.to_array("POS").tolist()) if value in wanted]
