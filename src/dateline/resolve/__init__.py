"""Resolving in-document entities to canonical entities across articles (pure logic)."""

from dateline.resolve.entities import Canonical, last_token, normalise_name, resolve_entity

__all__ = ["Canonical", "last_token", "normalise_name", "resolve_entity"]
