"""Attributions as facts: "TMZ reported that …" is stored as ``TMZ says <claim>``.

A claim credited to a source is a time-scoped statement like any other fact: its subject is
the source (the canonical entity name, else the source's words, as in "a spokesperson"), its
relation ``says`` (``ATTRIBUTION_RELATION``), its object the claim's words, and it holds from
the statement on (a time stated in the attribution's clause, else the article date), an
open interval as for any claim not retracted.
Provenance points at the claim's characters, so the fact goes through the same storage,
combination and query paths as every other fact, with the source in ``sources``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.model import ATTRIBUTION_RELATION, Attribution, Fact, Provenance, Quote, When
from dateline.nlp.anchor import article_day

__all__ = ["ATTRIBUTION_RELATION", "attribution_facts"]


def _statement_time(attribution: Attribution, quotes: list[Quote], doc: Doc) -> When | None:
    """The time of the quote read from the same claim, else the article's day."""
    for quote in quotes:
        if quote.content == attribution.content and quote.when is not None:
            return quote.when
    return article_day(doc)


#: sources that only point elsewhere ("who said …", "that says it"): no fact's subject
_POINTERS = frozenset({"who", "that", "which", "it", "this", "whom"})


def _is_claim(doc: Doc, attribution: Attribution) -> bool:
    """Whether an attribution states something: a clause of a few words headed by a verb
    ("Harborview says it will cut 40 jobs"), not an object of a stance verb ("confirmed the
    figure", "support for a call …") or a source
    that is a relative pronoun. Only such claims become facts; the attribution stays."""
    content = doc.char_span(
        attribution.content.char_start, attribution.content.char_end, alignment_mode="expand"
    )
    if content is None or attribution.source.text.strip().lower() in _POINTERS:
        return False
    words = [t for t in content if not t.is_punct and not t.is_space]
    # the span's head must be a verb: "support for a call … which has coordinated …" holds a
    # verb, but only in a relative clause, and states nothing
    return len(words) >= 4 and content.root.pos_ in {"VERB", "AUX"}


def attribution_facts(doc: Doc, *, first_number: int) -> list[Fact]:
    """One ``says`` fact per attribution of ``doc`` that states a claim, numbered from
    ``first_number``."""
    dct = doc._.dct
    if dct is None:
        return []
    quotes: list[Quote] = doc._.quotes or []
    out: list[Fact] = []
    for attribution in doc._.attributions or []:
        source = attribution.source_entity or " ".join(attribution.source.text.split())
        claim = " ".join(attribution.content.text.split())
        if not source or not claim or not _is_claim(doc, attribution):
            continue
        when = _statement_time(attribution, quotes, doc)
        content = attribution.content
        out.append(
            Fact(
                id=f"f{first_number + len(out)}",
                subject=source,
                relation=ATTRIBUTION_RELATION,
                object=claim,
                provenance=(
                    Provenance(
                        doc._.article_id or "",
                        attribution.sentence_index,
                        content.char_start,
                        content.char_end,
                    ),
                ),
                published_at=dct,
                valid_from=when,
                sources=(source,),
            )
        )
    return out


@Language.component(
    "dateline_attribution_facts",
    requires=["doc._.attributions", "doc._.quotes", "doc._.facts"],
    assigns=["doc._.facts"],
)
def dateline_attribution_facts(doc: Doc) -> Doc:
    facts: list[Fact] = doc._.facts or []
    doc._.facts = [*facts, *attribution_facts(doc, first_number=len(facts) + 1)]
    return doc
