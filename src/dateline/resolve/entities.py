"""Which canonical entity an in-document entity is: deliberately conservative rules.

A wrong merge puts one person's events on another's timeline, which is worse than a
split that a later merge step can repair, so only unambiguous evidence links entities:

1. the normalised name equals a canonical entity's normalised name (whatever its label:
   normalised names are unique in the store);
2. a single-token PERSON name ("Kutcher") equals the last name token of exactly one
   multi-token PERSON entity ("Ashton Kutcher"); if it matches several, it is ambiguous
   and rule 3 is not tried either;
3. the normalised name equals an alias of exactly one entity with the same label (any
   number of tokens), or is the surname of that one person whatever its label
   (``alias_joins``: taggers often call a surname a place);
4. otherwise the entity is new.

When "Kutcher" arrives first and "Ashton Kutcher" later, ``upgrade_target`` lets the backend
turn the surname-only entity into the full name (when exactly one such person exists and no
other full name shares the surname), so the result does not depend on which came first.
Titles ("Councillor Dana Whitlock", "Actors Noah Brandt") are not part of a person's name
(``person_name``); the display name and type of an entity are chosen by rules that do not
depend on arrival order (``better_name``, ``winning_label``). The database work (finding
candidates, inserting) is the backend's; this module only decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from dateline.model import Entity
from dateline.resolve.titles import NAME_TITLES

__all__ = [
    "PERSON",
    "TITLES",
    "Canonical",
    "alias_joins",
    "better_name",
    "last_token",
    "normalise_name",
    "person_name",
    "resolution_name",
    "resolve_entity",
    "upgrade_target",
    "winning_label",
]

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


#: words before a person's name that are titles or descriptions, not part of the name: the
#: shared list, and descriptions that say nothing about being a person ("the late X")
TITLES = NAME_TITLES | frozenset({"former", "late"})


def person_name(name: str) -> str:
    """A person's name without leading titles ("Councillor Dana Whitlock" -> "Dana Whitlock").

    At least one token is always kept ("Mr. Jobs" -> "Jobs").
    """
    tokens = name.split()
    while len(tokens) > 1 and tokens[0].casefold() in TITLES:
        tokens.pop(0)
    return " ".join(tokens)


def resolution_name(entity: Entity) -> str:
    """The name an in-document entity is resolved by: a person's without titles."""
    return person_name(entity.name) if entity.label == PERSON else entity.name


def better_name(current: str, candidate: str) -> str:
    """Of two spellings of one normalised name, the one to display, whatever came first.

    A capitalised form beats a lower-case one ("The Lantern Keepers" over "the Lantern
    Keepers"), then the longer, then the alphabetically first.
    """

    def rank(name: str) -> tuple[bool, int, str]:
        return (name[:1].isupper(), len(name), "".join(chr(0x10FFFF - ord(c)) for c in name))

    return max(current, candidate, key=rank)


def winning_label(counts: dict[str, int]) -> str:
    """The type most mentions gave an entity (ties: PERSON, then alphabetical)."""
    return max(sorted(counts), key=lambda label: (counts[label], label == PERSON))


def upgrade_target(norm: str, label: str, candidates: Iterable[Canonical]) -> int | None:
    """A surname-only person entity that a newly seen full name should become, if unambiguous.

    ``candidates`` are stored entities named by the last token of ``norm`` or sharing it as
    their last token. Only when exactly one single-token PERSON entity is that surname and no
    other full name ends with it.
    """
    if label != PERSON or " " not in norm:
        return None
    last = last_token(norm)
    pool = list(candidates)
    short = {c.id for c in pool if c.label == PERSON and c.name_norm == last}
    others = {c.id for c in pool if " " in c.name_norm and last_token(c.name_norm) == last}
    if len(short) == 1 and not others:
        return short.pop()
    return None


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
    name: str = ""  # the display name, when the caller has it


def alias_joins(norm: str, label: str, owner: Canonical) -> bool:
    """Whether a name that is ``owner``'s alias denotes ``owner``: same type, or the surname
    of a person or the leading words of an organisation's name whatever type the tagger gave
    it ("Marin" tagged as a place in one article, "Harborview" as a person)."""
    if label == owner.label:
        return True
    if owner.label == PERSON:
        return norm == last_token(owner.name_norm)
    # "Harborview" for "Harborview Robotics", whatever the tagger called the short form
    return owner.label == "ORG" and owner.name_norm.startswith(norm + " ")


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
    by_alias = {c.id for c in pool if norm in c.alias_norms and alias_joins(norm, entity.label, c)}
    if len(by_alias) == 1:
        return by_alias.pop()
    return None
