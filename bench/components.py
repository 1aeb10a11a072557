"""Where ingest time goes: each pipeline component, building the records, and the SQLite save.

With ``--postgres URL`` (a server where it may create and drop a schema) the same records are
also saved into PostgreSQL, reported beside the table with the SQL statements per story.

Runs every stage over the same first N Reuters-21578 stories with a body, in one process, and
writes a table to docs/benchmarks.md (between the ``components`` markers). With ``--repeat``
the median of the runs is reported. This is what backs the statement that dateline's own
components cost a small share of the spaCy pass, and the per-story cost of the store.

    .venv/bin/python bench/components.py --limit 500 --repeat 1
    scripts/pg-throwaway run -- sh -c \
      '.venv/bin/python bench/components.py --postgres "$DATELINE_TEST_POSTGRES_URL"'
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from throughput import (
    REUTERS_DIR,
    BenchError,
    git_revision,
    load_stories,
    machine,
    reproduce,
    write_section,
)

START = "<!-- components:start -->"
END = "<!-- components:end -->"


#: a save measured on one backend: seconds, and SQL statements sent (executemany counts once)
Save = tuple[float, int]


def measure(
    limit: int, folder: Path, postgres: str | None = None
) -> tuple[dict[str, float], int, dict[str, Save]]:
    """Seconds per stage over ``limit`` stories, the number of spaCy tokens, and the save on
    each backend (seconds, statements)."""
    from dateline.model import Article

    stories = load_stories(folder, limit)
    articles = [
        Article(text=s.text, published_at=datetime.fromisoformat(s.date), id=s.id) for s in stories
    ]
    times, tokens, extractions = stage_times(articles)
    with tempfile.TemporaryDirectory() as tmp:
        saves = {"SQLite": timed_save(str(Path(tmp) / "count.db"), extractions)}
    if postgres:
        saves["PostgreSQL"] = postgres_save(postgres, extractions)
    return times, tokens, saves


def timed_save(url: str, extractions: Sequence[Any]) -> Save:
    """Save every extraction into a new store at ``url``; seconds and statements sent."""
    from sqlalchemy import event

    from dateline.store import open_store
    from dateline.store.sql import SQLStore

    store = open_store(url)
    assert isinstance(store, SQLStore)
    statements = 0

    def count(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(store._engine, "before_cursor_execute", count)
    try:
        started = time.perf_counter()
        for extraction in extractions:
            store.save_extraction(extraction, recorded_at=datetime.now(UTC))
        return time.perf_counter() - started, statements
    finally:
        store.close()


def postgres_save(url: str, extractions: Sequence[Any]) -> Save:
    """``timed_save`` into a schema of its own on the server at ``url``, dropped afterwards."""
    import uuid

    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    connect = {
        "host": parsed.host,
        "port": parsed.port,
        "user": parsed.username,
        "password": parsed.password,
        "dbname": parsed.database,
        "autocommit": True,
    }
    with psycopg.connect(**connect) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    try:
        target = parsed.update_query_dict({"options": f"-csearch_path={schema}"})
        return timed_save(target.render_as_string(hide_password=False), extractions)
    finally:
        with psycopg.connect(**connect) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def stage_times(articles: Sequence[Any]) -> tuple[dict[str, float], int, list[Any]]:
    """Seconds per stage over ``articles``, spaCy tokens, and the extractions made."""
    from dateline.nlp.extract import extraction_from_doc
    from dateline.nlp.pipeline import load_pipeline, make_doc
    from dateline.store.sqlite import SQLiteStore

    nlp = load_pipeline()
    docs = [make_doc(nlp, a) for a in articles]
    times: dict[str, float] = {}
    for name, component in nlp.pipeline:
        started = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs))
        else:
            docs = [component(d) for d in docs]
        times[name] = time.perf_counter() - started
    started = time.perf_counter()
    extractions = [extraction_from_doc(a, d) for a, d in zip(articles, docs, strict=True)]
    times["records (extraction_from_doc)"] = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        try:
            started = time.perf_counter()
            for extraction in extractions:
                store.save_extraction(extraction, recorded_at=datetime.now(UTC))
            times["SQLite save (one transaction each)"] = time.perf_counter() - started
        finally:
            store.close()
    return times, sum(len(d) for d in docs), extractions


#: the components of the quote stage: stance readings, quotes and reported speech,
#: attribution facts
QUOTE_STAGE = ("dateline_stance", "dateline_quotes", "dateline_attribution_facts")


def quote_seconds(times: dict[str, float]) -> float:
    return sum(times.get(name, 0.0) for name in QUOTE_STAGE)


def quote_share(times: dict[str, float]) -> float:
    """The quote stage's share of all measured ingest time (spaCy, ours, records, save)."""
    return quote_seconds(times) / sum(times.values())


def render(
    runs: list[dict[str, float]],
    tokens: int,
    limit: int,
    command: str,
    saves: dict[str, Save] | None = None,
) -> str:
    names = list(runs[0])
    median = {n: statistics.median(r[n] for r in runs) for n in names}
    total = sum(median.values())
    spacy_names = [n for n in names if not n.startswith(("dateline_", "records", "SQLite"))]
    ours = [n for n in names if n not in spacy_names]
    spacy_total = sum(median[n] for n in spacy_names)
    lines = [
        START,
        "## Where ingest time goes",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/components.py` on the first "
        f"{limit:,} Reuters-21578 stories with a body ({tokens:,} tokens), one process, "
        f"median of {len(runs)} run(s). Model loading is not timed.",
        "",
        "| Stage | Seconds | Share of total | ms per story |",
        "|---|---:|---:|---:|",
    ]
    for name in names:
        seconds = median[name]
        lines.append(
            f"| {name} | {seconds:.2f} | {100 * seconds / total:.1f}% | "
            f"{1000 * seconds / limit:.1f} |"
        )
    ours_total = sum(median[n] for n in ours)
    lines += [
        "",
        f"- spaCy's own components: {spacy_total:.1f} s; dateline's components, records and "
        f"save: {ours_total:.1f} s, i.e. {100 * ours_total / spacy_total:.0f}% on top of the "
        "spaCy pass.",
        f"- The quote stage (`{'`, `'.join(QUOTE_STAGE)}`: stances, quote marks, reported "
        "speech, attributions and their facts) "
        f"takes {100 * quote_share(median):.1f}% of this ingest time (budget: 10%); on "
        "quote-heavy news see the PolNeAR section.",
        *(
            f"- {backend} save, timed again on its own (last run): {1000 * seconds / limit:.1f} "
            f"ms per story ({100 * seconds / spacy_total:.0f}% of the spaCy pass), "
            f"{statements / limit:.1f} SQL statements per story (an executemany counts once)."
            for backend, (seconds, statements) in (saves or {}).items()
        ),
        f"- Load average when written: {os.getloadavg()[0]:.1f} on the machine's cores "
        "(other work shares them; compare shares and ratios, not seconds, across runs).",
        f"- Machine: {', '.join(f'{k} {v}' for k, v in machine().items())}; "
        f"dateline {git_revision()}.",
        "",
        *reproduce(command, needs="needs `../shared/data/reuters-21578`", end_mark=END),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--reuters", type=Path, default=REUTERS_DIR)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument(
        "--postgres", metavar="URL", help="also time the save on this PostgreSQL server"
    )
    args = parser.parse_args(argv)
    if not args.reuters.is_dir():
        print(f"error: {args.reuters} not found (needs ../shared)", file=sys.stderr)
        return 1
    try:
        runs = []
        tokens = 0
        saves: dict[str, Save] = {}
        for _ in range(max(1, args.repeat)):
            times, tokens, saves = measure(args.limit, args.reuters, args.postgres)
            runs.append(times)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    command = f".venv/bin/python bench/components.py --limit {args.limit} --repeat {args.repeat}"
    if args.postgres:
        command = (
            "scripts/pg-throwaway run -- sh -c "
            f"'{command} --postgres \"$DATELINE_TEST_POSTGRES_URL\"'"
        )
    section = render(runs, tokens, args.limit, command, saves)
    write_section(args.output, section, start_mark=START, end_mark=END)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
