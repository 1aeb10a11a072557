"""Errors a user can act on. The CLI prints them as one line, never as a traceback."""

from __future__ import annotations

__all__ = ["DatelineError", "InputError", "NotFoundError"]


class DatelineError(Exception):
    """Base class: the message is meant for a person."""


class InputError(DatelineError):
    """An input file or record cannot be read as an article; ``origin`` names it."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class NotFoundError(DatelineError):
    """A requested entity or article is not in the store."""
