"""From a processed ``Doc`` to the ``Extraction`` record that the store and exporters take."""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.model import Article, Extraction, Span
from dateline.nlp.util import doc_text, sentences, trimmed_bounds

__all__ = ["extraction_from_doc"]


def extraction_from_doc(article: Article, doc: Doc) -> Extraction:
    """Collect what the components assigned; sentences keep their character offsets."""
    text = doc_text(doc)  # spaCy builds doc.text from the tokens on every access
    sents = tuple(
        Span(text[start:end], start, end)
        for start, end in (trimmed_bounds(s) for s in sentences(doc))
    )
    return Extraction(
        article=article,
        sentences=sents,
        entities=tuple(doc._.entities or ()),
        timexes=tuple(doc._.timexes or ()),
        events=tuple(doc._.events or ()),
        quotes=tuple(doc._.quotes or ()),
        attributions=tuple(doc._.attributions or ()),
        facts=tuple(doc._.facts or ()),
    )
