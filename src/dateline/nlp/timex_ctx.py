"""What the timex rule handlers share: their output record and the context they consult.

Split from ``dateline.nlp.timex`` so the handlers module stays small; the names are private to
the tagger's modules.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Token

from dateline.nlp import timex_rules as R
from dateline.nlp.timex_story import bound_before, year_ahead
from dateline.nlp.util import doc_text

__all__ = ["FUTURE", "PAST", "PRESENT", "Ctx", "Handler", "Out", "one", "verb_tense"]

PAST, PRESENT, FUTURE = R.PAST, R.PRESENT, R.FUTURE


@dataclass(frozen=True, slots=True)
class Out:
    """A tagged expression before tids are assigned; flags say which modifiers may attach."""

    start: int
    end: int
    type: str
    value: str
    mod: str | None = None
    point: bool = False  # "early", "the end of" may precede it
    measure: bool = False  # "more than", "about" may precede it
    clock: str | None = None  # "15:00" for clock times, whose day may come from a neighbour
    guess: bool = False  # year chosen by tense and the DCT ("in June"): no evidence of a story
    # the date a length linked by "later"/"earlier" reaches ("three days later" in news is the
    # DURATION "three days" for TimeML, but the events it dates happened on that date)
    reaches: str | None = None


_FROM_NOW = re.compile(r"\b(?:ago|last|this|next|past|coming)\b", re.IGNORECASE)


class Ctx:
    """What the handlers need: the text, the DCT, the parse if any and what was tagged so far."""

    def __init__(self, doc: Doc, dct: date | None) -> None:
        self.doc = doc
        self.text: str = doc_text(doc)
        self.dct = dct
        self.parsed: bool = bool(doc.has_annotation("TAG") and doc.has_annotation("DEP"))
        self.tagged: bool = bool(doc.has_annotation("TAG"))
        self.sent_starts: list[int] = _sentence_starts(doc)
        self.sent_start_set = frozenset(self.sent_starts)
        self.outs: list[Out] = []
        #: the quarter last named outright ("the third quarter"): what "the quarter" and
        #: "a year ago" refer to in an earnings story; anaphoric quarters never replace it
        self.quarter: str | None = None

    def prev_word(self, i: int) -> str:
        m = R.PREV_WORD.search(self.text, max(0, i - 30), i)
        return m[1].lower() if m else ""

    def next_word(self, i: int) -> str:
        m = R.NEXT_WORD.match(self.text, i, i + 30)
        return m[1] if m else ""

    def initial(self, i: int) -> bool:
        """Whether position ``i`` starts a sentence (parse, or punctuation/newline before)."""
        if i in self.sent_start_set:
            return True
        window = self.text[max(0, i - 12) : i]
        if i <= 12:
            window = "\n" + window
        return window.strip() == "" or bool(R.SENT_BEFORE.search(window))

    def tense(self, start: int, end: int) -> int:
        """Tense of the verb governing the span; a past verb with a forward bound ("gave
        them until March", "effective Feb. 1") says only that the date may lie either side."""
        bound = bound_before(self.text, start)
        if bound == "ended":
            return PAST  # "the quarter ended Sept. 30": a period reported on has closed
        tense = self._verb_tense(start, end)
        return PRESENT if tense == PAST and bound is not None else tense

    def _will(self, start: int, end: int) -> bool:
        """Whether the verb governing the span looks ahead from now: a plain future ("will",
        "'ll", "shall") or a present one ("is expected to", "a summit set for"), not a modal
        ("would follow", "should") nor a simple present (a history's "the war ends in June")."""
        span = self.doc.char_span(start, end, alignment_mode="expand") if self.parsed else None
        if span is None or len(span) == 0:
            return False
        tok = _governing_verb(span.root)
        if tok is None:
            return False
        auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        if tok.lower_ in WILL or any(a.lower_ in WILL for a in auxes):
            return True
        if not auxes and tok.lemma_ in TIMETABLE:
            return False  # "the war ends in June": a history may tell itself in the present
        return not any(a.tag_ == "MD" for a in auxes) and verb_tense(tok) == FUTURE

    def _verb_tense(self, start: int, end: int) -> int:
        """Tense of the verb governing the span: walk up the heads to the nearest verb."""
        if not self.parsed:
            lo = self.sent_starts[max(0, bisect_right(self.sent_starts, start) - 1)]
            k = bisect_right(self.sent_starts, start)
            hi = self.sent_starts[k] if k < len(self.sent_starts) else len(self.text)
            return FUTURE if R.FUTURE_WORDS.search(self.text, lo, hi) else PAST
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return PRESENT
        tok = span.root
        via_noun = False
        # "said in a statement on Friday": a date on the statement is when it was said
        statement = tok.head.head.lemma_.lower() in STATEMENT_NOUNS
        for _ in range(40):
            if tok.pos_ in ("VERB", "AUX"):
                tense = verb_tense(tok)
                if tense == PAST and via_noun and tok.lemma_ in REPORTING and not statement:
                    return PRESENT  # "informed them of a cutback in September": not dated
                return tense
            if tok.head.i == tok.i:
                break
            via_noun = via_noun or (tok.i not in range(span.start, span.end) and tok.pos_ == "NOUN")
            tok = tok.head
        return PRESENT

    def anchor(self, unit: str) -> date | None:
        """The last resolved date at least as precise as ``unit`` (for "the following day")."""
        for out in reversed(self.outs):
            if out.type in ("DATE", "TIME") and (day := R.value_start(out.value, unit)):
                return day
        return self.dct

    def last_month(self, start: int) -> str | None:
        """What "that same day" at ``start`` lies in when the last resolved date names a past
        month and no day ("1998-10" for "most recently last October, when ..."), in this
        sentence or the one before; else None. A month ahead ("will report next month")
        is a plan, with no day to go back to."""
        k = bisect_right(self.sent_starts, start) - 2
        lo = self.sent_starts[k] if k >= 0 else 0
        for out in reversed(self.outs):
            if out.type in ("DATE", "TIME") and R.YEAR_MONTH_VALUE.match(out.value):
                past = self.dct is not None and out.value < f"{self.dct:%Y-%m}"
                if out.start >= lo and past and R.MONTH_VALUE.fullmatch(out.value):
                    return out.value
                return None
        return None

    def era_year(self) -> int | None:
        """The year of the last resolved date when it lies before the common era (negative:
        -480 for BC0480), for "the following year" in a history of antiquity; else None."""
        era = self.era_date()
        return None if era is None else era[0]

    def era_date(self) -> tuple[int, int | None] | None:
        """``era_year`` and the month of that date when it names one (BC0479-06: -479, 6)."""
        last = self.last_year_month()
        return last if last is not None and last[0] < 0 else None

    def last_year_month(self) -> tuple[int, int | None] | None:
        """The year (negative before the common era) of the last resolved date that names
        one, and its month when it names one, a season its first (1917-12-05: 1917, 12;
        1777-WI: 1777, 12; BC0479: -479, None)."""
        for out in reversed(self.outs):
            if out.type in ("DATE", "TIME") and (m := R.YEAR_MONTH_VALUE.match(out.value)):
                month = int(m[3]) if m[3] else R.SEASON_START.get(out.value[-2:])
                return (-int(m[2]) if m[1] else int(m[2]), month)
        return None

    def year_for(self, month: int, start: int, end: int) -> int | None:
        """The year of an underspecified month at ``start:end``: lent by a second date
        ("April and June 1955"), else the story's (``story_year``), else None."""
        if (year := year_ahead(self.text, end, month)) is not None:
            return year
        if bound_before(self.text, start) in ("ended", "ending"):
            return None  # "the six months ended Aug. 12" closes on the report's last period
        year = self.story_year(month)
        if year is not None and self._will(start, end):
            # "joined in 2016. She will step down in June": a narrative is told in the past
            # ("would follow on 12 September" stays the story's); "will", "is expected to",
            # "is set for" look ahead from the article's date (asked only of a story: the
            # parse walk costs, and most news has no story year)
            return None
        return year

    def story_year(self, month: int) -> int | None:
        """The year an underspecified month belongs to when the text is a narrative.

        A text is read as a narrative (HeidelTime's narrative mode, chosen per document) when
        the dated mentions so far are mostly far from the DCT, the last one too: more than twice
        as many years more than a year away as near ones, and at least two once a month was
        guessed from the DCT (a history of 1940 dated 2009 that once says "today", not a news
        story that names the year a firm was founded).
        Months whose year was itself guessed from the DCT are no evidence either way, and far
        dates counted from it ("two years ago") are no evidence of a story. Then "in
        April" follows the story's reference date: the last far mention of a month or day, or
        a year that opens its sentence ("In 1942, ..."); a year named in passing ("planned
        since late 1943") does not move it, and a year repeating it keeps its month. The next
        year is taken when the story turns the year ("January" after a December). Histories
        jump back as often as forward, so no other month rolls over.
        """
        if self.dct is None:
            return None
        last: tuple[int, int | None] | None = None
        near = far = 0
        guessed = False
        for out in self.outs:
            guessed = guessed or out.guess
            if out.guess or out.type not in ("DATE", "TIME"):
                continue  # a guessed year came from the DCT, so says nothing about the text
            if not (m := R.YEAR_MONTH_VALUE.match(out.value)):
                continue
            year = -int(m[2]) if m[1] else int(m[2])
            from_now = _FROM_NOW.search(self.text, out.start, out.end) is not None
            if abs(year - self.dct.year) <= 1:
                near += 1
                last = None  # the story has come back to the present
                continue
            if from_now:
                continue  # "two years ago" is counted from the DCT: a news habit, no story
            far += 1
            if m[3]:
                last = (year, int(m[3]))
            elif last is None or (last[0] != year and self._opens(out.start)):
                last = (year, None)
        if last is None or far <= 2 * near or (far < 2 and guessed):
            return None
        year, seen_month = last
        return year + 1 if seen_month is not None and seen_month >= 11 and month <= 2 else year

    def _opens(self, start: int) -> bool:
        """Whether a year at ``start`` sets the scene: first in its sentence ("In 1942, ..."),
        not an aside within one ("expected to last until 1976", "after a lull in late 1943")."""
        k = bisect_right(self.sent_starts, start) - 1
        lo = self.sent_starts[k] if k >= 0 else 0
        return len(self.text[lo:start].split()) <= _SCENE_WORDS


_SCENE_WORDS = 5  # "In 1942", "By the end of 1943", "In the spring of 1944"


#: a rule's handler: the match and the context give outputs, or None to reject the match
Handler = Callable[[re.Match[str], Ctx], list[Out] | None]


def one(m: re.Match[str], typ: str, value: str | None, **kw: object) -> list[Out] | None:
    """The whole match as one output, or None (a rejection) when there is no value."""
    if value is None:
        return None
    return [Out(m.start(), m.end(), typ, value, **kw)]  # type: ignore[arg-type]


def _sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where sentences start, read from the arrays (``doc.sents`` makes a
    Span per sentence, which costs more than the whole tagger on a short story)."""
    if len(doc) == 0 or not doc.has_annotation("SENT_START"):
        return [0]  # no sentence boundaries: one sentence
    arr = doc.to_array([SENT_START, IDX])
    starts: list[int] = arr[1:, 1][arr[1:, 0] == 1].tolist()
    return [int(arr[0, 1]), *starts]


#: verbs of saying: a date on a noun they govern ("announced a strike in May") is the noun's
REPORTING = frozenset(
    ("say", "tell", "announce", "inform", "warn", "report", "notify", "disclose", "reveal")
)
#: nouns of the act of saying itself: a date on them is when the words were said
STATEMENT_NOUNS = frozenset(
    ("statement", "interview", "speech", "remarks", "letter", "post", "tweet", "briefing")
)
SCHEDULING = frozenset(("schedule", "reschedule", "plan", "postpone", "delay", "slate"))
WILL = frozenset(("will", "'ll", "’ll", "shall", "wo"))
#: modals that put a bare verb ahead of the DCT ("should peak in June", "said it would cut
#: jobs in March"); "could" is as often a past ability ("could not be reached Wednesday")
AHEAD_MODALS = frozenset(("may", "might", "should", "must", "would"))
#: verbs whose simple present with a date is a timetable ("the summit opens on Monday", "the
#: festival returns in June") or a forecast ("expects a profit in the second quarter"): news
#: reports what has happened in the past tense, so these look ahead
TIMETABLE = frozenset(
    (
        "open", "reopen", "start", "begin", "end", "close", "return", "resume", "launch",
        "arrive", "depart", "leave", "meet", "convene", "expire", "debut", "premiere",
        "expect", "forecast", "predict", "project", "anticipate",
    )
)  # fmt: skip


def verb_tense(v: Token, depth: int = 0) -> int:
    """Past for VBD/perfect/"had", future for "will"/"going to"; otherwise present."""
    auxes = [c for c in v.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if v.lower_ in WILL or words & WILL:
        return FUTURE
    if "to" in words and depth < 2 and v.head.i != v.i:
        head = v.head
        if head.lemma_ in R.FUTURE_HEADS:
            head_past = head.tag_ == "VBD" or any(c.tag_ == "VBD" for c in head.children)
            if head.dep_ in ("acomp", "attr") and head.head.i != head.i:
                # "was due to expire Friday", "had been due to": the copula carries the tense
                head_past = head_past or verb_tense(head.head, depth + 1) == PAST
            return PRESENT if head_past else FUTURE
        return verb_tense(head, depth + 1)
    if (v.lemma_ in SCHEDULING or v.lemma_ == "set") and any(
        c.tag_ in ("VBZ", "VBP") and (c.dep_ == "auxpass" or c.lemma_ == "have") for c in auxes
    ):  # "is set for Thursday", "has been postponed until May": an arrangement now in force
        return FUTURE
    if _arranged(v, auxes) and depth < 2:
        # "a summit set for April", "talks scheduled for May": an arrangement the clause
        # refers to, ahead when the clause looks ahead ("will attend a summit set for April")
        clause = _governing_verb(v.head)
        ahead = clause is not None and verb_tense(clause, depth + 1) == FUTURE
        return FUTURE if ahead else PRESENT
    if v.lemma_ in SCHEDULING:  # "postponed until Tuesday": the date set may be either side
        return PRESENT
    if (
        v.tag_ == "VBG"
        and not auxes
        and v.dep_ in ("advcl", "conj")
        and v.head.pos_ in ("VERB", "AUX")
        and depth < 2
    ):  # "has fluctuated, rising to a high in June": the clause's time is its head's
        return verb_tense(v.head, depth + 1)
    if any(c.tag_ == "VBD" for c in auxes) or any(c.lemma_ == "have" for c in auxes):
        return PAST
    if any(c.tag_ == "MD" and c.lower_ in AHEAD_MODALS for c in auxes):
        return FUTURE  # "should peak in June", "said it would cut jobs in March"
    if any(c.tag_ == "MD" for c in auxes):
        return PRESENT
    if v.tag_ == "VBD" or (v.tag_ == "VBN" and not auxes):
        return PAST
    if v.tag_ in ("VBZ", "VBP") and not auxes and v.lemma_ in TIMETABLE:
        return FUTURE
    return PRESENT


def _arranged(v: Token, auxes: list[Token]) -> bool:
    """Whether ``v`` is a participle naming an arrangement after its noun, with no auxiliary:
    "a summit scheduled for April", "a vote set for Tuesday" (not "the record set in May")."""
    if auxes or v.tag_ != "VBN" or v.dep_ != "acl":
        return False
    if v.lemma_ in SCHEDULING:
        return True
    return v.lemma_ == "set" and any(c.lower_ == "for" for c in v.children)


def _governing_verb(tok: Token) -> Token | None:
    """The nearest verb at or above ``tok`` in the parse."""
    for _ in range(40):
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None
