"""Attributions given by layout rather than by a verb: transcript speaker labels
("PENCE: Well, look, …"), headline colons ("Poll: Voters Abandon Party") and credit lines
after a quote ("“…” ― Ana Ruiz").

The rules read the characters around a colon or a closing quote mark, so they apply to any
text that follows these conventions.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dateline.nlp.reported import Reported, trim_range
from dateline.nlp.util import paragraph_of_sentence

__all__ = ["credit_line", "find_headline_colon", "headline_name", "speaker_label"]

#: "PENCE:", "MR. TRUMP:", "SEN. KAINE:" at the start of a turn (capitals only, so that
#: "Note:" or "Update:" are no speakers)
_LABEL = re.compile(r"([A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3}):[ \t]+(?=\S)")
#: "― Ana Ruiz" / "— Ana Ruiz, 34, Ohio" right after a closing quote mark, to the line end
_CREDIT = re.compile(r"[ \t]*(―|—|–|--)[ \t]*([A-Z][^\n]{1,60}?)[ \t]*(?=\n|$)")


def speaker_label(text: str, start: int, end: int) -> tuple[tuple[int, int], int] | None:
    """((name start, name end), colon position) of a speaker label opening text[start:end]."""
    match = _LABEL.match(text, start, end)
    if match is None or sum(ch.isalpha() for ch in match.group(1)) < 2:
        return None
    return (match.start(1), match.end(1)), match.end(1)


def credit_line(text: str, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """((dash start, dash end), (name start, name end)) of a credit line after position
    ``end`` (just past a closing quote mark): a dash, then a short name ending the line."""
    match = _CREDIT.match(text, end)
    if match is None or len(match.group(2).split()) > 8:
        return None
    return (match.start(1), match.end(1)), (match.start(2), match.end(2))


#: labels of a publication's own notes before a colon: no speaker behind them
_BOILERPLATE_LABELS = frozenset(
    {"note", "correction", "clarification", "update", "video", "photo", "watch", "related"}
    | {"advertisement", "disclosure", "editor", "caption", "credit"}
)


def headline_name(sent: Span, colon: Token) -> list[Token] | None:
    """The short name before a headline's colon ("Poll:", "Lena Ortiz:"): at most five
    words, a noun among them, no verb ("He said:" is a cue verb, read elsewhere), not a
    publication's own label ("Editor's note:") nor before a number (a date line)."""
    doc = sent.doc
    if colon.i - sent.start > 5:
        return None
    left = [t for t in doc[sent.start : colon.i] if not t.is_space]
    if not left or not any(t.pos_ in {"PROPN", "NOUN"} for t in left):
        return None
    if any(t.pos_ in {"VERB", "AUX"} for t in left):
        return None
    if any(t.lemma_.lower() in _BOILERPLATE_LABELS for t in left) or any(
        t.like_num for t in doc[colon.i + 1 : min(colon.i + 4, sent.end)]
    ):
        return None
    return left


def find_headline_colon(
    doc: Doc, sents: list[Span], *, quoted: list[tuple[int, int]]
) -> list[Reported]:
    """ "Poll: Voters Abandon Party": a short name before a colon attributes what follows.

    A speaker label in capitals opening a paragraph ("PENCE: Well, …") gives the whole
    turn, to the paragraph's end.
    """
    out: list[Reported] = []
    paragraph = paragraph_of_sentence(doc)
    for index, sent in enumerate(sents):
        colon = next((t for t in sent if t.text == ":"), None)
        if colon is None or any(s <= colon.idx < e for s, e in quoted):
            continue
        left = headline_name(sent, colon)
        if left is None:
            continue
        after = colon.i + 1
        while after < sent.end and doc[after].is_space:
            after += 1
        if after < sent.end and any(s <= doc[after].idx + 1 <= e for s, e in quoted):
            continue  # 'Ortiz: “We will rebuild.”': the quote in marks, read by the quote reader
        end = sent.end
        label = speaker_label(doc.text, left[0].idx, len(doc.text))
        if label is not None and (index == 0 or paragraph[index - 1] != paragraph[index]):
            last = index
            while last + 1 < len(sents) and paragraph[last + 1] == paragraph[index]:
                last += 1
            end = sents[last].end  # the turn runs to the paragraph's end
        elif sent.end - colon.i < 4:
            continue
        content = trim_range(doc, colon.i + 1, end)
        if content is None or content[1] - content[0] < 3:
            continue
        head = max(left, key=lambda t: (t.pos_ == "PROPN", t.i))
        out.append(
            Reported(cue=(colon.i, colon.i + 1), verb=colon.i, content=content, subject=head.i)
        )
    return out
