"""What an event is beyond its predicate: typed roles, stated orderings, nominal events.

Split from ``nlp/events.py`` to keep modules small. Typed roles name how an entity takes
part beyond agent and patient: ``co-agent`` ("co-founded it alongside Demi Moore", "with
Marcus Feld"), ``organisation`` (the organisation a role or deal is about), ``charge``
("convicted of bribery"), ``venue`` ("at Port Alder District Court", "told Metro Wire in an
interview" is a quote venue, handled there) and ``place`` (a city or region). Orderings are
what the text states without a date: "resigned before his sentencing hearing", "a day
after the Ledger reported" become (``before``/``after``, the other event). Nominal events are
event nouns with a participant: "his conviction", "the acquisition of Quayside Sensors".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline.nlp.entities import ORG_NAME_ENDINGS
from dateline.nlp.lexicon import NOMINAL_EVENTS, PATIENT_FIRST, PRODUCTION
from dateline.nlp.util import paragraph_of_sentence, sentence_of_token, tokens_with_pos

__all__ = [
    "ORDER_WORDS",
    "implicit_work",
    "nominal_participants",
    "ordering_targets",
    "presence_heads",
    "typed_roles",
]

#: preposition or subordinator -> the relation of this event to the other one
ORDER_WORDS = {
    "before": "before",
    "until": "before",
    "ahead": "before",
    "prior": "before",
    "after": "after",
    "following": "after",
    "since": "after",
    "once": "after",
}
_CO_AGENT_PREPS = frozenset({"alongside", "with"})
_VENUE_PREPS = frozenset({"at", "in", "inside", "outside"})
_VENUE_LABELS = frozenset({"FAC", "ORG"})
_PLACE_LABELS = frozenset({"GPE", "LOC"})


def _pobjs(prep: Token) -> list[Token]:
    found = [c for c in prep.children if c.dep_ == "pobj"]
    for child in prep.children:  # "ahead of the vote", "prior to the merger"
        if child.dep_ == "prep":
            found += [c for c in child.children if c.dep_ == "pobj"]
    return found


def _personal(name: str, label: str | None) -> bool:
    """A person, or a full name the tagger mistyped that no organisation word ends."""
    if label == "PERSON":
        return True
    words = name.split()
    return (
        len(words) >= 2 and label != "WORK_OF_ART" and words[-1].casefold() not in ORG_NAME_ENDINGS
    )


def typed_roles(
    verb: Token,
    *,
    refs: dict[int, tuple[str, ...]],
    labels: dict[str, str],
    agents: tuple[str, ...],
    organisations: tuple[str, ...],
    charge: str | None,
) -> tuple[tuple[str, str], ...]:
    """(role, filler) pairs for the verb's own prepositional participants.

    ``refs`` maps token index to the entity names it refers to (from coreference).
    """
    roles: list[tuple[str, str]] = []
    for child in verb.children:
        if child.dep_ not in {"prep", "advmod"}:
            continue
        word = child.lower_
        for obj in _pobjs(child):
            for name in refs.get(obj.i, ()):
                label = labels.get(name)
                if word in _CO_AGENT_PREPS and _personal(name, label) and name not in agents:
                    roles.append(("co-agent", name))
                elif word in _VENUE_PREPS and label in _VENUE_LABELS:
                    roles.append(("venue", name))
                elif word in _VENUE_PREPS and label in _PLACE_LABELS:
                    roles.append(("place", name))
    roles += [("organisation", n) for n in organisations if ("venue", n) not in roles]
    if charge:
        roles.append(("charge", charge))
    return tuple(dict.fromkeys(roles))


def ordering_targets(verb: Token, timex_tokens: set[int]) -> list[tuple[str, Token]]:
    """(``before``/``after``, head token of the other event) that the text states.

    A subordinate clause ("after the club let him go") or a prepositional object that is
    not a time expression ("before his sentencing hearing"); dates are anchoring's job.
    """
    out: list[tuple[str, Token]] = []
    for child in verb.children:
        if child.dep_ == "advcl":
            marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
            relation = next((ORDER_WORDS[m] for m in marks if m in ORDER_WORDS), None)
            if relation is not None:
                out.append((relation, child))
        elif child.dep_ == "prep" and child.lower_ in ORDER_WORDS:
            for obj in _pobjs(child):
                if obj.i not in timex_tokens:
                    out.append((ORDER_WORDS[child.lower_], obj))
        elif child.dep_ == "npadvmod":  # "a day after the Ledger reported"
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in ORDER_WORDS:
                    out += [(ORDER_WORDS[prep.lower_], o) for o in _pobjs(prep)]
                    out += [
                        (ORDER_WORDS[prep.lower_], c)
                        for c in prep.children
                        if c.dep_ in {"pcomp", "advcl"}
                    ]
    return out


def nominal_participants(
    noun: Token, refs: dict[int, tuple[str, ...]]
) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """For an event noun: (predicate, agents, patients, others), or ``None`` if it is no
    event noun or names no entity ("his conviction" -> convict, patient: him)."""
    predicate = NOMINAL_EVENTS.get(noun.lemma_.lower())
    if predicate is None or noun.pos_ != "NOUN":
        return None
    owners: list[str] = []  # possessor, of-object, compound: who it is about
    others: list[str] = []
    for child in noun.children:
        if child.dep_ in {"poss", "compound", "nmod"}:
            owners += refs.get(child.i, ())
        elif child.dep_ == "prep":
            for obj in _pobjs(child):
                names = refs.get(obj.i, ())
                (owners if child.lower_ == "of" else others).extend(names)
    owners = list(dict.fromkeys(owners))
    others = [n for n in dict.fromkeys(others) if n not in owners]
    if not owners and not others:
        return None
    if predicate in PATIENT_FIRST:
        return predicate, (), tuple(owners), tuple(others)
    return predicate, tuple(owners), (), tuple(others)


def implicit_work(
    token: Token, refs: dict[int, tuple[str, ...]], labels: dict[str, str]
) -> str | None:
    """The work a production predicate with no object of its own is about: "The pair have
    been filming since April", "Filming began in March" after the show was named in the
    same or the previous paragraph (the last work named there). Further back the story has
    moved on ("he is filming abroad" is some other production)."""
    if token.pos_ == "NOUN":  # "filming", not the noun "film"
        predicate = NOMINAL_EVENTS.get(token.lemma_.lower())
    else:
        predicate = token.lemma_.lower()
    if predicate not in PRODUCTION:
        return None
    if any(c.dep_ in {"dobj", "poss", "compound"} for c in token.children):
        return None
    doc = token.doc
    sent_of, paragraph = sentence_of_token(doc), paragraph_of_sentence(doc)
    here = paragraph[sent_of[token.i]]
    for i in sorted((k for k in refs if k < token.i), reverse=True):
        if paragraph[sent_of[i]] < here - 1:
            break
        for name in refs[i]:
            if labels.get(name) == "WORK_OF_ART":
                return name
    return None


#: occasions, and the places at one where people are, that a copula puts someone at
PRESENCE_NOUNS = frozenset(
    {
        "crowd",
        "audience",
        "gallery",
        "stands",
        "ceremony",
        "funeral",
        "hearing",
        "court",
        "match",
        "game",
        "meeting",
        "premiere",
        "opening",
        "concert",
        "rally",
        "gala",
    }
)


def presence_heads(doc: Doc) -> list[Token]:
    """Copulas that put their subject at an occasion: "Vukic was in the crowd as a guest",
    "Hale was in court on Monday" report attending it (an event, unlike "was in talks" or
    "was in charge", which are states)."""
    out = []
    for tok in tokens_with_pos(doc, "AUX"):
        if tok.lemma_ != "be" or tok.dep_ in {"aux", "auxpass"}:
            continue
        if any(
            prep.dep_ == "prep"
            and prep.lower_ in {"in", "at", "among"}
            and any(o.dep_ == "pobj" and o.lemma_.lower() in PRESENCE_NOUNS for o in prep.children)
            for prep in tok.children
        ):
            out.append(tok)
    return out
