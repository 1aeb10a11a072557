"""What the store's triggers cost a save: CPU per ``save_extraction`` with and without them.

Migrations 0004-0006 keep derived data in step inside the writer's transaction:
``0004_scale_timeline_cache`` bumps the version of every materialised timeline a save
touches, ``0005_scale_entity_counts`` keeps per-entity mention and article counts, and
``0006_scale_timeline_incremental`` records added items for in-place timeline updates.

The sample corpus is ingested once (``build/scale/sample.db``); its extractions are then
saved into new SQLite stores, one per variant: every trigger, and without each group.
Each store first takes one copy of the stories and materialises the timelines of its
10 most mentioned entities (so the timeline triggers have states to bump, as on a store in
use); the measured saves are the next ``--copies`` copies (new ids and text, a year later
each, the same entity names). CPU time of this process (``time.process_time``) per save,
each story saved into every variant's store in turn, and per-story differences with the
store without triggers taken: a loaded machine slows wall time, much less CPU time, and
what it still moves moves every variant alike. Dropping a group's triggers leaves its
derived data wrong, which is fine for a measurement and nothing else.

Usage (from the repository root)::

    .venv/bin/python bench/scale_triggers.py --copies 4
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from throughput import ROOT, BenchError, git_revision, machine, reproduce, write_section

START_MARK = "<!-- scale-triggers:start -->"
END_MARK = "<!-- scale-triggers:end -->"

#: trigger groups by name prefix (the same names on SQLite and PostgreSQL)
GROUPS = {
    "0004 timeline versions": lambda n: (
        n.startswith("timeline_") and not n.startswith("timeline_pending")
    ),
    "0005 entity counts": lambda n: n.startswith("entity_counts_"),
    "0006 pending items": lambda n: n.startswith("timeline_pending"),
}
VARIANTS: dict[str, tuple[str, ...]] = {
    "every trigger": (),
    "without 0005 (entity counts)": ("0005 entity counts",),
    "without 0006 (pending items)": ("0006 pending items",),
    "without 0005 and 0006": ("0005 entity counts", "0006 pending items"),
    "without any (0004-0006)": tuple(GROUPS),
}


def sample_extractions(path: Path) -> list[Any]:
    """The sample corpus's stored articles (ingested into ``path`` once)."""
    import dateline
    from dateline.store.sqlite import SQLiteStore

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with dateline.connect(path) as dl:
            report = dl.ingest([dateline.sample_corpus()])
        if report.rejected:
            raise BenchError(f"the sample corpus was rejected in part: {report.rejected}")
    with SQLiteStore(path, create=False) as store:
        return list(store.articles())


def _copy(stored: Any, copy: int) -> Any:
    ex = stored.extraction
    article = dataclasses.replace(
        ex.article,
        id=f"{ex.article.id}-t{copy}",
        text=f"{ex.article.text}\n\nCopy {copy}.",
        content_hash="",
        published_at=ex.article.published_at + timedelta(days=365 * copy),
    )
    return dataclasses.replace(ex, article=article)


def drop_triggers(store: Any, groups: Sequence[str]) -> int:
    """Drop the triggers of ``groups``; how many were dropped."""
    with store._writer.begin() as conn:
        names = [
            r[0]
            for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
        ]
        dropped = [n for n in names if any(GROUPS[g](n) for g in groups)]
        for name in dropped:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
    return len(dropped)


def measure(stored: list[Any], *, copies: int, where: Path) -> dict[str, dict]:
    """CPU seconds of each measured save, per variant: one store per variant, all open at
    once, and each story saved into every store in turn (the order rotating), so a change
    in the machine's load hits every variant alike; differences are taken per story."""
    from dateline.query.materialised import TimelineCache
    from dateline.store.sqlite import SQLiteStore

    recorded = datetime(2026, 1, 1, tzinfo=UTC)
    stores = {name: SQLiteStore(where / f"v{n}.db") for n, name in enumerate(VARIANTS)}
    try:
        dropped = {name: drop_triggers(stores[name], groups) for name, groups in VARIANTS.items()}
        for store in stores.values():
            for a in stored:
                store.save_extraction(_copy(a, 0), recorded_at=recorded)
            cache = TimelineCache.of(store)
            assert cache is not None
            for info in store.entities(limit=10):
                cache.ensure(info.id)
        cpu: dict[str, list[float]] = {name: [] for name in VARIANTS}
        names = list(VARIANTS)
        turn = 0
        for copy in range(1, copies + 1):
            for a in stored:
                ex = _copy(a, copy)
                turn += 1
                for name in names[turn % len(names) :] + names[: turn % len(names)]:
                    c0 = time.process_time()
                    stores[name].save_extraction(ex, recorded_at=recorded)
                    cpu[name].append(time.process_time() - c0)
    finally:
        for store in stores.values():
            store.close()
    base = cpu["without any (0004-0006)"]
    out: dict[str, dict] = {}
    for name, samples in cpu.items():
        out[name] = {
            "median": statistics.median(samples),
            "mean": statistics.fmean(samples),
            "saves": len(samples),
            "dropped": dropped[name],
            "paired": statistics.median(s - b for s, b in zip(samples, base, strict=True)),
        }
        print(f"{name}: {out[name]}", file=sys.stderr)
    return out


def render(results: dict[str, dict], *, stories: int, copies: int, load: str) -> str:
    base = results["without any (0004-0006)"]["median"]
    lines = [
        START_MARK,
        "## Save-path cost of the store's triggers",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/scale_triggers.py`: "
        f"the {stories} sample stories saved {copies} more times into one new SQLite store "
        "per variant (each store first took one copy and materialised the timelines of its "
        "10 most mentioned entities), every story saved into every store in turn, CPU time "
        "per `save_extraction`. The last column is the median over the stories of the "
        "difference with the store without triggers (same story, saved moments apart): the "
        f"figure to read. 1-minute load average {load} (2 cores): wall times would mostly "
        "measure waiting, so only CPU time is quoted.",
        "",
        "| triggers | triggers dropped | saves | CPU per save, median (ms) | mean (ms) "
        "| paired difference with none, median (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['dropped']} | {r['saves']} | {r['median'] * 1000:.2f} "
            f"| {r['mean'] * 1000:.2f} | {r['paired'] * 1000:+.2f} |"
        )
    every = results["every trigger"]
    lines += [
        "",
        f"All triggers together add {every['paired'] * 1000:.2f} ms of CPU to a save "
        f"({every['paired'] / base * 100:.0f}% of the {base * 1000:.2f} ms median without "
        "them); a group's share is the difference between the row with every trigger and "
        "the row without that group.",
        "",
        "Machine:",
        "",
        *[f"- {k}: {v}" for k, v in machine().items()],
        f"- dateline: {git_revision()}",
        "",
        *reproduce(
            f".venv/bin/python bench/scale_triggers.py --copies {copies}",
            needs="nothing beyond the repository; the sample corpus is ingested once",
            end_mark=END_MARK,
        ),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--copies", type=int, default=4, help="measured copies of the stories")
    parser.add_argument("--sample", type=Path, default=ROOT / "build" / "scale" / "sample.db")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    try:
        import os

        stored = sample_extractions(args.sample)
        load_start = os.getloadavg()[0]
        with tempfile.TemporaryDirectory() as tmp:
            results = measure(stored, copies=args.copies, where=Path(tmp))
        load = f"{load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
        section = render(results, stories=len(stored), copies=args.copies, load=load)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_section(args.output, section, start_mark=START_MARK, end_mark=END_MARK)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
