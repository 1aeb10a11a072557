"""Per-Doc caches of ``dateline.nlp.util``: the same answers as spaCy's, computed once."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from dateline.nlp.util import doc_text


def test_doc_text_is_the_docs_text_and_kept() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Harbour fees rose in March.\n\nThe port said so. ")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)  # built once


def test_doc_text_of_an_empty_doc_and_after_a_merge() -> None:
    nlp = spacy.blank("en")
    assert doc_text(nlp("")) == ""
    doc = nlp("Port Alder Mariners won.")
    before = doc_text(doc)
    with doc.retokenize() as retokenizer:
        retokenizer.merge(doc[0:3])
    assert doc_text(doc) == doc.text == before


def test_doc_text_rebuilt_when_the_cached_text_no_longer_fits() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Short text.")
    doc.user_data["dateline_text"] = "something else entirely"
    assert doc_text(doc) == "Short text."
    hand_made = Doc(nlp.vocab, words=["No", "spaces"], spaces=[False, False])
    assert doc_text(hand_made) == "Nospaces"
