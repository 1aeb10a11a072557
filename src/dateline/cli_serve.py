"""``dateline serve``: the web pages and REST API over one database, via uvicorn.

Kept apart from ``cli.py`` so that FastAPI and uvicorn load only when serving.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Annotated

import typer

from dateline.api.settings import DEFAULT_MAX_REQUEST_BYTES  # light: no FastAPI
from dateline.errors import DatelineError

__all__ = ["serve"]


def serve(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="SQLite file, sqlite:/// or postgresql:// URL. Default: $DATELINE_DB, "
            "else dateline.db.",
            show_default=False,
        ),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; 0.0.0.0 exposes it to the network.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="File whose first line is the bearer token for writes; without it, read-only.",
        ),
    ] = None,
    max_request_bytes: Annotated[
        int, typer.Option("--max-request-bytes", min=1, help="Largest request body accepted.")
    ] = DEFAULT_MAX_REQUEST_BYTES,
) -> None:
    """Serve the web timeline and the REST API (read-only unless --token-file is given)."""
    from dateline._api import DEFAULT_DB, Dateline
    from dateline.api import Settings, create_app, read_token_file
    from dateline.store import display_url

    token = read_token_file(token_file) if token_file is not None else None
    settings = Settings(token=token, max_request_bytes=max_request_bytes)
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - a broken install
        raise DatelineError("uvicorn is not installed; reinstall dateline") from None
    shown = display_url(db or os.environ.get("DATELINE_DB") or DEFAULT_DB)
    # a read-only server never creates a database: a mistyped --db is an error
    with Dateline(db, create=settings.writable) as dl:
        app = create_app(dl, settings=settings)
        mode = "read-write, token required" if settings.writable else "read-only"
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False)
        sock = config.bind_socket()  # bound here, so --port 0 prints the port it got
        # uvicorn's socket has proto 0, so asyncio skips TCP_NODELAY on accepted connections
        # (Nagle + delayed ACK: about 40 ms added to every small response); connections
        # inherit it from the listening socket
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        bound = sock.getsockname()[1]
        typer.echo(f"dateline: serving {shown} on http://{host}:{bound}/ ({mode})")
        sys.stdout.flush()  # a caller reading the URL from a pipe sees it now
        uvicorn.Server(config).run(sockets=[sock])
