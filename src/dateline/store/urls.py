"""Database URLs: which backend a target names, and how to show one without its password."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

__all__ = ["display_url", "is_postgres"]

_POSTGRES_SCHEMES = ("postgresql", "postgres")
_USERINFO = re.compile(r"^([A-Za-z][\w+.-]*://[^:/@]*:)[^@]*@")


def is_postgres(target: str | Path) -> bool:
    """Whether ``target`` is a ``postgresql://``/``postgres://`` URL (any ``+driver``)."""
    if isinstance(target, Path):
        return False
    scheme, sep, _ = target.strip().partition("://")
    return bool(sep) and scheme.split("+", 1)[0].lower() in _POSTGRES_SCHEMES


def display_url(target: str | Path | URL) -> str:
    """``target`` as it may be shown (messages, logs, repr): a URL's password is ``***``.

    A file path is returned as it is.
    """
    if isinstance(target, Path):
        return str(target)
    if isinstance(target, URL):
        return target.render_as_string(hide_password=True)
    if "://" not in target:
        return target
    try:
        return make_url(target.strip()).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _USERINFO.sub(r"\1***@", target)
