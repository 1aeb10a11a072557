"""The REST API and web server behind ``dateline serve`` (FastAPI, served by uvicorn).

``create_app`` is imported on first use, so ``dateline.api.settings`` (the CLI's defaults)
loads without FastAPI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dateline.api.settings import Settings, read_token_file

if TYPE_CHECKING:
    from dateline.api.app import create_app

__all__ = ["Settings", "create_app", "read_token_file"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from dateline.api.app import create_app

        return create_app
    raise AttributeError(f"module 'dateline.api' has no attribute {name!r}")
