"""The store (SQLite and PostgreSQL), entity resolution and the item mapping, on hand-built
extractions. Tests taking ``fresh_db`` or ``db_url`` run once per backend (conftest.py)."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_backends import Databases

from dateline.errors import DatelineError
from dateline.io.codec import from_json, to_json
from dateline.model import (
    Article,
    Attribution,
    Entity,
    Event,
    Extraction,
    Fact,
    Mention,
    Provenance,
    Quote,
    Span,
    Timex,
    When,
    interval,
    when_for_value,
)
from dateline.query.items import SUMMARY_LIMIT, items_for
from dateline.resolve import Canonical, last_token, normalise_name, resolve_entity
from dateline.store import SaveOutcome, Store, display_url, open_store
from dateline.store.migrations import MIGRATIONS
from dateline.store.postgres import PostgresStore, search_words, tsquery
from dateline.store.sql import SQLStore
from dateline.store.sqlite import BUSY_TIMEOUT_MS, SQLiteStore, fts_query

EST = timezone(timedelta(hours=-5))
NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
DCT = datetime(2023, 2, 1, 9, 30, tzinfo=EST)


# --- builders ----------------------------------------------------------------------------
def person(key: str, name: str, *aliases: str, at: int = 0) -> Entity:
    return Entity(key, name, "PERSON", aliases, (Mention(name, at, at + len(name), 0, "name"),))


def event(
    local_id: str,
    summary: str,
    *,
    agents: tuple[str, ...] = (),
    patients: tuple[str, ...] = (),
    others: tuple[str, ...] = (),
    when: When | None = None,
) -> Event:
    return Event(
        id=local_id,
        predicate="do",
        type="other",
        summary=summary,
        trigger=Span("did", 0, 3),
        sentence_index=0,
        agents=agents,
        patients=patients,
        entities=others,
        when=when,
        sources=("TMZ",),
    )


def extraction(
    text: str,
    *,
    article_id: str = "",
    title: str | None = None,
    entities: tuple[Entity, ...] = (),
    events: tuple[Event, ...] = (),
    quotes: tuple[Quote, ...] = (),
    facts: tuple[Fact, ...] = (),
    published_at: datetime = DCT,
) -> Extraction:
    article = Article(text, published_at, id=article_id, title=title)
    return Extraction(
        article=article,
        sentences=(Span(text, 0, len(text)),),
        entities=entities,
        events=events,
        quotes=quotes,
        facts=facts,
    )


def kutcher_article() -> Extraction:
    text = "Ashton Kutcher married Mila Kunis in 2015, the couple said."
    return extraction(
        text,
        article_id="a1",
        title="Kutcher and Kunis",
        entities=(person("e1", "Ashton Kutcher"), person("e2", "Mila Kunis", at=23)),
        events=(
            event(
                "ev1",
                "Kutcher married Kunis",
                agents=("Ashton Kutcher",),
                patients=("Mila Kunis",),
                when=when_for_value("2015"),
            ),
        ),
        quotes=(
            Quote(
                "q1",
                Span("We are happy", 0, 12),
                0,
                "direct",
                speakers=("Mila Kunis",),
                about=("Ashton Kutcher", "the couple"),
            ),
        ),
        facts=(
            Fact(
                "f1",
                "Ashton Kutcher",
                "spouse",
                "Mila Kunis",
                (Provenance("a1", 0, 7, 14),),
                DCT,
                valid_from=when_for_value("2015"),
            ),
        ),
    )


def as_stored(ex: Extraction) -> Extraction:
    """What the store keeps: facts stamped with the save time."""
    facts = tuple(dataclasses.replace(f, recorded_at=f.recorded_at or NOW) for f in ex.facts)
    return dataclasses.replace(ex, facts=facts)


def raw_rows(store: SQLStore, sql: str) -> list[tuple[Any, ...]]:
    with store._engine.connect() as conn:
        return [tuple(row) for row in conn.exec_driver_sql(sql)]


def is_sqlite(store: SQLStore) -> bool:
    return isinstance(store, SQLiteStore)


# --- migrations and opening ----------------------------------------------------------------
def test_migrations_recorded_and_idempotent(fresh_db: SQLStore, db_url: str) -> None:
    assert [
        r[0] for r in raw_rows(fresh_db, "SELECT name FROM schema_migrations ORDER BY name")
    ] == [m.name for m in MIGRATIONS]
    assert fresh_db.migrate() == []
    assert fresh_db.migrate() == []
    listing = (
        "SELECT name FROM sqlite_master"
        if is_sqlite(fresh_db)
        else "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema()"
    )
    tables = {r[0] for r in raw_rows(fresh_db, listing)}
    assert {"articles", "entities", "entity_aliases", "mentions", "items"} <= tables
    assert {"item_entities", "runs", "rejections", "articles_fts"} <= tables
    with open_store(db_url) as again:  # type: ignore[attr-defined]
        assert again.migrate() == []
    assert len(raw_rows(fresh_db, "SELECT name FROM schema_migrations")) == len(MIGRATIONS)


def test_pragmas_for_concurrent_writers(tmp_path: Path) -> None:
    fresh_db = SQLiteStore(tmp_path / "wal.db")
    assert raw_rows(fresh_db, "PRAGMA journal_mode") == [("wal",)]
    with fresh_db._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    fresh_db.close()


def test_open_store_urls(tmp_path: Path) -> None:
    for target in (f"sqlite:///{tmp_path}/a.db", str(tmp_path / "b.db"), tmp_path / "c.db"):
        store = open_store(target)
        try:
            assert isinstance(store, Store)
        finally:
            store.close()
    assert {p.name for p in tmp_path.glob("*.db")} == {"a.db", "b.db", "c.db"}
    memory = open_store("sqlite://")
    memory.close()
    # a PostgreSQL URL goes to the PostgreSQL backend; its errors never show the password
    with pytest.raises(DatelineError, match=r"could not open postgresql://kim:\*\*\*@") as err:
        open_store("postgresql://kim:s3cret-pw@127.0.0.1:1/news")
    assert "s3cret-pw" not in str(err.value)
    with pytest.raises(DatelineError, match="unsupported PostgreSQL driver"):
        open_store("postgresql+psycopg2://kim@127.0.0.1:1/news")
    with pytest.raises(DatelineError, match="unsupported"):
        open_store("mysql://localhost/news")
    with pytest.raises(DatelineError, match="no dateline database"):
        open_store(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()


# --- saving ------------------------------------------------------------------------------
def test_round_trip_keeps_extraction_and_offset(fresh_db: SQLStore) -> None:
    ex = kutcher_article()
    assert fresh_db.save_extraction(ex, recorded_at=NOW).status == "stored"
    stored = fresh_db.article("a1")
    assert stored is not None
    assert stored.extraction == as_stored(ex)
    assert stored.extraction.article.published_at.isoformat() == "2023-02-01T09:30:00-05:00"
    assert stored.recorded_at == NOW and stored.recorded_at.utcoffset() == timedelta(0)
    assert [s.extraction.article.id for s in fresh_db.articles()] == ["a1"]
    assert fresh_db.article("nope") is None
    assert fresh_db.has_content(ex.article.content_hash)
    assert fresh_db.counts() == {
        "articles": 1,
        "entities": 2,
        "mentions": 2,
        "items": 3,
        "events": 1,
        "quotes": 1,
        "facts": 1,
    }


def test_duplicate_content_writes_nothing(fresh_db: SQLStore) -> None:
    ex = kutcher_article()
    fresh_db.save_extraction(ex, recorded_at=NOW)
    before = fresh_db.counts()
    again = fresh_db.save_extraction(ex, recorded_at=NOW + timedelta(days=1))
    assert again == SaveOutcome("a1", "duplicate")
    # Same words, other spacing and id: still the same content.
    respaced = dataclasses.replace(
        ex, article=Article("  " + ex.article.text.replace(" ", "  "), DCT, id="other")
    )
    assert fresh_db.save_extraction(respaced, recorded_at=NOW).status == "duplicate"
    assert fresh_db.counts() == before
    assert len(raw_rows(fresh_db, "SELECT * FROM articles_fts")) == 1
    assert len(raw_rows(fresh_db, "SELECT * FROM entity_aliases")) == 0


def test_taken_id_gets_suffix(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    other = dataclasses.replace(
        kutcher_article(), article=Article("Different words entirely.", DCT, id="a1")
    )
    outcome = fresh_db.save_extraction(other, recorded_at=NOW)
    assert outcome.article_id == "a1-2"
    third = dataclasses.replace(other, article=Article("Third text.", DCT, id="a1"))
    assert fresh_db.save_extraction(third, recorded_at=NOW).article_id == "a1-3"
    stored = fresh_db.article("a1-2")
    assert stored is not None and stored.extraction.article.id == "a1-2"
    assert stored.extraction.facts[0].provenance[0].article_id == "a1-2"
    ids = {r[0] for r in raw_rows(fresh_db, "SELECT id FROM items WHERE article_id = 'a1-2'")}
    assert ids == {"a1-2:ev1", "a1-2:q1", "a1-2:f1"}


def test_failed_item_insert_rolls_back_whole_article(fresh_db: SQLStore) -> None:
    ex = kutcher_article()
    clash = dataclasses.replace(ex, events=(*ex.events, *ex.events))  # same item id twice
    with pytest.raises(DatelineError, match="could not store article a1"):
        fresh_db.save_extraction(clash, recorded_at=NOW)
    assert set(fresh_db.counts().values()) == {0}
    assert not fresh_db.has_content(ex.article.content_hash)
    assert fresh_db.search("Kutcher") == []
    for table in ("entity_aliases", "item_entities", "articles_fts"):
        assert raw_rows(fresh_db, f"SELECT count(*) FROM {table}") == [(0,)]
    # The store is still usable, and the article can be stored once fixed.
    assert fresh_db.save_extraction(ex, recorded_at=NOW).status == "stored"


def test_failure_after_entities_rolls_back(
    fresh_db: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(type(fresh_db), "_insert_items", staticmethod(boom))
    with pytest.raises(RuntimeError):
        fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    assert set(fresh_db.counts().values()) == {0}


def test_naive_datetimes_rejected(fresh_db: SQLStore) -> None:
    naive = datetime(2024, 1, 1, 12, 0)
    with pytest.raises(ValueError, match="naive"):
        fresh_db.save_extraction(kutcher_article(), recorded_at=naive)
    with pytest.raises(ValueError, match="naive"):
        fresh_db.start_run(description="x", started_at=naive)
    with pytest.raises(ValueError, match="naive"):
        Article("text", naive)
    assert fresh_db.counts()["articles"] == 0
    assert fresh_db.runs() == []


# --- entity resolution ---------------------------------------------------------------------
def test_normalise_and_last_token() -> None:
    assert normalise_name("  The   New York Times’s ") == "new york times"
    assert normalise_name("Kutcher's") == "kutcher"
    assert normalise_name("Theodore") == "theodore"
    assert last_token("martin luther king jr.") == "king"
    assert last_token("") == ""


def test_resolve_rules_are_conservative() -> None:
    ashton = Canonical(1, "ashton kutcher", "PERSON")
    harrison = Canonical(2, "harrison ford", "PERSON")
    un = Canonical(3, "united nations", "ORG", frozenset({"un"}))

    def resolve(name: str, label: str = "PERSON", *cands: Canonical) -> int | None:
        return resolve_entity(Entity("k", name, label), cands or (ashton, harrison, un))

    assert resolve("The Ashton Kutcher") == 1
    assert resolve("Kutcher") == 1
    assert resolve("Ford", "ORG") is None  # last-token rule is PERSON to PERSON only
    assert resolve("UN", "ORG") == 3
    demi = Canonical(4, "demi kutcher", "PERSON")
    assert resolve("Kutcher", "PERSON", ashton, demi) is None
    known = dataclasses.replace(ashton, alias_norms=frozenset({"kutcher"}))
    assert resolve("Kutcher", "PERSON", known) == 1
    assert resolve("Kutcher", "PERSON", known, demi) is None  # ambiguous beats the alias
    # a person's surname alias joins whatever label the tagger gave it; other aliases only
    # within a label
    assert resolve("Kutcher", "ORG", known) == 1
    nicknamed = dataclasses.replace(ashton, alias_norms=frozenset({"ak"}))
    assert resolve("AK", "PERSON", nicknamed) == 1
    assert resolve("AK", "ORG", nicknamed) is None
    assert resolve("Kutcher", "PERSON", Canonical(5, "kutcher", "PERSON")) == 5
    assert resolve("   ") is None


def test_entities_resolve_across_articles(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    text = "Kutcher spoke about the couple's new film."
    second = extraction(
        text,
        article_id="a2",
        entities=(person("x1", "Kutcher", "Ashton"),),
        events=(event("ev1", "Kutcher spoke", agents=("Kutcher",)),),
    )
    fresh_db.save_extraction(second, recorded_at=NOW)
    found = fresh_db.find_entity("Ashton Kutcher")
    assert found is not None
    assert (found.mention_count, found.article_count) == (2, 2)
    assert set(found.aliases) == {"Kutcher", "Ashton"}
    assert fresh_db.counts()["entities"] == 2
    items = fresh_db.timeline_items(found.id)
    assert {i.id for i in items} == {"a1:ev1", "a1:q1", "a1:f1", "a2:ev1"}
    spoke = next(i for i in items if i.id == "a2:ev1")
    assert spoke.entities == ("Ashton Kutcher",)  # canonical names on the way out


def test_short_name_first_becomes_the_full_name(fresh_db: SQLStore) -> None:
    """ "Kutcher" stored before "Ashton Kutcher" ends as one entity, as in the other order."""
    first = extraction("Kutcher arrived.", entities=(person("k", "Kutcher"),))
    fresh_db.save_extraction(first, recorded_at=NOW)
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    names = {e.name for e in fresh_db.entities(label="PERSON")}
    assert names == {"Ashton Kutcher", "Mila Kunis"}
    found = fresh_db.find_entity("kutcher")
    assert found is not None and found.name == "Ashton Kutcher" and "Kutcher" in found.aliases
    # the first article's mention belongs to the full name now
    assert found.mention_count >= 2


def test_same_surname_two_people_stay_apart(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    other = extraction(
        "Bob Kutcher spoke. Kutcher left.",
        entities=(person("b", "Bob Kutcher", "Kutcher"),),
        article_id="a3",
    )
    fresh_db.save_extraction(other, recorded_at=NOW)
    names = {e.name for e in fresh_db.entities(label="PERSON")}
    assert {"Ashton Kutcher", "Bob Kutcher"} <= names


def test_titles_are_not_part_of_a_name(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    titled = extraction(
        "Actor Ashton Kutcher spoke.",
        entities=(person("t", "Actor Ashton Kutcher"),),
        article_id="a4",
    )
    fresh_db.save_extraction(titled, recorded_at=NOW)
    assert "Actor Ashton Kutcher" not in {e.name for e in fresh_db.entities()}


def test_find_entity_and_listing(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    org = Entity(
        "o",
        "United Nations",
        "ORG",
        ("the UN", "Blue Helmets"),
        tuple(Mention("UN", i, i + 2, 0, "name") for i in range(3)),
    )
    fresh_db.save_extraction(
        extraction("The UN met. The UN spoke. UN again.", entities=(org,)), recorded_at=NOW
    )

    def name(query: str) -> str | None:
        found = fresh_db.find_entity(query)
        return found.name if found else None

    assert name("mila kunis") == "Mila Kunis"
    assert name("UN") == "United Nations"  # alias
    assert name("Kunis") == "Mila Kunis"  # unique last token
    assert name("nation") == "United Nations"  # substring
    assert name("a") == "United Nations"  # substring, most mentioned wins
    assert name("%") is None and name("nobody") is None and name("  ") is None
    assert fresh_db.entities()[0].name == "United Nations"
    assert [e.name for e in fresh_db.entities(label="ORG")] == ["United Nations"]
    assert [e.name for e in fresh_db.entities(query="the UNITED")] == ["United Nations"]
    assert [e.name for e in fresh_db.entities(query="helmet")] == ["United Nations"]
    assert [e.name for e in fresh_db.entities(query="KUN")] == ["Mila Kunis"]
    assert len(fresh_db.entities(limit=1)) == 1


# --- items and timelines -------------------------------------------------------------------
def test_item_mapping() -> None:
    long_quote = Quote("q2", Span("word " * 100, 0, 500), 0, "direct", speakers=("A", "B"))
    ex = dataclasses.replace(kutcher_article(), quotes=(*kutcher_article().quotes, long_quote))
    drafts = {d.item.id: d for d in items_for(ex, recorded_at=NOW)}
    ev, q1, q2, fact = (drafts[f"a1:{k}"] for k in ("ev1", "q1", "q2", "f1"))
    assert ev.links == (("e1", "agent"), ("e2", "patient"))
    assert ev.item.provenance == Provenance("a1", 0, 0, 3)
    assert ev.item.sentence == ex.article.text and ev.item.sources == ("TMZ",)
    assert q1.item.summary == "Mila Kunis: “We are happy”"
    assert q1.item.entities == ("Mila Kunis", "Ashton Kutcher", "the couple")
    assert q1.links == (("e2", "speaker"), ("e1", "about"))
    assert q2.item.summary.startswith("A and B: “word") and q2.item.summary.endswith("…”")
    assert len(q2.item.summary) <= SUMMARY_LIMIT
    assert fact.item.summary == "Ashton Kutcher spouse Mila Kunis"
    assert fact.links == (("e1", "subject"), ("e2", "object"))
    assert fact.item.when == interval(when_for_value("2015"), None)
    assert fact.item.when is not None and fact.item.when.start_value == "2015"
    assert fact.item.provenance == Provenance("a1", 0, 7, 14)


def test_timeline_filters_with_partial_dates(fresh_db: SQLStore) -> None:
    dct = date(2023, 2, 1)
    timed = {
        "month": when_for_value("2023-01"),
        "christmas": when_for_value("2022-12-25"),
        "year": when_for_value("2023"),
        "since2020": interval(when_for_value("2020"), None),
        "past": when_for_value("PAST_REF", dct=date(2022, 6, 1)),
        "future": when_for_value("FUTURE_REF", dct=dct),
        "undated": None,
        "unknown": when_for_value("XXXX-09-15"),
    }
    events = tuple(event(k, k, agents=("Ashton Kutcher",), when=w) for k, w in timed.items())
    ex = extraction("Ashton Kutcher did things.", entities=(person("e", "Ashton Kutcher"),))
    fresh_db.save_extraction(dataclasses.replace(ex, events=events), recorded_at=NOW)
    entity = fresh_db.find_entity("Ashton Kutcher")
    assert entity is not None

    def summaries(start: date | None = None, end: date | None = None) -> list[str]:
        items = fresh_db.timeline_items(entity.id, start=start, end=end)
        return [i.summary for i in items]

    assert summaries() == [
        "since2020",  # open intervals sort by their known end: 2020-01-01
        "past",  # ... or 2022-06-01
        "christmas",
        "year",  # same start as "month", wider first
        "month",
        "future",
        "undated",
        "unknown",
    ]
    assert set(summaries(start=date(2023, 1, 15))) == {
        "month",
        "year",
        "since2020",
        "future",
        "undated",
        "unknown",
    }
    assert set(summaries(end=date(2022, 12, 31))) == {
        "christmas",
        "since2020",
        "past",
        "undated",
        "unknown",
    }
    assert set(summaries(start=date(2023, 1, 31), end=date(2023, 1, 31))) == {
        "month",
        "year",
        "since2020",
        "undated",
        "unknown",
    }
    first = fresh_db.timeline_items(entity.id)[0]
    assert first.when == timed["since2020"] and first.provenance.article_id == ex.article.id
    assert fresh_db.timeline_items(entity.id + 100) == []


def test_timeline_order(fresh_db: SQLStore) -> None:
    values = ["2023-01", "2022-12-25", "2023", None]
    events = tuple(
        event(f"e{n}", str(v), agents=("Ashton Kutcher",), when=when_for_value(v) if v else None)
        for n, v in enumerate(values)
    )
    ex = extraction("Ashton Kutcher again.", entities=(person("e", "Ashton Kutcher"),))
    fresh_db.save_extraction(dataclasses.replace(ex, events=events), recorded_at=NOW)
    entity = fresh_db.find_entity("Ashton Kutcher")
    assert entity is not None
    order = [i.summary for i in fresh_db.timeline_items(entity.id)]
    assert order == ["2022-12-25", "2023", "2023-01", "None"]  # wider range first on ties


def test_entity_edges(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    ashton = fresh_db.find_entity("Ashton Kutcher")
    mila = fresh_db.find_entity("Mila Kunis")
    assert ashton is not None and mila is not None
    pair = (min(ashton.id, mila.id), max(ashton.id, mila.id))
    assert set(fresh_db.entity_edges()) == {
        (*pair, "co_occurs", 3),
        (ashton.id, mila.id, "spouse", 1),
    }


# --- search and runs -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "odd", ['"', "AND", "*", "OR NOT", "NEAR(", "title:x", 'a"b', "(", "^", "-", "", "  "]
)
def test_search_never_raises(fresh_db: SQLStore, odd: str) -> None:
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    assert isinstance(fresh_db.search(odd), list)
    assert isinstance(fresh_db.search(f"Kutcher {odd}"), list)


def test_search_ranks_and_snippets(fresh_db: SQLStore) -> None:
    fresh_db.save_extraction(kutcher_article(), recorded_at=NOW)
    other = extraction("Kunis and Kunis and Kunis, said Kunis.", title="Kunis")
    fresh_db.save_extraction(other, recorded_at=NOW)
    hits = fresh_db.search("kunis")
    assert [h.article_id for h in hits] == [other.article.id, "a1"]
    assert hits[0].rank >= hits[1].rank
    assert "«Kunis»" in hits[1].snippet
    assert hits[1].published_at.isoformat() == DCT.isoformat()
    assert [h.article_id for h in fresh_db.search('married AND "couple')] == ["a1"]
    assert [h.article_id for h in fresh_db.search("kutch*")] == ["a1"]
    assert fts_query('a "b" AND c*') == '"a" """b""" "c"*'


def test_runs(fresh_db: SQLStore) -> None:
    first = fresh_db.start_run(description="first", started_at=NOW)
    second = fresh_db.start_run(description="second", started_at=NOW + timedelta(hours=1))
    fresh_db.add_rejection(first, origin="a.txt", reason="empty")
    fresh_db.add_rejection(first, origin="b.jsonl:3", reason="no date")
    fresh_db.finish_run(
        first, finished_at=NOW + timedelta(minutes=5), counts={"stored": 2}, status="finished"
    )
    runs = fresh_db.runs()
    assert [r.id for r in runs] == [second, first]
    assert runs[0].status == "running" and runs[0].finished_at is None
    assert runs[1].counts == {"stored": 2} and runs[1].status == "finished"
    assert runs[1].rejections == (("a.txt", "empty"), ("b.jsonl:3", "no date"))
    assert len(fresh_db.runs(limit=1)) == 1
    with pytest.raises(DatelineError):
        fresh_db.finish_run("nope", finished_at=NOW, counts={}, status="finished")
    with pytest.raises(DatelineError):
        fresh_db.add_rejection("nope", origin="x", reason="y")


def snapshot(store: SQLStore) -> dict[str, Any]:
    """Everything a reader sees of the stored articles, backend-neutral."""
    entities = store.entities(limit=1000)
    return {
        "counts": store.counts(),
        "articles": sorted(a.extraction.article.id for a in store.articles()),
        "entities": sorted((e.name, e.label, e.mention_count, e.article_count) for e in entities),
        "items": sorted((i.id, i.entities) for e in entities for i in store.timeline_items(e.id)),
    }


def test_concurrent_writer_processes_lose_and_duplicate_nothing(new_db: Databases) -> None:
    """Four processes save overlapping articles into one database at the same time; the
    result is exactly what one process saving each article once gives."""
    from store_backends import ingest_worker

    url, serial_url = new_db.new(), new_db.new()
    open_store(url).close()  # migrated before the race, as `dateline ingest` does
    workers = [list(range(w * 10, w * 10 + 20)) for w in range(4)]  # 50 articles, 80 saves
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(len(workers)), context.Queue()
    processes = [
        context.Process(target=ingest_worker, args=(url, numbers, start, results))
        for numbers in workers
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=240) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert [kind for kind, _ in reports] == ["ok"] * len(workers), reports
    statuses = [status for _, got in reports for status in got]
    assert statuses.count("stored") == 50 and statuses.count("duplicate") == 30
    with open_store(serial_url) as serial:  # type: ignore[attr-defined]
        from store_backends import overlapping_article

        for number in range(50):
            serial.save_extraction(overlapping_article(number), recorded_at=NOW)
        expected = snapshot(serial)
    with open_store(url) as shared:  # type: ignore[attr-defined]
        got = snapshot(shared)
    assert got["counts"]["articles"] == 50 and got["counts"]["entities"] == 6
    assert got == expected


# --- property tests ------------------------------------------------------------------------
_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20)
_names = st.lists(_text, max_size=3).map(tuple)
_offsets = st.integers(min_value=0, max_value=10_000)
_zones = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
_aware = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=_zones
)
_values = st.sampled_from(
    [
        *("2023", "2023-01", "2023-01-15", "2023-W05", "2023-Q2", "2023-WI", "201"),
        *("PAST_REF", "FUTURE_REF", "PRESENT_REF", "XXXX-09-15", "P3Y", "2023-01-15T10:00"),
    ]
)
_single = st.builds(
    when_for_value,
    _values,
    dct=st.none() | st.dates(),
    mod=st.none() | st.sampled_from(["APPROX", "BEFORE"]),
    basis=st.sampled_from(["timex", "sentence", "article"]),
)
_when = st.none() | _single | st.builds(interval, st.none() | _single, st.none() | _single)
_span = st.builds(Span, _text, _offsets, _offsets)
_mention = st.builds(Mention, _text, _offsets, _offsets, _offsets, st.sampled_from(["name"]))


def _numbered(records: list[Any], prefix: str) -> tuple[Any, ...]:
    """Unique local ids, as the NLP stage gives them."""
    return tuple(dataclasses.replace(r, id=f"{prefix}{i}") for i, r in enumerate(records))


@st.composite
def extractions(draw: st.DrawFn) -> Extraction:
    article = draw(st.builds(Article, _text, _aware, title=st.none() | _text, body_offset=_offsets))
    label = st.sampled_from(["PERSON", "ORG", "GPE"])
    mentions = st.lists(_mention, max_size=2).map(tuple)
    entity = st.builds(Entity, _text, _text, label, _names, mentions)
    entities = tuple(
        dataclasses.replace(e, key=f"k{i}")
        for i, e in enumerate(draw(st.lists(entity, max_size=3)))
    )
    names = st.sampled_from([e.name for e in entities] or ["x"])
    some = st.lists(names | _text, max_size=3).map(tuple)
    few = {"max_size": 3}
    event = st.builds(
        Event,
        *(st.just(""), _text, _text, _text, _span, _offsets, some, some, some, _when),
        sources=_names,
    )
    quote = st.builds(
        Quote,
        *(st.just(""), _span, _offsets, st.just("direct"), some),
        cue=st.none() | _span,
        when=_when,
        about=some,
    )
    provenance = st.builds(Provenance, st.just(article.id), _offsets, _offsets, _offsets)
    fact = st.builds(
        Fact,
        *(st.just(""), names, _text, names, st.lists(provenance, **few).map(tuple), _aware),
        valid_from=_when,
        valid_to=_when,
        recorded_at=st.none() | _aware,
    )
    timex = st.builds(
        Timex,
        *(_text, _text, _offsets, _offsets, _offsets, st.just("DATE"), _values),
        when=_when,
    )
    attribution = st.builds(
        Attribution, *(st.just(""), _span, _span, _span, _offsets), anonymous=st.booleans()
    )
    return Extraction(
        article=article,
        sentences=tuple(draw(st.lists(_span, **few))),
        entities=entities,
        timexes=tuple(draw(st.lists(timex, **few))),
        events=_numbered(draw(st.lists(event, **few)), "ev"),
        quotes=_numbered(draw(st.lists(quote, **few)), "q"),
        attributions=_numbered(draw(st.lists(attribution, **few)), "a"),
        facts=_numbered(draw(st.lists(fact, **few)), "f"),
    )


@settings(max_examples=60, deadline=None)
@given(extractions())
def test_codec_round_trip(ex: Extraction) -> None:
    assert from_json(Extraction, json.loads(json.dumps(to_json(ex)))) == ex


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(extractions())
def test_save_load_round_trip(new_db: Databases, ex: Extraction) -> None:
    with open_store(":memory:" if new_db.base is None else new_db.new()) as store:  # type: ignore[attr-defined]
        outcome = store.save_extraction(ex, recorded_at=NOW)
        assert outcome == dataclasses.replace(outcome, status="stored")
        stored = store.article(outcome.article_id)
        assert stored is not None and stored.extraction == as_stored(ex)
        published = stored.extraction.article.published_at
        assert published.isoformat() == ex.article.published_at.isoformat()
        assert store.save_extraction(ex, recorded_at=NOW).status == "duplicate"
        assert store.counts()["items"] == len(ex.events) + len(ex.quotes) + len(ex.facts)


# --- PostgreSQL pieces that need no server ---------------------------------------------------
def test_search_words_match_the_sqlite_tokenizer() -> None:
    assert search_words("Café-owner's U.S. 3.5% rise\x00!") == [
        *("cafe", "owner", "s", "u", "s", "3", "5", "rise"),
    ]
    assert search_words("__ -- **") == []


def test_tsquery_cannot_be_a_syntax_error() -> None:
    assert tsquery("strike AND union") == "'strike' & 'union'"
    assert tsquery("announc* U.S.") == "'announc':* & ('u' <-> 's')"
    assert tsquery("' & | ! ( ) : * <->") is None
    assert tsquery("") is None


def test_urls_are_shown_without_passwords() -> None:
    assert display_url("postgresql://kim:pw@db.example:5432/news") == (
        "postgresql://kim:***@db.example:5432/news"
    )
    assert display_url("postgresql://kim@db.example/news") == "postgresql://kim@db.example/news"
    assert (
        display_url("postgresql+psycopg://kim:a/b@db/news")
        == "postgresql+psycopg://kim:***@db/news"
    )
    assert display_url("news.db") == "news.db" and display_url(Path("a.db")) == "a.db"


def test_postgres_store_hides_the_password(tmp_path: Path) -> None:
    from sqlalchemy.engine import make_url
    from store_backends import databases

    with databases("postgres", tmp_path) as made:
        url = make_url(made.new()).set(password="not-shown-anywhere")
        with pytest.raises(DatelineError, match="no dateline database") as err:
            PostgresStore(url.render_as_string(hide_password=False), create=False)
        assert "not-shown-anywhere" not in str(err.value) and ":***@" in str(err.value)
        with PostgresStore(url.render_as_string(hide_password=False)) as store:
            assert "not-shown-anywhere" not in repr(store) and ":***@" in repr(store)
