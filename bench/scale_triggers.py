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
median over the saves, best of ``--rounds`` rounds (the variants interleaved per round):
a loaded machine slows wall time, much less CPU time. Dropping a group's triggers leaves its
derived data wrong, which is fine for a measurement and nothing else.

Usage (from the repository root)::

    .venv/bin/python bench/scale_triggers.py --copies 4 --rounds 3
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


def one_variant(stored: list[Any], groups: Sequence[str], *, copies: int, where: Path) -> dict:
    """CPU seconds of each measured save into a new store without ``groups``' triggers."""
    from dateline.query.materialised import TimelineCache
    from dateline.store.sqlite import SQLiteStore

    recorded = datetime(2026, 1, 1, tzinfo=UTC)
    with SQLiteStore(where / f"v{time.monotonic_ns()}.db") as store:
        dropped = drop_triggers(store, groups)
        for a in stored:
            store.save_extraction(_copy(a, 0), recorded_at=recorded)
        cache = TimelineCache.of(store)
        assert cache is not None
        for info in store.entities(limit=10):
            cache.ensure(info.id)
        cpu: list[float] = []
        for copy in range(1, copies + 1):
            for a in stored:
                ex = _copy(a, copy)
                c0 = time.process_time()
                store.save_extraction(ex, recorded_at=recorded)
                cpu.append(time.process_time() - c0)
    return {"dropped": dropped, "cpu": cpu}


def measure(stored: list[Any], *, copies: int, rounds: int) -> dict[str, dict]:
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(rounds):
            for name, groups in VARIANTS.items():
                run = one_variant(stored, groups, copies=copies, where=Path(tmp))
                median = statistics.median(run["cpu"])
                print(f"round {round_ + 1} {name}: {median * 1000:.2f} ms", file=sys.stderr)
                best = results.get(name)
                if best is None or median < best["median"]:
                    results[name] = {
                        "median": median,
                        "mean": statistics.fmean(run["cpu"]),
                        "saves": len(run["cpu"]),
                        "dropped": run["dropped"],
                    }
    return results


def render(results: dict[str, dict], *, stories: int, copies: int, rounds: int, load: str) -> str:
    base = results["without any (0004-0006)"]["median"]
    lines = [
        START_MARK,
        "## Save-path cost of the store's triggers",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/scale_triggers.py`: "
        f"the {stories} sample stories saved {copies} more times into a new SQLite store per "
        "variant (after one copy and the timelines of its 10 most mentioned entities "
        "materialised), CPU time per `save_extraction`, median over the saves, best of "
        f"{rounds} rounds with the variants interleaved. 1-minute load average {load} "
        "(2 cores): wall times would mostly measure waiting, so only CPU time is quoted.",
        "",
        "| triggers | triggers dropped | saves | CPU per save, median (ms) | mean (ms) "
        "| vs none (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['dropped']} | {r['saves']} | {r['median'] * 1000:.2f} "
            f"| {r['mean'] * 1000:.2f} | {(r['median'] - base) * 1000:+.2f} |"
        )
    every = results["every trigger"]["median"]
    lines += [
        "",
        f"All triggers together add {(every - base) * 1000:.2f} ms of CPU to a median save "
        f"({(every / base - 1) * 100:.0f}% of {base * 1000:.2f} ms); the rows without 0005 "
        "or 0006 give each group's share (differences of medians, so small ones are noise).",
        "",
        "Machine:",
        "",
        *[f"- {k}: {v}" for k, v in machine().items()],
        f"- dateline: {git_revision()}",
        "",
        *reproduce(
            f".venv/bin/python bench/scale_triggers.py --copies {copies} --rounds {rounds}",
            needs="nothing beyond the repository; the sample corpus is ingested once",
            end_mark=END_MARK,
        ),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--copies", type=int, default=4, help="measured copies of the stories")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best median is kept")
    parser.add_argument("--sample", type=Path, default=ROOT / "build" / "scale" / "sample.db")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    try:
        import os

        stored = sample_extractions(args.sample)
        load_start = os.getloadavg()[0]
        results = measure(stored, copies=args.copies, rounds=args.rounds)
        load = f"{load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
        section = render(
            results, stories=len(stored), copies=args.copies, rounds=args.rounds, load=load
        )
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_section(args.output, section, start_mark=START_MARK, end_mark=END_MARK)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
