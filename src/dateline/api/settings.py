"""Server settings: what the operator chose on the command line, as one frozen record."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dateline.errors import DatelineError
from dateline.io.readers import DEFAULT_MAX_BYTES

__all__ = ["DEFAULT_MAX_REQUEST_BYTES", "Settings", "read_token_file"]

#: Largest request body accepted, in bytes: a batch of articles, not a corpus dump.
DEFAULT_MAX_REQUEST_BYTES = 8_000_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """``token`` is None for a read-only server: writes are refused whatever is sent."""

    token: str | None = field(default=None, repr=False)  # kept out of logs and tracebacks
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    max_article_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < 16:
            raise DatelineError("the API token must be at least 16 characters long")
        if self.max_request_bytes < 1 or self.max_article_bytes < 1:
            raise DatelineError("size limits must be positive")

    @property
    def writable(self) -> bool:
        return self.token is not None


def read_token_file(path: Path) -> str:
    """The bearer token: the file's first line, stripped. Errors name the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatelineError(f"{path}: token file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DatelineError(f"{path}: cannot read the token file ({exc})") from None
    lines = text.strip().splitlines()
    token = lines[0].strip() if lines else ""
    if not token:
        raise DatelineError(f"{path}: the token file is empty")
    if len(token) < 16:
        raise DatelineError(f"{path}: the token must be at least 16 characters long")
    return token
