"""Which canonical entity an in-document entity is: deliberately conservative rules.

A wrong merge puts one person's events on another's timeline, which is worse than a
split that a later merge step can repair, so only unambiguous evidence links entities:

1. the normalised name equals a canonical entity's normalised name (whatever its label:
   normalised names are unique in the store);
2. a single-token PERSON name ("Kutcher") equals the last name token of exactly one
   multi-token PERSON entity ("Ashton Kutcher"); if it matches several, it is ambiguous
   and rule 3 is not tried either;
3. the normalised name equals an alias of exactly one entity with the same label (any
   number of tokens), so "Washington" the place never joins "George Washington";
4. otherwise the entity is new.

Known limitation: when "Kutcher" arrives first and "Ashton Kutcher" later, the full name
becomes a second entity; merging the two is left to a later, explicit step. The database
work (finding candidates, inserting) is the backend's; this module only decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateline.model import Entity

__all__ = ["PERSON", "Canonical", "last_token", "normalise_name", "resolve_entity"]

PERSON = "PERSON"

_POSSESSIVE = re.compile(r"(?:'s|')$")
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def normalise_name(name: str) -> str:
    """Casefolded, spaces collapsed, possessive and a leading "the " removed.

    "The  New York Times's" and "new york times" are the same key.
    """
    text = " ".join(name.casefold().replace("\u2019", "'").split())
    text = _POSSESSIVE.sub("", text).rstrip()
    if text.startswith("the "):
        text = text[4:].lstrip()
    return text


def last_token(name_norm: str) -> str:
    """The family-name token of a normalised name, skipping "jr." style suffixes."""
    tokens = name_norm.split()
    while len(tokens) > 1 and tokens[-1].rstrip(",") in _NAME_SUFFIXES:
        tokens.pop()
    return tokens[-1].rstrip(",") if tokens else ""


@dataclass(frozen=True, slots=True)
class Canonical:
    """A stored entity as far as resolution needs it.

    ``alias_norms`` may hold only the aliases relevant to the lookup at hand.
    """

    id: int
    name_norm: str
    label: str
    alias_norms: frozenset[str] = field(default_factory=frozenset)


def resolve_entity(entity: Entity, candidates: Iterable[Canonical]) -> int | None:
    """The id of the canonical entity ``entity`` is, or ``None`` for a new one.

    ``candidates`` must include every stored entity that could match by any rule (same
    normalised name, same last token, or holding the name as an alias); extra ones are
    harmless.
    """
    norm = normalise_name(entity.name)
    if not norm:
        return None
    pool = list(candidates)
    for cand in pool:
        if cand.name_norm == norm:
            return cand.id
    if entity.label == PERSON and " " not in norm:
        by_last = {
            c.id
            for c in pool
            if c.label == PERSON and " " in c.name_norm and last_token(c.name_norm) == norm
        }
        if len(by_last) == 1:
            return by_last.pop()
        if by_last:
            return None
    by_alias = {c.id for c in pool if c.label == entity.label and norm in c.alias_norms}
    if len(by_alias) == 1:
        return by_alias.pop()
    return None
