"""docs/lexicon.md documents the lexicon the code uses: every type, class and event noun."""

from __future__ import annotations

from pathlib import Path

from dateline.nlp.lexicon import EVENT_TYPES, NOMINAL_EVENTS, SAME_EVENT

DOC = (Path(__file__).resolve().parents[1] / "docs" / "lexicon.md").read_text(encoding="utf-8")


def test_every_type_and_predicate_is_documented() -> None:
    for predicate, type_ in EVENT_TYPES.items():
        assert f"`{type_}`" in DOC, type_
        assert predicate in DOC, predicate


def test_every_class_and_event_noun_is_documented() -> None:
    for predicate, class_ in SAME_EVENT.items():
        assert f"{class_} (" in DOC and predicate in DOC, (class_, predicate)
    for noun in NOMINAL_EVENTS:
        assert noun in DOC, noun
