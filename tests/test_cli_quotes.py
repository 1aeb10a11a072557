"""`dateline quotes ENTITY` and `Dateline.quotes`: quotes by and about an entity, on the
bundled sample corpus (our own fictional news)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app

pytestmark = pytest.mark.model
runner = CliRunner()


def _json(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["quotes", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data: list[dict[str, Any]] = json.loads(result.output)
    return data


def test_said_by(sample_db: Path) -> None:
    items = _json("Pemberton", "--said-by", "--db", str(sample_db))
    assert len(items) >= 5
    assert all(i["role"] == "speaker" and i["kind"] == "quote" for i in items)
    assert all("Gus Pemberton" in i["details"]["speakers"] for i in items)
    kinds = {i["details"]["kind"] for i in items}
    assert {"direct", "indirect"} <= kinds, kinds
    starts = [i["when"]["start"] for i in items if i["when"]]
    assert starts == sorted(starts)


def test_about(sample_db: Path) -> None:
    items = _json("Vukic", "--about", "--db", str(sample_db))
    assert items
    for item in items:
        assert item["role"] == "about"
        assert "Vukic" not in " ".join(item["details"]["speakers"])
        assert "Teodor Vukic" in item["entities"]  # the canonical name, whatever the query


def test_both_roles_without_filter(sample_db: Path) -> None:
    every = _json("Pemberton", "--db", str(sample_db))
    said = _json("Pemberton", "--said-by", "--db", str(sample_db))
    about = _json("Pemberton", "--about", "--db", str(sample_db))
    assert len(every) == len(said) + len(about)


def test_text_output_and_errors(sample_db: Path) -> None:
    result = runner.invoke(app, ["quotes", "Pemberton", "--db", str(sample_db)])
    assert result.exit_code == 0 and "Gus Pemberton [PERSON]: quotes" in result.output
    assert "speaker Gus Pemberton:" in result.output
    both = runner.invoke(
        app, ["quotes", "Pemberton", "--said-by", "--about", "--db", str(sample_db)]
    )
    assert both.exit_code != 0
    assert "exclude each other" in str(both.exception)


def test_python_api(sample_db: Path) -> None:
    with dateline.connect(sample_db) as dl:
        result = dl.quotes("Pemberton", role="speaker")
        assert result.entity.name == "Gus Pemberton"
        assert result.quotes and all(h.role == "speaker" for h in result.quotes)
        data = dateline.quotes_to_json(result)
        assert data[0]["role"] == "speaker" and data[0]["id"] == result.quotes[0].item.id
        with pytest.raises(dateline.DatelineError, match="unknown role"):
            dl.quotes("Pemberton", role="author")
