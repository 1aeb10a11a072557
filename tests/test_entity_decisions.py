"""Entities across articles: merge, split and why, decisions that outlive later ingests,
and resolution that does not depend on which article came first. Each test runs on SQLite
and on PostgreSQL (conftest.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import Article, Entity, Event, Extraction, Mention, Span, when_for_value
from dateline.store import Store, open_store

NOW = datetime(2026, 1, 1, tzinfo=UTC)
runner = CliRunner()


def article(article_id: str, day: str, *people: tuple[str, str, tuple[str, ...]]) -> Extraction:
    """One article naming ``people`` (name, label, aliases), each the agent of an event."""
    text = " ".join(f"{name} spoke." for name, _, _ in people)
    entities, events, at = [], [], 0
    for index, (name, label, aliases) in enumerate(people):
        mentions = (Mention(name, at, at + len(name), 0, "name"),)
        entities.append(Entity(f"e{index}", name, label, aliases, mentions))
        events.append(
            Event(
                f"ev{index}",
                "speak",
                "statement",
                f"{name} spoke",
                Span("spoke", at + len(name) + 1, at + len(name) + 6),
                0,
                agents=(name,),
                entities=(name,),
                when=when_for_value(day),
            )
        )
        at += len(name) + 8
    published = datetime.fromisoformat(day).replace(tzinfo=UTC)
    return Extraction(
        Article(text, published, id=article_id),
        sentences=(Span(text, 0, len(text)),),
        entities=tuple(entities),
        events=tuple(events),
    )


def names(store: Store) -> set[str]:
    return {e.name for e in store.entities()}


def test_merge_split_why_and_later_ingests(db_url: str) -> None:
    db = db_url
    with open_store(db) as store:
        store.save_extraction(
            article("a1", "2024-01-02", ("Gus Pemberton", "PERSON", ())), recorded_at=NOW
        )
        store.save_extraction(
            article("a2", "2024-02-02", ("Augustus Pemberton", "PERSON", ())), recorded_at=NOW
        )
        assert {"Gus Pemberton", "Augustus Pemberton"} <= names(store)
    result = runner.invoke(
        app, ["entities", "merge", "Gus Pemberton", "Augustus Pemberton", "--db", db]
    )
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        assert "Augustus Pemberton" not in names(store)
        merged = store.find_entity("Augustus Pemberton")
        assert merged is not None and merged.name == "Gus Pemberton"
        assert {i.id for i in store.timeline_items(merged.id)} == {"a1:ev0", "a2:ev0"}
        # a later article naming the merged entity follows the decision
        store.save_extraction(
            article("a3", "2024-03-02", ("Augustus Pemberton", "PERSON", ())), recorded_at=NOW
        )
        assert "Augustus Pemberton" not in names(store)
    why = runner.invoke(app, ["entities", "why", "Pemberton", "--db", db, "--format", "json"])
    assert why.exit_code == 0, why.output
    reasons = json.loads(why.output)
    assert reasons["entity"] == "Gus Pemberton"
    assert any(
        r["name"] == "Augustus Pemberton" and "by hand" in r["rule"] for r in reasons["reasons"]
    )
    split = runner.invoke(
        app, ["entities", "split", "Gus Pemberton", "Augustus Pemberton", "--db", db]
    )
    assert split.exit_code == 0, split.output
    with open_store(db) as store:
        gus, augustus = store.find_entity("Gus Pemberton"), store.find_entity("Augustus Pemberton")
        assert gus is not None and augustus is not None and gus.id != augustus.id
        assert {i.id for i in store.timeline_items(gus.id)} == {"a1:ev0"}
        assert {i.id for i in store.timeline_items(augustus.id)} >= {"a2:ev0"}
        store.save_extraction(
            article("a4", "2024-04-02", ("Augustus Pemberton", "PERSON", ())), recorded_at=NOW
        )
        assert {i.id for i in store.timeline_items(gus.id)} == {"a1:ev0"}


def test_errors_are_one_line(db_url: str) -> None:
    db = db_url
    with open_store(db) as store:
        store.save_extraction(
            article("a1", "2024-01-02", ("Gus Pemberton", "PERSON", ())), recorded_at=NOW
        )
    for args, message in [
        (["entities", "merge", "Gus Pemberton", "Nobody Here"], "no entity named"),
        (["entities", "merge", "Gus Pemberton", "Gus Pemberton"], "already one entity"),
        (["entities", "split", "Gus Pemberton", "Gus"], "no alias"),
    ]:
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exit_code != 0
        assert message in str(result.exception) or message in result.output


@pytest.mark.parametrize("reverse", [False, True])
def test_surname_and_mislabelled_names_join_in_either_order(db_url: str, reverse: bool) -> None:
    first = article("a1", "2024-01-02", ("Marin", "GPE", ()), ("Kutcher", "PERSON", ()))
    second = article(
        "a2",
        "2024-02-02",
        ("Elise Marin", "PERSON", ("Marin",)),
        ("Ashton Kutcher", "PERSON", ("Kutcher",)),
    )
    with open_store(db_url) as store:
        for ex in [second, first] if reverse else [first, second]:
            store.save_extraction(ex, recorded_at=NOW)
        assert names(store) == {"Elise Marin", "Ashton Kutcher"}
        marin = store.find_entity("Marin")
        assert marin is not None and marin.label == "PERSON" and marin.mention_count == 2
        _, reasons = store.explain_entity("Ashton Kutcher")
        assert [r.name for r in reasons] == ["Kutcher"] and "surname" in reasons[0].rule


def test_different_people_with_one_surname_stay_apart(db_url: str) -> None:
    with open_store(db_url) as store:
        store.save_extraction(
            article("a1", "2024-01-02", ("Ashton Kutcher", "PERSON", ("Kutcher",))), recorded_at=NOW
        )
        store.save_extraction(
            article("a2", "2024-02-02", ("Bob Kutcher", "PERSON", ("Kutcher",))), recorded_at=NOW
        )
        store.save_extraction(
            article("a3", "2024-03-02", ("Kutcher", "PERSON", ())), recorded_at=NOW
        )
        assert {"Ashton Kutcher", "Bob Kutcher"} <= names(store)
        ashton = store.find_entity("Ashton Kutcher")
        assert ashton is not None and ashton.mention_count == 1  # the bare surname is ambiguous
