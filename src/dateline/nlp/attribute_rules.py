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


#: attributes a pattern is filed under, most selective first
_FILED_BY = ("ORTH", "LOWER", "TAG", "DEP", "IS_SPACE")

Filing = tuple[tuple[str, object], ...]


def _filing(spec: dict[str, Any]) -> Filing:
    """The (attribute, value) pairs under which one of them is sure to find this token
    pattern: its most selective equality or ``IN`` test; empty when it has none."""
    for attr in _FILED_BY:
        value = spec.get(attr)
        if isinstance(value, (str, bool)):
            return ((attr, value),)
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and len(value) == 1:
            return tuple((attr, v) for v in value["IN"])
    return ()


def _token_test(spec: object) -> tuple[Test, Filing] | None:
    """One token's pattern as a predicate and its filing; ``None`` when it uses anything
    unknown here."""
    if not isinstance(spec, dict) or not spec:
        return None
    tests: list[Test] = []
    upper: dict[str, Any] = {}
    for key, value in spec.items():
        name = str(key).upper()
        read = _READERS.get(name)
        test = _value_test(read, value) if read is not None else None
        if test is None:
            return None
        tests.append(test)
        upper[name] = value
    return (lambda t: all(test(t) for test in tests)), _filing(upper)


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: int  # the ruler's rule number: later rules win
    match_id: int
    tokens: tuple[Test, ...]
    index: int  # which token of the match gets the attributes (may be negative)
    filing: Filing  # of its first token


@dataclass(frozen=True, slots=True)
class CompiledRules:
    patterns: tuple[_Pattern, ...]
    attrs: tuple[dict[Any, Any], ...]


def compile_rules(ruler: Any) -> CompiledRules | None:
    """The ruler's patterns as predicates, or ``None`` if one cannot be compiled."""
    strings = ruler.vocab.strings
    patterns: list[_Pattern] = []
    for rule, index in enumerate(ruler.indices):
        match_id = strings[str(rule)]
        found = ruler.matcher.get(match_id)
        if found is None:
            return None
        for pattern in found[1]:
            tests: list[Test] = []
            filing: Filing = ()
            for position, spec in enumerate(pattern):
                compiled = _token_test(spec)
                if compiled is None:
                    return None
                tests.append(compiled[0])
                if position == 0:
                    filing = compiled[1]
            if not tests:
                return None
            patterns.append(_Pattern(rule, match_id, tuple(tests), int(index), filing))
    return CompiledRules(tuple(patterns), tuple(ruler.attrs))


class _Matcher:
    """``AttributeRuler.match`` and ``set_annotations`` with remembered first-token answers.

    A word seen with a tag and dependency label for the first time is tested only against
    the patterns filed under its word, tag, label or space-ness (and any filed under
    nothing), not against all of them.
    """

    def __init__(self, rules: CompiledRules) -> None:
        self.rules = rules
        self._filed: dict[tuple[str, object], list[_Pattern]] = {}
        self._unfiled = [p for p in rules.patterns if not p.filing]
        for p in rules.patterns:
            for key in p.filing:
                self._filed.setdefault(key, []).append(p)
        self._memo: dict[tuple[int, int, int], tuple[_Pattern, ...]] = {}
        self._indices = {p.rule: p.index for p in rules.patterns}
        self._order = {id(p): n for n, p in enumerate(rules.patterns)}

    def _starting(self, token: Token) -> tuple[_Pattern, ...]:
        """The patterns whose first token ``token`` matches, in the ruler's order."""
        key = (token.orth, token.tag, token.dep)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= RULE_MEMO_LIMIT:
                self._memo.clear()
            values = {
                "ORTH": token.text,
                "LOWER": token.lower_,
                "TAG": token.tag_,
                "DEP": token.dep_,
                "IS_SPACE": token.is_space,
            }
            candidates = {
                id(p): p
                for attr, value in values.items()
                for p in self._filed.get((attr, value), ())
            }
            candidates.update((id(p), p) for p in self._unfiled)
            found = self._memo[key] = tuple(
                sorted(
                    (p for p in candidates.values() if p.tokens[0](token)),
                    key=lambda p: self._order[id(p)],
                )
            )
        return found

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """What the stock ``match`` returns: (rule, match id, start, end), sorted."""
        found: list[tuple[int, int, int, int]] = []
        length = len(doc)
        for token in doc:
            i = token.i
            for p in self._starting(token):
                end = i + len(p.tokens)
                if end == i + 1 or (
                    end <= length
                    and all(
                        test(doc[j])
                        for j, test in zip(range(i + 1, end), p.tokens[1:], strict=True)
                    )
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
