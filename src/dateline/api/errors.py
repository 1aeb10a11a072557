"""JSON errors a person can act on, and the request size limit.

Every error body is ``{"error": {"status": N, "message": "..."}}``. Validation errors name
the parameter that was wrong instead of echoing pydantic's structure.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline.errors import DatelineError, NotFoundError

__all__ = ["ApiError", "BodyLimit", "BodyTooLarge", "error_response", "install_error_handlers"]

log = logging.getLogger("dateline.api")


class ApiError(Exception):
    """An error with its HTTP status; ``headers`` go on the response (WWW-Authenticate)."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class BodyTooLarge(Exception):
    """Raised while reading a streamed body that goes past the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"request body too large (limit {limit:,} bytes)")
        self.limit = limit


def error_response(
    status: int, message: str, *, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "message": message}}, status_code=status, headers=headers
    )


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"query", "path", "header", "body"}:
        where, rest = parts[0], parts[1:]
        name = ".".join(p for p in rest if not p.isdigit()) or where  # kind.0 -> kind
        return f"{where} parameter {name!r}" if where != "body" else f"body field {name!r}"
    return ".".join(parts) or "request"


def _validation_message(exc: RequestValidationError) -> str:
    problems = [f"{_location(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
    return "; ".join(problems[:5]) or "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Map our exceptions, HTTP errors and validation errors to JSON error bodies."""

    async def api_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.message, headers=exc.headers)

    async def not_found(_: Request, exc: Exception) -> JSONResponse:
        return error_response(404, str(exc))

    async def dateline_error(_: Request, exc: Exception) -> JSONResponse:
        return error_response(400, str(exc))

    async def too_large(_: Request, exc: Exception) -> JSONResponse:
        return error_response(413, str(exc))

    async def validation(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(422, _validation_message(exc))

    async def http_error(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page or endpoint; see /openapi.json for the API"
        return error_response(exc.status_code, message, headers=exc.headers)

    async def internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error", exc_info=exc)
        return error_response(500, f"internal error ({type(exc).__name__}); see the server log")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(NotFoundError, not_found)
    app.add_exception_handler(DatelineError, dateline_error)
    app.add_exception_handler(BodyTooLarge, too_large)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, internal)


class BodyLimit:
    """Refuse request bodies over ``max_bytes``: by Content-Length up front, else as they stream."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await error_response(400, "Content-Length is not a number")(scope, receive, send)
                return
            if int(declared) > self.max_bytes:
                message = f"request body too large: {int(declared):,} bytes"
                message += f" (limit {self.max_bytes:,}); send fewer articles per request"
                await error_response(413, message)(scope, receive, send)
                return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited, send)
