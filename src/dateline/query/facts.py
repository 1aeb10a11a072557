"""Facts across articles: per-article claims combined into intervals when a query asks.

Each article's facts are stored as that article stated them, with three times: when the
fact held (``valid_from``/``valid_to``), when the article was published and when dateline
recorded it. The combined account is derived here, from the *set* of claims, never by
updating stored rows. That is what makes it independent of ingest order: an old article
ingested last opens or closes intervals exactly as if it had come first.

Rules, per subject and object:

- Starts of one relation from several articles are one start when their ranges overlap
  ("2021-03" and "2021-03-04": the narrower is kept). For a one-time relation (founder of,
  legal status) ranges that cannot both be true (2009 vs 2010) are a disagreement: the value
  with most articles behind it is shown, the others are kept with their sources. A role can
  be held twice or in two capacities, so its separate starts are separate spells.
- A marriage is a role of two people: ``married to`` reads the same both ways, so its
  claims are compared with their two names in alphabetical order.
- Ends ("stepped down", "left", "the former ...") are grouped the same way and taken in
  time order; each closes the open role that started last before it. An end that closes
  nothing is a role of its own with an open start ("left the board in 2022").
- Vague ends (``PAST_REF``: "stepped down", no date, before the article) close a role only
  when no dated end does, keeping the tightest bound; with nothing else known of the role,
  they are a role of their own that ended before the article.
- ``known_on`` drops claims published after that day before anything is combined, so the
  answer is what a reader could have known then; ``as_of`` keeps the facts holding on a day.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dateline.io.codec import to_json
from dateline.model import When, interval
from dateline.nlp.lexicon import PARTNER_START, ROLE_START
from dateline.resolve.entities import normalise_name
from dateline.store.base import Disagreement, ItemMention, TimelineItem

__all__ = [
    "ONE_TIME_RELATIONS",
    "ROLE_RELATIONS",
    "SYMMETRIC_RELATIONS",
    "Claim",
    "claim_of",
    "combine_facts",
    "compatible",
    "fact_interval",
    "holds_on",
    "interval_holds",
    "narrowest",
]

#: relations that hold over an interval an ending event closes (a role, a marriage)
ROLE_RELATIONS = frozenset({*ROLE_START.values(), "role at", *PARTNER_START.values()})
#: relations between two people that read the same both ways: claimed in name order
SYMMETRIC_RELATIONS = frozenset(PARTNER_START.values())
#: relations that start once: different start dates for them are a conflict, not two spells
ONE_TIME_RELATIONS = frozenset({"founder of"})


@dataclass(frozen=True, slots=True)
class Claim:
    """One stored fact item with its canonical subject and object."""

    item: TimelineItem
    subject: str
    relation: str
    object: str

    @property
    def start(self) -> When | None:
        return _when(self.item.payload.get("valid_from"))

    @property
    def end(self) -> When | None:
        return _when(self.item.payload.get("valid_to"))


def _when(data: Any) -> When | None:
    if not isinstance(data, dict):
        return None
    from dateline.io.codec import when_from_json

    return when_from_json(data)


def claim_of(item: TimelineItem) -> Claim:
    """The claim a fact item makes, named by canonical entities where it has them."""
    payload = item.payload
    subject = item.entities[0] if item.entities else str(payload.get("subject", ""))
    obj = item.entities[1] if len(item.entities) > 1 else str(payload.get("object", ""))
    if item.type in SYMMETRIC_RELATIONS and obj < subject:
        # one article's "Kerr married to Marsh" is another's "Marsh married to Kerr" once
        # their names resolve to canonical ones
        subject, obj = obj, subject
    return Claim(item, subject, item.type, obj)


def compatible(a: When, b: When) -> bool:
    """Whether two times can describe the same moment: their day ranges overlap."""
    a_start, a_end = a.start or date.min, a.end or date.max
    b_start, b_end = b.start or date.min, b.end or date.max
    return a_start <= b_end and b_start <= a_end


def _width(when: When) -> int:
    if when.start is None or when.end is None:
        return 10**7
    return when.end.toordinal() - when.start.toordinal()


def narrowest(whens: Iterable[When]) -> When:
    """The most precise of compatible times (ties: the earliest value, for determinism)."""
    return min(whens, key=lambda w: (_width(w), w.start or date.min, w.value or ""))


def _order(claim: Claim) -> tuple[Any, ...]:
    return (claim.item.published_at, claim.item.id)


def _group_times(
    claims: Sequence[tuple[When, Claim]],
) -> list[list[tuple[When, Claim]]]:
    """Times that overlap a group's narrowest time join it (single pass, in a fixed order)."""
    groups: list[list[tuple[When, Claim]]] = []
    ordered = sorted(claims, key=lambda wc: (_width(wc[0]), wc[0].sort_key(), _order(wc[1])))
    for when, claim in ordered:
        for group in groups:
            if compatible(group[0][0], when):
                group.append((when, claim))
                break
        else:
            groups.append([(when, claim)])
    return groups


def _support(group: Sequence[tuple[When, Claim]]) -> int:
    return len({c.item.provenance.article_id for _, c in group})


def _label(when: When) -> str:
    if when.is_interval:
        return f"{when.start_value or '…'}/{when.end_value or '…'}"
    return when.value or "?"


def _disagreement(attribute: str, groups: Sequence[Sequence[tuple[When, Claim]]]) -> Disagreement:
    return Disagreement(
        attribute=attribute,
        values=tuple(
            (
                _label(narrowest(w for w, _ in group)),
                tuple(sorted({c.item.id for _, c in group})),
                tuple(dict.fromkeys(s for _, c in group for s in c.item.sources)),
            )
            for group in groups
        ),
    )


@dataclass
class _Spell:
    subject: str
    relation: str
    object: str
    start: When | None
    start_claims: list[Claim]
    disagreements: list[Disagreement]
    end: When | None = None
    end_claims: list[Claim] = dataclasses.field(default_factory=list)


def _spells_for(key: tuple[str, str, str], starts: list[tuple[When, Claim]]) -> list[_Spell]:
    """One spell per group of compatible starts; for one-time relations the best group.

    A role can be held more than once or in two capacities (trustee, then chair): starts
    that cannot be one start are separate spells. A founding, a conviction happen once:
    starts that disagree are a conflict, kept on the spell most articles support.
    """
    groups = _group_times(starts)
    groups.sort(key=lambda g: (-_support(g), g[0][0].sort_key()))
    if key[1] not in ONE_TIME_RELATIONS and key[1] in ROLE_RELATIONS:
        chosen_groups, disagreements = groups, []
    else:
        chosen_groups = groups[:1]
        disagreements = [_disagreement("start", groups)] if len(groups) > 1 else []
    return [
        _Spell(
            subject=key[0],
            relation=key[1],
            object=key[2],
            start=narrowest(w for w, _ in chosen),
            start_claims=[c for _, c in chosen],
            disagreements=disagreements,
        )
        for chosen in chosen_groups
    ]


def _close(spells: list[_Spell], ends: list[tuple[When, Claim]], pair: tuple[str, str]) -> None:
    """Dated ends first, in time order, then vague ones; each closes the latest open start."""
    dated = [(w, c) for w, c in ends if w.start is not None]
    vague = [(w, c) for w, c in ends if w.start is None]
    for group in sorted(_group_times(dated), key=lambda g: narrowest(w for w, _ in g).sort_key()):
        end = narrowest(w for w, _ in group)
        _close_one(spells, end, [c for _, c in group], pair)
    if vague:
        tightest = min(vague, key=lambda wc: (wc[0].end or date.max, _order(wc[1])))
        # alone, "has stepped down" is still a role that ended before the article
        _close_one(spells, tightest[0], [c for _, c in vague], pair, create=not spells)


def _closable(spell: _Spell, end: When) -> bool:
    """An open role that started on or before the end's last day."""
    if spell.relation not in ROLE_RELATIONS or spell.end is not None:
        return False
    begun = spell.start.start if spell.start is not None else None
    return begun is None or end.end is None or begun <= end.end


def _close_one(
    spells: list[_Spell],
    end: When,
    claims: list[Claim],
    pair: tuple[str, str],
    *,
    create: bool = True,
) -> None:
    open_ = [s for s in spells if _closable(s, end)]
    if open_:
        latest = max(open_, key=lambda s: s.start.sort_key() if s.start else (0, 0))
        latest.end, latest.end_claims = end, claims
    elif create:  # an end with no start: a role ("left the board") or marriage of its own
        relation = claims[0].relation if claims[0].relation in ROLE_RELATIONS else "role at"
        spells.append(_Spell(pair[0], relation, pair[1], None, [], [], end=end, end_claims=claims))


def fact_interval(start: When | None, end: When | None) -> When | None:
    """A fact's validity as one interval, found the way its start (else its end) was: a
    "says" fact dated by its article keeps basis ``article``, not ``timex``."""
    first = start or end
    return interval(start, end, basis=first.basis) if first is not None else None


def _item(spell: _Spell) -> TimelineItem:
    claims = sorted(
        {id(c): c for c in (*spell.start_claims, *spell.end_claims)}.values(), key=_order
    )
    first = claims[0].item
    start_item = sorted(spell.start_claims, key=_order)[0].item if spell.start_claims else first
    when = fact_interval(spell.start, spell.end)
    payload = dict(start_item.payload)
    payload.update(
        subject=spell.subject,
        relation=spell.relation,
        object=spell.object,
        valid_from=to_json(spell.start) if spell.start else None,
        valid_to=to_json(spell.end) if spell.end else None,
    )
    mentions = (
        tuple(
            ItemMention(
                c.item.id, c.item.provenance, c.item.published_at, c.item.sources, c.item.when
            )
            for c in claims
        )
        if len(claims) > 1
        else ()
    )
    return dataclasses.replace(
        start_item,
        summary=f"{spell.subject} {spell.relation} {spell.object}",
        when=when,
        entities=tuple(dict.fromkeys(n for c in claims for n in c.item.entities)),
        sources=tuple(dict.fromkeys(s for c in claims for s in c.item.sources)),
        published_at=min(c.item.published_at for c in claims),
        recorded_at=min(c.item.recorded_at for c in claims),
        payload=payload,
        mentions=mentions,
        disagreements=tuple(spell.disagreements),
    )


def combine_facts(
    items: Iterable[TimelineItem], *, known_on: date | None = None
) -> list[TimelineItem]:
    """Fact items from many articles as one account: intervals joined, conflicts kept.

    Non-fact items are ignored. ``known_on`` keeps only claims published by that day.
    The result depends on the set of items only, not on their order.
    """
    claims = sorted(
        (
            claim_of(i)
            for i in items
            if i.kind == "fact" and (known_on is None or i.published_at.date() <= known_on)
        ),
        key=_order,
    )
    by_pair: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        pair = (claim.subject, normalise_name(claim.object) or claim.object)
        by_pair.setdefault(pair, []).append(claim)
    out: list[TimelineItem] = []
    for (subject, _), group in sorted(by_pair.items()):
        obj = group[0].object
        starts: dict[str, list[tuple[When, Claim]]] = {}
        ends: list[tuple[When, Claim]] = []
        bare: list[Claim] = []
        for claim in group:
            start, end = claim.start, claim.end
            if start is not None:
                starts.setdefault(claim.relation, []).append((start, claim))
            if end is not None and claim.relation in ROLE_RELATIONS:
                ends.append((end, claim))
            if start is None and end is None:
                bare.append(claim)
        spells = [
            spell
            for rel in sorted(starts)
            for spell in _spells_for((subject, rel, obj), starts[rel])
        ]
        _close(spells, ends, (subject, obj))
        for relation in sorted({c.relation for c in bare} - set(starts)):
            same = [c for c in bare if c.relation == relation]
            spells.append(_Spell(subject, relation, obj, None, same, []))
        out.extend(_item(s) for s in spells)
    return out


def holds_on(item: TimelineItem, day: date) -> bool:
    """Whether a fact's interval contains ``day`` (open ends are unbounded)."""
    when = item.when
    return when is not None and interval_holds(when.start, when.end, day)


def interval_holds(start: date | None, end: date | None, day: date) -> bool:
    """Whether the interval from ``start`` to ``end`` contains ``day`` (``None``: open)."""
    return (start is None or start <= day) and (end is None or day <= end)
