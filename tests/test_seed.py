"""Acceptance: the seed article, read end to end, yields what ../shared/seed/expected.json says.

Each expected entity, timex, timeline item, quote, attribution and fact is its own test case,
so a run reports exactly which ones pass. The article and its expectations are read from
../shared at run time and never copied here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dateline
from dateline.io.exporters import extraction_to_json

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_DIR = SHARED / "seed"
SEED = SEED_DIR / "2023-09-15-kutcher-kunis-thorn.txt"
EXPECTED_PATH = SEED_DIR / "expected.json"

pytestmark = [
    pytest.mark.model,
    pytest.mark.shared,
    pytest.mark.skipif(
        not EXPECTED_PATH.exists(),
        reason=f"../shared is absent ({SEED_DIR} not found): the seed acceptance test needs it",
    ),
]


def _expected() -> dict[str, Any]:
    if not EXPECTED_PATH.exists():
        return {
            "entities": [],
            "timexes": [],
            "timeline": {},
            "quotes": [],
            "attributions": [],
            "facts": [],
        }
    data: dict[str, Any] = json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))
    return data


EXPECTED = _expected()


@pytest.fixture(scope="module")
def extraction() -> dict[str, Any]:
    return extraction_to_json(dateline.extract(SEED))


@pytest.fixture(scope="module")
def timelines(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, list[dict[str, Any]]]]:
    db = tmp_path_factory.mktemp("seed") / "seed.db"
    with dateline.connect(db) as dl:
        report = dl.ingest([SEED])
        assert report.ingested == 1, report
        yield {name: dateline.timeline_to_json(dl.timeline(name)) for name in EXPECTED["timeline"]}


def _case_id(prefix: str, value: Any) -> str:
    return f"{prefix}:{value}"


# --- entities ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "expected", EXPECTED["entities"], ids=lambda e: _case_id("entity", e["name"])
)
def test_entity(extraction: dict[str, Any], expected: dict[str, Any]) -> None:
    by_name = {e["name"]: e for e in extraction["entities"]}
    assert expected["name"] in by_name, sorted(by_name)
    found = by_name[expected["name"]]
    assert found["label"] == expected["type"]
    for alias in expected["aliases"]:
        assert alias in found["aliases"], found["aliases"]


def test_no_split_entities(extraction: dict[str, Any]) -> None:
    """Every expected alias resolves into its entity, never into an entity of its own."""
    names = {e["name"] for e in extraction["entities"]}
    for expected in EXPECTED["entities"]:
        for alias in expected["aliases"]:
            assert alias not in names


# --- timexes -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "expected", EXPECTED["timexes"], ids=lambda t: _case_id("timex", t["text"])
)
def test_timex(extraction: dict[str, Any], expected: dict[str, Any]) -> None:
    candidates = [t for t in extraction["timexes"] if t["text"] == expected["text"]]
    assert candidates, [t["text"] for t in extraction["timexes"]]
    readings = {(expected["type"], expected["value"])}
    if "also acceptable" in expected.get("note", "") and "DATE reading" in expected["note"]:
        readings.add(("DATE", extraction["article"]["published_at"][:4]))
    matched = [t for t in candidates if (t["type"], t["value"]) in readings]
    assert matched, candidates
    assert all(t["mod"] == expected.get("mod") for t in matched)
    for t in matched:
        text = extraction["article"]["text"]
        assert text[t["char_start"] : t["char_end"]] == t["text"]


# --- timeline items ------------------------------------------------------------------------
def _time_matches(when: dict[str, Any] | None, expected: dict[str, Any]) -> bool:
    if when is None:
        return False
    if "any_of" in expected:
        return when.get("value") in expected["any_of"]
    if "value" in expected:
        return when.get("value") == expected["value"]
    return when.get("start_value") == expected.get("start") and when.get(
        "end_value"
    ) == expected.get("end")


def _item_matches(item: dict[str, Any], expected: dict[str, Any]) -> bool:
    haystack = " ".join([item["type"], item["summary"], item["sentence"]]).lower()
    return (
        _time_matches(item["when"], expected["when"])
        and all(k.lower() in haystack for k in expected["keywords"])
        and all(name in item["entities"] for name in expected.get("with", []))
        and ("source" not in expected or expected["source"] in item["sources"])
    )


TIMELINE_CASES = [
    (entity, expected) for entity, items in EXPECTED["timeline"].items() for expected in items
]


@pytest.mark.parametrize(
    ("entity", "expected"),
    TIMELINE_CASES,
    ids=[f"timeline:{e}:{x['keywords'][0]}" for e, x in TIMELINE_CASES],
)
def test_timeline_item(
    timelines: dict[str, list[dict[str, Any]]], entity: str, expected: dict[str, Any]
) -> None:
    items = timelines[entity]
    assert any(_item_matches(i, expected) for i in items), [
        (i["when"], i["summary"], i["entities"], i["sources"]) for i in items
    ]


def test_timeline_is_ordered(timelines: dict[str, list[dict[str, Any]]]) -> None:
    for items in timelines.values():
        dated = [i for i in items if i["when"] is not None]
        starts = [i["when"]["start"] or i["when"]["end"] for i in dated]
        assert starts == sorted(starts)


# --- quotes, attributions, facts -----------------------------------------------------------
@pytest.mark.parametrize(
    "expected", EXPECTED["quotes"], ids=lambda q: _case_id("quote", q["contains"][:20])
)
def test_quote(extraction: dict[str, Any], expected: dict[str, Any]) -> None:
    text = extraction["article"]["text"]
    matches = [q for q in extraction["quotes"] if expected["contains"] in q["content"]["text"]]
    assert matches, [q["content"]["text"][:40] for q in extraction["quotes"]]
    quote = matches[0]
    assert sorted(quote["speakers"]) == sorted(expected["speaker"])
    if "cue" in expected:
        assert quote["cue"] is not None and quote["cue"]["text"] == expected["cue"]
    if "venue" in expected:
        assert quote["venue"] == expected["venue"]
    content = quote["content"]
    assert text[content["char_start"] : content["char_end"]] == content["text"]


@pytest.mark.parametrize(
    "expected", EXPECTED["attributions"], ids=lambda a: _case_id("attribution", a["source"])
)
def test_attribution(
    extraction: dict[str, Any],
    timelines: dict[str, list[dict[str, Any]]],
    expected: dict[str, Any],
) -> None:
    matches = [
        a
        for a in extraction["attributions"]
        if expected["source"] in (a["source_entity"], a["source"]["text"])
        and expected["claim_contains"] in a["content"]["text"]
    ]
    assert matches, extraction["attributions"]
    # the source is shown on the timeline items derived from the claim
    derived = [
        i
        for items in timelines.values()
        for i in items
        if expected["claim_contains"] in i["summary"]
    ]
    assert derived and all(expected["source"] in i["sources"] for i in derived)


def _value(when: dict[str, Any] | None) -> str | None:
    return None if when is None else when.get("value")


@pytest.mark.parametrize(
    "expected",
    EXPECTED["facts"],
    ids=lambda f: _case_id("fact", f"{f['subject']}-{f['object']}"),
)
def test_fact(extraction: dict[str, Any], expected: dict[str, Any]) -> None:
    relation_words = expected["relation"].split("/")
    matches = [
        f
        for f in extraction["facts"]
        if f["subject"] == expected["subject"]
        and f["object"] == expected["object"]
        and any(f["relation"].startswith(word.strip()) for word in relation_words)
    ]
    assert matches, extraction["facts"]
    fact = matches[0]
    assert _value(fact["valid_from"]) == expected["valid_from"]
    valid_to = expected.get("valid_to")
    if isinstance(valid_to, dict):
        assert _value(fact["valid_to"]) in valid_to["any_of"]
    elif valid_to is not None:
        assert _value(fact["valid_to"]) == valid_to
    else:
        assert fact["valid_to"] is None, "the fact still holds: its interval must stay open"
    assert fact["provenance"] and fact["published_at"].startswith(EXPECTED["document_date"])
