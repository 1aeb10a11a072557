"""Timex tagger figures: TempEval-3 scores on TBAQ and WikiWars, and its speed on Reuters text.

Accuracy: our tagger (English model + ``dateline_timex``) over the gold texts of
TBAQ-cleaned (TimeBank and AQUAINT separately) and the WikiWars train split, scored as the
TempEval-3 scorer does (``dateline.eval.timex``). Speed: the first N Reuters-21578 stories are
parsed once by the full ingest pipeline, stage by stage; then the timex component alone is timed
on those already-parsed Docs (one core, median of ``--repeat`` runs), and its share of all the
ingest stages (spaCy, dateline components, records, SQLite save) is reported. All times are the
CPU time of this one process, so a busy machine slows the run but not the figures much; the load
average is written next to them. Written to
docs/benchmarks.md between the ``timex`` markers.

    .venv/bin/python bench/timex.py --limit 1000 --repeat 3
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

from throughput import (
    REUTERS_DIR,
    BenchError,
    git_revision,
    load_stories,
    machine,
    reproduce,
    write_section,
)

START = "<!-- timex:start -->"
END = "<!-- timex:end -->"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = {
    "TimeBank": SHARED / "data/tempeval3/TBAQ-cleaned/TimeBank",
    "AQUAINT": SHARED / "data/tempeval3/TBAQ-cleaned/AQUAINT",
    "WikiWars (train)": SHARED / "data/wikiwars/train",
}


def accuracy() -> dict[str, object]:
    """TempEval-3 figures per corpus, plus TBAQ (TimeBank + AQUAINT) as one set."""
    from dateline.eval.timex import DocScore, TimexScore, score_docs, score_pair, tag_documents
    from dateline.io.timeml import read_timeml, timeml_files

    rows: dict[str, TimexScore] = {}
    per: dict[str, list[DocScore]] = {}
    for name, folder in CORPORA.items():
        if not folder.is_dir():
            raise BenchError(f"{folder} not found (needs ../shared)")
        docs = [read_timeml(p) for p in timeml_files(folder)]
        per[name] = [score_pair(d, found) for d, found in tag_documents(docs)]
        rows[name] = score_docs(per[name])
    rows["TBAQ (TimeBank + AQUAINT)"] = score_docs(per["TimeBank"] + per["AQUAINT"])
    return dict(rows)


def speed(limit: int, repeat: int) -> dict[str, float]:
    """Seconds of each ingest stage over ``limit`` stories, and the timex stage alone."""
    from dateline.model import Article
    from dateline.nlp.extract import extraction_from_doc
    from dateline.nlp.pipeline import load_pipeline, make_doc
    from dateline.store.sqlite import SQLiteStore

    stories = load_stories(REUTERS_DIR, limit)
    articles = [
        Article(text=s.text, published_at=datetime.fromisoformat(s.date), id=s.id) for s in stories
    ]
    nlp = load_pipeline()
    docs = [make_doc(nlp, a) for a in articles]
    stages: dict[str, float] = {}
    load_before = os.getloadavg()[0]
    for name, component in nlp.pipeline:
        started = time.process_time()
        docs = (
            list(component.pipe(docs))
            if hasattr(component, "pipe")
            else [component(d) for d in docs]
        )
        stages[name] = time.process_time() - started
    started = time.process_time()
    extractions = [extraction_from_doc(a, d) for a, d in zip(articles, docs, strict=True)]
    stages["records"] = time.process_time() - started
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "bench.db")
        try:
            started = time.process_time()
            for extraction in extractions:
                store.save_extraction(extraction, recorded_at=datetime.now(UTC))
            stages["save"] = time.process_time() - started
        finally:
            store.close()
    timex = nlp.get_pipe("dateline_timex")
    alone = []
    for _ in range(max(1, repeat)):
        started = time.process_time()  # CPU time of this one process: one core
        for doc in docs:
            timex(doc)
        alone.append(time.process_time() - started)
    words = sum(1 for d in docs for t in d if not (t.is_punct or t.is_space))
    tokens = sum(len(d) for d in docs)
    total = sum(stages.values())
    median = statistics.median(alone)
    return {
        "stories": float(len(docs)),
        "words": float(words),
        "tokens": float(tokens),
        "timex_alone": median,
        "timex_in_pass": stages["dateline_timex"],
        "ingest_total": total,
        "without_timex": total - stages["dateline_timex"],
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


def render(rows: dict[str, object], sp: dict[str, float], command: str, repeat: int) -> str:
    from dateline.eval.timex import TimexScore

    lines = [
        START,
        "## Time expressions (TIMEX3)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/timex.py`. Scores as the "
        "TempEval-3 scorer reports them (see [timex.md](timex.md) for where ours may differ), "
        "in percent; value and type F1 are accuracy over relaxed matches x relaxed F1.",
        "",
        "| Corpus | Docs | Gold | System | Strict P | Strict R | Strict F1 | Relaxed P | "
        "Relaxed R | Relaxed F1 | Type acc | Value acc | Type F1 | Value F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in rows.items():
        assert isinstance(row, TimexScore)
        pct = (
            row.strict_p,
            row.strict_r,
            row.strict_f1,
            row.relaxed_p,
            row.relaxed_r,
            row.relaxed_f1,
            row.type_accuracy,
            row.value_accuracy,
            row.type_f1,
            row.value_f1,
        )
        cells = [name, str(row.docs), str(row.gold), str(row.system)]
        cells += [f"{100 * x:.2f}" for x in pct]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "For reference, on the TempEval-3 *test* set (TE3-Platinum, which we do not have) "
        "HeidelTime reached strict F1 81.34 and value F1 77.61; these rows are the training "
        "corpora, which the rules were tuned on, so they flatter us.",
        "",
        "These are the rules' figures: nothing in the tagger is learned. A learned keep-or-drop "
        "layer for vague candidates was tried and scored only on held-out documents "
        "(`bench/timex_train.py`, its own section of this page); it did not raise value F1, "
        "so it is not shipped.",
        "",
    ]
    if sp:
        wps = sp["words"] / sp["timex_alone"]
        share = 100 * sp["timex_in_pass"] / sp["ingest_total"]
        slower = 100 * sp["timex_in_pass"] / sp["without_timex"]
        lines += [
            f"Speed on the first {int(sp['stories']):,} Reuters-21578 stories "
            f"({int(sp['words']):,} words, {int(sp['tokens']):,} tokens), one process:",
            "",
            f"- Timex stage alone on already-parsed Docs: {sp['timex_alone']:.2f} s, "
            f"**{wps:,.0f} words/s** ({sp['tokens'] / sp['timex_alone']:,.0f} tokens/s), "
            f"median CPU time of {repeat} run(s).",
            f"- Whole ingest stages (spaCy, dateline components, records, SQLite save): "
            f"{sp['ingest_total']:.1f} s with the timex stage, {sp['without_timex']:.1f} s "
            f"without it: the timex stage is **{share:.1f}%** of ingest time (ingest is "
            f"{slower:.1f}% slower because of it).",
            f"- All times are CPU time of the one process; the machine's 1-minute load "
            f"average was {sp['load_before']:.1f} at the start and {sp['load_after']:.1f} at "
            "the end (2 cores shared with other work).",
            "",
        ]
    lines += [
        f"Machine: {', '.join(f'{k} {v}' for k, v in machine().items())}; "
        f"dateline {git_revision()}.",
        "",
        *reproduce(command, needs="needs `../shared`", end_mark=END),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=1000, help="Reuters stories for the speed")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-speed", action="store_true", help="only the accuracy table")
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    try:
        rows = accuracy()
        sp = {} if args.no_speed else speed(args.limit, args.repeat)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    command = f".venv/bin/python bench/timex.py --limit {args.limit} --repeat {args.repeat}"
    if args.no_speed:
        command += " --no-speed"
    text = render(rows, sp, command, args.repeat)
    write_section(args.output, text, start_mark=START, end_mark=END)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
