"""SemEval-2015 Task 4 trial data, Track A: the whole evaluation, held to the figure reached.

Timelines are built from the raw tokenised text of the 30 trial documents (their gold event
markables are not read) and scored against the 6 gold timelines with our implementation of
the task's metric. ``bench/semeval2015.py`` writes the per-entity figures to
docs/benchmarks.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.semeval_timeline import evaluate, format_timeline, read_timelines
from dateline.eval.timeline_task import build_timelines
from dateline.io.cat import read_cat_dir

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "semeval2015-task4"
CAT_DIR = DATA / "Corpus-trial-data_task4"
GOLD_DIR = DATA / "TimeLines_trial_data_task4_v1.2"
#: micro-F1 reached on the trial data (docs/benchmarks.md), less one point
FLOOR_F1 = 31.6

pytestmark = [
    pytest.mark.model,
    pytest.mark.shared,
    pytest.mark.skipif(
        not GOLD_DIR.is_dir(),
        reason=f"../shared is absent ({DATA} not found): the SemEval trial evaluation needs it",
    ),
]


def test_trial_micro_f1_holds(tmp_path: Path) -> None:
    gold = read_timelines(GOLD_DIR)
    documents, rejected = read_cat_dir(CAT_DIR)
    assert len(documents) == 30 and not rejected
    timelines = build_timelines(documents, [t.entity for t in gold.values()])
    out = tmp_path / "timelines"
    out.mkdir()
    for name, timeline in zip(gold, timelines, strict=True):
        (out / name).write_text(format_timeline(timeline), encoding="utf-8")
    total, per = evaluate(gold, read_timelines(out))
    assert 100 * total.f1 >= FLOOR_F1, (total, per)
    # every timeline gets something right, and the ids point at real tokens of the documents
    words = {(d.doc_id, t.sentence, t.text) for d in documents for t in d.tokens}
    for timeline in timelines:
        for entry in timeline.entries:
            for event in entry.events:
                doc_id, sentence, word = event.split("-", 2)
                assert (doc_id, int(sentence), word.split("_")[0]) in words, event
    assert sum(s.precision_matched > 0 for s in per.values()) >= 4
