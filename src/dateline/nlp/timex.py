"""Rule-based TimeML TIMEX3 tagger: time expressions, their type, value and mod.

News is dated, so most expressions are resolved against the document creation time (DCT):
"last week" becomes an ISO week, "January" in a past-tense sentence the January before the
DCT. Patterns (``timex_patterns``) run once over the whole text and the leftmost-longest
candidate wins; its handler (``timex_dates``, ``timex_periods``, ``timex_relative``,
``timex_measures``) gives the value. The parse is consulted only for the few decisions that
need it (the tense of the governing verb, whether "1998" counts people). Without tags the
tagger still works and reads underspecified dates as past, which is how news mostly reads.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc

import dateline.nlp.extensions  # noqa: F401
from dateline.model import Timex, When, when_for_value
from dateline.nlp import timex_dates, timex_measures, timex_periods, timex_relative
from dateline.nlp import timex_patterns as P
from dateline.nlp.timex_ctx import Ctx as _Ctx
from dateline.nlp.timex_ctx import Handler
from dateline.nlp.timex_post import (
    attach_clocks,
    not_titles,
    range_ends,
    range_starts,
    ranges,
    with_modifiers,
)

__all__ = ["TimexTagger", "make_timex_tagger", "tag_timexes"]


_HANDLERS: dict[str, Handler] = {
    **timex_dates.HANDLERS,
    **timex_measures.HANDLERS,
    **timex_periods.HANDLERS,
    **timex_relative.HANDLERS,
}
#: rule order (``P.RULES``) breaks ties between matches of the same extent
_RULES: list[tuple[re.Pattern[str], Handler]] = [
    (pattern, _HANDLERS[name]) for name, pattern in P.RULES
]
_TRIGGERS = [P.TRIGGERS.get(name) for name, _ in P.RULES]


def _search(
    pattern: re.Pattern[str], trigger: re.Pattern[str] | None, text: str, low: str, pos: int
) -> re.Match[str] | None:
    """``pattern.search(text, pos)``, but only near occurrences of the rule's trigger."""
    if trigger is None or not low:
        return pattern.search(text, pos)
    while (t := trigger.search(low, pos)) is not None:
        m = pattern.search(text, max(pos, t.start() - 80), t.end() + 80)
        full = pattern.match(text, m.start()) if m else None
        if full is not None:
            return full
        pos = (m.start() if m else t.start()) + 1
    return None


def _tag(doc: Doc, dct: date | None) -> tuple[list[Timex], list[tuple[str, str]]]:
    if isinstance(dct, datetime):
        dct = dct.date()
    cx = _Ctx(doc, dct)
    text = cx.text
    # One pending match per rule, leftmost first; a rejected or overlapped match makes its
    # rule search again just after it, so shorter matches inside it are not lost.
    heap: list[tuple[int, int, int, re.Match[str]]] = []

    low = text.lower()
    low = low if len(low) == len(text) else ""  # offsets must agree to use the triggers

    def push(order: int, pos: int) -> None:
        pattern, trigger = _RULES[order][0], _TRIGGERS[order]
        while pos <= len(text) and (m := _search(pattern, trigger, text, low, pos)):
            if m.end() > m.start():
                heapq.heappush(heap, (m.start(), -m.end(), order, m))
                return
            pos = m.start() + 1

    for order in range(len(_RULES)):
        push(order, 0)
    last_end = 0
    while heap:
        start, _, order, m = heapq.heappop(heap)
        if start < last_end:
            push(order, max(start + 1, last_end))
            continue
        outs = _RULES[order][1](m, cx)
        if not outs:
            push(order, start + 1)
            continue
        if len(outs) == 1:
            outs = [with_modifiers(outs[0], cx, last_end)]
        cx.outs.extend(outs)
        last_end = max(o.end for o in outs)
        push(order, last_end)
    outs = not_titles(range_ends(range_starts(attach_clocks(cx.outs, text), text), cx), text)
    timexes: list[Timex] = []
    for k, o in enumerate(outs, 1):
        sentence = max(0, bisect_right(cx.sent_starts, o.start) - 1)
        when: When | None = None
        if o.type in ("DATE", "TIME"):
            when = when_for_value(o.value, dct=dct, mod=o.mod)
        elif o.reaches is not None:
            when = when_for_value(o.reaches, dct=dct)
        timexes.append(
            Timex(
                f"t{k}",
                text[o.start : o.end],
                o.start,
                o.end,
                sentence,
                o.type,
                o.value,
                o.mod,
                when,
            )
        )
    pairs = [(timexes[i].tid, timexes[j].tid) for i, j in ranges(outs, text)]
    return timexes, pairs


def tag_timexes(doc: Doc, dct: date) -> tuple[list[Timex], list[tuple[str, str]]]:
    """Timexes in text order (tids "t1", "t2", ...) and ranges as (start tid, end tid)."""
    return _tag(doc, dct)


class TimexTagger:
    """Pipeline component: reads ``doc._.dct`` and sets ``doc._.timexes``/``timex_ranges``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        dct = doc._.dct
        day = dct.date() if isinstance(dct, datetime) else dct if isinstance(dct, date) else None
        timexes, ranges = _tag(doc, day)
        doc._.timexes = timexes
        doc._.timex_ranges = ranges
        return doc


@Language.factory(
    "dateline_timex",
    requires=["token.tag", "token.dep", "doc.sents"],
    assigns=["doc._.timexes", "doc._.timex_ranges"],
)
def make_timex_tagger(nlp: Language, name: str) -> TimexTagger:
    """Registered as ``dateline_timex``; stateless, so nothing to configure or serialise."""
    return TimexTagger(nlp, name)
