"""Timex scores as the TempEval-3 scorer reports them, plus the runner that tags gold texts.

TempEval-3 (UzZaman et al. 2013) aligns system and gold TIMEX3 tags that overlap (relaxed
match); a strict match also has the same extent. Precision counts matched system timexes,
recall matched gold ones. Type and value are judged on relaxed matches only: accuracy is
correct / matched, and the attribute F1 the task ranks by is accuracy x relaxed F1.
Differences from the official scorer are listed in docs/timex.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from dateline.io.timeml import GoldTimex, TimeMLDoc, TimexLike
from dateline.model import Timex

__all__ = [
    "TIMEX3_TYPES",
    "DocScore",
    "TimexError",
    "TimexScore",
    "score_docs",
    "score_pair",
    "tag_documents",
    "timex_pipeline",
    "valid_timex3_value",
]

# TIMEX3 value syntax (TimeML 1.2.1 on ISO 8601): calendar dates with X for unknown digits
# (also a year's last ones: "199X"),
# ISO weeks (two digits), quarters, halves, seasons, decades ("199") and centuries ("19"), BC
# years; clock times (reduced precision "T17" allowed) and parts of the day; durations with
# TIMEX3's extra units (DE, CE, WE, Q). Used by the property tests on our output and by
# bench/timex_errors.py on the gold.
_DATE_PART = (
    r"(?:\d{2}|\d{3}|XX|XXX|BC\d{2,3}|(?:BC(?:\d{4}|XXXX)|\d{4}|\d{3}X|\d{2}XX|XXXX)"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?"
    r"|-W(?:\d{2}|XX)(?:-(?:[1-7]|WE))?|-Q(?:[1-4]|X)|-H(?:[12]|X)|-(?:SP|SU|FA|WI))?)"
)
_CLOCK = r"T(?:(?:[01]\d|2[0-4])(?::[0-5]\d(?::[0-5]\d)?)?|MO|MI|AF|EV|NI|DT)"
_NUM = r"(?:\d+(?:\.\d+)?|X)"
# ISO 8601 durations, several units allowed (P2Y6M, P1DT12H, PT5H30M) plus TIMEX3's DE/CE/Q
_DURATION = rf"P(?=[\dXT])(?:{_NUM}(?:Y|M|W|D|DE|CE|WE|Q))*(?:T(?=[\dX])(?:{_NUM}[HMS])+)?"
_VALUE = {
    "DATE": re.compile(rf"(?:PRESENT_REF|PAST_REF|FUTURE_REF|{_DATE_PART})"),
    "TIME": re.compile(rf"{_DATE_PART}{_CLOCK}"),
    "DURATION": re.compile(_DURATION),
    "SET": re.compile(rf"{_DURATION}|{_DATE_PART}(?:{_CLOCK})?"),
}
TIMEX3_TYPES = tuple(_VALUE)


def valid_timex3_value(value: str, type_: str | None = None) -> bool:
    """Whether ``value`` is TIMEX3 syntax for a timex of ``type_`` (of any type when None).

    A DATE with a clock or a ``P...`` value, a DURATION with a calendar value, an unpadded
    ISO week (``2000-W7``) are not. ``type_=None`` is for TIMEX2 corpora, which carry no type.
    """
    types = TIMEX3_TYPES if type_ is None else (type_,)
    return any(t in _VALUE and _VALUE[t].fullmatch(value) is not None for t in types)


@dataclass(frozen=True, slots=True)
class TimexError:
    """One disagreement, for error analysis: ``kind`` is fp, fn, extent, type, value or mod."""

    doc: str
    kind: str
    gold: str  # "text | TYPE | value | mod" or ""
    system: str
    at: int = -1  # character offset of the gold timex (of the system one for fp), for context


@dataclass(frozen=True, slots=True)
class DocScore:
    """Counts for one document (summed over documents by ``TimexScore``)."""

    gold: int
    system: int
    relaxed: int
    strict: int
    type_ok: int
    value_ok: int
    mod_ok: int
    errors: tuple[TimexError, ...] = ()


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class TimexScore:
    """Micro-averaged TempEval-3 timex figures over a set of documents."""

    docs: int
    gold: int
    system: int
    relaxed: int
    strict: int
    type_ok: int
    value_ok: int
    mod_ok: int
    errors: tuple[TimexError, ...] = field(default=(), repr=False)

    def _ratio(self, n: int, d: int) -> float:
        return n / d if d else 0.0

    @property
    def strict_p(self) -> float:
        return self._ratio(self.strict, self.system)

    @property
    def strict_r(self) -> float:
        return self._ratio(self.strict, self.gold)

    @property
    def strict_f1(self) -> float:
        return _f1(self.strict_p, self.strict_r)

    @property
    def relaxed_p(self) -> float:
        return self._ratio(self.relaxed, self.system)

    @property
    def relaxed_r(self) -> float:
        return self._ratio(self.relaxed, self.gold)

    @property
    def relaxed_f1(self) -> float:
        return _f1(self.relaxed_p, self.relaxed_r)

    @property
    def type_accuracy(self) -> float:
        return self._ratio(self.type_ok, self.relaxed)

    @property
    def value_accuracy(self) -> float:
        return self._ratio(self.value_ok, self.relaxed)

    @property
    def mod_accuracy(self) -> float:
        """Not reported by TempEval-3; ours, over relaxed matches (absent = absent counts)."""
        return self._ratio(self.mod_ok, self.relaxed)

    @property
    def type_f1(self) -> float:
        return self.type_accuracy * self.relaxed_f1

    @property
    def value_f1(self) -> float:
        return self.value_accuracy * self.relaxed_f1

    def as_dict(self) -> dict[str, float | int]:
        keys = (
            "strict_p",
            "strict_r",
            "strict_f1",
            "relaxed_p",
            "relaxed_r",
            "relaxed_f1",
            "type_accuracy",
            "value_accuracy",
            "mod_accuracy",
            "type_f1",
            "value_f1",
        )
        counts = {"docs": self.docs, "gold": self.gold, "system": self.system}
        return (
            counts
            | {"relaxed": self.relaxed, "strict": self.strict}
            | {k: round(getattr(self, k), 4) for k in keys}
        )


def _show(t: TimexLike, text: str) -> str:
    return f"{text[t.char_start : t.char_end]!r} {t.type} {t.value} {t.mod or ''}".rstrip()


def score_pair(
    doc: TimeMLDoc, system: Sequence[TimexLike], gold: Sequence[GoldTimex] | None = None
) -> DocScore:
    """Align ``system`` with the gold timexes of ``doc`` (one to one, first overlap wins)."""
    golds = sorted(doc.timexes if gold is None else gold, key=lambda t: t.char_start)
    systems = sorted(system, key=lambda t: t.char_start)
    used: set[int] = set()
    errors: list[TimexError] = []
    relaxed = strict = type_ok = value_ok = mod_ok = 0
    text = doc.text
    for g in golds:
        match = next(
            (
                k
                for k, s in enumerate(systems)
                if k not in used and s.char_start < g.char_end and g.char_start < s.char_end
            ),
            None,
        )
        if match is None:
            errors.append(TimexError(doc.name, "fn", _show(g, text), "", g.char_start))
            continue
        used.add(match)
        s = systems[match]
        relaxed += 1
        same = (s.char_start, s.char_end) == (g.char_start, g.char_end)
        strict += same
        type_ok += s.type == g.type
        value_ok += s.value == g.value
        mod_ok += (s.mod or None) == (g.mod or None)
        for kind, bad in (
            ("extent", not same),
            ("type", s.type != g.type),
            ("value", s.value != g.value),
            ("mod", (s.mod or None) != (g.mod or None)),
        ):
            if bad:
                shown = (_show(g, text), _show(s, text))
                errors.append(TimexError(doc.name, kind, *shown, g.char_start))
    for k, s in enumerate(systems):
        if k not in used:
            errors.append(TimexError(doc.name, "fp", "", _show(s, text), s.char_start))
    return DocScore(
        len(golds), len(systems), relaxed, strict, type_ok, value_ok, mod_ok, tuple(errors)
    )


def score_docs(scores: Iterable[DocScore]) -> TimexScore:
    """Sum per-document counts (micro average, as the TempEval-3 scorer does)."""
    items = list(scores)
    return TimexScore(
        docs=len(items),
        gold=sum(s.gold for s in items),
        system=sum(s.system for s in items),
        relaxed=sum(s.relaxed for s in items),
        strict=sum(s.strict for s in items),
        type_ok=sum(s.type_ok for s in items),
        value_ok=sum(s.value_ok for s in items),
        mod_ok=sum(s.mod_ok for s in items),
        errors=tuple(e for s in items for e in s.errors),
    )


@cache
def timex_pipeline() -> Language:
    """The English model (tagger, parser, lemmatizer; no NER) followed by our timex tagger."""
    from dateline.nlp.pipeline import load_nlp

    nlp = load_nlp()
    if "ner" in nlp.pipe_names:
        nlp.remove_pipe("ner")
    nlp.add_pipe("dateline_timex", last=True)
    return nlp


def tag_documents(
    docs: Iterable[TimeMLDoc], *, nlp: Language | None = None, batch_size: int = 16
) -> Iterator[tuple[TimeMLDoc, list[Timex]]]:
    """Run the timex tagger over the plain text of each document, against its DCT."""
    import dateline.nlp.components  # noqa: F401  (registers the factories)

    pipeline = nlp or timex_pipeline()

    def pairs() -> Iterator[tuple[str | Doc, TimeMLDoc]]:
        for d in docs:
            spacy_doc = pipeline.make_doc(d.text)
            spacy_doc._.dct = d.dct
            yield spacy_doc, d

    for spacy_doc, d in pipeline.pipe(pairs(), as_tuples=True, batch_size=batch_size):
        yield d, list(spacy_doc._.timexes or [])
