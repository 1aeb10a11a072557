"""Quotations with their speakers, cue verbs and venues, and "according to X" attributions.

Quote marks are paired by their position in the word, not by their glyph
(``nlp.quotes_marks``); each quote is then a statement of its own (``direct``), a phrase
quoted inside the writer's sentence (``partial``) or a quote inside a quote (``nested``),
and reported speech (``nlp.reported``) gives the ``indirect`` ones.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.model import Attribution, Quote, When
from dateline.model import Span as TextSpan
from dateline.nlp.anchor import anchor_time, article_day
from dateline.nlp.attribution_tagger import rule_spans, tag_doc
from dateline.nlp.layout import (
    credit_line,
    find_headline_colon,
    find_headline_verb,
    headline_name,
    speaker_label,
)
from dateline.nlp.quotes_according import DOCUMENT_NOUNS as _DOCUMENT_NOUNS
from dateline.nlp.quotes_according import SPEECH_VERBS, AccordingReader
from dateline.nlp.quotes_according import speech_verb as _speech_verb
from dateline.nlp.quotes_marks import find_nested_spans, find_quote_spans, is_mark, mark_at
from dateline.nlp.quotes_sources import TITLE_WORDS, is_anonymous, quoted_title
from dateline.nlp.quotes_tagged import merge_tagged
from dateline.nlp.quotes_venue import medium_venue, proper_name
from dateline.nlp.reported import (
    ASIDE_MARKS,
    Reported,
    find_reported,
    only_time,
    quoted_tokens,
    reports_something,
    speaker_subject,
    subject_of,
    without_aside,
)
from dateline.nlp.util import paragraph_of_sentence

__all__ = [
    "SPEECH_VERBS",
    "TAGGER_ENV",
    "extract_quotes",
    "find_nested_spans",
    "find_quote_spans",
    "rule_quotes",
    "tagger_enabled",
]

_VENUE_NOUNS = (
    *("interview", "statement", "letter", "post", "speech", "podcast", "memo", "email"),
    *("memoir", "filing", "video", "tweet", "op-ed", "essay", "column", "affidavit"),
    *("testimony", "newsletter", "remark"),
)

#: what lies between two parts of a quote running over paragraphs: no closing mark, a
#: blank line, and the mark re-opening the quote
_REOPENED = re.compile(r"[^\S\n]*\r?\n[^\S\n]*\r?\n\s*(?:''|``|[\"“”„«″])")

#: a sentence that credits its quoted phrase to the speaker before ("in her own words")
_IN_WORDS = re.compile(r"\bin (?:his|her|their|its) (?:own )?words\b", re.IGNORECASE)

#: words at most of a phrase in marks inside a source that is kept as a title

#: what a speech verb after a quote may report of its own (see ``reports_other``)
_OWN_WORDS = frozenset({"ccomp", "dobj", "xcomp"})

#: marks that open a non-restrictive relative clause on a source

#: how the time of reported speech may be found: its own clause or its sentence
_REPORTED_BASES = frozenset({"timex", "sentence"})


class _QuoteReader(AccordingReader):
    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self.venues: dict[int, str | None] = {}
        self.sentence_speaker: dict[int, tuple[tuple[str, ...], When | None]] = {}
        # cue and source spans of the quote read in a sentence, for a continuation to share
        self.sentence_cue: dict[int, tuple[TextSpan, TextSpan | None]] = {}
        self.quote_spans: list[tuple[int, int]] = []

    def relative_speakers(self, subject: Token, cue: Token) -> tuple[str, ...]:
        """Who speaks through a relative pronoun: "a statement that thanked Vukic" is the
        statement's, and a statement someone issued ("the club confirmed it in a statement
        that …") is theirs. The source span stays the pronoun, as annotators mark it."""
        if subject.lower_ not in {"that", "which", "who"} or cue.dep_ != "relcl":
            return ()
        noun = cue.head
        if noun.lemma_.lower() in _DOCUMENT_NOUNS and noun.dep_ == "pobj":
            governor = noun.head.head  # "confirmed the decision in a short statement"
            while governor.pos_ not in {"VERB", "AUX"} and governor.head is not governor:
                governor = governor.head
            issuer = next((c for c in governor.children if c.dep_ == "nsubj"), None)
            if issuer is not None:
                return self.entities_in(self.speaker_tokens(issuer))
        return self.entities_in(self.speaker_tokens(noun)) or self.document_owner(noun)

    def speaker_tokens(self, subject: Token) -> list[Token]:
        """The subject, its conjuncts and a name in apposition ("the chairman, Gus
        Pemberton,"), not its relative clauses."""
        tokens = [subject, *subject.conjuncts]
        return tokens + [c for t in tokens for c in t.children if c.dep_ == "appos"]

    def cue_for(self, qspan: Span, start: int, end: int) -> Token | None:
        """The speech verb introducing the quote: an ancestor, else one in its sentences."""
        inside = set(range(qspan.start, qspan.end))
        for tok in qspan:
            for anc in tok.ancestors:
                if anc.i not in inside and _speech_verb(anc):
                    return anc
        first, last = self.sent_of[qspan.start], self.sent_of[max(qspan.end - 1, qspan.start)]
        best: Token | None = None
        for index in {first, last}:
            for tok in self.sents[index]:
                if tok.i in inside or not _speech_verb(tok) or self.reports_other(tok, qspan):
                    continue
                if best is None or abs(tok.i - qspan.start) < abs(best.i - qspan.start):
                    best = tok
        return best if best is not None else self.trailing_cue(qspan, end)

    @staticmethod
    def reports_other(verb: Token, qspan: Span) -> bool:
        """Whether a speech verb after a quote reports words of its own, outside the quote
        ("“…” ¶Klein described the crowd as …", when the parser joins the two sentences):
        then it is no cue of the quote."""
        # the object of "told"/"asked" is whom the quote was said to ("“…,” she told
        # reporters")
        objects = {"ccomp", "xcomp"} if verb.lemma_ in {"tell", "ask"} else _OWN_WORDS
        return verb.i >= qspan.end and any(
            c.dep_ in objects and c.i > verb.i for c in verb.children
        )

    def trailing_cue(self, qspan: Span, end: int) -> Token | None:
        """The speech verb of a short sentence right after the quote's closing mark, when
        the parser ended the sentence inside the quote ("“Why now?” Ortiz asked.", "“Stop!”
        he shouted."): the verb heads that sentence, only its subject (or nothing: "asked
        Ortiz") comes before it, and it reports no clause of its own."""
        last = self.sent_of[max(qspan.end - 1, qspan.start)]
        para_of = paragraph_of_sentence(self.doc)
        if last + 1 >= len(self.sents) or para_of[last + 1] != para_of[last]:
            return None
        nxt = self.sents[last + 1]
        between = self.text[end : nxt.start_char]
        if len(between) > 3 or any(not (c.isspace() or is_mark(c)) for c in between):
            return None
        verb = nxt.root
        if not _speech_verb(verb) or self.reports_other(verb, qspan):
            return None
        subject = subject_of(verb)
        allowed = set() if subject is None else {t.i for t in subject.subtree}
        if any(t.i not in allowed and not t.is_space for t in self.doc[nxt.start : verb.i]):
            return None
        return verb

    def interview_partner(self, interview: Token) -> str | None:
        """X of "an interview with X"."""
        for child in interview.children:
            if child.lower_ == "with" and (found := self.entities_in(list(child.children))):
                return found[0]
        return None

    def earlier_interview(self, sent: Span) -> Token | None:
        """The interview a sentence's "the interview" refers back to, if it says so."""
        if not any(
            t.lower_ == "interview" and any(c.lower_ == "the" for c in t.children) for t in sent
        ):
            return None
        return next((t for t in reversed(self.doc[: sent.start]) if t.lower_ == "interview"), None)

    def venue(self, sent: Span) -> str | None:
        """Where a sentence's statement was made (computed once per sentence)."""
        if sent.start not in self.venues:
            self.venues[sent.start] = self._venue(sent)
        return self.venues[sent.start]

    def _venue(self, sent: Span) -> str | None:
        text = sent.text.lower()
        for tok in sent:
            if tok.lower_ == "interview" and (partner := self.interview_partner(tok)):
                return partner
        if (earlier := self.earlier_interview(sent)) is not None:
            return self.interview_partner(earlier)
        for tok in sent:
            if tok.lemma_ == "tell" and tok.pos_ == "VERB":
                for child in tok.children:
                    if child.dep_ in {"dobj", "dative"}:
                        found = self.entities_in([child]) or (proper_name(child),)
                        if found[0]:
                            return found[0]
        for noun in _VENUE_NOUNS:
            if re.search(rf"\bin (?:(?:a|an|the|his|her|their|its)(?: \w+)? )?{noun}s?\b", text):
                return noun
        return medium_venue(sent, speech=_speech_verb, entity=self.entity_of)

    def entity_of(self, token: Token) -> str | None:
        found = self.entities_in([token])
        return found[0] if found else None

    def statement_time(
        self, cue: Token | None, sent: Span, *, bases: frozenset[str] = frozenset({"timex"})
    ) -> When | None:
        """A timex in the cue's clause (or, for reported speech, its sentence), else the
        interview referred to, else the article date."""
        doc = self.doc
        if cue is not None:
            own = anchor_time(doc, cue)
            if own is not None and own.basis in bases:
                return own
        if (tok := self.earlier_interview(sent)) is not None:
            earlier = anchor_time(doc, tok.head if tok.dep_ in {"dobj", "pobj"} else tok)
            if earlier is not None and earlier.basis in {"timex", "sentence"}:
                return earlier
        return article_day(doc)

    @property
    def quoted_tokens(self) -> list[bool]:
        """For every token, whether it lies between quote marks."""
        return quoted_tokens(self.doc, self.quote_spans)

    def read(self) -> tuple[list[Quote], list[Attribution]]:
        quotes = self.read_quotes()
        return quotes, self.attributions() + self.reported_attributions(quotes)

    def read_quotes(self) -> list[Quote]:
        """Quotes in marks, nested quotes and reported speech, as the rules read them."""
        doc = self.doc
        quotes: list[Quote] = []
        self.quote_spans = find_quote_spans(self.text)
        for number, (start, end) in enumerate(self.quote_spans, start=1):
            label = speaker_label(self.text, start, end)
            if label is not None:
                start = label[1] + 1  # "“PENCE: Well, …": the turn after the label
                while start < end and self.text[start].isspace():
                    start += 1
            qspan = doc.char_span(start, end, alignment_mode="expand")
            if qspan is None or len(qspan) == 0:
                continue
            sent_index = self.sent_of[qspan.start]
            sent = self.sents[sent_index]
            words = [t for t in qspan if not t.is_punct and not t.is_space]
            partial = not self.stands_alone(sent, start) and (
                len(words) <= 6 or not self.after_speech_verb(qspan)
            )
            cue = None if label is not None else self.cue_for(qspan, start, end)
            speakers: tuple[str, ...] = ()
            source: TextSpan | None = None
            cue_span: TextSpan | None = None
            credited = self.credited(label, end)
            if credited is not None:
                speakers, source, cue_span = credited
            elif cue is not None:
                subject = speaker_subject(cue)
                if subject is not None:
                    speakers, source = self.source_of(subject, cue)
            when = self.statement_time(cue, sent)
            # a title in marks, with words of the sentence outside them ("her novel, “The
            # Salt Road,” comes out"): nobody's words
            title = (
                cue is None
                and credited is None
                and quoted_title(qspan)
                and self.introducing_colon(qspan) is None
                and any(
                    not (t.is_punct or t.is_space or qspan.start <= t.i < qspan.end) for t in sent
                )
            )
            if credited is None and not title:
                cue_span = TextSpan(cue.text, cue.idx, cue.idx + len(cue)) if cue else None
                if cue is None and (colon := self.introducing_colon(qspan)) is not None:
                    # "He listed the qualities he wants: “…”": the colon introduces the quote
                    cue_span = TextSpan(colon.text, colon.idx, colon.idx + len(colon))
                    subject = self.colon_subject(colon)
                    if subject is not None:
                        speakers, source = self.source_of(subject, colon)
                    elif (name := headline_name(colon.sent, colon)) is not None:
                        # 'Lena Ortiz: “We will rebuild.”': the headline's name speaks
                        speakers = self.entities_in(name)
                        source = TextSpan(
                            self.text[name[0].idx : name[-1].idx + len(name[-1])],
                            name[0].idx,
                            name[-1].idx + len(name[-1]),
                        )
                elif cue is None and not partial:
                    # a quote with no cue of its own continues the quote just before it
                    shared = self.sentence_cue.get(sent_index - 1) or self.sentence_cue.get(
                        sent_index
                    )
                    if shared is not None:
                        cue_span, source = shared
            # a phrase in marks inside the writer's own sentence, with no cue, is the
            # writer's word at a distance ("the “reform” was never popular"), not the last
            # speaker's, unless the sentence says whose words they are ("in her words")
            scare = partial and cue_span is None and not _IN_WORDS.search(sent.text)
            # a quote whose own cue names someone unresolved ("the representative told Metro
            # Wire") is theirs, not the last named speaker's
            own_source = cue is not None and source is not None
            if not speakers and not title and not scare and not own_source:
                speakers, adjoining_when = self.adjoining_speaker(sent_index)
                if cue is None and adjoining_when is not None:
                    when = adjoining_when
            if cue_span is not None:
                last_sent = self.sent_of[max(qspan.end - 1, qspan.start)]
                self.sentence_cue[last_sent] = (cue_span, source)
                if cue is not None and self.sent_of[cue.i] > last_sent:  # "“…?” she asked."
                    self.sentence_cue[self.sent_of[cue.i]] = (cue_span, source)
            if speakers:
                for index in range(sent_index, self.sent_of[max(qspan.end - 1, qspan.start)] + 1):
                    self.sentence_speaker[index] = (speakers, when)
            quotes.append(
                Quote(
                    id=f"q{number}",
                    content=TextSpan(self.text[start:end], start, end),
                    sentence_index=sent_index,
                    kind="partial" if partial or title else "direct",
                    speakers=speakers,
                    cue=cue_span,
                    source=source,
                    venue=self.venue(sent),
                    when=when,
                    about=tuple(n for n in self.entities_in(list(qspan)) if n not in speakers),
                )
            )
        quotes = self.carried_back(quotes)
        quotes += self.nested(len(quotes), quotes)
        quoted = [(q.content.char_start, q.content.char_end) for q in quotes]
        # a verb that already introduces a whole quote reports nothing more
        cues = {q.cue.char_start for q in quotes if q.cue is not None and q.kind == "direct"}
        quotes += self.indirect(len(quotes), quoted, cues)
        return quotes

    def carried_back(self, quotes: list[Quote]) -> list[Quote]:
        """A quote running over paragraphs is one statement: a part with no cue before the
        part that has one ("“The first part …¶“The second part,” she said.") takes that
        part's cue, source and speakers (a later part already continues an earlier one)."""
        out = list(quotes)
        for i in range(len(out) - 2, -1, -1):
            here, after = out[i], out[i + 1]
            between = self.text[here.content.char_end : after.content.char_start]
            if (
                here.cue is None
                and after.cue is not None
                and here.kind == after.kind == "direct"
                and _REOPENED.fullmatch(between)
            ):
                out[i] = replace(
                    here,
                    cue=after.cue,
                    source=after.source,
                    speakers=after.speakers,
                    when=after.when,
                    about=tuple(n for n in here.about if n not in after.speakers),
                )
        return out

    def credited(
        self, label: tuple[tuple[int, int], int] | None, end: int
    ) -> tuple[tuple[str, ...], TextSpan, TextSpan] | None:
        """(speakers, source, cue) of a quote credited by layout: a speaker label opening it
        ("PENCE: …") or a credit line after its closing mark ("” ― Ana Ruiz")."""
        text = self.text
        if label is not None:
            (s, e), colon = label
            name, cue = TextSpan(text[s:e], s, e), TextSpan(":", colon, colon + 1)
        else:
            close = end
            while close < len(text) and close - end < 3 and is_mark(text[close]):
                close += 1
            found = credit_line(text, close) if close > end else None
            if found is None:
                return None
            (ds, de), (s, e) = found
            name, cue = TextSpan(text[s:e], s, e), TextSpan(text[ds:de], ds, de)
        span = self.doc.char_span(name.char_start, name.char_end, alignment_mode="expand")
        speakers = self.entities_in(list(span)) if span is not None else ()
        return speakers, name, cue

    def source_of(self, subject: Token, cue: Token) -> tuple[tuple[str, ...], TextSpan]:
        """Speakers (canonical names) and the source span of a cue's subject: the subject's
        phrase, cut at the cue and at any quote mark (a misparse may hang the quote on it)."""
        speakers = (
            self.entities_in(self.speaker_tokens(subject))
            or self.document_owner(subject)
            or self.relative_speakers(subject, cue)
        )
        doc = self.doc
        start, end = subject.left_edge.i, subject.right_edge.i + 1
        if subject.i < cue.i:
            end = min(end, cue.i)
        else:
            start = max(start, cue.i + 1)
        titled = self.titles_within(start, end)
        for i in range(subject.i - 1, start - 1, -1):
            if is_mark(doc[i].text) and i not in titled:
                start = i + 1
                break
        for i in range(subject.i + 1, end):
            if is_mark(doc[i].text) and i not in titled:
                end = i
                break
        for clause in subject.children:
            # "Ana Ruiz, who said she voted for him, said …": a relative clause that reports
            # something of its own is another attribution, not part of who speaks here; a
            # participle after a comma ("Ana Ruiz, wearing a union badge, said") tells the
            # circumstances, not who speaks
            if (
                subject.i < clause.left_edge.i < end
                and doc[clause.left_edge.i - 1].text in ASIDE_MARKS
                and (
                    (clause.dep_ == "relcl" and reports_something(clause))
                    or (clause.dep_ in {"acl", "advcl"} and clause.tag_ in {"VBG", "VBN"})
                )
            ):
                end = min(end, clause.left_edge.i - 1)
        while end - 1 > subject.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        while start < subject.i and (doc[start].is_punct or doc[start].is_space):
            start += 1
        span = doc[start:end]
        # a title in marks that the source ends with keeps its closing mark
        end_char = self.closing_mark_end(span.start_char, span.end_char)
        return speakers, TextSpan(self.text[span.start_char : end_char], span.start_char, end_char)

    def titles_within(self, start: int, end: int) -> set[int]:
        """Tokens of the short phrases in marks lying wholly inside tokens [start, end) of a
        source ("Steven Brill, author of “America's Bitter Pill,”", "“Orange Is the New
        Black” star Selenis Leyva"): titles that belong to the phrase, not quotes the parser
        hung on it."""
        doc = self.doc
        if end <= start:
            return set()
        lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        out: set[int] = set()
        for s, e in self.quote_spans:
            words_end = s + len(self.text[s:e].rstrip(" ,.;:"))
            if lo < s and words_end <= hi and len(self.text[s:e].split()) <= TITLE_WORDS:
                span = doc.char_span(s, e, alignment_mode="expand")
                if span is not None:
                    # the marks themselves: the tokens right around the words
                    out.update(range(max(span.start - 2, start), min(span.end + 2, end)))
        return out

    def indirect(self, count: int, quoted: list[tuple[int, int]], cues: set[int]) -> list[Quote]:
        """Reported speech as ``indirect`` quotes: the reported clause is the content."""
        doc = self.doc
        out: list[Quote] = []
        readings = find_reported(doc, quoted=quoted, cues=cues)
        readings += find_headline_colon(doc, self.sents, quoted=quoted)
        readings += find_headline_verb(doc, self.sents, quoted=quoted)
        readings += self.new_readings(readings, doc._.reported_readings or [], quoted)
        for reading in readings:
            verb = doc[reading.verb]
            cue = doc[reading.cue[0] : reading.cue[1]]
            content = doc[reading.content[0] : without_aside(doc, *reading.content)]
            if only_time(doc, content.start, content.end):
                continue  # "took charge in the summer of 2021": when, not what was said
            speakers: tuple[str, ...] = ()
            source: TextSpan | None = None
            if reading.subject is not None:
                speakers, source = self.source_of(doc[reading.subject], verb)
            sent = self.sents[self.sent_of[verb.i]]
            end_char = self.closing_mark_end(content.start_char, content.end_char)
            out.append(
                Quote(
                    id=f"q{count + len(out) + 1}",
                    content=TextSpan(
                        self.text[content.start_char : end_char], content.start_char, end_char
                    ),
                    sentence_index=self.sent_of[content.start],
                    kind="indirect",
                    speakers=speakers,
                    cue=TextSpan(cue.text, cue.start_char, cue.end_char),
                    source=source,
                    venue=self.venue(sent),
                    when=self.reported_time(verb, sent, content),
                    about=tuple(n for n in self.entities_in(list(content)) if n not in speakers),
                )
            )
        return out

    def closing_mark_end(self, start: int, end: int) -> int:
        """The end of reported words that run into a quoted phrase: past the phrase's
        closing mark when only punctuation lies before it ('that the council had “lost its
        mind.”'), so the content never holds an opening mark without its closing one."""
        text = self.text
        for s, e in self.quote_spans:
            if start < s <= end <= e and not any(c.isalnum() for c in text[end:e]):
                mark = mark_at(text, e) if e < len(text) else None
                return e + mark[1] if mark is not None else end
        return end

    def new_readings(
        self, known: list[Reported], extra: list[Reported], quoted: list[tuple[int, int]]
    ) -> list[Reported]:
        """Readings of earlier components (``doc._.reported_readings``) not read already and
        not inside a direct quote."""
        doc = self.doc
        verbs = {r.verb for r in known}
        contents = {r.content for r in known}
        out = []
        for reading in extra:
            at = doc[reading.verb].idx
            if reading.verb in verbs or reading.content in contents:
                continue
            if any(s <= at < e for s, e in quoted):
                continue
            verbs.add(reading.verb)
            contents.add(reading.content)
            out.append(reading)
        return out

    def reported_time(self, verb: Token, sent: Span, content: Span) -> When | None:
        """The time of reported speech: a timex of its clause or sentence, but not one
        inside the reported words (that dates what was said, not the saying)."""
        when = self.statement_time(verb, sent, bases=_REPORTED_BASES)
        if when is None or when.basis != "sentence":
            return when
        outside = [
            t
            for t in self.doc._.timexes or []
            if sent.start_char <= t.char_start < sent.end_char
            and not (content.start_char <= t.char_start < content.end_char)
        ]
        return when if outside else article_day(self.doc)

    def reported_attributions(self, quotes: list[Quote]) -> list[Attribution]:
        """Claims reported by an outlet, an organisation or an unnamed source ("TMZ
        reported", "sources told CNN", "a spokesperson said") are attributions too, so
        what is derived from the claim carries its source."""
        out: list[Attribution] = []
        for quote in quotes:
            if quote.kind != "indirect" or quote.source is None or quote.cue is None:
                continue
            people = [n for n in quote.speakers if self.label_of(n) == "PERSON"]
            if people and len(people) == len(quote.speakers):
                continue
            head = self.doc.char_span(
                quote.source.char_start, quote.source.char_end, alignment_mode="expand"
            )
            anonymous = not quote.speakers and head is not None and is_anonymous(head.root, head)
            out.append(
                Attribution(
                    id=f"r{len(out) + 1}",
                    source=quote.source,
                    cue=quote.cue,
                    content=quote.content,
                    sentence_index=quote.sentence_index,
                    source_entity=quote.speakers[0] if quote.speakers else None,
                    anonymous=anonymous,
                )
            )
        return out

    def nested(self, count: int, outer: list[Quote]) -> list[Quote]:
        """Quotes inside quotes ("“He told me ‘never again’,” she said"): the inner words are
        credited to the subject of the speech verb that introduces them inside the quote."""
        doc = self.doc
        out: list[Quote] = []
        for quote in outer:
            if quote.kind != "direct":
                continue
            lo, hi = quote.content.char_start, quote.content.char_end
            for start, end in find_nested_spans(self.text, lo, hi):
                inner = doc.char_span(start, end, alignment_mode="expand")
                if inner is None or len(inner) == 0:
                    continue
                cue = next(
                    (
                        a
                        for t in inner
                        for a in t.ancestors
                        if lo <= a.idx < hi and not (start <= a.idx < end) and _speech_verb(a)
                    ),
                    None,
                )
                speakers: tuple[str, ...] = ()
                source: TextSpan | None = None
                subject = speaker_subject(cue) if cue is not None else None
                if cue is not None and subject is not None:
                    speakers, source = self.source_of(subject, cue)
                out.append(
                    Quote(
                        id=f"q{count + len(out) + 1}",
                        content=TextSpan(self.text[start:end], start, end),
                        sentence_index=self.sent_of[inner.start],
                        kind="nested",
                        speakers=speakers,
                        cue=TextSpan(cue.text, cue.idx, cue.idx + len(cue)) if cue else None,
                        source=source,
                        when=quote.when,
                        about=tuple(n for n in self.entities_in(list(inner)) if n not in speakers),
                    )
                )
        return out

    def colon_subject(self, colon: Token) -> Token | None:
        """Who speaks through a colon: the subject of the words before it ("Tom Ridge put it
        bluntly: “…”"). When the parser runs the sentence on into the quote, its root may
        be the quote's own verb, whose subject is the quote's ("“The barbarians are …”");
        then the clause before the colon is read instead, else there is none."""
        subject = subject_of(colon.sent.root)
        if subject is None or subject.i < colon.i:
            return subject
        tok = self.doc[colon.i - 1] if colon.i > colon.sent.start else None
        while tok is not None and tok.head.i < colon.i and tok.head is not tok:
            tok = tok.head
        if tok is None or tok.pos_ not in {"VERB", "AUX"}:
            return None
        subject = subject_of(tok)
        return subject if subject is not None and subject.i < colon.i else None

    def introducing_colon(self, qspan: Span) -> Token | None:
        """The colon right before a quote (possibly ending the previous sentence)."""
        i = qspan.start - 1
        while i >= 0 and (self.doc[i].is_space or is_mark(self.doc[i].text)):
            i -= 1
        return self.doc[i] if i >= 0 and self.doc[i].text == ":" else None

    def after_speech_verb(self, qspan: Span) -> bool:
        """Whether the quote follows its speech verb directly ("said “…”")."""
        i = qspan.start - 1
        while i >= 0 and (self.doc[i].is_space or is_mark(self.doc[i].text)):
            i -= 1
        return i >= 0 and _speech_verb(self.doc[i])

    def stands_alone(self, sent: Span, start: int) -> bool:
        """Whether a quote is a statement of its own: it opens its sentence or follows a
        colon or comma ("he said, “…”"), unlike a phrase quoted inside reported speech."""
        text = self.text
        i = start - 1
        while i >= 0 and (text[i].isspace() or is_mark(text[i]) or text[i] in "'`"):
            i -= 1
        return i < sent.start_char or text[i] in ":,"

    def adjoining_speaker(self, sent_index: int) -> tuple[tuple[str, ...], When | None]:
        """A quote with no cue of its own: the speaker of a quote just before, else the
        person the previous sentence is about (its subject); with that statement's time."""
        for index in (sent_index - 1, sent_index - 2):
            if index in self.sentence_speaker:
                return self.sentence_speaker[index]
        if sent_index - 1 >= 0:
            prev = self.sents[sent_index - 1]
            subject = subject_of(prev.root)
            if subject is not None:
                found = self.entities_in(self.speaker_tokens(subject))
                if found and all(self.label_of(n) == "PERSON" for n in found):
                    return found, None
        return (), None

    def label_of(self, name: str) -> str | None:
        return self.labels.get(name)


def rule_quotes(doc: Doc) -> tuple[list[Quote], list[Attribution]]:
    """Quotes and attributions the rules alone find in a parsed, coreference-resolved
    ``Doc`` (the tagger's stacked input)."""
    return _QuoteReader(doc).read()


#: set to 1 (or true, yes, on) to read quotes with the learned attribution tagger besides
#: the rules: about a point more F1 on PolNeAR dev, at about a tenth more ingest time, so it
#: is off by default (see docs/quotes.md)
TAGGER_ENV = "DATELINE_QUOTE_TAGGER"


def tagger_enabled() -> bool:
    """Whether ``DATELINE_QUOTE_TAGGER`` asks for the attribution tagger."""
    return os.environ.get(TAGGER_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def extract_quotes(
    doc: Doc,
    *,
    tagger: Any | None = None,
    probe: Any | None = None,
    use_tagger: bool | None = None,
) -> tuple[list[Quote], list[Attribution]]:
    """Quotes and attributions of a parsed, coreference-resolved ``Doc``: the rules'
    reading, completed by the attribution tagger when asked (``use_tagger``, else
    ``DATELINE_QUOTE_TAGGER``; ``tagger`` and ``probe`` are a model and its probe to use
    instead of the shipped ones)."""
    reader = _QuoteReader(doc)
    quotes = reader.read_quotes()
    according = reader.attributions()
    if tagger is not None or (tagger_enabled() if use_tagger is None else use_tagger):
        spans = tag_doc(
            doc,
            rule_spans=rule_spans(doc, quotes, according),
            quote_spans=reader.quote_spans,
            tagger=tagger,
            probe=probe,
        )
        quotes, according = merge_tagged(reader, quotes, according, spans)
    return quotes, according + reader.reported_attributions(quotes)


@Language.factory(
    "dateline_quotes",
    default_config={"use_tagger": None},
    requires=["doc._.entities", "doc._.mention_map", "doc._.timexes", "doc._.reported_readings"],
    assigns=["doc._.quotes", "doc._.attributions"],
)
def make_quote_reader(nlp: Language, name: str, use_tagger: bool | None) -> QuoteReader:
    return QuoteReader(use_tagger=use_tagger)


class QuoteReader:
    """The quote stage. ``use_tagger`` turns the attribution tagger on or off for this
    pipeline; ``None`` follows ``DATELINE_QUOTE_TAGGER`` at each document, so worker
    processes started with the variable set read as their parent asked."""

    def __init__(self, *, use_tagger: bool | None = None) -> None:
        self.use_tagger = use_tagger

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes, doc._.attributions = extract_quotes(doc, use_tagger=self.use_tagger)
        return doc
