"""Attributions given by layout rather than by a verb: transcript speaker labels
("PENCE: Well, look, …"), headline colons ("Poll: Voters Abandon Party") and credit lines
after a quote ("“…” ― Ana Ruiz").

The rules read the characters around a colon or a closing quote mark, so they apply to any
text that follows these conventions.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from dateline.nlp.attribution_lexicon import OBJECT_VERBS, REPORTING_VERBS
from dateline.nlp.reported import Reported, trim_range
from dateline.nlp.util import paragraph_of_sentence

__all__ = [
    "credit_line",
    "find_headline_colon",
    "find_headline_verb",
    "headline_name",
    "speaker_label",
]

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


#: small words a title-case headline leaves in lower case
_HEADLINE_SMALL = frozenset(
    {"a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "by", "with"}
    | {"as", "from", "into", "over", "about", "is", "are", "vs", "via", "after"}
)


def _headline_verb(token: Token) -> bool:
    """A capitalised third-person form of a verb of saying or stance ("Praises",
    "Endorses", "Slams"), whatever part of speech the tagger gave it."""
    word = token.lower_
    if not (token.text[:1].isupper() and word.endswith("s") and len(word) > 3):
        return False
    stems = {word[:-1], word[:-2] if word.endswith("es") else word[:-1]}
    if word.endswith("ies"):
        stems.add(word[:-3] + "y")
    return any(s in REPORTING_VERBS or s in OBJECT_VERBS for s in stems)


def _title_case_words(sent: Span) -> list[Token] | None:
    """The words of a sentence in title case, else None (stopping at the first word that
    is not: most sentences fail at their second word)."""
    words: list[Token] = []
    for token in sent:
        if not token.is_alpha:
            continue
        if not token.text[:1].isupper() and token.lower_ not in _HEADLINE_SMALL:
            return None
        words.append(token)
    return words


def find_headline_verb(
    doc: Doc, sents: list[Span], *, quoted: list[tuple[int, int]]
) -> list[Reported]:
    """ "Ortiz Praises Harbour Volunteers": in a title-case headline (a paragraph of one
    sentence, its words capitalised but the small ones) the tagger often reads the verb as
    part of a name; a capitalised "-s" form of a verb of saying or stance after the first
    words is the cue, the words before it the source and those after it (to a colon) the
    content. A verb the parser did read is left to the other rules."""
    out: list[Reported] = []
    paragraph = paragraph_of_sentence(doc)
    for index, sent in enumerate(sents):
        if any(
            paragraph[k] == paragraph[index] for k in (index - 1, index + 1) if 0 <= k < len(sents)
        ):
            continue
        words = _title_case_words(sent)
        if words is None or len(words) < 3:
            continue
        cue = next(
            (t for t in words[1:] if _headline_verb(t) and t.pos_ not in {"VERB", "AUX"}), None
        )
        if cue is None or any(s <= cue.idx < e for s, e in quoted):
            continue
        end = next((t.i for t in doc[cue.i + 1 : sent.end] if t.text == ":"), sent.end)
        content = trim_range(doc, cue.i + 1, end)
        source = trim_range(doc, sent.start, cue.i)
        if content is None or source is None:
            continue
        head = max(doc[source[0] : source[1]], key=lambda t: (t.pos_ in {"PROPN", "NOUN"}, t.i))
        out.append(Reported(cue=(cue.i, cue.i + 1), verb=cue.i, content=content, subject=head.i))
    return out
