"""`dateline facts` and `--known-on`: bi-temporal queries over the sample corpus."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app

pytestmark = pytest.mark.model
runner = CliRunner()


def run_json(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_facts_have_three_times(sample_db: Path) -> None:
    facts = run_json("facts", "Marcus Feld", "--db", str(sample_db))
    assert facts and all(f["kind"] == "fact" for f in facts)
    for f in facts:
        assert {"published_at", "recorded_at", "when", "mentions", "disagreements"} <= set(f)
        assert f["recorded_at"] >= f["published_at"][:10]
        reports = f["mentions"] or [f]
        # first publication of any report
        assert f["published_at"] == min(r["published_at"] for r in reports)


def test_known_on_drops_later_articles(sample_db: Path) -> None:
    cutoff = "2020-12-31"
    everything = run_json("timeline", "Marcus Feld", "--db", str(sample_db))
    known = run_json("timeline", "Marcus Feld", "--db", str(sample_db), "--known-on", cutoff)
    assert known and len(known) < len(everything)
    for item in known:
        for report in item["mentions"] or [item]:
            assert report["published_at"][:10] <= cutoff
    facts = run_json("facts", "Marcus Feld", "--db", str(sample_db), "--known-on", cutoff)
    assert all(f["published_at"][:10] <= cutoff for f in facts)


def test_as_of_keeps_what_held(sample_db: Path) -> None:
    day = "2019-06-01"
    held = run_json("facts", "Marcus Feld", "--db", str(sample_db), "--as-of", day)
    every = run_json("facts", "Marcus Feld", "--db", str(sample_db))
    assert len(held) <= len(every)
    for f in held:
        when = f["when"]
        assert (when["start"] or "0000") <= day <= (when["end"] or "9999")


def test_python_api(sample_db: Path) -> None:
    with dateline.connect(sample_db, create=False) as dl:
        result = dl.facts("Marcus Feld", known_on=date(2019, 1, 1))
        assert result.entity.name == "Marcus Feld"
        assert all(f.published_at.date() <= date(2019, 1, 1) for f in result.facts)
        assert dateline.facts_to_json(result) == [dateline.item_to_json(f) for f in result.facts]
        timeline = dl.timeline("Marcus Feld", known_on=date(2019, 1, 1))
        assert all(i.published_at.date() <= date(2019, 1, 1) for i in timeline.items)


def test_facts_text_and_errors(sample_db: Path) -> None:
    result = runner.invoke(app, ["facts", "Marcus Feld", "--db", str(sample_db)])
    assert result.exit_code == 0 and "Marcus Feld" in result.output
    bad = runner.invoke(app, ["facts", "Feld", "--db", str(sample_db), "--known-on", "soon"])
    assert bad.exit_code != 0


def test_vague_bounds_read_as_dates_in_tables(tmp_path: Path) -> None:
    """An end the text does not date ("stepped down") is before the article: the table said
    "PAST_REF", TimeML's word, and the timeline "FUTURE_REF" for a planned event."""
    story = tmp_path / "story.txt"
    story.write_text(
        "date 2024-03-05\nRuth Okonjo has stepped down as chief executive of Gable Freight "
        "Lines. Tomas Reyes will become chairman of Gable Freight Lines.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "t.db")
    assert runner.invoke(app, ["ingest", str(story), "--db", db]).exit_code == 0
    facts = runner.invoke(app, ["facts", "Okonjo", "--db", db], terminal_width=160)
    assert facts.exit_code == 0, facts.output
    assert "before 2024-03-05" in facts.output and "PAST_REF" not in facts.output
    planned = runner.invoke(app, ["timeline", "Reyes", "--db", db], terminal_width=160)
    assert "after 2024-03-05" in planned.output and "FUTURE_REF" not in planned.output
