"""Saving an article's entities: resolve each against the stored ones, create the new ones,
write aliases and mentions, count type votes. Runs inside the save transaction.

Round trips are what a save costs on a server database, so the work is batched: one query
for every stored candidate of the article's names, one INSERT for all new entities, one for
all aliases, one for all mentions. New entities get provisional (negative) ids while the
article is resolved and their real ids from that one INSERT.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, Connection, Select, bindparam, insert, or_, select

from dateline.model import Entity, Extraction
from dateline.resolve.entities import (
    PERSON,
    Canonical,
    last_token,
    normalise_name,
    resolution_name,
    resolve_entity,
    upgrade_target,
)
from dateline.store import schema as s
from dateline.store.entities import decided_targets, rename, vote
from dateline.store.rows import per_dialect, upsert

__all__ = ["candidates", "lock_keys", "person_surnames", "resolve_entities"]


def lock_keys(ex: Extraction) -> set[str]:
    """Every name whose stored entities resolving ``ex`` may read or write: its names, their
    last tokens, its aliases and theirs (a backend with parallel writers locks these)."""
    norms = {normalise_name(resolution_name(ent)) for ent in ex.entities} - {""}
    aliases = {normalise_name(a) for ent in ex.entities for a in ent.aliases} - {""}
    names = norms | aliases
    return names | {last_token(n) for n in names}


def resolve_entities(
    conn: Connection,
    ex: Extraction,
    recorded: datetime,
    *,
    manual_decisions: bool,
    lock_rows: bool = False,
) -> tuple[dict[str, int], list[tuple[int, str]]]:
    """In-document entity key -> canonical id, creating entities, aliases and mentions.

    Also returns the (entity id, alias) pairs written, for ``absorb``. ``lock_rows`` locks
    the stored entities read (``SELECT ... FOR UPDATE``) until commit, so their labels and
    names are not changed by another writer between reading and voting.
    """
    named = [(ent, resolution_name(ent)) for ent in ex.entities]
    norms = {normalise_name(name) for _, name in named} - {""}
    surnames = person_surnames(named)
    stored = candidates(
        conn, norms | surnames, surnames=surnames, lock_rows=lock_rows
    )  # one round trip
    decided = decided_targets(conn, norms, lock_rows=lock_rows) if manual_decisions else {}
    created: list[Canonical] = []
    pending: list[dict[str, Any]] = []  # new entities; provisional id -(index + 1)
    seen: list[tuple[int, str, str, int]] = []
    canonical: dict[str, int] = {}
    alias_rows: dict[tuple[int, str], dict[str, Any]] = {}
    mention_rows: list[dict[str, Any]] = []
    for ent, name in named:
        norm = normalise_name(name)
        if not norm:
            continue
        spelled = " ".join(name.split())
        pool = stored.get(norm, []) + [
            c for c in created if norm in (c.name_norm, last_token(c.name_norm))
        ]
        entity_id = decided.get(norm) or resolve_entity(dataclasses.replace(ent, name=name), pool)
        if entity_id is None:
            entity_id = upgrade_target(norm, ent.label, stored.get(last_token(norm), []) + created)
            if entity_id is not None:  # "Kutcher" stored first, "Ashton Kutcher" now
                if entity_id < 0:  # created by this very article: rename before inserting
                    row = pending[-entity_id - 1]
                    _add_alias(alias_rows, entity_id, row["name"])
                    row.update(name=spelled, name_norm=norm, last_token=last_token(norm))
                else:
                    rename(conn, entity_id, new_name=spelled)
                created.append(Canonical(id=entity_id, name_norm=norm, label=ent.label))
        if entity_id is None:
            entity_id = -(len(pending) + 1)
            pending.append(
                {
                    "name": spelled,
                    "name_norm": norm,
                    "label": ent.label,
                    "last_token": last_token(norm),
                    "first_seen": recorded,
                }
            )
            created.append(Canonical(id=entity_id, name_norm=norm, label=ent.label, name=spelled))
        seen.append((entity_id, name, ent.label, len(ent.mentions)))
        own = next((c.name_norm for c in pool if c.id == entity_id), norm)
        canonical[ent.key] = entity_id
        for alias in _aliases(ent, own=own):
            _add_alias(alias_rows, entity_id, alias)
        mention_rows += [
            {
                "entity_id": entity_id,
                "article_id": ex.article.id,
                "text": m.text,
                "char_start": m.char_start,
                "char_end": m.char_end,
                "sentence_index": m.sentence_index,
                "kind": m.kind,
            }
            for m in ent.mentions
        ]
    real = _insert_entities(conn, pending)

    def final(entity_id: int) -> int:
        return real[entity_id] if entity_id < 0 else entity_id

    aliases = [{**row, "entity_id": final(row["entity_id"])} for row in alias_rows.values()]
    if aliases:
        conn.execute(_add_aliases(conn), aliases)
    if mention_rows:
        conn.execute(
            _ADD_MENTIONS,
            [{**row, "entity_id": final(row["entity_id"])} for row in mention_rows],
        )
    known = {c.id: (c.label, c.name) for found in stored.values() for c in found}
    known.update({final(c.id): (c.label, c.name or c.name_norm) for c in created})
    vote(conn, [(final(e), n, lab, k) for e, n, lab, k in seen], known=known)
    return (
        {key: final(entity_id) for key, entity_id in canonical.items()},
        [(row["entity_id"], row["alias_norm"]) for row in aliases],
    )


_ADD_MENTIONS = insert(s.mentions)
_add_aliases = per_dialect(lambda conn: upsert(conn, s.entity_aliases).on_conflict_do_nothing())
_add_entities = per_dialect(
    lambda conn: (
        upsert(conn, s.entities)
        .on_conflict_do_nothing(index_elements=[s.entities.c.name_norm])
        .returning(s.entities.c.id, s.entities.c.name_norm)
    )
)


def _insert_entities(conn: Connection, pending: list[dict[str, Any]]) -> dict[int, int]:
    """Insert the new entities in one statement; provisional id -> real id. A name another
    writer created first (ON CONFLICT) gets that entity's id."""
    if not pending:
        return {}
    e = s.entities
    # rows as parameters, not in the statement: one statement whatever their number
    ids = {row.name_norm: int(row.id) for row in conn.execute(_add_entities(conn), pending)}
    missing = sorted({row["name_norm"] for row in pending} - set(ids))
    if missing:
        ids.update(
            (row.name_norm, int(row.id))
            for row in conn.execute(select(e.c.id, e.c.name_norm).where(e.c.name_norm.in_(missing)))
        )
    return {-(index + 1): ids[row["name_norm"]] for index, row in enumerate(pending)}


def _aliases(ent: Entity, *, own: str) -> list[str]:
    """The document's aliases, and its name when it differs from the canonical ``own``;
    descriptions ("the company", "he": no capital letter) are not names across articles."""
    return [
        alias
        for alias in (ent.name, *ent.aliases)
        if any(ch.isupper() for ch in alias) and normalise_name(alias) not in ("", own)
    ]


def _add_alias(rows: dict[tuple[int, str], dict[str, Any]], entity_id: int, alias: str) -> None:
    norm = normalise_name(alias)
    rows.setdefault((entity_id, norm), {"entity_id": entity_id, "alias": alias, "alias_norm": norm})


def person_surnames(named: list[tuple[Entity, str]]) -> set[str]:
    """The names resolution may look up by last token: a one-word person name (rule 2) and
    the surname of a full person name (``upgrade_target``). Only these: "Apple Inc" asking
    for every entity whose name ends in "inc" fetched thousands of rows per article in a
    store of 18,000 Reuters stories, and no rule reads them."""
    out: set[str] = set()
    for ent, name in named:
        norm = normalise_name(name)
        if ent.label == PERSON and norm:
            out.add(last_token(norm) if " " in norm else norm)
    return out


@cache
def _candidates_statement(*, by_last: bool, lock_rows: bool) -> Select[Any]:
    """Built once: the names are expanding parameters, so every save runs the same
    statement object and SQLAlchemy neither rebuilds nor recompiles it (a save resolves
    names every time; building the query was a tenth of the save)."""
    e, al = s.entities, s.entity_aliases
    wanted: BindParameter[list[str]] = bindparam("wanted", expanding=True)
    stmt = (
        select(e.c.id, e.c.name, e.c.name_norm, e.c.label, e.c.last_token, al.c.alias_norm)
        .outerjoin(al, (al.c.entity_id == e.c.id) & al.c.alias_norm.in_(wanted))
        .where(
            or_(
                e.c.name_norm.in_(wanted),
                *([e.c.last_token.in_(bindparam("by_last", expanding=True))] if by_last else []),
                e.c.id.in_(select(al.c.entity_id).where(al.c.alias_norm.in_(wanted))),
            )
        )
        .order_by(e.c.id)
    )
    return stmt.with_for_update(of=e) if lock_rows else stmt


def candidates(
    conn: Connection,
    norms: set[str],
    *,
    surnames: set[str] | None = None,
    lock_rows: bool = False,
) -> dict[str, list[Canonical]]:
    """For each name, every stored entity any resolution rule could pick for it.

    ``surnames`` (default: all of ``norms``) are the names also matched against stored
    entities' last tokens.
    """
    if not norms:
        return {}
    wanted = sorted(norms)
    by_last = sorted(norms if surnames is None else surnames & norms)
    owners: dict[str, set[int]] = {norm: set() for norm in norms}
    stmt = _candidates_statement(by_last=bool(by_last), lock_rows=lock_rows)
    params = {"wanted": wanted, **({"by_last": by_last} if by_last else {})}
    rows: dict[int, Any] = {}
    for row in conn.execute(stmt, params):
        rows.setdefault(row.id, row)
        if row.alias_norm is not None:
            owners[row.alias_norm].add(row.id)
    # each name's rows by index, not by scanning every row for every name
    named_by: dict[str, set[int]] = {}
    for row in rows.values():
        named_by.setdefault(row.name_norm, set()).add(row.id)
        if surnames is None or row.last_token in surnames:
            named_by.setdefault(row.last_token, set()).add(row.id)
    return {
        norm: [
            Canonical(
                id=rows[i].id,
                name_norm=rows[i].name_norm,
                label=rows[i].label,
                alias_norms=frozenset({norm}) if i in owners[norm] else frozenset(),
                name=rows[i].name,
            )
            for i in sorted(named_by.get(norm, set()) | owners[norm])
        ]
        for norm in norms
    }
