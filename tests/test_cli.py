"""The CLI over a real SQLite file filled from the sample corpus."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app

pytestmark = pytest.mark.model
runner = CliRunner()


def run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_timeline_json_contract(sample_db: Path) -> None:
    items = json.loads(run("timeline", "Okafor", "--db", str(sample_db), "--format", "json").output)
    assert items, "Lena Okafor has a timeline in the sample corpus"
    for item in items:
        assert item["kind"] in {"event", "quote", "fact"}
        assert {"when", "type", "summary", "sentence", "entities", "sources", "provenance"} <= set(
            item
        )
        prov = item["provenance"]
        assert {"article_id", "sentence_index", "char_start", "char_end"} <= set(prov)
        assert prov["char_start"] <= prov["char_end"]
        when = item["when"]
        if when is not None:
            assert "value" in when or ("start_value" in when and "end_value" in when)
            assert {"start", "end", "precision"} <= set(when)
    dated = [i["when"] for i in items if i["when"] is not None]
    starts = [w["start"] or w["end"] for w in dated]
    assert starts == sorted(starts)
    # undated items come after the dated ones
    kinds = [i["when"] is None for i in items]
    assert kinds == sorted(kinds)


def test_tables_keep_the_summary_readable_beside_long_sources(sample_db: Path) -> None:
    """A long source ("via people familiar with the discussions") wraps in its own column;
    it once squeezed the summary to a word a line in an 80-column table."""
    from dateline.cli import out

    assert out.width <= 100, "the test reads a narrow table"
    db = str(sample_db)
    items = json.loads(run("timeline", "Feld", "--db", db, "-f", "json").output)
    long = [i for i in items if i["when"] and len(", ".join(i["sources"])) > 30]
    assert long, "Marcus Feld has items from long-named sources in the sample corpus"
    lines = run("timeline", "Feld", "--db", db).output.splitlines()
    for item in long:
        opening = " ".join(item["summary"].split()[:3])
        assert any(opening in line for line in lines), (opening, lines)
    facts = run("facts", "Feld", "--db", db).output.splitlines()
    assert any("Marcus Feld role at" in line for line in facts), facts


def test_provenance_points_into_the_article(sample_db: Path) -> None:
    items = json.loads(run("timeline", "Okafor", "--db", str(sample_db), "-f", "json").output)
    with dateline.connect(sample_db) as dl:
        assert {i["kind"] for i in items} == {"event", "quote", "fact"}
        for item in items:
            prov = item["provenance"]
            extraction = dl.article(prov["article_id"]).extraction
            sentence = extraction.sentences[prov["sentence_index"]]
            assert sentence.text == item["sentence"]
            assert extraction.article.text[sentence.char_start : sentence.char_end] == sentence.text
            # the item starts in its sentence (a quote may run on over the next ones)
            assert sentence.char_start <= prov["char_start"] < sentence.char_end
            assert prov["char_start"] < prov["char_end"] <= len(extraction.article.text)
            covered = extraction.article.text[prov["char_start"] : prov["char_end"]]
            if item["kind"] == "quote":  # the quoted words themselves
                assert covered == item["details"]["content"]["text"]
            else:
                assert prov["char_end"] <= sentence.char_end
                if item["kind"] == "event":
                    assert covered == item["details"]["trigger"]["text"]


def _timeline(db: str, *extra: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = json.loads(
        run("timeline", "Okafor", "--db", db, "-f", "json", *extra).output
    )
    return result


def test_filters_and_as_of(sample_db: Path) -> None:
    db = str(sample_db)
    everything = _timeline(db)
    ids = {i["id"] for i in everything}
    dated = [i for i in everything if i["when"] is not None]

    later = _timeline(db, "--from", "2022-01-01")
    assert later and {i["id"] for i in later} < ids
    for item in later:
        if item["when"] is not None and item["when"]["end"] is not None:
            assert item["when"]["end"] >= "2022-01-01"
    earlier = _timeline(db, "--to", "2020-12-31")
    assert earlier and {i["id"] for i in earlier} < ids
    for item in earlier:
        if item["when"] is not None and item["when"]["start"] is not None:
            assert item["when"]["start"] <= "2020-12-31"
    assert any(i["when"] and i["when"]["start"] and i["when"]["start"] > "2022" for i in dated)

    as_of = [i for i in _timeline(db, "--as-of", "2022-01-01") if i["when"] is not None]
    assert as_of and len(as_of) < len(dated)
    assert any(i["kind"] == "fact" for i in as_of)
    for item in as_of:
        when = item["when"]
        if item["kind"] == "fact":
            assert (when["start"] or "0") <= "2022-01-01" <= (when["end"] or "9999")
        else:
            assert (when["start"] or when["end"]) <= "2022-01-01"
    # a role that started in 2021 holds on 2022-01-01 but not on 2020-01-01
    role = [i for i in as_of if i["kind"] == "fact" and i["type"] == "role at"]
    assert role
    assert not [
        i
        for i in _timeline(db, "--as-of", "2020-01-01")
        if i["kind"] == "fact" and i["id"] == role[0]["id"]
    ]

    only_facts = _timeline(db, "--kind", "fact")
    assert only_facts and {i["kind"] for i in only_facts} == {"fact"}


def test_text_outputs(sample_db: Path) -> None:
    db = str(sample_db)
    assert "Okafor" in run("timeline", "Okafor", "--db", db).output
    entities = json.loads(run("entities", "--db", db, "--type", "PERSON", "-f", "json").output)
    assert entities and all(e["type"] == "PERSON" for e in entities)
    counts = [e["mentions"] for e in entities]
    assert counts == sorted(counts, reverse=True)
    found = json.loads(run("entities", "--db", db, "--q", "okaf", "-f", "json").output)
    assert any("Okafor" in e["name"] for e in found)
    hits = json.loads(run("search", "resigned", "--db", db, "-f", "json").output)
    assert hits
    shown = json.loads(run("show", hits[0]["article_id"], "--db", db, "-f", "json").output)
    assert shown["article"]["id"] == hits[0]["article_id"]
    assert "rejected 0" in run("runs", "--db", db).output


def test_exports(sample_db: Path, tmp_path: Path) -> None:
    db = str(sample_db)
    jsonl = tmp_path / "all.jsonl"
    run("export", "--db", db, "--format", "jsonl", "-o", str(jsonl))
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 40 and all(json.loads(line)["article"]["id"] for line in lines)
    graphml = tmp_path / "g.graphml"
    run("export", "--db", db, "--format", "graphml", "-o", str(graphml))
    root = ET.parse(graphml).getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f"{ns}graph/{ns}node")) > 5
    assert root.findall(f"{ns}graph/{ns}edge")


def test_extract_offsets(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        'date 2024-03-05 Mayor Ana Reyes opened the library on Monday. "It is a gift '
        'to every reader," she said. According to the Eastvale Herald, Reyes will resign in June.',
        encoding="utf-8",
    )
    data = json.loads(run("extract", str(path)).output)
    text = data["article"]["text"]
    for record in data["timexes"]:
        assert text[record["char_start"] : record["char_end"]] == record["text"]
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["char_start"] : mention["char_end"]] == mention["text"]
    spans = [
        *(a[part] for a in data["attributions"] for part in ("source", "cue", "content")),
        *(e["trigger"] for e in data["events"]),
    ]
    assert spans
    for span in spans:
        assert text[span["char_start"] : span["char_end"]] == span["text"]
    quote = data["quotes"][0]
    assert quote["speakers"] == ["Ana Reyes"]
    assert quote["source"]["entity"] == "Ana Reyes"
    for part in ("content", "cue", "source"):
        span = quote[part]
        assert text[span["char_start"] : span["char_end"]] == span["text"]
    assert data["attributions"][0]["source"]["entity"] == "Eastvale Herald"
    values = {t["text"]: t["value"] for t in data["timexes"]}
    assert values["Monday"] == "2024-03-04"
    assert values["June"] == "2024-06"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "Nobody Atall"], "no entity matches"),
        (["show", "no-such-article"], "no article with id"),
        (["timeline", "Okafor", "--from", "2023-13-45"], "impossible date"),
        (["timeline", "Okafor", "--format", "xml"], "unknown --format"),
        (["extract", "missing.txt"], "no such file"),
        (["export", "--format", "csv"], "unknown export format"),
        (["timeline", "Okafor", "--kind", "evnt"], "unknown --kind"),
        (["extract", "tests/test_cli.py", "--date", "2023-13-45"], "impossible date"),
    ],
)
def test_errors_are_one_line(sample_db: Path, args: list[str], message: str) -> None:
    """Run as a user would: a real process, one line on stderr, no traceback."""
    extra = [] if args[0] == "extract" else ["--db", str(sample_db)]
    assert sample_db.exists()
    result = subprocess.run(
        [sys.executable, "-m", "dateline", *args, *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_reports_rejections(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("no date here", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("date 2024-01-01 Ana Reyes opened a school.", encoding="utf-8")
    result = run("ingest", str(bad), str(good), "--db", str(tmp_path / "x.db"))
    assert "1 ingested" in result.output and "1 rejected" in result.output
    assert f"rejected {bad}: no date" in result.output


def test_ingest_from_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "stdin.db")
    lines = "\n".join(
        json.dumps({"text": f"Ana Reyes opened school number {n}.", "date": "2024-01-0" + str(n)})
        for n in (1, 2)
    )
    result = runner.invoke(app, ["ingest", "-", "--db", db], input=lines.encode())
    assert result.exit_code == 0, result.output
    assert "2 ingested" in result.output
    text = "date 2024-02-01 Ana Reyes closed the old school."
    result = runner.invoke(app, ["ingest", "-", "--db", db], input=text.encode())
    assert result.exit_code == 0, result.output
    assert "1 ingested" in result.output
    items = json.loads(run("timeline", "Reyes", "--db", db, "-f", "json").output)
    assert len({i["provenance"]["article_id"] for i in items}) == 3


def test_mistyped_db_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such.db"
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "timeline", "Okafor", "--db", str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1 and "no dateline database" in result.stderr
    assert not missing.exists() and not missing.parent.exists()


def test_usage_errors_are_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dateline", "timeline"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Missing argument" in result.stderr
