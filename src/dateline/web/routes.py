"""The HTML pages: home, search, entity timeline, article. Server-rendered, no build step."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape

from dateline.api.deps import state
from dateline.api.serialise import canonical_ids
from dateline.io.readers import parse_date
from dateline.query.timeline import entity_timeline
from dateline.store.base import TimelineItem
from dateline.web.render import (
    WIDTH,
    Annotation,
    annotations_for,
    axis_for,
    bar_for,
    blocks_for,
    item_link,
    when_label,
)

__all__ = ["KINDS", "mount_web", "router", "templates"]

KINDS = ("event", "quote", "fact")

templates = Environment(
    loader=PackageLoader("dateline.web", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.filters["urlpart"] = lambda value: quote(str(value), safe="")

router = APIRouter(include_in_schema=False)


def _page(name: str, code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**context), status_code=code)


def _error(status: int, message: str) -> HTMLResponse:
    return _page("error.html", status, title="Error", status=status, message=message)


def _day(raw: str | None, name: str, problems: list[str]) -> date | None:
    """A form date: empty means unset; a bad one is reported on the page, not a 422."""
    if raw is None or not raw.strip():
        return None
    try:
        return parse_date(raw).date()
    except ValueError as exc:
        problems.append(f"{name}: {exc}")
        return None


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    store = state(request).dateline.store
    return _page(
        "home.html",
        title="dateline",
        recent=store.recent_articles(limit=12),
        top=store.entities(limit=15),
        counts=store.counts(),
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> HTMLResponse:
    store = state(request).dateline.store
    text = q.strip()[:200]
    entities = store.entities(query=text, limit=20) if text else []
    hits = store.search(text, limit=30) if text else []
    return _page("search.html", title=f"Search: {text}", q=text, entities=entities, hits=hits)


def _row(item: TimelineItem, axis: Any, role: str | None) -> dict[str, Any]:
    return {
        "item": item,
        "label": when_label(item.when),
        "bar": bar_for(item.when, axis),
        "link": item_link(item),
        "role": role,
    }


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(
    request: Request,
    entity_id: str,  # not int: a bad id gets this page's 404, not the API's JSON 422
    kind: Annotated[list[str] | None, Query()] = None,
    from_: Annotated[str | None, Query(alias="from")] = None,
    to: str | None = None,
    as_of: str | None = None,
) -> HTMLResponse:
    store = state(request).dateline.store
    number = _int(entity_id)
    info = store.entity(number) if number is not None and 0 < number < 2**63 else None
    if info is None:
        return _error(404, f"There is no entity with id {entity_id!r}.")
    problems: list[str] = []
    start, end = _day(from_, "From", problems), _day(to, "To", problems)
    day = _day(as_of, "As of", problems)
    if start and end and start > end:
        problems.append(f"From ({start}) is after To ({end}).")
        start = end = None
    chosen = [k for k in (kind or []) if k in KINDS]
    result = entity_timeline(
        store, info, start=start, end=end, as_of=day, kinds=frozenset(chosen) or None
    )
    axis = axis_for(result.items)
    roles = store.entity_item_roles(info.id)
    return _page(
        "entity.html",
        code=400 if problems else 200,
        title=info.name,
        entity=info,
        related=store.related_entities(info.id, limit=12),
        rows=[_row(i, axis, roles.get(i.id)) for i in result.items],
        undated=[_row(i, None, roles.get(i.id)) for i in result.undated],
        axis=axis,
        width=WIDTH,
        kinds=KINDS,
        chosen=set(chosen),
        filters={
            "from": start.isoformat() if start else "",
            "to": end.isoformat() if end else "",
            "as_of": day.isoformat() if day else "",
        },
        problems=problems,
    )


def _int(raw: str | None) -> int | None:
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None  # not "²": isdigit


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(
    request: Request,
    article_id: str,
    s: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> HTMLResponse:
    store = state(request).dateline.store
    stored = store.article(article_id)
    if stored is None:
        return _error(404, f"There is no article with id {article_id!r}.")
    ex = stored.extraction
    mentions = store.article_mentions(ex.article.id)
    names = {e.id: e.name for e in _entities(store, {m[0] for m in mentions})}
    annotations = annotations_for(ex, mentions, names)
    first, last = _int(start), _int(end)
    if first is not None and last is not None and first < last:
        annotations.append(Annotation(first, last, "focus", "the timeline item"))
    sentences = [(sp.char_start, sp.char_end) for sp in ex.sentences]
    blocks = blocks_for(ex.article.text, sentences, annotations, highlight=_int(s))
    entity_rows = sorted(
        {(names[m[0]], m[0]) for m in mentions if m[0] in names}, key=lambda r: r[0].lower()
    )
    keys = canonical_ids(ex, mentions)
    by_name = {e.name: keys[e.key] for e in ex.entities if e.key in keys}
    return _page(
        "article.html",
        title=ex.article.title or f"Article {ex.article.id}",
        article=ex.article,
        extraction=ex,
        blocks=blocks,
        entities=entity_rows,
        highlighted=_int(s),
        entity_ids=by_name,
    )


def _entities(store: Any, ids: set[int]) -> list[Any]:
    return list(store.entities_by_id(sorted(ids)))  # one query, not one per entity


def mount_web(app: FastAPI) -> None:
    """Add the pages and their static files (``/static``) to ``app``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(packages=[("dateline.web", "static")]), name="static")
