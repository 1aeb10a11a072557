"""Custom ``Doc`` attributes the dateline components read and assign.

Registered once, on import. Components declare which of these they ``assigns=`` and
``requires=`` so that spaCy can check a pipeline's order.
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["DOC_ATTRIBUTES", "register_extensions"]

#: name -> what it holds
DOC_ATTRIBUTES: dict[str, str] = {
    "dct": "datetime | None: the article's publication date (document creation time)",
    "article_id": "str: id of the article the Doc was made from",
    "timexes": "list[model.Timex]: time expressions, in text order",
    "timex_ranges": "list[tuple[str, str]]: (start tid, end tid) of ranges ('from X until Y')",
    "entities": "list[model.Entity]: in-document entities with their mentions",
    "mention_map": "dict[int, tuple[str, ...]]: token index -> entity keys it refers to",
    "reported_readings": "list[nlp.reported.Reported]: stances held in nouns and adjectives",
    "quotes": "list[model.Quote]: direct and partial quotes with speakers",
    "attributions": "list[model.Attribution]: 'according to X' style source attributions",
    "events": "list[model.Event]: predicates with participants and a time anchor",
    "facts": "list[model.Fact]: time-scoped facts derived from events",
}


def register_extensions() -> None:
    """Idempotent: safe to call from every component module."""
    for name in DOC_ATTRIBUTES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
