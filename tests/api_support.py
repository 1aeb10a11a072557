"""Helpers shared by the API, fuzz and browser tests (not a test module)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

import dateline
from dateline.api import Settings, create_app

TOKEN = "test-token-0123456789abcdef"


@contextmanager
def api_client(db: Path, *, token: str | None = TOKEN, **options: int) -> Iterator[TestClient]:
    """An in-process client over a real SQLite file; server errors come back as 500s."""
    with dateline.connect(db, create=False) as dl:
        app = create_app(dl, settings=Settings(token=token, **options))
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """A real uvicorn server on a loopback port in a thread; yields its base URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
