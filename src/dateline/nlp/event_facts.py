"""Facts from an article's events: role intervals, legal statuses, partnerships.

Split from ``nlp/events.py``, which reads the events: this module pairs the events that open
an interval with those that close it, within the article. Across articles that is the query
layer's work (``query/facts.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from spacy.tokens import Doc, Token

from dateline.model import Event, Fact, Provenance, When, when_for_value
from dateline.nlp.anchor import reported_would
from dateline.nlp.entities import ORG_NAME_ENDINGS
from dateline.nlp.lexicon import (
    LEADING,
    PARTNER_END,
    PARTNER_START,
    ROLE_END,
    ROLE_NOUNS,
    ROLE_START,
    SUCCESSION,
)
from dateline.nlp.roles import former_roles, stated_roles
from dateline.nlp.util import paragraph_of_sentence, sentences, trimmed_bounds

__all__ = ["PARTNERSHIPS", "Draft", "facts_of"]


@dataclass(frozen=True)
class Draft:
    """An event with what the fact stage needs beyond it."""

    event: Event
    verb: Token
    objects: tuple[str, ...]  # organisations among the non-agent participants
    charge: str | None
    legal: str | None  # the legal relation ("convicted of") when the verb is a legal one


#: relations between two people (symmetric: the two names in alphabetical order)
PARTNERSHIPS = frozenset(PARTNER_START.values())


#: what one becomes that is a post at an organisation ("became its chief executive")
_POSTS = ROLE_NOUNS | frozenset(
    {"partner", "governor", "treasurer", "officer", "commissioner", "leader", "adviser"}
    | {"advisor", "ambassador", "spokesman", "spokeswoman", "spokesperson", "principal"}
    | {"cfo", "coo", "cto", "cio", "counsel", "employee", "deputy", "vice", "manager"}
    | {"editor", "producer", "superintendent", "dean", "provost"}
)


def _post_free(name: str) -> str:
    """An organisation's name without a post the model took into it: "CFO" is none, "CFO of
    Acme Corp" is Acme Corp."""
    words = name.split()
    if words and words[0].casefold() in _POSTS:
        if len(words) > 2 and words[1] == "of":
            return " ".join(words[2:])
        if len(words) == 1:
            return ""
    return name


def _opens_role(draft: Draft) -> bool:
    """ "became a part of its Physical Electronics Division" and "joined Sun Co in raising
    prices" name an organisation but hold no post there: "become" needs a post for its
    complement, and joining others in doing something is not joining them."""
    verb, predicate = draft.verb, draft.event.predicate
    if draft.event.form != "verbal":
        return True
    if predicate == "become":
        return any(
            t.lower_ in _POSTS or t.lemma_.lower() in _POSTS  # "became directors of"
            for c in verb.children
            if c.dep_ in {"attr", "oprd", "acomp"}
            for t in c.subtree
        )
    if predicate in {"join", "rejoin"}:
        return not any(
            c.dep_ == "prep"
            and c.lower_ == "in"
            and any(g.dep_ == "pcomp" and g.tag_ == "VBG" for g in c.children)
            for c in verb.children
        )
    return True


def _told_as_event(draft: Draft) -> bool:
    """ "Brandt and Marin, now married, reprised their roles": a participle describing its
    noun tells a state, not when the marriage began; a verb with its own subject (or sharing
    one: "met in 2018 and married in 2020") or a noun ("their wedding") tells the event."""
    verb = draft.verb
    if draft.event.form != "verbal" or verb.dep_ == "conj":
        return True
    return any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)


def _partners(event: Event, labels: dict[str, str]) -> tuple[str, str] | None:
    """The two people of a marriage or a divorce ("Marsh married the painter David Kerr",
    "the couple divorced"), or ``None`` when the event does not name exactly two."""
    people = [n for n in (*event.agents, *event.patients) if _personlike(n, labels)]
    if len(set(people)) < 2:
        people += [n for n in event.entities if _personlike(n, labels)]
    named = list(dict.fromkeys(people))
    if len(named) != 2:
        return None
    first, second = sorted(named)
    return first, second


#: role verbs whose doer is the organisation and whose object the person
_ORG_ACTS = frozenset(
    {"appoint", "name", "hire", "elect", "promote", "fire", "sack", "dismiss", "oust", "lay off"}
)


#: words that make a name an institution's, wherever they stand ("Conservation Service")
_INSTITUTION_WORDS = frozenset(
    {
        "service",
        "services",
        "savings",
        "exchange",
        "board",
        "authority",
        "administration",
        "office",
        "bureau",
        "bancorp",
        "financial",
        "securities",
        "insurance",
        "airways",
        "railways",
        "railroad",
        "federation",
        "league",
        "alliance",
        "organization",
        "organisation",
        "treasury",
        "government",
        "parliament",
        "senate",
        "congress",
        "force",
        "monthly",
        "weekly",
        "journal",
    }
)


def _personlike(name: str, labels: dict[str, str]) -> bool:
    """Whether a participant can be a person: tagged one, or a name shaped like one that the
    tagger called an organisation ("Marcus Feld"): two or three capitalised words or
    initials. A name with an institution word is never one, whatever its tag ("Conservation
    Service", "Swiss Bank Corporation International"); nor are places, or "Bank of
    America", "Incentive AB"."""
    label = labels.get(name)
    words = name.split()
    if any(w.casefold() in _INSTITUTION_WORDS or w.casefold() in ORG_NAME_ENDINGS for w in words):
        return False  # "Swiss Bank Corporation International", tagged a person or not
    if label == "PERSON":
        return True
    return (
        label in {"ORG", "NORP", "PRODUCT", None}
        and 2 <= len(words) <= 3
        and not _org_named(name)
        and not any(w.casefold() in _INSTITUTION_WORDS for w in words)
        and all(
            (w[:1].isupper() and (w[1:].islower() or w[1:] == ".")) and w[:1].isalpha()
            for w in words
        )
    )


def _org_named(name: str) -> bool:
    return name.split()[-1].casefold() in ORG_NAME_ENDINGS if name.split() else False


def _role_parties(draft: Draft, labels: dict[str, str]) -> tuple[list[str], tuple[str, ...]]:
    """(people, organisations) of a role event, read from the syntax first: the tagger's
    types are often wrong for names ("Marcus Feld" as an organisation), the grammar is not.

    "The club appointed / fired Vukic": the doer is the organisation, the object the
    person. "Feld stepped down as chair of Brightwater", "Okafor co-founded Harborview":
    the doer is the person, the organisation is an object or in a prepositional phrase.
    """
    event = draft.event

    def person(name: str) -> bool:
        return _personlike(name, labels)

    def organisation(name: str) -> bool:
        return labels.get(name) != "PERSON" or _org_named(name)

    if event.predicate in _ORG_ACTS and event.agents:
        others = [n for n in event.entities if n not in event.agents]
        people = [n for n in others if person(n) and not _org_named(n)]
        orgs = [n for n in event.agents if organisation(n)]
        orgs += [n for n in draft.objects if n not in people and n not in orgs]
        return people, tuple(orgs)
    doers = list(event.agents or event.patients)
    people = [n for n in doers if person(n)]
    return people, tuple(n for n in draft.objects if n not in people)


def _successions(
    drafts: list[Draft],
    labels: dict[str, str],
    parties: dict[str, tuple[list[str], tuple[str, ...]]],
) -> list[tuple[list[str], list[str], tuple[str, ...], Draft]]:
    """(successors, predecessors, organisations, event) for "Achterberg replaces Owen Pryce",
    "Okafor succeeded Feld as chief executive of Harborview": the organisation is the one
    the event names, else the one the successor's role events name in the article."""
    out = []
    for draft in drafts:
        event = draft.event
        if event.predicate not in SUCCESSION or event.polarity == "negative":
            continue
        if event.modality in {"hypothetical", "wished", "denied"}:
            continue
        agents = event.agents
        if not agents and draft.verb.dep_ in {"advcl", "conj", "xcomp"}:
            # "became chief executive in 2020, succeeding Gordon Shaw": the head's doer
            head = next((d for d in drafts if d.verb.i == draft.verb.head.i), None)
            agents = head.event.agents if head is not None else ()
        successors = [n for n in agents if _personlike(n, labels)]
        predecessors = [n for n in event.patients if _personlike(n, labels)]
        if not successors or not predecessors:
            continue
        orgs = tuple(n for n in draft.objects if not _personlike(n, labels))
        if not orgs:
            orgs = tuple(
                dict.fromkeys(
                    org
                    for people, named in parties.values()
                    if set(people) & set(successors)
                    for org in named
                )
            )
        if orgs:
            out.append((successors, predecessors, orgs, draft))
    return out


def _implicit_org(
    draft: Draft,
    people: list[str],
    drafts: list[Draft],
    parties: dict[str, tuple[list[str], tuple[str, ...]]],
) -> tuple[str, ...]:
    """ "Hale resigned from the city council on Friday ... He had first been elected in
    2014": a role event that names no organisation is about the one the last role event of
    the same person named, in the same or the previous paragraph."""
    if not people:
        return ()
    paragraph = paragraph_of_sentence(draft.verb.doc)
    here = paragraph[draft.event.sentence_index]
    earlier = [
        d
        for d in drafts
        if d.event.id in parties
        and d.verb.i < draft.verb.i
        and here - 1 <= paragraph[d.event.sentence_index] <= here
        and parties[d.event.id][1]
        and set(parties[d.event.id][0]) & set(people)
    ]
    if not earlier:
        return ()
    return parties[max(earlier, key=lambda d: d.verb.i).event.id][1]


def facts_of(doc: Doc, drafts: list[Draft], labels: dict[str, str]) -> list[Fact]:
    """The facts an article's events imply: role intervals opened and closed by events (in
    any order in the text), legal statuses, roles stated by descriptions; one fact per
    (subject, relation, object), with every sentence that states it as provenance."""
    article_id: str = doc._.article_id or ""
    published: datetime | None = doc._.dct
    if published is None:
        return []
    sents = sentences(doc)
    raw: list[tuple[str, str, str, When | None, When | None, Draft]] = []
    starts: list[tuple[str, str, str, Draft]] = []
    ends: list[tuple[str, str, str, Draft]] = []  # (person, organisation, relation, event)
    parties = {
        d.event.id: _role_parties(d, labels)
        for d in drafts
        if d.event.predicate in ROLE_START.keys() | ROLE_END
    }
    # roles a copula states ("has been chief executive of Lumen Rail since 2019") can lend
    # their organisation to a role event that names none ("... will step down in June")
    stated_rows = stated_roles(doc, labels)
    known = list(drafts)
    for person, org, carrier, token in stated_rows:
        if org:
            people_before, orgs_before = parties.get(carrier.id, ([], ()))
            parties[carrier.id] = (
                list(dict.fromkeys([*people_before, person])),
                tuple(dict.fromkeys([*orgs_before, org])),
            )
            known.append(Draft(carrier, token, (org,), None, None))
    successions = _successions(drafts, labels, parties)
    for _, predecessors, orgs, draft in successions:
        parties[draft.event.id] = (predecessors, orgs)  # "..., who was dismissed last month"
    for draft in drafts:
        event = draft.event
        if event.polarity == "negative" or event.modality in {"hypothetical", "wished", "denied"}:
            continue
        people = [n for n in (*event.agents, *event.patients) if labels.get(n) == "PERSON"]
        if event.id in parties:
            people, orgs = parties[event.id]
            orgs = tuple(dict.fromkeys(o for o in map(_post_free, orgs) if o))
            if not orgs and event.predicate not in LEADING:  # "led the protest": no role
                orgs = _implicit_org(draft, people, known, parties)
            draft = replace(draft, objects=orgs)
        if event.predicate in ROLE_START and draft.objects and _opens_role(draft):
            relation = ROLE_START[event.predicate]
            cofounders = [
                n
                for n in [
                    *(n for n in event.entities if labels.get(n) == "PERSON"),
                    *(n for role, n in event.roles if role == "co-agent"),
                ]
                if n not in people and n not in draft.objects and relation == "founder of"
            ]
            cofounders = list(dict.fromkeys(cofounders))
            for person in [*people, *cofounders]:
                for org in draft.objects:
                    starts.append((person, relation, org, draft))
        elif event.predicate in ROLE_END and draft.objects:
            if event.when is None and reported_would(draft.verb):
                continue  # "said in January she would step down": when, the text does not say
            for person in people:
                for org in draft.objects:
                    ends.append((person, org, "role at", draft))
        elif event.predicate in PARTNER_START.keys() | PARTNER_END:
            pair = _partners(event, labels) if _told_as_event(draft) else None
            if pair is not None and event.predicate in PARTNER_START:
                starts.append((pair[0], PARTNER_START[event.predicate], pair[1], draft))
            elif pair is not None:
                ends.append((pair[0], pair[1], "married to", draft))
        elif draft.charge and draft.legal:
            for person in event.patients or event.agents:
                if labels.get(person) == "PERSON":
                    raw.append((person, draft.legal, draft.charge, event.when, None, draft))
    for successors, predecessors, orgs, draft in successions:
        # the one replaced leaves the organisation the successor's role is at; the successor
        # starts there, if nothing else in the article says when
        for org in orgs:
            ends += [(p, org, "role at", draft) for p in predecessors]
            starts += [
                (s, "role at", org, draft)
                for s in successors
                if not any(p == s and o == org for p, _, o, _ in starts)
            ]
    for person, org, carrier, token in former_roles(doc, labels):
        ends.append((person, org, "role at", Draft(carrier, token, (org,), None, None)))
    # an end the text gives no date for still happened before the article
    before_article = when_for_value("PAST_REF", dct=published.date(), basis="article")

    def end_time(draft: Draft) -> When:
        return draft.event.when or before_article

    closed: list[tuple[str, str, str, When | None, When | None, Draft]] = []
    for person, org, carrier, token in stated_rows:  # "was coach from X to Y", "since X"
        held = carrier.when
        start = when_for_value(held.start_value) if held and held.start_value else None
        end = when_for_value(held.end_value) if held and held.end_value else None
        stated = Draft(replace(carrier, when=start), token, (org,), None, None)
        for named in (org,) if org else _implicit_org(stated, [person], known, parties):
            if start is not None and end is None:  # open: an end event may close it
                starts.append((person, "role at", named, replace(stated, objects=(named,))))
            else:  # after the event roles, as before: a merged fact keeps their start first
                closed.append(
                    (person, "role at", named, start, end, replace(stated, objects=(named,)))
                )
    # pair each role start with the first end after it, for the same person and organisation
    used: set[int] = set()
    # events first, then roles a copula states ("has been director of programmes since 2019"):
    # an event's start is the one a merged fact keeps (the role the article reports)
    for person, relation, org, draft in sorted(
        starts, key=lambda s: (s[3].event.predicate == "be", _key(s[3].event.when))
    ):
        candidates = [
            index
            for index, (p, o, ended, _) in enumerate(ends)
            if index not in used
            and p == person
            and o == org
            and (ended in PARTNERSHIPS) == (relation in PARTNERSHIPS)
        ]
        after = [i for i in candidates if _not_before(end_time(ends[i][3]), draft.event.when)]
        # a marriage ends with the divorce when the article has one, not the separation
        closing = min(
            after,
            key=lambda i: (ends[i][3].event.predicate == "separate", _key(end_time(ends[i][3]))),
            default=None,
        )
        end_when = None
        if closing is not None:
            used.add(closing)
            end_when = end_time(ends[closing][3])
        raw.append((person, relation, org, draft.event.when, end_when, draft))
    for index, (person, org, ended, draft) in enumerate(ends):
        if index not in used:
            raw.append((person, ended, org, None, end_time(draft), draft))
    raw += closed
    # one fact per (subject, relation, object) and tenure: "was chief executive from 2012
    # until 2022 ... will become chair in March" is two spells, never one from 2024 to 2022
    merged: dict[tuple[str, str, str], list[Fact]] = {}
    count = 0
    for subject, relation, obj, start, end, draft in raw:
        s_start, s_end = trimmed_bounds(sents[draft.event.sentence_index])
        prov = Provenance(article_id, draft.event.sentence_index, s_start, s_end)
        spells = merged.setdefault((subject, relation, obj), [])
        fact = Fact(
            id=f"f{count + 1}",
            subject=subject,
            relation=relation,
            object=obj,
            provenance=(prov,),
            published_at=published,
            valid_from=start,
            valid_to=end,
            sources=draft.event.sources,
        )
        same = next((i for i, p in enumerate(spells) if not _disjoint(p, fact)), None)
        if same is None:
            spells.append(fact)
            count += 1
            continue
        previous = spells[same]
        # a role a copula states ("director of programmes since 2019") does not move the
        # start of the role an event reported ("named her executive director on Friday")
        kept = previous.valid_from if draft.event.predicate == "be" else None
        spells[same] = replace(
            previous,
            provenance=(*previous.provenance, prov),
            valid_from=kept or _better(previous.valid_from, start),
            valid_to=_better(previous.valid_to, end),
            sources=tuple(dict.fromkeys((*previous.sources, *fact.sources))),
        )
    return [fact for spells in merged.values() for fact in spells]


def _disjoint(a: Fact, b: Fact) -> bool:
    """Whether one fact ended before the other began: two spells, not one interval."""
    return any(
        first.valid_to is not None
        and first.valid_to.end is not None
        and second.valid_from is not None
        and second.valid_from.start is not None
        and first.valid_to.end < second.valid_from.start
        for first, second in ((a, b), (b, a))
    )


def _key(when: When | None) -> tuple[int, int]:
    """Order of times; unknown times last, as in timelines."""
    return when.sort_key() if when is not None else (date.max.toordinal(), 0)


def _not_before(end: When, start: When | None) -> bool:
    """Whether an end can close an interval opened at ``start`` (unknown bounds allow it)."""
    if start is None or start.start is None or end.end is None:
        return True
    return end.end >= start.start


def _better(a: When | None, b: When | None) -> When | None:
    """The more informative of two times: a calendar range beats a vague reference."""
    if a is None or b is None:
        return a or b

    def score(w: When) -> int:
        return (w.start is not None) + (w.end is not None) + (w.basis == "timex")

    return a if score(a) >= score(b) else b
