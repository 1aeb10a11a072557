"""Entity upkeep for every SQL backend: type votes, display names, merges, splits, reasons.

Kept out of ``sql.py`` so the store module stays small. Everything here runs inside the
caller's write transaction. Manual decisions are rows of ``entity_decisions``: a merge keeps
what it moved (so a split can put it back) and names that a merge joined keep resolving to
the merged entity in later ingests, because the backend consults the decisions first.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

from dateline.errors import DatelineError, NotFoundError
from dateline.resolve.entities import (
    Canonical,
    alias_joins,
    better_name,
    last_token,
    normalise_name,
    winning_label,
)
from dateline.store import schema as s
from dateline.store.base import EntityInfo, EntityReason
from dateline.store.rows import per_dialect, upsert

__all__ = [
    "EntityDecisions",
    "EntityReason",
    "absorb",
    "decided_targets",
    "explain",
    "has_manual_merges",
    "merge",
    "rename",
    "split",
    "vote",
]


def _build_count_votes(conn: Connection) -> PgInsert | SqliteInsert:
    el = s.entity_labels
    stmt = upsert(conn, el)
    return stmt.on_conflict_do_update(
        index_elements=[el.c.entity_id, el.c.label],
        set_={"mentions": el.c.mentions + stmt.excluded.mentions},
    )


_count_votes = per_dialect(_build_count_votes)


def vote(
    conn: Connection,
    seen: Iterable[tuple[int, str, str, int]],
    *,
    known: dict[int, tuple[str, str]] | None = None,
) -> None:
    """Count the type each article gave its entities; relabel and rename by the winners.

    ``seen`` holds (entity id, name as written, label, mentions). The label becomes the
    type with most mentions; a spelling of the same normalised name replaces the display
    name when ``better_name`` prefers it. Neither depends on the order articles came in.

    With writers in parallel (PostgreSQL) the caller holds the entity rows locked since it
    read them (``known``), so no other save votes on them in between.
    """
    rows: dict[tuple[int, str], int] = {}
    names: dict[int, list[str]] = {}
    for entity_id, name, label, count in seen:
        rows[(entity_id, label)] = rows.get((entity_id, label), 0) + max(count, 1)
        names.setdefault(entity_id, []).append(name)
    if not rows:
        return
    el = s.entity_labels
    conn.execute(
        _count_votes(conn),
        [{"entity_id": e, "label": lab, "mentions": n} for (e, lab), n in sorted(rows.items())],
    )
    known = known or {}

    def settled(entity_id: int) -> bool:
        if entity_id not in known:
            return False
        label, name = known[entity_id]
        labels = {lab for (e_id, lab) in rows if e_id == entity_id}
        return labels == {label} and all(
            better_name(name, " ".join(x.split())) == name
            for x in names[entity_id]
            if normalise_name(x) == normalise_name(name)
        )

    ids = sorted(e_id for e_id in names if not settled(e_id))
    if not ids:
        return
    e = s.entities
    counts: dict[int, dict[str, int]] = {}
    current: dict[int, Any] = {}
    for row in conn.execute(  # one round trip: each entity with its label votes
        select(e.c.id, e.c.name, e.c.name_norm, e.c.label, el.c.label.label("voted"), el.c.mentions)
        .join(el, el.c.entity_id == e.c.id)
        .where(e.c.id.in_(ids))
    ):
        counts.setdefault(row.id, {})[row.voted] = row.mentions
        current[row.id] = row
    for entity_id, row in current.items():
        label = winning_label(counts[entity_id])
        name = row.name
        for spelling in names[entity_id]:
            if normalise_name(spelling) == row.name_norm:
                name = better_name(name, " ".join(spelling.split()))
        if label != row.label or name != row.name:
            conn.execute(update(e).where(e.c.id == entity_id).values(label=label, name=name))


def rename(conn: Connection, entity_id: int, *, new_name: str) -> None:
    """Turn a surname-only entity into the full name now seen; the surname stays an alias."""
    norm = normalise_name(new_name)
    e = s.entities
    old_name = str(conn.scalar(select(e.c.name).where(e.c.id == entity_id)))
    conn.execute(
        update(e)
        .where(e.c.id == entity_id)
        .values(name=new_name, name_norm=norm, last_token=last_token(norm))
    )
    conn.execute(
        upsert(conn, s.entity_aliases)
        .on_conflict_do_nothing()
        .values(entity_id=entity_id, alias=old_name, alias_norm=normalise_name(old_name))
    )


def has_manual_merges(conn: Connection) -> bool:
    d = s.entity_decisions
    return conn.scalar(select(d.c.id).where(d.c.kind == "merge").limit(1)) is not None


def decided_targets(
    conn: Connection, norms: Iterable[str], *, lock_rows: bool = False
) -> dict[str, int]:
    """Names a manual merge joined into another entity: name -> that entity's id (those
    entities locked until commit with ``lock_rows``)."""
    wanted = sorted(set(norms))
    if not wanted:
        return {}
    d, e = s.entity_decisions, s.entities
    stmt = (
        select(d.c.other_norm, e.c.id, e.c.name_norm)
        .join(e, e.c.name_norm == d.c.name_norm)
        .where(d.c.kind == "merge", d.c.other_norm.in_(wanted))
        .order_by(d.c.id)
    )
    rows = conn.execute(stmt.with_for_update(of=e) if lock_rows else stmt).all()
    if not rows:  # the usual case: no manual merge names any of these
        return {}
    splits = {
        (r.name_norm, r.other_norm)
        for r in conn.execute(
            select(d.c.name_norm, d.c.other_norm).where(
                d.c.kind == "split", d.c.other_norm.in_(wanted)
            )
        )
    }
    return {
        other: entity_id for other, entity_id, name_norm in rows if (name_norm, other) not in splits
    }


def _entity(conn: Connection, name: str) -> Any:
    e, al = s.entities, s.entity_aliases
    norm = normalise_name(name)
    row = conn.execute(select(e).where(e.c.name_norm == norm)).first()
    if row is None:
        owner = select(al.c.entity_id).where(al.c.alias_norm == norm)
        row = conn.execute(select(e).where(e.c.id.in_(owner)).order_by(e.c.id)).first()
    if row is None:
        raise NotFoundError(f"no entity named {name!r}; try `dateline entities --q TEXT`")
    return row


def merge(
    conn: Connection, keep: str, other: str, *, decided_at: datetime, kind: str = "merge"
) -> tuple[str, str]:
    """Join entity ``other`` into ``keep``: mentions, item links, aliases and name move over.

    Returns (kept name, merged name). The decision records what moved, for ``split``.
    """
    a, b = _entity(conn, keep), _entity(conn, other)
    if a.id == b.id:
        raise DatelineError(f"{keep!r} and {other!r} are already one entity ({a.name})")
    m, ie, al, el = s.mentions, s.item_entities, s.entity_aliases, s.entity_labels
    mention_ids = list(conn.scalars(select(m.c.id).where(m.c.entity_id == b.id)))
    links = [dict(r._mapping) for r in conn.execute(select(ie).where(ie.c.entity_id == b.id))]
    aliases = [dict(r._mapping) for r in conn.execute(select(al).where(al.c.entity_id == b.id))]
    labels = [dict(r._mapping) for r in conn.execute(select(el).where(el.c.entity_id == b.id))]
    detail = {
        "entity": {
            k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in b._mapping.items()
        },
        "mentions": mention_ids,
        "links": links,
        "aliases": aliases,
        "labels": labels,
    }
    conn.execute(update(m).where(m.c.entity_id == b.id).values(entity_id=a.id))
    shared = set(conn.scalars(select(ie.c.item_id).where(ie.c.entity_id == a.id)))
    for link in links:
        link["shared"] = link["item_id"] in shared  # the kept entity had its own link
        if not link["shared"]:
            row = {k: v for k, v in link.items() if k != "shared"}
            conn.execute(insert(ie).values({**row, "entity_id": a.id}))
    alias_rows = [
        {"entity_id": a.id, "alias": x["alias"], "alias_norm": x["alias_norm"]}
        for x in [*aliases, {"alias": b.name, "alias_norm": b.name_norm}]
        if x["alias_norm"] != a.name_norm
    ]
    conn.execute(upsert(conn, al).on_conflict_do_nothing(), alias_rows)
    conn.execute(delete(s.entities).where(s.entities.c.id == b.id))
    conn.execute(
        insert(s.entity_decisions).values(
            kind=kind,
            name_norm=a.name_norm,
            other_norm=b.name_norm,
            detail=detail,
            decided_at=decided_at,
        )
    )
    return a.name, b.name


def absorb(conn: Connection, aliased: Iterable[tuple[int, str]], *, decided_at: datetime) -> None:
    """Join entities that an article has just shown to be another entity's alias.

    The counterpart of resolution rule 3 for the other arrival order: "Marin" stored as an
    entity of its own, then an article names "Elise Marin" and calls her "Marin". Done only
    when that entity is the alias's one owner, ``alias_joins`` holds and no split says
    otherwise; recorded as an ``auto`` decision, so ``split`` can undo it.
    """
    owners_of: dict[str, int] = {}
    for owner_id, norm in aliased:
        owners_of.setdefault(norm, owner_id)
    if not owners_of:
        return
    e, al, d = s.entities, s.entity_aliases, s.entity_decisions
    named = conn.execute(
        select(e.c.id, e.c.name_norm, e.c.label).where(e.c.name_norm.in_(sorted(owners_of)))
    ).all()
    for row in named:
        owner_id = owners_of[row.name_norm]
        if row.id == owner_id:
            continue
        owners = [
            Canonical(id=o.id, name_norm=o.name_norm, label=o.label)
            for o in conn.execute(
                select(e.c.id, e.c.name_norm, e.c.label).where(
                    e.c.id.in_(select(al.c.entity_id).where(al.c.alias_norm == row.name_norm))
                )
            )
        ]
        joining = [o for o in owners if alias_joins(row.name_norm, row.label, o)]
        if [o.id for o in joining] != [owner_id]:
            continue
        owner = joining[0]
        refused = conn.scalar(
            select(d.c.id).where(
                d.c.kind == "split",
                d.c.name_norm == owner.name_norm,
                d.c.other_norm == row.name_norm,
            )
        )
        if refused is None:
            merge(conn, owner.name_norm, row.name_norm, decided_at=decided_at, kind="auto")


def split(conn: Connection, entity: str, name: str, *, decided_at: datetime) -> tuple[str, str]:
    """Undo a merge of ``name`` into ``entity`` (or take the alias ``name`` out of it).

    After a recorded merge, everything it moved goes back to a restored entity. For an
    alias joined automatically, the mentions written that way and the items of the articles
    where only that name was used move to a new entity. Returns (entity, split-off name).
    """
    a = _entity(conn, entity)
    norm = normalise_name(name)
    if norm == a.name_norm:
        raise DatelineError(f"{name!r} is the entity's own name; split off one of its aliases")
    d, e, m, ie, al = s.entity_decisions, s.entities, s.mentions, s.item_entities, s.entity_aliases
    merged = conn.execute(
        select(d)
        .where(
            d.c.kind.in_(["merge", "auto"]), d.c.name_norm == a.name_norm, d.c.other_norm == norm
        )
        .order_by(d.c.id.desc())
    ).first()
    if merged is not None:
        old = merged.detail["entity"]
        new_id = conn.execute(
            insert(e).values(
                name=old["name"],
                name_norm=old["name_norm"],
                label=old["label"],
                last_token=old["last_token"],
                first_seen=datetime.fromisoformat(old["first_seen"]),
            )
        ).inserted_primary_key
        assert new_id is not None
        b_id = int(new_id[0])
        if merged.detail["mentions"]:
            conn.execute(
                update(m).where(m.c.id.in_(merged.detail["mentions"])).values(entity_id=b_id)
            )
        for link in merged.detail["links"]:
            row = {k: v for k, v in link.items() if k != "shared"}
            if not link["shared"]:
                conn.execute(
                    delete(ie).where(ie.c.item_id == row["item_id"], ie.c.entity_id == a.id)
                )
            conn.execute(
                upsert(conn, ie).on_conflict_do_nothing().values({**row, "entity_id": b_id})
            )
        moved = {x["alias_norm"] for x in merged.detail["aliases"]} | {old["name_norm"]}
        conn.execute(delete(al).where(al.c.entity_id == a.id, al.c.alias_norm.in_(sorted(moved))))
        for x in merged.detail["aliases"]:
            conn.execute(upsert(conn, al).on_conflict_do_nothing().values({**x, "entity_id": b_id}))
        for x in merged.detail["labels"]:
            conn.execute(
                upsert(conn, s.entity_labels)
                .on_conflict_do_nothing()
                .values({**x, "entity_id": b_id})
            )
        detail: dict[str, Any] = {"undid": merged.id}
    else:
        if (
            conn.scalar(select(al.c.alias).where(al.c.entity_id == a.id, al.c.alias_norm == norm))
            is None
        ):
            raise DatelineError(f"{a.name} has no alias {name!r} to split off")
        new_id = conn.execute(
            insert(e).values(
                name=" ".join(name.split()),
                name_norm=norm,
                label=a.label,
                last_token=last_token(norm),
                first_seen=decided_at,
            )
        ).inserted_primary_key
        assert new_id is not None
        b_id = int(new_id[0])
        by_article: dict[str, list[Any]] = {}
        for mention in conn.execute(
            select(m.c.id, m.c.article_id, m.c.text, m.c.kind).where(m.c.entity_id == a.id)
        ):
            by_article.setdefault(mention.article_id, []).append(mention)
        moved_mentions: list[int] = []
        for article_id, found in by_article.items():
            names = {normalise_name(r.text) for r in found if r.kind == "name"}
            if names and names <= {norm}:  # the article knew the entity by this name only
                moved_mentions += [r.id for r in found]
                items = select(s.items.c.id).where(s.items.c.article_id == article_id)
                conn.execute(
                    update(ie)
                    .where(ie.c.entity_id == a.id, ie.c.item_id.in_(items))
                    .values(entity_id=b_id)
                )
        if moved_mentions:
            conn.execute(update(m).where(m.c.id.in_(moved_mentions)).values(entity_id=b_id))
        conn.execute(delete(al).where(al.c.entity_id == a.id, al.c.alias_norm == norm))
        detail = {"mentions": moved_mentions}
    conn.execute(
        insert(d).values(
            kind="split",
            name_norm=a.name_norm,
            other_norm=norm,
            detail=detail,
            decided_at=decided_at,
        )
    )
    return a.name, name


def explain(conn: Connection, name: str) -> tuple[str, list[EntityReason]]:
    """Why each alias belongs to the entity, from the stored mentions and decisions."""
    a = _entity(conn, name)
    m, al, d = s.mentions, s.entity_aliases, s.entity_decisions
    reasons: list[EntityReason] = []
    decisions = conn.execute(select(d).where(d.c.name_norm == a.name_norm).order_by(d.c.id)).all()
    merged = {r.other_norm: r for r in decisions if r.kind in {"merge", "auto"}}
    split_off = {r.other_norm for r in decisions if r.kind == "split"}
    texts: dict[str, set[str]] = {}
    for row in conn.execute(
        select(m.c.article_id, m.c.text, m.c.kind).where(m.c.entity_id == a.id)
    ):
        if row.kind == "name":
            texts.setdefault(normalise_name(row.text), set()).add(row.article_id)
    for alias in conn.execute(
        select(al.c.alias, al.c.alias_norm).where(al.c.entity_id == a.id).order_by(al.c.alias_norm)
    ):
        norm = alias.alias_norm
        with_full = sorted(
            art
            for art in texts.get(norm, set())
            if any(art in arts for n, arts in texts.items() if n == a.name_norm)
        )
        if norm in merged and norm not in split_off and merged[norm].kind == "merge":
            rule = f"merged by hand on {merged[norm].decided_at:%Y-%m-%d}"
        elif norm in merged and norm not in split_off:
            rule = "was an entity of its own until an article showed it is this one's alias"
        elif norm == last_token(a.name_norm):
            rule = "surname of this person (the only stored full name ending in it)"
        elif with_full:
            rule = "the same article also names it in full: joined by in-article coreference"
        elif norm.startswith(("the ", "a ")) or norm.split()[0] in {"the", "a", "an"}:
            rule = "a description resolved to it in the article"
        else:
            rule = "an alias of exactly one stored entity of the same type"
        reasons.append(EntityReason(alias.alias, rule, tuple(sorted(texts.get(norm, set())))))
    for norm in sorted(split_off):
        reasons.append(EntityReason(norm, "split off by hand: kept apart"))
    return a.name, reasons


class EntityDecisions:
    """Manual entity decisions for a backend that provides ``_write`` and ``_engine``."""

    #: whether any manual merge exists, read at the first save of an open store (a merge by
    #: another process during a running ingest applies from its next open)
    _manual_decisions: bool | None = None

    def _write(self, what: str) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def find_entity(self, name: str) -> EntityInfo | None:
        raise NotImplementedError

    def _name(self, name: str) -> str:
        """The canonical name for what a user typed (a name, an alias, a unique surname)."""
        found = self.find_entity(name)
        if found is None:
            raise NotFoundError(f"no entity named {name!r}; try `dateline entities --q TEXT`")
        return found.name

    def merge_entities(self, keep: str, other: str) -> tuple[str, str]:
        """Merge entity ``other`` into ``keep``; recorded, reversible with ``split_entity``."""
        with self._write(f"merge {other!r} into {keep!r}") as conn:
            merged = merge(conn, self._name(keep), self._name(other), decided_at=datetime.now(UTC))
        self._manual_decisions = True
        return merged

    def split_entity(self, entity: str, name: str) -> tuple[str, str]:
        """Take ``name`` (a merged entity or an alias) out of ``entity``; recorded."""
        with self._write(f"split {name!r} from {entity!r}") as conn:
            return split(conn, self._name(entity), name, decided_at=datetime.now(UTC))

    def explain_entity(self, name: str) -> tuple[str, list[EntityReason]]:
        """Why each alias was joined to the entity named ``name``."""
        with self._write(f"explain {name!r}") as conn:
            return explain(conn, self._name(name))
