"""Entity endpoints: search, one entity, its timeline, its quotes, facts valid at a date."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from dateline.api.deps import entity_or_404, state
from dateline.api.errors import ApiError
from dateline.api.serialise import entity_json
from dateline.query.materialised import TimelineCache
from dateline.query.timeline import entity_timeline, item_to_json, timeline_to_json

__all__ = ["MAX_OFFSET", "router"]

router = APIRouter(prefix="/api/entities", tags=["entities"])

#: Deepest page offset: pages are cut from the most-mentioned list, so keep them shallow.
MAX_OFFSET = 10_000

Kind = Literal["event", "quote", "fact"]
Limit = Annotated[int, Query(ge=1, le=200, description="Results per page.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Results to skip.")]
#: SQLite integers are 64-bit: a larger id is a 422, not a database error
EntityId = Annotated[int, Path(ge=1, le=2**63 - 1, description="Entity id from a search.")]


@router.get("", summary="Search entities by name or alias")
def search_entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Name or alias contains.")] = None,
    type: Annotated[
        str | None, Query(max_length=40, description="Entity type: PERSON, ORG, GPE ...")
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Entities most mentioned first; ``next_offset`` is null on the last page."""
    store = state(request).dateline.store
    label = type.strip().upper() if type and type.strip() else None
    found = store.entities(label=label, query=q, limit=offset + limit + 1)[offset:]
    more = len(found) > limit
    return {
        "items": [entity_json(e) for e in found[:limit]],
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if more else None,
    }


@router.get("/{entity_id}", summary="One entity with aliases, counts and related entities")
def get_entity(
    request: Request,
    entity_id: EntityId,
    related: Annotated[int, Query(ge=0, le=100, description="Related entities to list.")] = 10,
) -> dict[str, Any]:
    info = entity_or_404(request, entity_id)
    store = state(request).dateline.store
    data = entity_json(info)
    data["related"] = [
        {**entity_json(other), "shared_items": shared}
        for other, shared in store.related_entities(info.id, limit=related)
    ]
    return data


def _check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise ApiError(400, f"'from' ({start}) is after 'to' ({end}); swap them")


_ITEMS: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}}
    }
}
_OBJECT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {"schema": {"type": "object"}}}}
}


@router.get(
    "/{entity_id}/timeline",
    summary="The entity's timeline (docs/json-contract.md)",
    responses=_ITEMS,
)
def get_timeline(
    request: Request,
    entity_id: EntityId,
    from_: Annotated[date | None, Query(alias="from", description="Earliest day.")] = None,
    to: Annotated[date | None, Query(description="Latest day.")] = None,
    as_of: Annotated[date | None, Query(description="What had happened and held then.")] = None,
    kind: Annotated[list[Kind] | None, Query(description="Only these kinds.")] = None,
    type: Annotated[
        list[str] | None, Query(description="Only these item types (role, legal, quote ...).")
    ] = None,
    limit: Annotated[
        int | None, Query(ge=1, description="At most this many items (one page); all if unset.")
    ] = None,
    offset: Annotated[int, Query(ge=0, description="Items to skip first.")] = 0,
) -> Response:
    """Exactly the list ``dateline timeline --format json`` prints, filtered by ``type``.

    ``limit``/``offset`` cut one page from it; the ``X-Total-Count`` header counts the
    whole list.
    """
    _check_range(from_, to)
    info = entity_or_404(request, entity_id)
    store = state(request).dateline.store
    kinds = frozenset(kind) if kind else None
    cache = TimelineCache.of(store)
    if cache is not None and not type:  # the stored JSON text of each item, as is
        found = cache.contract(
            info, start=from_, end=to, as_of=as_of, kinds=kinds, limit=limit, offset=offset
        )
        if found is not None:
            return Response(found[0], media_type="application/json", headers=_total(found[1]))
    result = entity_timeline(store, info, start=from_, end=to, as_of=as_of, kinds=kinds)
    items = timeline_to_json(result)  # with ``type``, the page is cut after filtering
    if type:
        wanted = set(type)
        items = [item for item in items if item["type"] in wanted]
    total = len(items)
    items = items[offset : None if limit is None else offset + limit]
    # already JSON-ready: skip FastAPI's re-validation
    return JSONResponse(items, headers=_total(total))


def _total(total: int) -> dict[str, str]:
    return {"X-Total-Count": str(total)}


@router.get(
    "/{entity_id}/quotes",
    summary="Quotes said by and about the entity",
    responses=_OBJECT,
)
def get_quotes(
    request: Request,
    entity_id: EntityId,
    from_: Annotated[date | None, Query(alias="from")] = None,
    to: Annotated[date | None, Query()] = None,
) -> JSONResponse:
    """Quote items split by the entity's role: ``speaker`` (said by) or ``about``."""
    _check_range(from_, to)
    info = entity_or_404(request, entity_id)
    store = state(request).dateline.store
    result = entity_timeline(store, info, start=from_, end=to, kinds=frozenset({"quote"}))
    roles = store.entity_item_roles(info.id)
    quotes = (*result.items, *result.undated)
    return JSONResponse(
        {
            "entity": entity_json(info),
            "said_by": [item_to_json(q) for q in quotes if roles.get(q.id) == "speaker"],
            "said_about": [item_to_json(q) for q in quotes if roles.get(q.id) == "about"],
        }
    )


@router.get(
    "/{entity_id}/facts",
    summary="Facts about the entity valid on a date",
    responses=_ITEMS,
)
def get_facts(
    request: Request,
    entity_id: EntityId,
    at: Annotated[date, Query(description="The day: what was true about the entity then.")],
) -> JSONResponse:
    """Facts whose validity interval contains ``at``, as timeline items.

    Unlike the timeline's ``as_of``, facts without any validity interval are left out:
    nothing says they held on that day.
    """
    info = entity_or_404(request, entity_id)
    result = entity_timeline(
        state(request).dateline.store, info, as_of=at, kinds=frozenset({"fact"})
    )
    return JSONResponse([item_to_json(item) for item in result.items])
