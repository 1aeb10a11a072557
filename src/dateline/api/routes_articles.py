"""Article endpoints: recent articles, one article with its spans, full-text search, ingest."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, time
from datetime import date as date_type
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from dateline.api.deps import AppState, require_writer, state
from dateline.api.errors import ApiError
from dateline.api.serialise import article_json, hit_json, summary_json
from dateline.ingest import IngestOptions, IngestReport, ingest_articles
from dateline.io.detect import read_bytes
from dateline.io.readers import FORMATS, ReadItem, ReadOptions, Rejection, read_jsonl

__all__ = ["INGEST_CONTENT_TYPES", "read_request_body", "router"]

router = APIRouter(tags=["articles"])

ORIGIN = "request"
#: Content-Type -> input format, as ``dateline ingest --format`` names them; ``auto``
#: detects the format from the body as ``dateline ingest`` does for a file, ``json`` is one
#: article object or a list of them. Any other type is refused (415) unless ``?format=``.
INGEST_CONTENT_TYPES = {
    "text/plain": "text",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/jsonlines": "jsonl",
    "application/json": "json",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "text/csv": "csv",
    "text/tab-separated-values": "csv",
    "application/warc": "warc",
    "application/xml": "auto",
    "text/xml": "auto",
    "application/gzip": "auto",
    "application/octet-stream": "auto",
}
_ARTICLE_SCHEMA = {
    "type": "object",
    "required": ["text"],
    "properties": {
        "text": {"type": "string"},
        "date": {"type": "string", "description": "ISO date or datetime with offset"},
        "published_at": {"type": "string"},
        "id": {"type": "string"},
        "title": {"type": "string"},
        "url": {"type": "string"},
        "source": {"type": "string"},
        "author": {"type": "string"},
    },
}
_INGEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            **{
                kind: {"schema": {"type": "string"}}
                for kind in INGEST_CONTENT_TYPES
                if kind != "application/json"
            },
            "application/json": {
                "schema": {"oneOf": [_ARTICLE_SCHEMA, {"type": "array", "items": _ARTICLE_SCHEMA}]}
            },
        },
    }
}


@router.get("/api/articles", summary="The most recently published articles")
def recent_articles(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[dict[str, Any]]:
    return [summary_json(a) for a in state(request).dateline.store.recent_articles(limit=limit)]


@router.get(
    "/api/articles/{article_id}",
    summary="An article with its extractions as spans",
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
def get_article(request: Request, article_id: str) -> JSONResponse:
    """``dateline show --format json``; every ``char_start``/``char_end`` is into ``text``."""
    store = state(request).dateline.store
    stored = store.article(article_id)
    if stored is None:
        raise ApiError(404, f"no article with id {article_id!r}")
    data = article_json(stored, store.article_mentions(stored.extraction.article.id))
    return JSONResponse(data)  # already JSON-ready: skip FastAPI's re-validation


@router.get("/api/search", summary="Full-text search over article text")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words to find.")],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Every term must match; a trailing ``*`` matches a prefix. Snippets mark hits «so»."""
    if not q.strip():
        raise ApiError(400, "search text is empty; give at least one word in 'q'")
    hits = state(request).dateline.store.search(q, limit=limit)
    return {"query": q, "hits": [hit_json(h) for h in hits]}


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def read_request_body(
    data: bytes, format: str, options: ReadOptions, *, name: str = ""
) -> Iterator[ReadItem]:
    """The body as articles, rejections and notices, by the CLI readers' rules.

    ``format`` is one of ``FORMATS`` (``auto``: detected from the body, then ``name``) or
    ``json``. A JSON body (object or list) is read as JSON Lines, one line per object, so
    every record is checked as ``dateline ingest`` checks a line, and named ``request:N``.
    """
    if format != "json":
        chosen = replace(options, format=format)
        yield from read_bytes(data, origin=ORIGIN, options=chosen, name=name)
        return
    try:
        parsed = json.loads(data)
        records = parsed if isinstance(parsed, list) else [parsed]
        lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"request body is not valid JSON: {exc}") from None
    except RecursionError:
        raise ApiError(400, "request body is not usable JSON: nested too deeply") from None
    if not records:
        raise ApiError(400, "the JSON list of articles is empty")
    yield from read_jsonl(lines.encode("utf-8"), origin=ORIGIN, options=options)


def _report_json(report: IngestReport) -> dict[str, Any]:
    return {
        "run_id": report.run_id,
        "ingested": report.ingested,
        "duplicates": report.duplicates,
        "rejected": [{"origin": r.origin, "reason": r.reason} for r in report.rejected],
        "notices": [{"origin": n.origin, "message": n.message} for n in report.notices],
    }


def _ingest(app_state: AppState, read: Callable[[], Iterator[ReadItem]]) -> IngestReport:
    """Read the body (outside the lock: parsing can run beside another write), then store."""
    items = list(read())
    with app_state.write_lock:
        return ingest_articles(
            items,
            store=app_state.dateline.store,
            options=IngestOptions(read=ReadOptions()),
            description="api POST /api/articles",
            near_duplicate_index=app_state.dateline.syndication,  # built once per server
        )


@router.post(
    "/api/articles",
    summary="Ingest one article or a batch (needs the bearer token)",
    dependencies=[Depends(require_writer)],
    openapi_extra=_INGEST_BODY,
    status_code=201,
    responses={
        200: {"description": "Nothing new: every article was already stored"},
        401: {"description": "Missing or wrong bearer token"},
        403: {"description": "The server is read-only (no token configured)"},
        413: {"description": "Request body over the size limit"},
        422: {"description": "Every article in the request was rejected"},
    },
)
async def post_articles(
    request: Request,
    date: Annotated[
        date_type | None,
        Query(description="Publication date for articles without one (plain text, a page)."),
    ] = None,
    format: Annotated[
        str | None,
        Query(
            pattern=f"^(?:{'|'.join(FORMATS)})$",
            description="Input format, as `dateline ingest --format`; overrides Content-Type.",
        ),
    ] = None,
) -> JSONResponse:
    """Same formats and bad-input rules as ``dateline ingest``; bad records are listed."""
    app_state = state(request)
    media_type = _media_type(request)
    chosen = format or INGEST_CONTENT_TYPES.get(media_type)
    if chosen is None:
        kinds = ", ".join(INGEST_CONTENT_TYPES)
        raise ApiError(
            415,
            f"unsupported Content-Type {media_type or '(none)'!r}; use {kinds}, "
            "or name the format with ?format=",
        )
    data = await request.body()
    if not data.strip():
        raise ApiError(400, "empty request body; send an article")
    default = datetime.combine(date, time(0, 0), tzinfo=UTC) if date else None
    options = ReadOptions(default_date=default, max_bytes=app_state.settings.max_article_bytes)
    name = "request.tsv" if media_type == "text/tab-separated-values" else ""
    # reading (an HTML page, a feed) and ingesting are slow: off the loop serving the reads
    report = await run_in_threadpool(
        _ingest, app_state, lambda: read_request_body(data, chosen, options, name=name)
    )
    body = _report_json(report)
    if report.ingested:
        return JSONResponse(body, status_code=201)
    if report.duplicates:
        return JSONResponse(body, status_code=200)
    first = next((r for r in report.rejected), Rejection(ORIGIN, "no article found"))
    body["error"] = {"status": 422, "message": f"nothing stored: {first}"}
    return JSONResponse(body, status_code=422)
