"""The memoised lemmatizer gives exactly the model's own lemmas (it only saves work)."""

from __future__ import annotations

import pytest

from dateline import sample_corpus
from dateline.nlp.pipeline import load_nlp, memoise_lemmas


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
