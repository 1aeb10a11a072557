"""The model's attribute ruler, matched by table lookup instead of spaCy's ``Matcher``.

The English model's ``attribute_ruler`` maps fine-grained tags to parts of speech and
morphology, with a few word exceptions: 179 patterns, almost all of one token. spaCy runs
them through its general ``Matcher``, which tries every pattern at every token; that was 8%
of an ingest, more than all of dateline's own components but two. Whether a one-token
pattern matches depends only on the token's word, tag and dependency label, so the answer
is remembered by that key; the few longer patterns are tried only where their first token
matches. The ruler then sets the same attributes, through spaCy's own function, in the
order spaCy would (tested equal on every token, see ``tests/test_attribute_rules.py``).

Patterns using anything this module does not know (operators, other attributes or
predicates) leave the ruler as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs  # what the ruler itself calls

__all__ = ["RULE_MEMO_LIMIT", "compile_rules", "fast_attribute_ruler"]

#: distinct (word, tag, dependency) keys remembered before the memo starts over
RULE_MEMO_LIMIT = 200_000

# token attributes a pattern may test, read as strings the way the Matcher compares them
_READERS: dict[str, Callable[[Token], object]] = {
    "ORTH": lambda t: t.text,
    "LOWER": lambda t: t.lower_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}

Test = Callable[[Token], bool]


def _value_test(read: Callable[[Token], object], value: object) -> Test | None:
    if isinstance(value, (str, bool)):
        return lambda t: read(t) == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN" and isinstance(arg, list):
            chosen = frozenset(arg)
            return lambda t: read(t) in chosen
        if op == "NOT_IN" and isinstance(arg, list):
            refused = frozenset(arg)
            return lambda t: read(t) not in refused
        if op == "REGEX" and isinstance(arg, str):
            regex = re.compile(arg)
            return lambda t: regex.search(str(read(t))) is not None
    return None


def _token_test(spec: object) -> Test | None:
    """One token's pattern as a predicate; ``None`` when it uses anything unknown here."""
    if not isinstance(spec, dict) or not spec:
        return None
    tests: list[Test] = []
    for key, value in spec.items():
        read = _READERS.get(str(key).upper())
        test = _value_test(read, value) if read is not None else None
        if test is None:
            return None
        tests.append(test)
    return lambda t: all(test(t) for test in tests)


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: int  # the ruler's rule number: later rules win
    match_id: int
    tokens: tuple[Test, ...]
    index: int  # which token of the match gets the attributes (may be negative)


@dataclass(frozen=True, slots=True)
class CompiledRules:
    single: tuple[_Pattern, ...]
    longer: tuple[_Pattern, ...]
    attrs: tuple[dict[Any, Any], ...]


def compile_rules(ruler: Any) -> CompiledRules | None:
    """The ruler's patterns as predicates, or ``None`` if one cannot be compiled."""
    strings = ruler.vocab.strings
    single: list[_Pattern] = []
    longer: list[_Pattern] = []
    for rule, index in enumerate(ruler.indices):
        match_id = strings[str(rule)]
        found = ruler.matcher.get(match_id)
        if found is None:
            return None
        for pattern in found[1]:
            tests: list[Test] = []
            for spec in pattern:
                test = _token_test(spec)
                if test is None:
                    return None
                tests.append(test)
            if not tests:
                return None
            compiled = _Pattern(rule, match_id, tuple(tests), int(index))
            (single if len(tests) == 1 else longer).append(compiled)
    return CompiledRules(tuple(single), tuple(longer), tuple(ruler.attrs))


class _Matcher:
    """``AttributeRuler.match`` and ``set_annotations`` with remembered one-token answers."""

    def __init__(self, rules: CompiledRules) -> None:
        self.rules = rules
        self._single: dict[tuple[int, int, int], tuple[_Pattern, ...]] = {}
        self._starts: dict[tuple[int, int, int], tuple[_Pattern, ...]] = {}
        self._indices = {p.rule: p.index for p in (*rules.single, *rules.longer)}

    def _lookup(self, token: Token) -> tuple[tuple[_Pattern, ...], tuple[_Pattern, ...]]:
        key = (token.orth, token.tag, token.dep)
        single = self._single.get(key)
        if single is None:
            if len(self._single) >= RULE_MEMO_LIMIT:
                self._single.clear()
                self._starts.clear()
            single = self._single[key] = tuple(p for p in self.rules.single if p.tokens[0](token))
            self._starts[key] = tuple(p for p in self.rules.longer if p.tokens[0](token))
        return single, self._starts[key]

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What the stock ``match`` returns: (rule, match id, start, end), sorted."""
        found: list[tuple[int, int, int, int]] = []
        length = len(doc)
        for token in doc:
            i = token.i
            single, starts = self._lookup(token)
            found += [(p.rule, p.match_id, i, i + 1) for p in single]
            for p in starts:
                end = i + len(p.tokens)
                if end <= length and all(
                    test(doc[j]) for j, test in zip(range(i + 1, end), p.tokens[1:], strict=True)
                ):
                    found.append((p.rule, p.match_id, i, end))
        found.sort()
        return found

    def set_annotations(self, doc: Doc, matches: Sequence[tuple[int, int, int, int]]) -> None:
        attrs = self.rules.attrs
        for rule, _match_id, start, end in matches:
            index = self._indices[rule]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:
                raise ValueError(f"attribute rule {rule}: index {index} outside its match")
            set_token_attrs(doc[position], attrs[rule])


def fast_attribute_ruler(nlp: Language) -> bool:
    """Match ``nlp``'s attribute ruler by lookup (same results); whether it applied."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler: Any = nlp.get_pipe("attribute_ruler")
    rules = compile_rules(ruler)
    if rules is None:
        return False
    fast = _Matcher(rules)
    ruler.match = fast.match
    ruler.set_annotations = fast.set_annotations
    return True
