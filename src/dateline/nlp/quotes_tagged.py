"""Quote records from the attribution tagger's spans, with the rules' speakers and times.

The tagger (``nlp.attribution_tagger``) says where contents, cues and sources are; it does
not say which belong together, who the source is or when it was said. This module pairs
each content with its nearest cue (in its own sentences, else a neighbouring one), each cue
with its source (the span holding the cue's grammatical subject, else the nearest in its
sentence), and resolves speakers, venue and time as the rules do.

How the two readings combine: every rule quote stands, given the tagger's cue and source
where the rules found none; a tagged content that no rule quote or "according to" claim
touches becomes a new quote when the model is confident enough (``ADD_THRESHOLD``). Verbs of
intention stay events (``INTENTION_VERBS``). Letting the tagger decide which statements
there are was tried and dropped (docs/quotes.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from dateline.model import Attribution, Quote, When
from dateline.model import Span as TextSpan
from dateline.nlp.anchor import article_day
from dateline.nlp.attribution_lexicon import INTENTION_VERBS
from dateline.nlp.attribution_tagger import TaggedSpan
from dateline.nlp.reported import bare_participle, discourse_marker, subject_of

if TYPE_CHECKING:
    from dateline.nlp.quotes import _QuoteReader

__all__ = ["ADD_THRESHOLD", "merge_tagged"]

#: the model's least confidence (mean marginal probability of its tags) in a content the
#: rules do not touch for it to become a quote of its own
ADD_THRESHOLD = 0.5

_MARKS = frozenset("\"“”„«»″‘’'`")


def _jaccard(a: range, b: range) -> float:
    inter = max(0, min(a.stop, b.stop) - max(a.start, b.start))
    union = len(a) + len(b) - inter
    return inter / union if union else 0.0


def _trimmed(doc_tokens: Span) -> tuple[int, int] | None:
    """Token bounds without edge spaces, quote marks and commas."""
    start, end = doc_tokens.start, doc_tokens.end
    doc = doc_tokens.doc
    while start < end and (doc[start].is_space or doc[start].text in _MARKS):
        start += 1
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].text in _MARKS or doc[end - 1].text in {",", ":", ";"}
    ):
        end -= 1
    return (start, end) if end > start else None


def _gap(a: TaggedSpan, b: TaggedSpan) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


class _Merger:
    def __init__(self, reader: _QuoteReader) -> None:
        self.reader = reader
        self.doc = reader.doc
        self.sent_of = reader.sent_of

    def text_span(self, start: int, end: int) -> TextSpan:
        span = self.doc[start:end]
        return TextSpan(span.text, span.start_char, span.end_char)

    def cue_of(self, content: TaggedSpan, cues: Sequence[TaggedSpan]) -> TaggedSpan | None:
        """The nearest cue in the content's sentences, else in the sentence either side."""
        first = self.sent_of[content.start]
        last = self.sent_of[content.end - 1]
        best: tuple[int, int, TaggedSpan] | None = None
        for cue in cues:
            sent = self.sent_of[cue.start]
            if first <= sent <= last:
                rank = 0
            elif sent in (first - 1, last + 1):
                rank = 1
            else:
                continue
            key = (rank, _gap(content, cue))
            if best is None or key < best[:2]:
                best = (*key, cue)
        return best[2] if best else None

    def verb_of(self, cue: TaggedSpan) -> Token:
        tokens = self.doc[cue.start : cue.end]
        verbs = [t for t in tokens if t.pos_ in {"VERB", "AUX"}]
        return verbs[-1] if verbs else tokens.root

    def new_quote(
        self,
        content: TaggedSpan,
        cue: TaggedSpan | None,
        sources: Sequence[TaggedSpan],
        inside: list[bool],
    ) -> Quote:
        """A quote the rules did not read: ``direct`` when its words are all in quote marks."""
        doc, reader = self.doc, self.reader
        here = range(content.start, content.end)
        source = self.source_of(cue, sources) if cue is not None else None
        span = doc[content.start : content.end]
        kind = "direct" if all(inside[i] for i in here if not doc[i].is_punct) else "indirect"
        if source is not None:
            speakers = self.speakers(source)
        else:
            speakers = reader.adjoining_speaker(self.sent_of[content.start])[0]
        sent = reader.sents[self.sent_of[content.start]]
        return Quote(
            id="",
            content=self.text_span(content.start, content.end),
            sentence_index=self.sent_of[content.start],
            kind=kind,
            speakers=speakers,
            cue=self.text_span(cue.start, cue.end) if cue else None,
            source=self.text_span(source.start, source.end) if source else None,
            venue=reader.venue(sent),
            when=self.when(self.verb_of(cue) if cue is not None else None, span, kind),
            about=tuple(n for n in reader.entities_in(list(span)) if n not in speakers),
        )

    def completed(
        self, rule: Quote, cue: TaggedSpan | None, sources: Sequence[TaggedSpan]
    ) -> Quote:
        """A rule quote given the tagger's cue and source where the rules found none."""
        if cue is None or (rule.cue is not None and rule.source is not None):
            return rule
        if rule.cue is not None and self.asked(rule.cue):
            return rule  # "Asked whether …, Moreau said": nobody named asked
        cue_span = self.text_span(cue.start, cue.end)
        if rule.cue is not None and not (
            cue_span.char_start < rule.cue.char_end and rule.cue.char_start < cue_span.char_end
        ):
            return rule  # the tagger credits another cue: keep the rules' reading whole
        source = self.source_of(cue, sources)
        if source is None:
            return rule if rule.cue is not None else replace(rule, cue=cue_span)
        speakers = rule.speakers or self.speakers(source)
        return replace(
            rule,
            cue=rule.cue or cue_span,
            source=self.text_span(source.start, source.end),
            speakers=speakers,
            about=tuple(n for n in rule.about if n not in speakers),
        )

    def asked(self, cue: TextSpan) -> bool:
        """Whether a rule cue is a participle opening a clause ("Asked whether …,"), whose
        asker the sentence does not name (``bare_participle``)."""
        span = self.doc.char_span(cue.char_start, cue.char_end, alignment_mode="expand")
        return span is not None and len(span) > 0 and bare_participle(span.root)

    def intention(self, cue: TaggedSpan, content: TaggedSpan) -> bool:
        """Whether the content is the infinitive of a verb of intention ("plans to open"):
        an event of the subject's own, not a statement (see ``INTENTION_VERBS``)."""
        verb = self.verb_of(cue)
        if verb.lemma_.lower() not in INTENTION_VERBS:
            return False
        root = self.doc[content.start : content.end].root
        return root.dep_ == "xcomp" and root.head.i == verb.i

    def source_of(self, cue: TaggedSpan, sources: Sequence[TaggedSpan]) -> TaggedSpan | None:
        """The source holding the cue's subject, else the nearest in the cue's sentence."""
        subject = subject_of(self.verb_of(cue))
        sent = self.sent_of[cue.start]
        best: tuple[int, TaggedSpan] | None = None
        for source in sources:
            if subject is not None and source.start <= subject.i < source.end:
                return source
            if self.sent_of[source.start] != sent:
                continue
            gap = _gap(cue, source)
            if best is None or gap < best[0]:
                best = (gap, source)
        return best[1] if best else None

    def speakers(self, source: TaggedSpan) -> tuple[str, ...]:
        span = self.doc[source.start : source.end]
        root = span.root
        tokens = [t for t in self.reader.speaker_tokens(root) if source.start <= t.i < source.end]
        found = self.reader.entities_in(tokens or [root])
        return found or self.reader.entities_in(list(span))

    def when(self, cue: Token | None, content: Span, kind: str) -> When | None:
        sent = self.reader.sents[self.sent_of[content.start]]
        if cue is None:
            return article_day(self.doc)
        if kind == "indirect":
            return self.reader.reported_time(cue, self.reader.sents[self.sent_of[cue.i]], content)
        return self.reader.statement_time(cue, sent)


def _contents(doc: Doc, spans: Sequence[TaggedSpan]) -> list[TaggedSpan]:
    out = []
    for s in spans:
        if s.kind == "CNT" and (bounds := _trimmed(doc[s.start : s.end])) is not None:
            out.append(TaggedSpan("CNT", *bounds, s.score))
    return out


def _ranges(doc: Doc, quotes: Sequence[Quote | Attribution]) -> list[range]:
    """The token range of each quote's content."""
    out = []
    for quote in quotes:
        found = doc.char_span(
            quote.content.char_start, quote.content.char_end, alignment_mode="expand"
        )
        out.append(range(found.start, found.end) if found is not None else range(0))
    return out


def _added(
    reader: _QuoteReader,
    quotes: Sequence[Quote],
    according: Sequence[Attribution],
    spans: Sequence[TaggedSpan],
) -> list[Quote]:
    """Every rule quote, given the tagger's cue and source where the rules found none, and
    a new quote for each tagged content that no rule quote or claim touches."""
    doc = reader.doc
    merger = _Merger(reader)
    cues = [s for s in spans if s.kind == "CUE"]
    sources = [s for s in spans if s.kind == "SRC"]
    ranges = _ranges(doc, quotes)
    claims = _ranges(doc, according)
    tagged_cue: dict[int, TaggedSpan] = {}
    new: list[Quote] = []
    inside = reader.quoted_tokens
    for content in _contents(doc, spans):
        here = range(content.start, content.end)
        cue = merger.cue_of(content, cues)
        if cue is not None and (
            merger.intention(cue, content) or discourse_marker(merger.verb_of(cue))
        ):
            continue  # an event of the subject's own, or the writer's "That said, …"
        touched = [k for k, r in enumerate(ranges) if r.start < here.stop and here.start < r.stop]
        if not touched and content.score < ADD_THRESHOLD:
            continue
        if any(r.start < here.stop and here.start < r.stop for r in claims):
            continue
        if touched:
            best = max(touched, key=lambda k: _jaccard(here, ranges[k]))
            if cue is not None:
                tagged_cue.setdefault(best, cue)
            continue
        new.append(merger.new_quote(content, cue, sources, inside))
    kept = [merger.completed(q, tagged_cue.get(k), sources) for k, q in enumerate(quotes)]
    new.sort(key=lambda q: q.content.char_start)
    return [replace(q, id=f"q{n}") for n, q in enumerate(kept + new, start=1)]


def merge_tagged(
    reader: _QuoteReader,
    quotes: Sequence[Quote],
    according: Sequence[Attribution],
    spans: Sequence[TaggedSpan],
) -> tuple[list[Quote], list[Attribution]]:
    """Every rule quote, completed by the tagger's cue and source, and the confident tagged
    contents the rules do not touch; the rules' "according to" attributions as they are."""
    return _added(reader, quotes, according, spans), list(according)
