"""The REST API and web server behind ``dateline serve`` (FastAPI, served by uvicorn)."""

from __future__ import annotations

from dateline.api.app import create_app
from dateline.api.settings import Settings, read_token_file

__all__ = ["Settings", "create_app", "read_token_file"]
