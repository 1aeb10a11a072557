"""Anchor a predicate in time: its own timex, its sentence's, the discourse's, or the DCT.

The order is how a reader of news resolves it: a time expression inside the predicate's
clause governs it ("co-founded ... back in 2012"); else one elsewhere in its sentence; else a
date in the previous sentence of the same paragraph ("Back in January ... In the interview he
claimed"), unless the predicate moves on ("later", "then"), is background in a relative
clause, or is in the future while that date is past; else, for present and future tense, the
article date ("Now ... are stepping down"). A past-tense predicate with nothing to go on
stays undated rather than getting a made-up date.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc, Token

from dateline.model import Precision, Timex, When, interval, when_for_value
from dateline.nlp.util import paragraph_of_sentence, sentence_of_token

__all__ = [
    "CLAUSAL_DEPS",
    "CONDITIONAL",
    "REPORTING",
    "anchor_time",
    "article_day",
    "backshifted",
    "clause_tokens",
    "ordered_time",
    "reported_would",
    "tense_of",
    "time_within",
]

#: dependents that open a clause of their own: their times and participants are not ours
CLAUSAL_DEPS = frozenset({"relcl", "advcl", "ccomp", "csubj", "csubjpass", "parataxis"})
_TOKENS_KEY = "dateline_timex_tokens"
_CLAUSE_KEY = "dateline_clause_tokens"


def clause_tokens(verb: Token) -> list[Token]:
    """The verb's subtree without embedded clauses and without conjoined verbs (computed
    once per token and document; callers must not change the list)."""
    cache: dict[int, list[Token]] = verb.doc.user_data.setdefault(_CLAUSE_KEY, {})
    cached = cache.get(verb.i)
    if cached is None:
        cached = cache[verb.i] = _clause_tokens(verb)
    return cached


def _clause_tokens(verb: Token) -> list[Token]:
    out: list[Token] = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for child in tok.children:
            if child.dep_ in CLAUSAL_DEPS:
                continue
            if child.dep_ == "conj" and child.pos_ in {"VERB", "AUX"}:
                continue
            stack.append(child)
    return sorted(out, key=lambda t: t.i)


def tense_of(verb: Token) -> str:
    """past | present | future | unknown, from the verb and its auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    lowers = {a.lower_ for a in auxes}
    if lowers & {"will", "'ll", "shall", "wo"} or (
        "going" in lowers and any(c.dep_ == "xcomp" for c in verb.children)
    ):
        return "future"
    tags = [verb.tag_, *(a.tag_ for a in auxes)]
    if "VBD" in tags:
        return "past"
    if lowers & {"has", "have", "'ve", "'s"} and verb.tag_ == "VBN":
        return "past"
    if verb.tag_ == "VBN" and not auxes:
        return "past"
    if any(t in {"VBZ", "VBP"} for t in tags) or (verb.tag_ == "VBG" and auxes):
        return "present"
    return "unknown"


def _timex_tokens(doc: Doc) -> list[tuple[Timex, int, int]]:
    """Timexes with their token range; cached per list of timexes, so never stale."""
    timexes = doc._.timexes or []
    cached = doc.user_data.get(_TOKENS_KEY)
    if cached is not None and cached[0] is timexes:
        result: list[tuple[Timex, int, int]] = cached[1]
        return result
    out = []
    for timex in timexes:
        span = doc.char_span(timex.char_start, timex.char_end, alignment_mode="expand")
        if span is not None:
            out.append((timex, span.start, span.end))
    doc.user_data[_TOKENS_KEY] = (timexes, out)
    return out


def _dct(doc: Doc) -> date | None:
    dct = doc._.dct
    return dct.date() if dct is not None else None


def _when_of(doc: Doc, timex: Timex, basis: str) -> When | None:
    """The timex as a ``When``, as a whole interval if it is one end of a range."""
    by_tid = {t.tid: t for t, _, _ in _timex_tokens(doc)}
    dct = _dct(doc)
    for start_tid, end_tid in doc._.timex_ranges or []:
        if timex.tid in (start_tid, end_tid) and start_tid in by_tid and end_tid in by_tid:
            first = when_for_value(by_tid[start_tid].value, dct=dct)
            last = when_for_value(by_tid[end_tid].value, dct=dct)
            return interval(first, last, basis=basis)
    if timex.type not in {"DATE", "TIME"}:  # "three days later": the date it reaches, if any
        return None if timex.when is None else replace(timex.when, basis=basis)
    when = when_for_value(timex.value, dct=dct, mod=timex.mod, basis=basis)
    if timex.value == "PRESENT_REF" and dct is not None:
        # an event happening "now" happens on the article's date
        return replace(when, value=dct.isoformat())
    if when.start is None and when.end is None:
        return None
    return when


def time_within(doc: Doc, start: int, end: int) -> When | None:
    """The first date among tokens ``start`` to ``end`` (a phrase such as "until her
    suspension in 2022"), or ``None``."""
    for timex, s, e in _timex_tokens(doc):
        if start <= s and e <= end and _dates(timex):
            return _when_of(doc, timex, "timex")
    return None


#: verbs that report what someone said or thought: a "would" under them is backshifted "will"
REPORTING = frozenset(
    {"say", "tell", "announce", "state", "report", "add", "confirm", "expect", "predict"}
    | {"warn", "promise", "insist", "claim", "believe", "think", "write", "indicate"}
)
CONDITIONAL = frozenset({"if", "unless", "whether"})


def backshifted(verb: Token, *, reporting: frozenset[str] = REPORTING) -> bool:
    """ "The company said on Monday that she would step down in June": a clause under a
    past verb of ``reporting``, told in the past, not a condition ("said she would resign
    if convicted")."""
    if any(
        c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONAL for m in c.children)
        for c in verb.children
    ):
        return False
    head = verb
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    governor = head.head
    return head.dep_ == "ccomp" and governor.lemma_.lower() in reporting and governor.tag_ == "VBD"


def reported_would(token: Token) -> bool:
    """A future seen from a reported past ("said in January that she would step down"): no
    other clause's date is its own, and undated it is no date before the article. A
    narrative's "would" ("was hired in 1998 and would lead it for two decades") is not."""
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    return any(c.dep_ == "aux" and c.lower_ in {"would", "'d"} for c in verb.children) and (
        backshifted(verb)
    )


def _dates(timex: Timex) -> bool:
    """Whether the timex can date an event: a date or time, or a length that reaches one."""
    return timex.type in {"DATE", "TIME"} or timex.when is not None


_SEQUENCE_ADVERBS = frozenset(
    {"later", "then", "afterwards", "subsequently", "since", "eventually"}
)


def _moves_on(token: Token) -> bool:
    """ "... in 2012. Reyes later resigned": the previous sentence's date is not this one's."""
    return any(c.dep_ == "advmod" and c.lower_ in _SEQUENCE_ADVERBS for c in token.children)


def _in_relative_clause(token: Token) -> bool:
    head = token
    while head.dep_ == "conj" and head.head is not head:
        head = head.head
    return head.dep_ in {"relcl", "acl"}


def _background_of(tok: Token, token: Token) -> bool:
    """Whether ``tok`` sits in a relative clause that neither holds ``token`` nor describes
    it ("The trial, which opened on April 10" is dated by its clause)."""
    for node in [tok, *tok.ancestors]:
        if (
            node.dep_ == "relcl"
            and node.head.i != token.i
            and not node.left_edge.i <= token.i <= node.right_edge.i
        ):
            return True
    return False


#: words that make "since X" a point of comparison ("the first time since 2016")
_RANKING = frozenset({"first", "last", "only", "record"})


def _compared(doc: Doc, start: int, end: int) -> bool:
    """ "Turnout was the lowest since 1998", "shares hit their highest level since 2008",
    "the first time since 2016": a superlative measured from that date, which dates no
    event of the sentence, nor of the next one."""
    root = next((t for t in doc[start:end] if not start <= t.head.i < end), None)
    if root is None or root.dep_ != "pobj" or root.head.lower_ != "since":
        return False
    since = root.head
    # what "since" hangs on, and the word before it (the parser often hangs "since" on the
    # verb: "rose to their highest level since 2008")
    return any(_ranked(t) for t in {since.head, doc[since.i - 1]} if t.i < since.i)


def _ranked(token: Token) -> bool:
    if token.tag_ == "JJS" or token.lower_ in _RANKING:
        return True
    return token.pos_ == "NOUN" and any(
        c.dep_ == "amod" and (c.tag_ == "JJS" or c.lower_ in _RANKING) for c in token.children
    )


def article_day(doc: Doc) -> When | None:
    """The article's publication day, as the time of something happening "now"."""
    dct = _dct(doc)
    if dct is None:
        return None
    return When(dct.isoformat(), dct, dct, Precision.DAY, basis="article")


class _Anchored:
    """The document's DATE and TIME timexes with their token ranges, in text order, and
    where to find them by sentence: a predicate looks at its own sentence and the one
    before, not at every timex of the document (cached like ``_timex_tokens``)."""

    def __init__(self, doc: Doc) -> None:
        sent_of = sentence_of_token(doc)
        self.timexes = [
            (t, s, e) for t, s, e in _timex_tokens(doc) if _dates(t) and not _compared(doc, s, e)
        ]
        #: sentence -> positions in ``timexes`` starting there / with a token there
        self.starting: dict[int, list[int]] = {}
        self.touching: dict[int, list[int]] = {}
        for n, (_, start, end) in enumerate(self.timexes):
            self.starting.setdefault(sent_of[start], []).append(n)
            for sent in range(sent_of[start], sent_of[end - 1] + 1):
                self.touching.setdefault(sent, []).append(n)

    def starting_in(self, sent: int) -> list[tuple[Timex, int, int]]:
        return [self.timexes[n] for n in self.starting.get(sent, ())]

    def touching_any(self, sents: set[int]) -> list[tuple[Timex, int, int]]:
        found = sorted({n for sent in sents for n in self.touching.get(sent, ())})
        return [self.timexes[n] for n in found]


_ANCHORED_KEY = "dateline_anchored"


def _anchored(doc: Doc) -> _Anchored:
    timex_tokens = _timex_tokens(doc)
    cached = doc.user_data.get(_ANCHORED_KEY)
    if cached is not None and cached[0] is timex_tokens:
        found: _Anchored = cached[1]
        return found
    made = _Anchored(doc)
    doc.user_data[_ANCHORED_KEY] = (timex_tokens, made)
    return made


def anchor_time(doc: Doc, token: Token) -> When | None:
    """When the predicate headed by ``token`` happened, or ``None`` if the text does not say."""
    anchored = _anchored(doc)
    if anchored.timexes:
        sent_of = sentence_of_token(doc)
        own = {t.i for t in clause_tokens(token)}
        inside = [
            (t, s)
            for t, s, e in anchored.touching_any({sent_of[i] for i in own})
            if any(i in own for i in range(s, e))
        ]
        if inside:
            timex = min(inside, key=lambda ts: abs(ts[1] - token.i))[0]
            if (when := _when_of(doc, timex, "timex")) is not None:
                return when
        sent = sent_of[token.i]
        same = [(t, s) for t, s, _ in anchored.starting_in(sent)]
        if _in_relative_clause(token):
            same = []  # background ("Hale, who was charged ..."): not the main clause's time
        # and a relative clause's date is not the main clause's ("Vukic, who campaigned in
        # 2018, was in the crowd")
        same = [(t, s) for t, s in same if not _background_of(doc[s], token)]
        dct = _dct(doc)
        tense = tense_of(token if token.pos_ in {"VERB", "AUX"} else token.head)
        if dct is not None and tense == "past":
            # "will begin filming next spring, and Marin has been cast": a later date in the
            # sentence is another clause's, not a past event's
            same = [(t, s) for t, s in same if not _after(doc, t, dct)]
        elif dct is not None and tense == "future":
            # "said on Monday that Okonjo will become chief executive": the saying's date is
            # not the future event's
            same = [(t, s) for t, s in same if not _before(doc, t, dct)]
        would = reported_would(token)
        if would:
            # "said in January that she would step down": after the saying, not on its date
            same = []
        if same:
            timex = min(same, key=lambda ts: abs(ts[1] - token.i))[0]
            if (when := _when_of(doc, timex, "sentence")) is not None:
                return when
        paragraph = paragraph_of_sentence(doc)
        earlier = [
            t
            for t, s, _ in anchored.starting_in(sent - 1)
            if paragraph[sent_of[s]] == paragraph[sent]
        ]
        if _in_relative_clause(token) or _moves_on(token) or would:
            earlier = []
        if dct is not None and tense == "future":
            # "He took charge in 2021. Doyle will take over": a past date is not a future's
            earlier = [t for t in earlier if not _before(doc, t, dct)]
        elif dct is not None and tense == "past":
            # "... which opens in September. Brandt has signed on to a film": nor a coming
            # date a past event's
            earlier = [t for t in earlier if not _after(doc, t, dct)]
        if earlier and (when := _when_of(doc, earlier[-1], "discourse")) is not None:
            return when
    dct = _dct(doc)
    verb = token if token.pos_ in {"VERB", "AUX"} else token.head
    tense = tense_of(verb)
    if tense == "present":
        return article_day(doc)
    if dct is not None and tense == "future":
        return when_for_value("FUTURE_REF", dct=dct, basis="article")
    if tense == "past" and _simple_past(verb) and not _in_relative_clause(verb):
        sent_of = sentence_of_token(doc)
        if dct is not None and not any(
            sent_of[s] == sent_of[verb.i]
            and not _after(doc, t, dct)
            and not _background_of(doc[s], verb)
            and not _compared(doc, s, e)
            for t, s, e in _timex_tokens(doc)
        ):
            return news_peg(doc)
    return None


#: how long before publication the lead's occasion may lie to date the article's other
#: undated simple-past events (news reports last week's events, not last year's)
_PEG_WINDOW = timedelta(days=7)
_PEG_KEY = "dateline_news_peg"


def _simple_past(verb: Token) -> bool:
    """ "drove", "was fired", "has been cast" (news: just happened); not "had driven",
    which reaches back before the reported occasion."""
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if any(a.lower_ == "had" for a in auxes):
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(auxes))


def _before(doc: Doc, timex: Timex, dct: date) -> bool:
    when = _when_of(doc, timex, "sentence")
    return when is not None and when.end is not None and when.end < dct


def _after(doc: Doc, timex: Timex, dct: date) -> bool:
    when = _when_of(doc, timex, "sentence")
    return when is not None and when.start is not None and when.start > dct


def news_peg(doc: Doc) -> When | None:
    """The day of the occasion the lead sentence reports ("on Monday", "last night"), when it
    is a day within the week before publication; ``None`` otherwise."""
    if _PEG_KEY in doc.user_data:
        peg: When | None = doc.user_data[_PEG_KEY]
        return peg
    dct = _dct(doc)
    sent_of = sentence_of_token(doc)
    peg = None
    if dct is not None:
        lead = min((sent_of[s] for t, s, _ in _timex_tokens(doc)), default=None)
        for timex, start, _ in _timex_tokens(doc):
            if sent_of[start] != lead or lead is None or lead > 1:
                continue
            when = _when_of(doc, timex, "discourse")
            if (
                when is not None
                and when.precision in {Precision.DAY, Precision.TIME}
                and when.start is not None
                and timedelta(0) < dct - when.start <= _PEG_WINDOW
            ):
                peg = when
                break
    doc.user_data[_PEG_KEY] = peg
    return peg


def ordered_time(relation: str, other: When) -> When | None:
    """The time of an event the text puts ``before``/``after`` another, dated one.

    "resigned before his sentencing hearing" (the hearing on 2024-03-18): at the latest the
    day before, TIMEX3 mod ``BEFORE``, basis ``ordering``. ``None`` when ``other`` has no
    calendar range on the needed side.
    """
    if relation == "before" and other.start is not None:
        end = other.start - timedelta(days=1)
        return When(other.value, None, end, Precision.UNKNOWN, mod="BEFORE", basis="ordering")
    if relation == "after" and other.end is not None:
        start = other.end + timedelta(days=1)
        return When(other.value, start, None, Precision.UNKNOWN, mod="AFTER", basis="ordering")
    return None
