"""What route handlers share: the open ``Dateline``, the settings, the write guard."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field

from fastapi import Request

from dateline._api import Dateline
from dateline.api.errors import ApiError
from dateline.api.settings import Settings
from dateline.store.base import EntityInfo

__all__ = ["AppState", "entity_or_404", "require_writer", "state"]


@dataclass(slots=True)
class AppState:
    """Kept on ``app.state.dateline``; writes share one lock (one spaCy pipeline in-process)."""

    dateline: Dateline
    settings: Settings
    write_lock: threading.Lock = field(default_factory=threading.Lock)


def state(request: Request) -> AppState:
    found = request.app.state.dateline
    assert isinstance(found, AppState)
    return found


def entity_or_404(request: Request, entity_id: int) -> EntityInfo:
    info = state(request).dateline.store.entity(entity_id)
    if info is None:
        raise ApiError(404, f"no entity with id {entity_id}; search with /api/entities?q=NAME")
    return info


def require_writer(request: Request) -> None:
    """401 without the right bearer token; 403 when the server has no token (read-only)."""
    token = state(request).settings.token
    if token is None:
        raise ApiError(
            403,
            "this server is read-only; start `dateline serve` with --token-file to allow writes",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="dateline"'}
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401, "missing bearer token: send 'Authorization: Bearer TOKEN'", headers=challenge
        )
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "wrong bearer token", headers=challenge)
