"""The attribute ruler matched by lookup gives exactly the model's own annotations."""

from __future__ import annotations

import pytest
from spacy.language import Language

from dateline import sample_corpus
from dateline.nlp.attribute_rules import compile_rules, fast_attribute_ruler
from dateline.nlp.pipeline import load_nlp

# every kind of rule the model has: tag maps, word exceptions with a dependency,
# the two-token ones ("ain't", "gonna", "gotta", "let's", "c'mon", "y'all", "there is"),
# and whitespace tokens
WRITTEN = [
    "I ain't gonna wait, and you gotta see it. Let's go, y'all! C'mon.\n\nThere is time.",
    "But she did it, as I had said she would; it was what they do.   Which one?\n",
    'There are  two  spaces here , and\ta tab; "Is it?" he asked. Do you? I do.',
]


def _annotations(nlp: Language, texts: list[str]) -> list[list[tuple[str, ...]]]:
    return [
        [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]
        for doc in nlp.pipe(texts)
    ]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = sorted(sample_corpus().glob("*.txt"))
    assert len(found) >= 20
    return WRITTEN + [path.read_text(encoding="utf-8") for path in found]


@pytest.fixture(scope="module")
def plain() -> Language:
    return load_nlp()


def test_same_annotations_as_the_model(plain: Language, texts: list[str]) -> None:
    fast = load_nlp()
    assert fast_attribute_ruler(fast)
    expected = _annotations(plain, texts)
    for _ in range(2):  # the second pass is answered from the memo
        assert _annotations(fast, texts) == expected


def test_same_matches_as_the_models_matcher(plain: Language, texts: list[str]) -> None:
    fast = load_nlp()
    assert fast_attribute_ruler(fast)
    stock, quick = plain.get_pipe("attribute_ruler"), fast.get_pipe("attribute_ruler")
    with plain.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(plain.pipe(texts))
    multi = 0
    for doc in docs:
        found = quick.match(doc)  # type: ignore[attr-defined]
        assert found == stock.match(doc)  # type: ignore[attr-defined]
        multi += sum(1 for _, _, start, end in found if end - start > 1)
    assert multi >= 6  # the two-token rules were exercised


def test_unknown_pattern_leaves_the_ruler_alone() -> None:
    nlp = load_nlp()
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}]], {"LEMMA": "very"})  # type: ignore[attr-defined]
    assert compile_rules(ruler) is None
    assert not fast_attribute_ruler(nlp)
    assert "match" not in vars(ruler)


def test_needs_an_attribute_ruler() -> None:
    nlp = load_nlp()
    nlp.remove_pipe("attribute_ruler")
    assert not fast_attribute_ruler(nlp)
