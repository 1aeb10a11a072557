"""Exporters: extraction JSON, JSON Lines of a whole store, and GraphML of its entities."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO
from xml.sax.saxutils import escape

from dateline.io.codec import to_json
from dateline.model import Extraction
from dateline.store.base import EntityInfo

__all__ = ["extraction_to_json", "write_graphml", "write_jsonl"]


def extraction_to_json(extraction: Extraction) -> dict[str, Any]:
    """Everything read from one article; spans carry offsets into ``article.text``.

    Every quote and attribution has ``content``, ``cue`` and ``source`` objects (members
    null when the text gives no such span, so span scorers need no special case); ``source``
    also names the resolved ``entity`` (or null).
    """
    data: dict[str, Any] = to_json(extraction)
    empty = {"text": None, "char_start": None, "char_end": None}
    for quote in data["quotes"]:
        for part in ("cue", "source"):
            if quote[part] is None:
                quote[part] = dict(empty)
        quote["source"]["entity"] = quote["speakers"][0] if quote["speakers"] else None
    for attribution in data["attributions"]:
        attribution["source"]["entity"] = attribution["source_entity"]
    return data


def write_jsonl(
    extractions: Iterable[Extraction],
    out: TextIO,
    *,
    copies: Callable[[Extraction], list[dict[str, Any]]] | None = None,
) -> int:
    """One article with its extraction per line; returns the number written.

    With ``copies``, each line also lists the article's near-duplicate copies.
    """
    count = 0
    for extraction in extractions:
        data = extraction_to_json(extraction)
        if copies is not None:
            data["copies"] = copies(extraction)
        out.write(json.dumps(data, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def _graphml_lines(
    entities: Iterable[EntityInfo], edges: Iterable[tuple[int, int, str, int]]
) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>'
    yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
    yield '  <key id="name" for="node" attr.name="name" attr.type="string"/>'
    yield '  <key id="label" for="node" attr.name="label" attr.type="string"/>'
    yield '  <key id="mentions" for="node" attr.name="mentions" attr.type="int"/>'
    yield '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>'
    yield '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>'
    yield '  <graph id="dateline" edgedefault="undirected">'
    for ent in entities:
        yield f'    <node id="e{ent.id}">'
        yield f'      <data key="name">{escape(ent.name)}</data>'
        yield f'      <data key="label">{escape(ent.label)}</data>'
        yield f'      <data key="mentions">{ent.mention_count}</data>'
        yield "    </node>"
    for number, (a, b, relation, weight) in enumerate(edges, start=1):
        yield f'    <edge id="r{number}" source="e{a}" target="e{b}">'
        yield f'      <data key="relation">{escape(relation)}</data>'
        yield f'      <data key="weight">{weight}</data>'
        yield "    </edge>"
    yield "  </graph>"
    yield "</graphml>"


def write_graphml(
    entities: Iterable[EntityInfo], edges: Iterable[tuple[int, int, str, int]], out: TextIO
) -> None:
    """Entities as nodes, co-occurrence and fact relations as weighted edges."""
    for line in _graphml_lines(entities, edges):
        out.write(line)
        out.write("\n")
