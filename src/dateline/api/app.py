"""The application factory: one FastAPI app serving the REST API and the web pages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dateline import __version__
from dateline._api import Dateline
from dateline.api import routes_articles, routes_entities
from dateline.api.deps import AppState, state
from dateline.api.errors import BodyLimit, install_error_handlers
from dateline.api.settings import Settings

__all__ = ["SECURITY_HEADERS", "create_app"]

#: Sent with every response. Scripts and styles only from our own /static files, so even a
#: missed escape could not run an inline script.
SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(dateline: Dateline, *, settings: Settings | None = None) -> FastAPI:
    """The app over an open ``Dateline``; the caller keeps ownership and closes it."""
    chosen = settings or Settings()
    app = FastAPI(
        title="dateline",
        version=__version__,
        description=(
            "Timelines from dated news: entities, events, quotes and facts with provenance. "
            "Read endpoints are open; POST /api/articles needs the server's bearer token."
        ),
        docs_url=None,  # the Swagger page loads scripts from a CDN; we serve offline
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.dateline = AppState(dateline=dateline, settings=chosen)
    install_error_handlers(app)

    @app.get("/health", tags=["system"], summary="Liveness and store counts")
    def health(request: Request) -> dict[str, Any]:
        app_state = state(request)
        return {
            "status": "ok",
            "version": __version__,
            "writable": app_state.settings.writable,
            "counts": app_state.dateline.store.counts(),
        }

    app.include_router(routes_entities.router)
    app.include_router(routes_articles.router)
    from dateline.web.routes import mount_web  # the pages depend on the API, not back

    mount_web(app)
    app.add_middleware(BodyLimit, max_bytes=chosen.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    return app
