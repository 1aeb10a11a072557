"""Predicate lexicon: lemmas to a compact news event type system, and role-changing verbs.

Types are coarse on purpose (legal, role, business, personal, media, politics, conflict,
disaster, statement); unmapped predicates keep their lemma as type. See docs/architecture.md.
"""

from __future__ import annotations

__all__ = [
    "EVENT_TYPES",
    "LEGAL_RELATIONS",
    "LIGHT_VERBS",
    "ROLE_END",
    "ROLE_START",
    "event_type",
]

EVENT_TYPES: dict[str, str] = {}
for _type, _lemmas in {
    "legal": "convict charge sentence arrest acquit sue accuse try indict plead jail fine "
    "settle testify appeal allege investigate prosecute",
    "role": "found co-found cofound establish appoint name hire elect resign step_down leave "
    "quit retire fire oust join depart succeed promote dismiss sack step_aside",
    "business": "acquire merge buy sell launch invest raise list close open expand cut "
    "lay_off partner sign announce release ship",
    "personal": "marry divorce die bear wed engage separate date split",
    "media": "interview publish air premiere act star film broadcast report write direct "
    "produce perform record",
    "statement": "say tell claim state add deny admit confirm praise call criticize apologize",
    "politics": "vote campaign win lose govern veto pass legislate",
    "conflict": "attack kill strike invade bomb protest clash",
    "disaster": "flood burn collapse crash erupt",
}.items():
    for _lemma in _lemmas.split():
        EVENT_TYPES.setdefault(_lemma.replace("_", " "), _type)

#: verbs whose object noun is the real predicate ("did an interview" -> interview)
LIGHT_VERBS = frozenset({"do", "have", "give", "make", "hold", "take", "conduct", "grant"})

#: predicate -> relation of the role it opens
ROLE_START: dict[str, str] = {
    "found": "founder of",
    "co-found": "founder of",
    "cofound": "founder of",
    "establish": "founder of",
    "create": "founder of",
    "join": "member of",
    "appoint": "role at",
    "name": "role at",
    "hire": "employee of",
    "elect": "role at",
    "promote": "role at",
    "become": "role at",
}
#: predicates that end a role
ROLE_END = frozenset(
    {
        "step down",
        "resign",
        "leave",
        "quit",
        "retire",
        "fire",
        "oust",
        "depart",
        "exit",
        "dismiss",
        "sack",
        "step aside",
        "lay off",
    }
)
#: legal predicates -> (relation, prepositions introducing the charge)
LEGAL_RELATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "convict": ("convicted of", ("of", "for", "on")),
    "charge": ("charged with", ("with",)),
    "acquit": ("acquitted of", ("of",)),
    "indict": ("indicted on", ("on", "for")),
    "sentence": ("sentenced to", ("to",)),
    "arrest": ("arrested for", ("for", "on")),
}


def event_type(predicate: str) -> str:
    """The event type of a predicate lemma, or the lemma itself when unmapped."""
    return EVENT_TYPES.get(predicate, predicate)
