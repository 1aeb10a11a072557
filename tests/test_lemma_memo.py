"""The memoised lemmatizer gives exactly the model's own lemmas (it only saves work)."""

from __future__ import annotations

import pytest

from dateline import sample_corpus
from dateline.nlp.pipeline import index_lemmas, load_nlp, memoise_lemmas


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = sorted(sample_corpus().glob("*.txt"))
    assert len(found) >= 20
    return [path.read_text(encoding="utf-8") for path in found]


def test_memoised_lemmas_equal_the_models(texts: list[str]) -> None:
    plain = load_nlp()
    memoised = load_nlp()
    assert memoise_lemmas(memoised)
    expected = [[(t.text, t.lemma_) for t in doc] for doc in plain.pipe(texts)]
    # twice, so the second pass is answered from the memo
    for _ in range(2):
        got = [[(t.text, t.lemma_) for t in doc] for doc in memoised.pipe(texts)]
        assert got == expected


def test_memoise_lemmas_needs_a_rule_lemmatizer() -> None:
    nlp = load_nlp()
    nlp.remove_pipe("lemmatizer")
    assert not memoise_lemmas(nlp)


def test_lemma_index_as_sets_gives_the_models_lemmas(texts: list[str]) -> None:
    plain = load_nlp()
    indexed = load_nlp()
    assert index_lemmas(indexed)
    assert memoise_lemmas(indexed)  # as the pipeline uses them: both together
    table = indexed.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    assert all(isinstance(words, frozenset) for words in table.values())
    # inflected forms are the ones that reach the index: plurals, past tenses, comparatives
    extra = ["The companies were buying bigger factories; prices fell and analysts worried."]
    expected = [[(t.text, t.lemma_) for t in doc] for doc in plain.pipe(extra + texts)]
    got = [[(t.text, t.lemma_) for t in doc] for doc in indexed.pipe(extra + texts)]
    assert got == expected
    assert [t.lemma_ for t in indexed(extra[0])][1:4] == ["company", "be", "buy"]


def test_index_lemmas_needs_a_rule_lemmatizer() -> None:
    nlp = load_nlp()
    nlp.remove_pipe("lemmatizer")
    assert not index_lemmas(nlp)
