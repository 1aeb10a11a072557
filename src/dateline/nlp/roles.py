"""Roles stated by a description rather than by an event: "the former Harborview chief
executive" (a role that had ended), "where he was head coach from 2012 until 2017" (a role
held over a stated interval).

Split from ``nlp/events.py`` to keep modules small. Both readers return (person,
organisation, carrier event, token) rows; the events stage turns them into role facts.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline.model import Event, When, interval, when_for_value
from dateline.model import Span as TextSpan
from dateline.nlp.anchor import anchor_time, time_within
from dateline.nlp.entities import ORG_NAME_ENDINGS
from dateline.nlp.lexicon import ROLE_NOUNS
from dateline.nlp.util import doc_text, entity_view, sentence_of_token, tokens_with_pos

__all__ = ["former_roles", "stated_roles"]

#: prepositions that attach a role to its organisation ("head coach of/at Kestrel Rovers")
_ROLE_PREPS = frozenset({"of", "at", "for", "with"})

Row = tuple[str, str, Event, Token]


def _refs(doc: Doc) -> dict[int, tuple[str, ...]]:
    view = entity_view(doc)
    return {
        i: tuple(view.names[k] for k in keys if k in view.names)
        for i, keys in view.mention_map.items()
    }


def _is_org(name: str, labels: dict[str, str]) -> bool:
    words = name.split()
    return labels.get(name) == "ORG" or bool(words and words[-1].casefold() in ORG_NAME_ENDINGS)


def _role_noun(noun: Token) -> bool:
    """ "coach", or a title whose role word is a compound ("head coach", "chief executive")."""
    return noun.lower_ in ROLE_NOUNS or any(
        c.dep_ in {"compound", "amod"} and c.lower_ in ROLE_NOUNS for c in noun.children
    )


def former_roles(doc: Doc, labels: dict[str, str]) -> list[Row]:
    """(person, organisation, carrier, token) for "the former Harborview chief executive",
    "Brightwater's former executive director" when the description names both: the role had
    ended before the article (a vague end, used only when no dated end is known)."""
    if "former" not in doc_text(doc).lower():
        return []
    refs = _refs(doc)
    sent_of = sentence_of_token(doc)
    out: list[Row] = []
    for former in doc:
        if former.lower_ != "former" or former.dep_ != "amod":
            continue
        noun = former.head
        titled = any(c.dep_ == "compound" and c.lower_ in ROLE_NOUNS for c in noun.children)
        if noun.lower_ not in ROLE_NOUNS and not titled:
            continue  # "former manager Teodor Vukic" has the title as a compound
        orgs = [
            name
            for child in noun.subtree
            if child.i != noun.i and child.dep_ in {"compound", "poss", "nmod", "pobj"}
            for name in refs.get(child.i, ())
            if labels.get(name) == "ORG"
        ]
        people = [n for n in refs.get(noun.i, ()) if labels.get(n) != "ORG"]
        if noun.dep_ == "appos":
            people += [n for n in refs.get(noun.head.i, ()) if labels.get(n) != "ORG"]
        for child in noun.children:
            if child.dep_ == "appos" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
                people += [n for n in refs.get(child.i, ()) if labels.get(n) != "ORG"]
        people = [p for p in dict.fromkeys(people) if p not in orgs]
        if not people or not orgs:
            continue
        event = Event(
            id=f"former{former.i}",
            predicate="former",
            type="role",
            summary=doc[noun.left_edge.i : noun.right_edge.i + 1].text,
            trigger=TextSpan(former.text, former.idx, former.idx + len(former)),
            sentence_index=sent_of[former.i],
            entities=(*people, *orgs),
        )
        out += [(p, o, event, noun) for p in people for o in dict.fromkeys(orgs)]
    return out


def _role_orgs(
    noun: Token, be: Token, refs: dict[int, tuple[str, ...]], labels: dict[str, str]
) -> list[str]:
    """The organisation of a stated role: "coach of/at X", "X's coach", "the X coach", or
    the place a "where" clause describes ("Kestrel Rovers, where he was head coach")."""
    tokens = [c for c in noun.children if c.dep_ in {"poss", "compound", "nmod"}]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in _ROLE_PREPS:
            tokens += [c for c in prep.children if c.dep_ == "pobj"]
    if be.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in be.children):
        tokens.append(be.head)
    names = [n for t in tokens for n in refs.get(t.i, ())]
    return [n for n in dict.fromkeys(names) if _is_org(n, labels)]


#: prepositions that open or close the time a stated role held ("to" only after "from")
_OPENING = frozenset({"since", "from"})
_CLOSING = frozenset({"until", "till", "through"})


def _bounds(doc: Doc, be: Token, noun: Token) -> When | None:
    """ "has been chief executive since 2019" opens the role, "until 2023" closes it, and
    "from 2012 until her suspension in 2022" does both: each bound is the date inside its
    own phrase (on the verb or on the role noun, wherever the parser hung it), not the date
    nearest the verb; "until she was suspended in 2022" closes it with a clause."""
    phrases = [c for head in (be, noun) for c in head.children if c.i != noun.i]
    words = {c.lower_ for c in phrases if c.dep_ == "prep"}
    closing = _CLOSING | ({"to"} if "from" in words else set())
    start = end = None
    for phrase in phrases:
        word = phrase.lower_
        if phrase.dep_ == "advcl":  # "until she was suspended in 2022"
            mark = next((m for m in phrase.children if m.dep_ == "mark"), None)
            word = mark.lower_ if mark is not None else ""
        elif phrase.dep_ != "prep":
            continue
        if word not in _OPENING | closing:
            continue
        when = time_within(doc, phrase.left_edge.i, phrase.right_edge.i + 1)
        if word in _OPENING:
            start = start or when
            # "from 2010 to 2015" with "to" hung on "from"
            for inner in phrase.children:
                if inner.dep_ == "prep" and inner.lower_ in _CLOSING | {"to"}:
                    end = end or time_within(doc, inner.left_edge.i, inner.right_edge.i + 1)
        else:
            end = end or when
    if start is None and end is None:
        return None
    return interval(_side(start, first=True), _side(end, first=False))


def _side(when: When | None, *, first: bool) -> When | None:
    """One end of a range the tagger read whole ("from 2010 to 2015" found from either end)."""
    if when is None or not when.is_interval:
        return when
    value = when.start_value if first else when.end_value
    return when_for_value(value) if value else None


def stated_roles(doc: Doc, labels: dict[str, str]) -> list[Row]:
    """(person, organisation, carrier, token) for a role a copula states over an interval
    in its own clause: "where he was head coach from 2012 until 2017" (the carrier's time is
    the interval; "since 2019" opens it, "until 2023" closes it); the organisation is "" when
    the phrase names none. A role stated without such an interval ("she is the company's
    chair", "was chair in 2019") says nothing about when it began or ended and gives no
    row."""
    nouns = [
        n
        for n in tokens_with_pos(doc, "NOUN", "PROPN")
        if n.dep_ == "attr" and n.head.lemma_ == "be" and _role_noun(n)
    ]
    if not nouns:
        return []
    # "was finance director from 2005 and chief executive from 2010 to 2015": each role
    # noun of the coordination with its own bounds
    nouns += [c for n in nouns for c in n.conjuncts if c.i > n.i and _role_noun(c)]
    refs = _refs(doc)
    sent_of = sentence_of_token(doc)
    out: list[Row] = []
    for noun in nouns:
        attr = noun
        while attr.dep_ == "conj" and attr.head is not attr:
            attr = attr.head
        be = attr.head
        if any(c.dep_ == "neg" for c in be.children):
            continue
        head = be
        while head.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in head.children):
            head = head.head  # "joined the council in 2009 and was finance director ..."
        subjects = [c for c in head.children if c.dep_ == "nsubj"]
        if be.dep_ == "relcl" and any(s.lower_ in {"who", "that"} for s in subjects):
            subjects = [be.head]  # "Okafor, who has been chief executive since 2019, ..."
        people = [
            n
            for s in subjects
            for t in [s, *s.conjuncts]
            for n in refs.get(t.i, ())
            if not _is_org(n, labels) and labels.get(n) != "WORK_OF_ART"
        ]
        # no organisation in the phrase ("was finance director from 2012"): "" for the one
        # the person's last role event named, which the fact stage knows
        orgs = [
            o
            for o in _role_orgs(noun, be, refs, labels) or _role_orgs(attr, be, refs, labels)
            if o not in people
        ] or [""]
        if not people:
            continue
        when = anchor_time(doc, be) if attr is noun else None
        if when is None or when.basis != "timex" or not when.is_interval:
            # a range in the clause ("from 2012 to 2017") is the interval; else each bound
            # in its own phrase; "was chief executive in 2019" says only that it held then
            when = _bounds(doc, be, noun)
            if when is None:
                continue
        clause = doc[be.left_edge.i : be.right_edge.i + 1]
        event = Event(
            id=f"state{be.i}" if attr is noun else f"state{noun.i}",
            predicate="be",
            type="role",
            summary=" ".join(clause.text.split()),
            trigger=TextSpan(noun.text, noun.idx, noun.idx + len(noun)),
            sentence_index=sent_of[be.i],
            entities=(*people, *orgs),
            when=when,
        )
        out += [(p, o, event, noun) for p in dict.fromkeys(people) for o in orgs]
    return out
