"""Query latency on a store of a million facts, and how load time and size grow.

Three phases, each reusing the output of the one before:

1. ``extract``: the first ``--stories`` Reuters-21578 stories with a body are extracted once
   with the full pipeline; the ``Extraction`` records are cached as JSON Lines with
   dateline's own codec (``build/scale/extractions-N.jsonl``, not committed).
2. ``build``: stores of 10k, 100k and 1M facts are loaded from replicas of those
   extractions through the Store's normal save path (``Store.save_extraction``, the same
   call ``dateline ingest`` makes after extraction). Replica ``r`` shifts every date by
   ``r`` years (publication time, TIMEX3 values, day ranges) and renames every entity
   but one by appending ``" R{r}"``; the entity kept (``--keep``, by default the one with
   most items in the extractions) gathers items from every replica, so it has more than
   10,000 of them at the 1M size. The text of a replica gets one line naming the replica
   so its content hash differs; its character offsets are unchanged.
3. ``measure``: p50/p95 of the first page of that entity's timeline, an as-of query and a
   full-text search, with the query plans behind the indexes; the section between the
   ``scale-store`` markers in ``docs/benchmarks.md`` is rewritten.

A *fact* here is a timeline item: one row of the ``items`` table (an event, a quote or a
time-scoped fact, each with its time, entities, sources and provenance). The number of rows
of kind ``fact`` is reported beside it.

Usage (from the repository root)::

    .venv/bin/python bench/scale_store.py extract --stories 3000
    .venv/bin/python bench/scale_store.py build --sizes 10000,100000,1000000
    .venv/bin/python bench/scale_store.py measure
"""

from __future__ import annotations

import argparse
import calendar
import json
import os
import re
import shutil
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from throughput import REUTERS_DIR, ROOT, BenchError, write_section

WORK = ROOT / "build" / "scale"


def extractions_path(stories: int) -> Path:
    return WORK / f"extractions-{stories}.jsonl"


def extract(stories: int, *, workers: int) -> Path:
    """Extract the first ``stories`` Reuters stories once; the cache is reused after."""
    from dateline.ingest import extract_articles
    from dateline.io.codec import to_json
    from dateline.io.readers import ReadOptions
    from dateline.io.reuters import read_reuters
    from dateline.model import Article

    target = extractions_path(stories)
    if target.exists():
        print(f"reusing {target}", file=sys.stderr)
        return target
    files = sorted(REUTERS_DIR.glob("*.sgm"), key=lambda p: (len(p.stem), p.stem))
    if not files:
        raise BenchError(f"no .sgm files in {REUTERS_DIR}")
    articles: list[Article] = []
    for path in files:
        for item in read_reuters(path.read_bytes(), origin=path.name, options=ReadOptions()):
            if isinstance(item, Article) and len(articles) < stories:
                articles.append(item)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    started = time.perf_counter()
    with partial.open("w", encoding="utf-8") as out:
        for n, ex in enumerate(extract_articles(articles, workers=workers), 1):
            out.write(json.dumps(to_json(ex), ensure_ascii=False) + "\n")
            if n % 250 == 0:
                print(f"{n} extracted, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    partial.rename(target)
    return target


def read_extractions(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


# --- replicas ---------------------------------------------------------------------------
_YEAR = re.compile(r"^(\d{4})(?=$|-|T)")
_WHEN_KEYS = ("value", "start", "end", "start_value", "end_value")
_NAME_LISTS = ("agents", "patients", "entities", "speakers", "about")


def _shift_text(value: str, years: int) -> str:
    """A TIMEX3 value, ISO date or datetime ``years`` later (29 February -> 28 when needed)."""
    match = _YEAR.match(value)
    if match is None:
        return value
    year = int(match[1]) + years
    shifted = f"{year:04d}{value[4:]}"
    if shifted[4:10] == "-02-29" and not calendar.isleap(year):
        shifted = f"{shifted[:8]}28{shifted[10:]}"
    return shifted


def _shift_when(when: dict[str, Any], years: int) -> dict[str, Any]:
    return {
        k: _shift_text(v, years) if k in _WHEN_KEYS and isinstance(v, str) else v
        for k, v in when.items()
    }


def _tag(replica: int) -> str:
    """Letters that make every name token of a replica its own: ``zz`` and three letters
    counting in base 26 (``zzaab`` for replica 1), found in no English text."""
    letters = ""
    n = replica
    for _ in range(3):
        letters = chr(ord("a") + n % 26) + letters
        n //= 26
    return "zz" + letters


def _rename(name: str, tag: str) -> str:
    return re.sub(r"\S+", lambda m: m[0] + tag, name)


class Replicator:
    """Replica ``r`` of an extraction: dates ``r`` years later, entities renamed but one.

    Every token of every other entity's names, aliases and mention texts gets the replica's
    tag ("Texaco" -> "Texacozzaad"), so resolution within a replica sees the same names as in
    the original and nothing joins across replicas; the kept entity's names are left alone,
    so it gathers the items of every replica.
    """

    def __init__(self, keep: str) -> None:
        self.keep = keep

    def names_of(self, data: dict[str, Any]) -> set[str]:
        """Every name string of the extraction's entities, except the kept entity's."""
        names: set[str] = set()
        for ent in data["entities"]:
            own = {ent["name"], *ent["aliases"], *(m["text"] for m in ent["mentions"])}
            if self.keep not in own:
                names |= own
        return names

    def replica(
        self, data: dict[str, Any], replica: int, *, years: int | None = None
    ) -> dict[str, Any]:
        """Replica ``replica``, dates ``years`` later (by default ``replica`` years)."""
        if replica == 0:
            return data
        tag, years = _tag(replica), replica if years is None else years
        old_id = data["article"]["id"]
        new_id = f"{old_id}-r{replica}"
        table = {name: _rename(name, tag) for name in self.names_of(data)}

        def name(value: Any) -> Any:
            return table.get(value, value) if isinstance(value, str) else value

        def walk(value: Any, key: str = "") -> Any:
            if isinstance(value, dict):
                if "precision" in value:  # a When
                    return _shift_when(value, years)
                out = {k: walk(v, k) for k, v in value.items()}
                if "tid" in out and isinstance(out.get("value"), str):  # a timex
                    out["value"] = _shift_text(out["value"], years)
                if isinstance(out.get("published_at"), str):
                    out["published_at"] = _shift_text(out["published_at"], years)
                for k in ("name", "subject", "object", "source_entity"):
                    if k in out:
                        out[k] = name(out[k])
                if "aliases" in out:
                    out["aliases"] = [name(a) for a in out["aliases"]]
                if key == "mentions":
                    out["text"] = name(out["text"])
                return out
            if isinstance(value, list):
                if key in _NAME_LISTS:
                    return [name(v) if isinstance(v, str) else walk(v, key) for v in value]
                return [walk(v, key) for v in value]
            return new_id if value == old_id else value

        article = dict(data["article"])
        article["text"] = f"{article['text']}\n\nReplica {replica}."
        article["content_hash"] = ""  # recomputed from the new text
        article["id"] = new_id
        article["published_at"] = _shift_text(article["published_at"], years)
        out = {k: walk(v, k) for k, v in data.items() if k not in ("article", "sentences")}
        return {"article": article, "sentences": data["sentences"], **out}


def items_in(data: dict[str, Any]) -> int:
    """Timeline items one extraction gives: one per event, quote and fact."""
    return len(data["events"]) + len(data["quotes"]) + len(data["facts"])


# --- building ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Checkpoint:
    items: int
    facts: int
    articles: int
    seconds: float
    size: int


def db_size(db: str) -> int:
    """Bytes on disk: the SQLite file and its WAL, or the PostgreSQL database."""
    if db.startswith("postgresql"):
        from sqlalchemy import create_engine, text

        engine = create_engine(db)
        with engine.connect() as conn:
            size = int(
                conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
            )
        engine.dispose()
        return size
    return sum(p.stat().st_size for p in (Path(db), Path(db + "-wal")) if p.exists())


def build(
    db: str,
    extractions: Sequence[dict[str, Any]],
    *,
    keep: str,
    replicas: int,
    checkpoints: Sequence[int],
    snapshot_after: int | None = 1,
) -> list[Checkpoint]:
    """Save replicas ``0 .. replicas - 1`` through ``Store.save_extraction``.

    After replica ``snapshot_after`` a SQLite database is copied to ``DB.rN`` (the state
    the bulk path is checked against, see ``scale_bulk.py``).
    """
    from dateline.io.codec import from_json
    from dateline.model import Extraction
    from dateline.store import open_store

    replicator = Replicator(keep)
    marks = sorted(checkpoints)
    done: list[Checkpoint] = []
    items = 0
    started = time.perf_counter()
    with open_store(db) as store:
        if store.counts()["items"]:
            raise BenchError(f"{db} is not empty; give a new path")
        for replica in range(replicas):
            for data in extractions:
                ex = from_json(Extraction, replicator.replica(data, replica))
                if store.save_extraction(ex, recorded_at=datetime.now(UTC)).status == "stored":
                    items += items_in(data)
                while marks and items >= marks[0]:
                    done.append(checkpoint(store, db, time.perf_counter() - started))
                    marks.pop(0)
            print(f"replica {replica}: {items} items", file=sys.stderr)
            if replica == replicas - 1:  # where the save path stops
                done.append(checkpoint(store, db, time.perf_counter() - started))
            if replica == snapshot_after:  # what replica 2 adds to shared entities' votes
                from scale_bulk import labels_of

                elapsed = time.perf_counter()
                with store._engine.connect() as conn:
                    votes = [[e, lab, n] for (e, lab), n in labels_of(conn).items()]
                (WORK / f"labels-r1-{_label(db)}.json").write_text(json.dumps(votes))
                started += time.perf_counter() - elapsed
            if replica == snapshot_after and not db.startswith("postgresql"):
                elapsed = time.perf_counter()
                engine = store._engine
                with engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                shutil.copy(db, f"{db}.r{replica}")
                started += time.perf_counter() - elapsed  # the copy is not load time
    return done


def saved_path_figures(engine: Any, db: str, where: str = "") -> dict[str, Any]:
    """Items, articles and seconds (first to last ``recorded_at``) of a save-path load."""
    from sqlalchemy import text

    with engine.connect() as conn:
        first, last, articles = conn.execute(
            text(f"SELECT min(recorded_at), max(recorded_at), count(*) FROM articles {where}")
        ).one()
        items, facts = conn.execute(
            text(
                "SELECT count(*), sum(CASE WHEN kind = 'fact' THEN 1 ELSE 0 END) FROM items "
                + where.replace("id", "article_id")
            )
        ).one()
    seconds = (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
    return {
        "items": items,
        "facts": int(facts or 0),
        "articles": articles,
        "seconds": seconds,
        "size": db_size(db),
    }


def checkpoint(store: Any, db: str, seconds: float) -> Checkpoint:
    counts = store.counts()
    found = Checkpoint(counts["items"], counts["facts"], counts["articles"], seconds, db_size(db))
    print(found, file=sys.stderr)
    return found


def choose_kept(extractions: Sequence[dict[str, Any]], replicas: int) -> tuple[str, int]:
    """The least linked entity still in 1.5 x 10,000 / ``replicas`` items per replica (so
    its timeline passes 10,000 items with room for clustering), else the most linked."""
    counts: Counter[str] = Counter()
    for data in extractions:
        for record in (*data["events"], *data["quotes"]):
            counts.update({n for k in _NAME_LISTS for n in record.get(k, ())})
        counts.update({f["subject"] for f in data["facts"]})
    need = 1.5 * 10_000 / replicas
    fitting = [(n, name) for name, n in counts.items() if n >= need]
    n, name = min(fitting) if fitting else max((n, name) for name, n in counts.items())
    return name, n


# --- measuring --------------------------------------------------------------------------
PAGE = 50
WORDS = ("oil", "bank", "profit", "dividend", "shares", "trade", "wheat", "prices", "coffee")


def percentile(values: Sequence[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


#: CPU seconds per call of the last ``timed`` run (this process only; a PostgreSQL
#: server's own work is not in it)
LAST_CPU: list[float] = []


def timed(fn: Callable[[int], object], *, runs: int, max_seconds: float) -> list[float]:
    """Seconds per call of ``fn(i)``, at most ``runs`` calls or ``max_seconds`` in all."""
    out: list[float] = []
    LAST_CPU.clear()
    deadline = time.perf_counter() + max_seconds
    for i in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn(i)
        out.append(time.perf_counter() - t0)
        LAST_CPU.append(time.process_time() - c0)
        if time.perf_counter() > deadline:
            break
    return out


@contextmanager
def captured(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    """The SQL statements (and parameters) run on ``engine`` inside the block."""
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def listen(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        seen.append((statement, params))

    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)


def plans(engine: Any, statements: Sequence[tuple[str, Any]]) -> list[tuple[str, list[str]]]:
    """EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (PostgreSQL) of each distinct SELECT."""
    explain = "EXPLAIN " if engine.dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
    out: list[tuple[str, list[str]]] = []
    done: set[str] = set()
    with engine.connect() as conn:
        for statement, params in statements:
            sql = " ".join(statement.split())
            if not sql.upper().startswith("SELECT") or sql in done:
                continue
            done.add(sql)
            rows = conn.exec_driver_sql(explain + statement, params).all()
            lines = [" ".join(str(c) for c in (r[1:] if len(r) > 1 else r)) for r in rows]
            if engine.dialect.name == "sqlite":
                lines = [str(r[-1]) for r in rows]
            out.append((sql, lines))
    return out


def measure(db: str, *, keep: str, runs: int, max_seconds: float) -> dict[str, Any]:
    from dateline.query.materialised import TimelineCache
    from dateline.query.timeline import entity_timeline, timeline
    from dateline.store import open_store

    with open_store(db, create=False) as store:
        info = store.find_entity(keep)
        if info is None:
            raise BenchError(f"no entity {keep!r} in {db}")
        counts = store.counts()
        cache = TimelineCache.of(store)
        if cache is None:
            raise BenchError("this store has no materialised timelines")
        engine = store._engine
        t0 = time.perf_counter()
        built = cache.ensure(info.id)
        materialise = time.perf_counter() - t0
        whole = entity_timeline(store, info)
        n_items = len(whole.items) + len(whole.undated)
        dated = [i.when.start for i in whole.items if i.when is not None and i.when.start]
        first, last = min(dated), max(dated)
        days = [first + (last - first) * k / (runs - 1) for k in range(runs)]
        results: dict[str, Any] = {}

        def record(name: str, samples: list[float], note: str) -> None:
            results[name] = {
                "p50_ms": percentile(samples, 50) * 1000,
                "p95_ms": percentile(samples, 95) * 1000,
                "cpu_p50_ms": percentile(LAST_CPU, 50) * 1000,
                "n": len(samples),
                "note": note,
            }
            print(f"{name}: {results[name]}", file=sys.stderr)

        record(
            "timeline first page",
            timed(lambda i: timeline(store, keep, limit=PAGE), runs=runs, max_seconds=max_seconds),
            f"`timeline(store, {keep!r}, limit={PAGE})`: name lookup and the first {PAGE} items",
        )
        record(
            "timeline page, deep",
            timed(
                lambda i: timeline(store, keep, limit=PAGE, offset=(i * 997) % n_items),
                runs=runs,
                max_seconds=max_seconds,
            ),
            "the same with `offset` spread over the whole timeline",
        )
        record(
            "as-of query",
            timed(
                lambda i: timeline(store, keep, as_of=days[i % len(days)], limit=PAGE),
                runs=runs,
                max_seconds=max_seconds,
            ),
            f"`as_of=D, limit={PAGE}`, D spread over {first} .. {last}",
        )
        record(
            "REST body, first page",
            timed(lambda i: cache.contract(info, limit=PAGE), runs=runs, max_seconds=max_seconds),
            f"`TimelineCache.contract(limit={PAGE})`: the JSON text the API sends",
        )
        record(
            "full-text search",
            timed(
                lambda i: store.search(WORDS[i % len(WORDS)], limit=20),
                runs=runs,
                max_seconds=max_seconds,
            ),
            f"`store.search(word, limit=20)`, words {', '.join(WORDS)}",
        )
        record(
            "whole timeline (materialised)",
            timed(lambda i: entity_timeline(store, info), runs=10, max_seconds=max_seconds),
            f"all {n_items} items as Python objects",
        )

        class QueryTime:
            def __getattr__(self, name: str) -> Any:
                if name in ("_engine", "_writer"):
                    raise AttributeError(name)
                return getattr(store, name)

        plain = QueryTime()
        record(
            "first page at query time",
            timed(
                lambda i: entity_timeline(plain, info, limit=PAGE),  # type: ignore[arg-type]
                runs=3,
                max_seconds=max_seconds,
            ),
            "without the materialised timeline: every item read, combined and clustered",
        )
        with captured(engine) as seen:
            timeline(store, keep, limit=PAGE)
            timeline(store, keep, as_of=days[len(days) // 2], limit=PAGE)
            store.search(WORDS[0], limit=20)
        explained = plans(engine, seen)
    return {
        "db": "postgresql" if db.startswith("postgresql") else "sqlite",
        "counts": counts,
        "entity": {"name": info.name, "id": info.id, "items": n_items},
        "materialise_s": materialise if built else None,
        "results": results,
        "plans": explained,
    }


def rebuild(db: str, *, keep: str) -> list[dict[str, Any]]:
    """What bringing the kept entity's timeline up to date costs: on first use (whole),
    and after saving one more replica of the stored story with most of its items, dated
    after every item, then one dated in the middle of the timeline (in place)."""
    from sqlalchemy import text

    from dateline.io.codec import from_json, to_json
    from dateline.model import Extraction
    from dateline.query.materialised import TimelineCache
    from dateline.query.timeline import entity_timeline
    from dateline.store import open_store

    out: list[dict[str, Any]] = []
    with open_store(db, create=False) as store:
        info = store.find_entity(keep)
        cache = TimelineCache.of(store)
        if info is None or cache is None:
            raise BenchError(f"no entity {keep!r} or no materialised timelines in {db}")

        class QueryTime:
            def __getattr__(self, name: str) -> Any:
                if name in ("_engine", "_writer"):
                    raise AttributeError(name)
                return getattr(store, name)

        def bring_up(what: str, added: int) -> None:
            t0, c0 = time.perf_counter(), time.process_time()
            built = cache.ensure(info.id)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            now = store.entity(info.id) or info
            same = entity_timeline(store, now) == entity_timeline(QueryTime(), now)  # type: ignore[arg-type]
            row = {
                "what": what,
                "added": added,
                "wall_s": wall,
                "cpu_s": cpu,
                "how": cache.last_build if built else "was current",
                "equal": "yes" if same else "NO",
            }
            print(row, file=sys.stderr)
            out.append(row)

        bring_up("none (first query on this store)", 0)
        with store._engine.connect() as conn:
            article_id = conn.execute(
                text(
                    "SELECT i.article_id FROM items AS i JOIN item_entities AS ie "
                    "ON ie.item_id = i.id WHERE ie.entity_id = :e AND i.article_id NOT LIKE "
                    "'%-r%' GROUP BY i.article_id ORDER BY count(*) DESC, i.article_id LIMIT 1"
                ),
                {"e": info.id},
            ).scalar_one()
        stored = store.article(article_id)
        if stored is None:
            raise BenchError(f"no article {article_id}")
        data = to_json(stored.extraction)
        replicator = Replicator(keep)
        free = (n for n in range(9001, 9999) if store.article(f"{article_id}-r{n}") is None)
        for what, replica, years in (
            ("one article, dated after every item", next(free), 130),
            ("one article, dated in the middle", next(free), 60),
        ):
            ex = from_json(Extraction, replicator.replica(data, replica, years=years))
            store.save_extraction(ex, recorded_at=datetime.now(UTC))
            bring_up(f"{what} (`{ex.article.id}`)", items_in(data))
    return out


# --- report -----------------------------------------------------------------------------
COMMANDS = """\
.venv/bin/python bench/scale_store.py extract --stories 3000   # the first 1000 are used
head -1000 build/scale/extractions-3000.jsonl > build/scale/extractions-1000.jsonl
.venv/bin/python bench/scale_store.py build --stories 1000 --db /work/scale-db/scale.db --normal 3
.venv/bin/python bench/scale_store.py bulk --stories 1000 --db /work/scale-db/scale.db
scripts/pg-throwaway start /work/scale-pg/cluster            # prints the URL; then createdb
.venv/bin/python bench/scale_store.py build --stories 1000 --db $PG_SAVED --normal 1  # reference
.venv/bin/python bench/scale_store.py copy --stories 1000 --source /work/scale-db/scale.db \\
    --db $PG_URL --saved $PG_SAVED
.venv/bin/python bench/scale_store.py measure --stories 1000 --db /work/scale-db/scale.db
.venv/bin/python bench/scale_store.py measure --stories 1000 --db $PG_URL
.venv/bin/python bench/scale_store.py report
# measuring again without rebuilding (stores from above; the new code migrates them on open):
.venv/bin/python bench/scale_store.py copy --keep 'Dilson Funaro' \\
    --source /work/scale-db/scale.db --db $PG_URL
.venv/bin/python bench/scale_store.py rebuild --keep 'Dilson Funaro' --db /work/scale-db/scale4.db
.venv/bin/python bench/scale_store.py rebuild --keep 'Dilson Funaro' --db $PG_URL
.venv/bin/python bench/scale_store.py measure --keep 'Dilson Funaro' --db /work/scale-db/scale4.db
.venv/bin/python bench/scale_store.py measure --keep 'Dilson Funaro' --db $PG_URL
.venv/bin/python bench/scale_store.py report
# the existing cluster again (started before by pg-throwaway; its port is in DIR/port):
runuser -u dateline-pg -- /usr/lib/postgresql/15/bin/pg_ctl --pgdata=/work/scale-pg/cluster/data \
    --log=/work/scale-pg/cluster/server.log --wait \
    --options="-c listen_addresses=127.0.0.1 -c port=$(cat /work/scale-pg/cluster/port)" start
# session 5: migrations 0007-0008 applied on open (SQLite rebuilds its FTS5 table, about
# 80 s; PostgreSQL adds the search keys, about 2 min), measured on a copy of scale4.db:
cp /work/scale-db/scale4.db /work/scale-db/scale5.db
.venv/bin/python bench/scale_store.py measure --keep 'Dilson Funaro' --db /work/scale-db/scale5.db
.venv/bin/python bench/scale_store.py measure --keep 'Dilson Funaro' \
    --db postgresql://dateline@127.0.0.1:$(cat /work/scale-pg/cluster/port)/dateline
.venv/bin/python bench/scale_store.py report"""
START_MARK = "<!-- scale-store:start -->"
END_MARK = "<!-- scale-store:end -->"


def carried_over(path: Path) -> dict[str, Any] | None:
    """How the stores were made and loaded, from the section already in ``path``: the
    lines from "**The store.**" up to the first latency table, and when it was written
    (kept verbatim when the stores are measured again without being rebuilt)."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    start, end = text.find(START_MARK), text.find(END_MARK)
    section = text[start:end] if start >= 0 and end > start else ""
    lines = section.splitlines()
    first = next((n for n, line in enumerate(lines) if line.startswith("**The store.**")), None)
    last = next((n for n, line in enumerate(lines) if line.startswith("### Latency")), None)
    when = re.search(r"Measured (\d{4}-\d\d-\d\d \d\d:\d\d UTC)", section)
    if first is None or last is None or when is None:
        return None
    if any("not rebuilt for this run" in line for line in lines[:first]):
        carried = re.search(r"section written (\d{4}-\d\d-\d\d \d\d:\d\d UTC)", section)
        when = carried or when  # carried over before: keep the original date
    # a line about an earlier run's own copy is that run's, not how the stores were made
    kept: list[str] = []
    for line in lines[first:last]:
        if line.startswith("This run's PostgreSQL store") or (not line and kept and not kept[-1]):
            continue
        kept.append(line)
    return {"date": when[1], "lines": kept}


def _mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


def _verdict(problems: list[str] | None) -> str:
    if problems is None:
        return "not checked"
    return "identical" if not problems else "differences: " + "; ".join(problems)


def _row(path: str, backend: str, g: dict[str, Any]) -> str:
    rate = f"{g['items'] / g['seconds']:,.0f}" if g.get("seconds") else "–"
    seconds = f"{g['seconds']:,.0f}" if g.get("seconds") else "–"
    size = _mib(g["size"]) if g.get("size") else "–"
    return (
        f"| {backend} | {path} | {g['items']:,} | {g.get('facts', 0):,} | "
        f"{g.get('articles', 0):,} | {seconds} | {rate} | {size} |"
    )


def render(runs: Sequence[dict[str, Any]], extra: dict[str, Any], *, commands: str) -> str:
    """The ``scale-store`` section: how the stores were made, growth, latency, plans."""

    first = runs[0]
    bulk, copy = extra.get("bulk", {}), extra.get("copy", {})
    loads = "; ".join(
        f"{r['db']}: {r.get('load_start', '?')} at the start, {r.get('load', '?')} at the end"
        for r in runs
    )
    lines = [
        START_MARK,
        "## Query latency at scale",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/scale_store.py` on "
        f"{' and '.join(r['db'] for r in runs)}, one run each. The machine (2 cores) was "
        f"shared with other work (1-minute load average {loads} of the measurements), so "
        "every figure here is pessimistic; CPU time is given beside wall time. Where wall "
        "time is many times the CPU time, the query mostly waited for a core.",
        "",
        "**What a fact is here.** A fact is a *timeline item*: one row of the `items` table "
        "(an event, a quote or a time-scoped fact, each with its time, entities, sources and "
        "provenance). Rows of kind `fact` (role, status and founding facts) are a subset, "
        "counted beside it.",
        "",
    ]
    carried = extra.get("carried")
    if carried and not any(r.get("growth") for r in runs):
        lines += [
            "The stores were not rebuilt for this run: the SQLite store is the one loaded "
            f"for the section written {carried['date']} (the migrations since, "
            "`0005_scale_entity_counts` to `0008_scale_search_recent`, applied to it or to a "
            "copy of it), the PostgreSQL store a `COPY` of it. How they were "
            "made and what loading cost are carried over verbatim from that section:",
            "",
            *carried["lines"],
        ]
        if copy:
            lines += [
                "This run's PostgreSQL store: a new copy of the SQLite store, "
                f"{copy['seconds']:,.0f} s, {_mib(copy['size'])} "
                f"({copy.get('counts', {}).get('items', 0):,} items).",
                "",
            ]
        return _latency(lines, runs, commands=commands)
    lines += [
        f"**The store.** The first {first['stories']:,} Reuters-21578 stories with a body were "
        "extracted once (cached as JSON Lines with dateline's codec), then stored again and "
        "again as replicas: replica *r* has every date *r* years later (publication time, "
        "TIMEX3 values, day ranges), every name token of every entity tagged with the "
        f"replica (`Texaco` -> `Texacozzaac`) except those of **{first['entity']['name']}**, "
        "which gathers the items of every replica, and one line naming the replica appended "
        "to the text (a new content hash, the same offsets).",
        "",
        "- Replicas 0-2 went through `Store.save_extraction`, the call `dateline ingest` "
        "makes after extraction.",
        "- Replicas 3 and up went through the bulk path (`bench/scale_bulk.py`): replica 1's "
        "rows with the tag, article ids and dates of replica *r*, new surrogate ids in the "
        "same order, and the label votes one replica adds to the shared entities. Checked "
        "first: replica 2 written this way into a copy of the store as it was after replica "
        "1 equals replica 2 as `save_extraction` wrote it, in every table (articles, FTS, "
        "entities, aliases, label votes, mentions, items, item links, decisions), apart from "
        "surrogate ids and recording times: "
        f"**{_verdict(bulk.get('problems'))}**.",
    ]
    if copy:
        lines.append(
            "- The PostgreSQL store holds the SQLite store's rows, copied table by table with "
            "`COPY` (ids kept), and full-text rows made by the SQL `PostgresStore` runs when it "
            "saves an article. Checked against the PostgreSQL save path on the first "
            f"{copy.get('compared_articles', 0):,} stories (stored by `save_extraction` into "
            "another PostgreSQL database): "
            + (
                "identical."
                if not copy.get("problems")
                else "identical except: "
                + "; ".join(p[:160] for p in copy["problems"])
                + f" ({copy.get('explained', '')})."
            )
        )
    lines += [
        "",
        "### Load time and size",
        "",
        "| backend | path | items stored | of kind `fact` | articles | time (s) | items/s | size |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        for g in run.get("growth", []):
            lines.append(_row(g.get("path", "save"), run["db"], g))
    if copy.get("saved"):
        lines.append(_row("save (first stories)", "postgresql", copy["saved"]))
    if copy:
        lines.append(
            _row(
                "copy of the SQLite store",
                "postgresql",
                {**copy.get("counts", {}), "seconds": copy["seconds"], "size": copy.get("size")},
            )
        )
    lines += [
        "",
        "Time is wall time from the start of each path (the save path from an empty store, "
        "the bulk path from the end of replica 2); size is the database on disk (SQLite file "
        "and WAL; `pg_database_size`). The save path's cost per article (entity resolution, "
        "JSON, one transaction) is what limits a load: a million items through it would "
        "take hours on this shared machine.",
        "",
    ]
    return _latency(lines, runs, commands=commands)


def _latency(lines: list[str], runs: Sequence[dict[str, Any]], *, commands: str) -> str:
    """The latency tables and query plans of each run, and the footer."""
    from throughput import git_revision, machine

    from dateline.store.search_recent import SEARCH_WINDOW

    for run in runs:
        c = run["counts"]
        lines += [
            f"### Latency, {run['db']}",
            "",
            f"{c['items']:,} items ({c['events']:,} events, {c['quotes']:,} quotes, "
            f"{c['facts']:,} of kind `fact`), {c['articles']:,} articles, "
            f"{c['entities']:,} entities. The timeline of **{run['entity']['name']}** has "
            f"{run['entity']['items']:,} items after combining and clustering.",
            "",
        ]
        if run.get("materialise_s") is not None:
            lines += [
                f"Materialising that timeline whole (the first query on a store that never "
                f"had it; done once here before timing): {run['materialise_s']:.1f} s.",
                "",
            ]
        rebuild = run.get("rebuild")
        if rebuild:
            lines += [
                "Bringing it up to date after a save that adds items to it (`rebuild` "
                "phase: one more replica of a stored story naming the entity, saved through "
                "`save_extraction`, then the first query): wall and CPU seconds of that "
                "query's update, and whether the timeline is then item for item the "
                "query-time one. The items beyond 1,001,010 in the counts above are the "
                "replicas this phase (and trial runs of it) saved.",
                "",
                "| save | items in the article | update wall (s) | CPU (s) | how | "
                "equal to query time |",
                "|---|---:|---:|---:|---|---|",
            ]
            for r in rebuild:
                lines.append(
                    f"| {r['what']} | {r['added']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | "
                    f"{r['how']} | {r['equal']} |"
                )
            lines.append("")
        lines += [
            "| query | p50 (ms) | p95 (ms) | CPU p50 (ms) | runs | what |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for name, r in run["results"].items():
            cpu = f"{r['cpu_p50_ms']:,.1f}" if "cpu_p50_ms" in r else "–"
            lines.append(
                f"| {name} | {r['p50_ms']:,.1f} | {r['p95_ms']:,.1f} | {cpu} | {r['n']} | "
                f"{r['note']} |"
            )
        fast = [n for n, r in run["results"].items() if r["p95_ms"] < 50]
        slow = [n for n, r in run["results"].items() if r["p95_ms"] >= 50]
        lines += [
            "",
            f"Against the goal (p95 under 50 ms): met by {', '.join(fast) or 'none'}; not met "
            f"by {', '.join(slow) or 'none'}. `full-text search` ranks the "
            f"{SEARCH_WINDOW:,} most recently published matches (FTS5 `bm25` / `ts_rank`; "
            "a common word matches thousands of replicas; `store/search_recent.py`), found by "
            "their search keys in the full-text index, and joins only those scoring at least "
            "the 20th best score to `articles`.",
        ]
        lines += ["", f"Query plans on {run['db']} (every SELECT behind the first three rows):", ""]
        for sql, plan in run["plans"]:
            lines += ["```", sql, *(f"  {p}" for p in plan), "```"]
        lines.append("")
    lines += ["Machine:", ""]
    lines += [f"- {k}: {v}" for k, v in machine().items()]
    lines += [
        f"- dateline: {git_revision()}",
        "",
        "Reproduce (needs `../shared/data/reuters-21578`):",
    ]
    lines += ["", "```sh", commands, "```", END_MARK]
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="phase", required=True)
    ex = sub.add_parser("extract", help="extract Reuters stories once (cached)")
    ex.add_argument("--stories", type=int, default=3000)
    ex.add_argument("--workers", type=int, default=2)
    bd = sub.add_parser("build", help="load replicas until --items items are stored")
    bd.add_argument("--stories", type=int, default=3000)
    bd.add_argument("--db", required=True, help="a new SQLite path or postgresql:// URL")
    bd.add_argument("--items", type=int, default=1_000_000)
    bd.add_argument("--checkpoints", default="10000,100000,1000000")
    bd.add_argument("--normal", type=int, default=3, help="replicas saved through save_extraction")
    bk = sub.add_parser("bulk", help="replicas 3.. through the bulk path, checked first")
    bk.add_argument("--stories", type=int, default=3000)
    bk.add_argument("--db", required=True)
    bk.add_argument("--items", type=int, default=1_000_000)
    bk.add_argument("--checkpoints", default="10000,100000,1000000")
    cp = sub.add_parser("copy", help="the SQLite store's rows into a new PostgreSQL store")
    cp.add_argument("--stories", type=int, default=3000)
    cp.add_argument("--items", type=int, default=1_000_000)
    cp.add_argument("--source", required=True, help="the SQLite store built before")
    cp.add_argument("--db", required=True, help="postgresql:// URL of an empty database")
    cp.add_argument("--saved", help="postgresql:// URL of a store loaded by the save path")
    cp.add_argument("--keep", help="the kept entity's name (skips reading the extractions)")
    rb = sub.add_parser("rebuild", help="materialising the timeline, whole and in place")
    rb.add_argument("--stories", type=int, default=3000)
    rb.add_argument("--db", required=True)
    rb.add_argument("--items", type=int, default=1_000_000)
    rb.add_argument("--keep", help="the kept entity's name (skips reading the extractions)")
    ms = sub.add_parser("measure", help="latencies and plans; results as JSON")
    ms.add_argument("--stories", type=int, default=3000)
    ms.add_argument("--db", required=True)
    ms.add_argument("--items", type=int, default=1_000_000)
    ms.add_argument("--runs", type=int, default=200)
    ms.add_argument("--max-seconds", type=float, default=60)
    ms.add_argument("--keep", help="the kept entity's name (skips reading the extractions)")
    rp = sub.add_parser("report", help="write the docs/benchmarks.md section")
    rp.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    return parser.parse_args(argv)


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def _label(db: str) -> str:
    return "postgresql" if db.startswith("postgresql") else "sqlite"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        if args.phase == "extract":
            print(extract(args.stories, workers=args.workers))
            return 0
        if args.phase == "report":
            runs = [
                json.loads(p.read_text())
                for p in (WORK / "results-sqlite.json", WORK / "results-postgresql.json")
                if p.exists()
            ]
            if not runs:
                raise BenchError("no results yet: run `measure` first")
            extra = {
                name: json.loads(path.read_text())
                for name, path in (
                    ("bulk", WORK / "bulk-sqlite.json"),
                    ("copy", WORK / "copy-postgresql.json"),
                )
                if path.exists()
            }
            carried = carried_over(args.output)
            if carried:
                extra["carried"] = carried
            write_section(
                args.output,
                render(runs, extra, commands=COMMANDS),
                start_mark=START_MARK,
                end_mark=END_MARK,
            )
            return 0
        label = _label(args.db)
        keep = getattr(args, "keep", None)
        if args.phase == "build" or keep is None:
            extractions = read_extractions(extractions_path(args.stories))
            per_replica = sum(items_in(d) for d in extractions)
            replicas = -(-args.items // per_replica)
            keep, base = choose_kept(extractions, replicas)
        if args.phase == "copy":
            from scale_bulk import compare_articles, copy_to_postgres, later_joins
            from sqlalchemy import create_engine

            from dateline.store import open_store

            report = copy_to_postgres(args.source, args.db)
            with open_store(args.db, create=False) as store:
                report["counts"] = store.counts()
            report["size"] = db_size(args.db)
            if args.saved:
                saved, copied = (
                    create_engine(_psycopg(args.saved)),
                    create_engine(_psycopg(args.db)),
                )
                n, problems = compare_articles(saved, copied)
                report.update(
                    compared_articles=n,
                    problems=problems,
                    saved=saved_path_figures(saved, args.saved),
                    explained=later_joins(saved, copied),
                )
                print(
                    f"copy vs save path on {n} articles: {problems or 'identical'}", file=sys.stderr
                )
            (WORK / f"copy-{label}.json").write_text(json.dumps(report, indent=1))
            return 0
        if args.phase == "bulk":
            from scale_bulk import bulk

            saved = json.loads((WORK / f"labels-r1-{label}.json").read_text())
            old_labels = {(int(e), str(lab)): int(n) for e, lab, n in saved}
            report = bulk(
                args.db, items=args.items, checkpoints=args.checkpoints, old_labels=old_labels
            )
            growth_path = WORK / f"growth-{label}.json"
            growth = json.loads(growth_path.read_text()) if growth_path.exists() else []
            growth = [g for g in growth if g.get("path", "save") == "save"] + report["growth"]
            growth_path.write_text(json.dumps(growth, indent=1))
            (WORK / f"bulk-{label}.json").write_text(json.dumps(report, indent=1))
            return 0
        if args.phase == "rebuild":
            path = WORK / f"results-{label}.json"
            result = json.loads(path.read_text()) if path.exists() else {}
            result["rebuild"] = rebuild(args.db, keep=keep)
            path.write_text(json.dumps(result, indent=1, default=str))
            return 0
        if args.phase == "build":
            print(
                f"kept entity {keep!r}: {base} items per replica, {replicas} replicas",
                file=sys.stderr,
            )
            marks = [int(x) for x in args.checkpoints.split(",")]
            growth = build(args.db, extractions, keep=keep, replicas=args.normal, checkpoints=marks)
            path = WORK / f"growth-{label}.json"
            path.write_text(json.dumps([g.__dict__ for g in growth], indent=1))
            return 0
        load_start = f"{os.getloadavg()[0]:.1f}"
        result = measure(args.db, keep=keep, runs=args.runs, max_seconds=args.max_seconds)
        result["load_start"] = load_start
        previous = WORK / f"results-{label}.json"
        if previous.exists():  # a rebuild phase run before keeps its figures
            result["rebuild"] = json.loads(previous.read_text()).get("rebuild")
        growth_path = WORK / f"growth-{label}.json"
        result["growth"] = json.loads(growth_path.read_text()) if growth_path.exists() else []
        result["stories"] = args.stories
        result["load"] = f"{os.getloadavg()[0]:.1f}"
        WORK.mkdir(parents=True, exist_ok=True)  # with --keep nothing else has made it
        (WORK / f"results-{label}.json").write_text(json.dumps(result, indent=1, default=str))
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
