"""Claims vouched for by "according to X" (and "in a poll …"), with what the quote reader
shares with them: the speech verbs and the entities named by a phrase or a document's issuer.

Split from ``nlp.quotes`` (which reads quotes and reported speech on this base) to keep each
module short; the rules are unchanged.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from dateline.model import Attribution
from dateline.model import Span as TextSpan
from dateline.nlp.quotes_sources import is_anonymous
from dateline.nlp.reported import REPORTING_VERBS
from dateline.nlp.util import DocReader, doc_text

__all__ = ["DOCUMENT_NOUNS", "MANNER_VERBS", "SPEECH_VERBS", "AccordingReader", "speech_verb"]

#: cue verbs of a quote: the reporting verbs of ``nlp.reported`` and verbs naming a
#: speaker's words ("called it a "role model"", "described the deal as ...")
SPEECH_VERBS = REPORTING_VERBS | {"brand", "call", "describe", "dub", "label", "praise"}
#: verbs of the manner of speaking, which introduce direct quotes only ("“Get out!” he
#: shouted"): cues of quotes, never of reported speech
MANNER_VERBS = frozenset(
    {"shout", "yell", "scream", "exclaim", "whisper", "mutter", "murmur", "plead", "chant"}
)

#: objects of "according to" that are norms to conform to, not sources of a claim
_NORM_NOUNS = frozenset(
    {"principle", "law", "rule", "guideline", "standard", "term", "schedule", "plan"}
    | {"contract", "agreement", "formula", "method", "practice", "custom", "tradition"}
)

#: documents that speak for whoever issued them ("a statement from X said", "according to a
#: report by X")
DOCUMENT_NOUNS = frozenset(
    {"statement", "report", "filing", "letter", "release", "memo", "document", "study"}
    | {"survey", "poll", "analysis", "email", "post", "video", "announcement", "complaint"}
)

#: nouns of "in a poll …" that vouch for a claim like "according to"
_POLL_NOUNS = frozenset({"poll", "survey"})


def speech_verb(token: Token) -> bool:
    """Whether a token is a verb that introduces a quote (a speech or manner verb)."""
    lemma = token.lemma_.lower()
    if token.pos_ not in {"VERB", "AUX"} or not (lemma in SPEECH_VERBS or lemma in MANNER_VERBS):
        return False
    # "so-called": the writer keeps a word at a distance, nobody is said to call it so
    if token.lower_ != "called":
        return True
    before = [t.lower_ for t in token.doc[max(token.i - 2, 0) : token.i]]
    return before[-1:] != ["so"] and before != ["so", "-"]


class AccordingReader(DocReader):
    """A ``Doc`` read for "according to" claims; the base of the quote reader."""

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self.text = doc_text(doc)  # Doc.text joins every token on each access: read it once

    def entities_in(self, tokens: list[Token]) -> tuple[str, ...]:
        keys: list[str] = []
        for tok in tokens:
            for sub in [tok, *tok.conjuncts]:
                for key in self.mention_map.get(sub.i, ()):
                    if key not in keys:
                        keys.append(key)
        return tuple(self.names[k] for k in keys)

    def document_owner(self, noun: Token) -> tuple[str, ...]:
        """Who issued a document that speaks ("a statement from Northwind Shipping", "a
        report by the council"): the entity after "from", "by" or "of"."""
        if noun.lemma_.lower() not in DOCUMENT_NOUNS:
            return ()
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in {"from", "by", "of"}:
                found = self.entities_in([c for c in prep.children if c.dep_ == "pobj"])
                if found:
                    return found
        return ()

    def attributions(self) -> list[Attribution]:
        doc = self.doc
        out: list[Attribution] = []
        for tok in doc:
            if (poll := self.poll_phrase(tok)) is not None:
                to = tok  # "In a poll released Monday, Ortiz led …": the poll is the source
                objects = [poll]
            elif (
                tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to"
            ):
                continue
            else:
                to = doc[tok.i + 1]
                objects = [c for c in to.children if c.dep_ == "pobj"]
            if not objects:
                continue
            obj = objects[0]
            if obj.lemma_.lower() in _NORM_NOUNS:
                continue  # "according to U.S. accounting principles": conformity, not a source
            src = doc[obj.left_edge.i : obj.right_edge.i + 1]
            sent_index = self.sent_of[tok.i]
            sent = self.sents[sent_index]
            claim = self._claim_span(sent, tok.i, src.end)
            if claim is None:
                continue
            found = self.entities_in([obj]) or self.document_owner(obj)
            out.append(
                Attribution(
                    id=f"a{len(out) + 1}",
                    source=TextSpan(src.text, src.start_char, src.end_char),
                    cue=TextSpan(self.text[tok.idx : to.idx + len(to)], tok.idx, to.idx + len(to)),
                    content=claim,
                    sentence_index=sent_index,
                    source_entity=found[0] if found else None,
                    anonymous=not found and is_anonymous(obj, src),
                )
            )
        return out

    def poll_phrase(self, tok: Token) -> Token | None:
        """The poll of "in a poll" modifying a verb that reports nothing itself ("Ortiz led
        in a poll", not "she said in a poll"): a survey vouches for its figures."""
        if tok.lower_ != "in" or tok.head.pos_ not in {"VERB", "AUX"} or speech_verb(tok.head):
            return None
        sent = self.sents[self.sent_of[tok.i]]
        if any(not t.is_punct and not t.is_space for t in self.doc[sent.start : tok.i]):
            return None
        poll = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if poll is None or poll.lemma_.lower() not in _POLL_NOUNS:
            return None
        return poll

    def _claim_span(self, sent: Span, cue_start: int, source_end: int) -> TextSpan | None:
        """The part of the sentence the "according to" phrase vouches for."""
        tokens = [t for t in sent if not t.is_space]
        before = [t for t in tokens if t.i < cue_start and not t.is_punct and t.pos_ != "ADV"]
        after = [t for t in tokens if t.i >= source_end]
        if not before:
            # "According to X from May last year, CLAIM": the phrase runs to its comma
            comma = next((k for k, t in enumerate(after[:6]) if t.text == ","), None)
            if comma is not None:
                after = after[comma + 1 :]
        while after and (after[0].is_punct):
            after = after[1:]
        while after and after[-1].is_punct:
            after = after[:-1]
        if len(after) >= 3:
            start, end = after[0].idx, after[-1].idx + len(after[-1])
        elif before:
            start, end = before[0].idx, before[-1].idx + len(before[-1])
        else:
            return None
        return TextSpan(self.text[start:end], start, end)
