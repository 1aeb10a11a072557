"""Server-rendered web pages (Jinja2 templates, small vanilla JS and CSS, no build step)."""

from __future__ import annotations

__all__: list[str] = []
