"""Ingest of real-world inputs end to end: language check, syndicated copies, CLI options."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app
from dateline.io.language import detect_language, language_problem
from dateline.model import Article

pytestmark = pytest.mark.model

TESTS = Path(__file__).parent
INPUTS = TESTS / "fixtures" / "inputs"
SYNDICATION = TESTS / "fixtures" / "syndication"


def _copy(tmp_path: Path, *names: str, source: Path = SYNDICATION) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(source / name, folder / name)
    return folder


# --- language --------------------------------------------------------------------------
def test_french_page_is_rejected_with_its_language(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "french.html", "opengraph-time.html", source=INPUTS)
    with dateline.connect(tmp_path / "db.sqlite") as dl:
        report = dl.ingest([folder])
        assert report.ingested == 1
        (rejection,) = report.rejected
        assert rejection.origin.endswith("french.html")
        assert rejection.reason.startswith("language is French (fr")
        assert "not English" in rejection.reason
        assert dl.runs()[0].rejections == ((rejection.origin, rejection.reason),)
        # kept when the check is off
        assert dl.ingest([folder], check_language=False).ingested == 1


def test_short_or_english_text_is_not_judged_foreign() -> None:
    assert detect_language("Hello.") is None  # too short to judge
    english = Article(
        text="The ferry company said on Monday that fares on its three harbour routes "
        "would rise by eight percent from April.",
        published_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    assert language_problem(english) is None
    found = detect_language("Der Stadtrat hat am Dienstag beschlossen, die Preise der Fähren " * 3)
    assert found is not None and found.code == "de"


# --- near-duplicates -------------------------------------------------------------------
ALL = (
    "wire-original.txt",
    "copy-new-headline-trimmed.txt",
    "copy-added-paragraph.txt",
    "same-topic-other-story.txt",
)


def _items(db: Path, entity: str) -> list[dict[str, object]]:
    with dateline.connect(db) as dl:
        return dateline.timeline_to_json(dl.timeline(entity))


def test_syndicated_copies_are_stored_once_with_every_outlet(tmp_path: Path) -> None:
    folder = _copy(tmp_path, *ALL)
    db = tmp_path / "db.sqlite"
    with dateline.connect(db) as dl:
        report = dl.ingest([folder])
        assert (report.ingested, report.near_duplicates, report.duplicates) == (2, 2, 0)
        counts = dl.store.counts()
        assert counts["articles"] == 2
        again = dl.ingest([folder])  # idempotent: copies are known too
        assert (again.ingested, again.near_duplicates, again.duplicates) == (0, 0, 4)
        assert dl.store.counts() == counts
    items = _items(db, "Tidewater Freight")
    wire = [i for i in items if any(o["copy_of"] for o in i["outlets"])]  # type: ignore[attr-defined]
    assert wire, "the wire story's items carry its copies as outlets"
    outlets = wire[0]["outlets"]
    assert isinstance(outlets, list) and len(outlets) == 3
    # the first one ingested (files in name order) is the story, the others its copies
    assert outlets[0]["copy_of"] is None
    assert Path(outlets[0]["origin"]).name == "copy-added-paragraph.txt"
    assert [o["copy_of"] for o in outlets[1:]] == [outlets[0]["article_id"]] * 2
    assert {Path(o["origin"]).name for o in outlets[1:]} == {
        "copy-new-headline-trimmed.txt",
        "wire-original.txt",
    }
    assert {o["published_at"][:10] for o in outlets} == {"2024-03-12", "2024-03-13"}
    # the different story on the same topic is its own article, with no copies
    strike = [i for i in items if "agreed last week" in str(i["sentence"])]
    assert strike and all(len(i["outlets"]) == 1 for i in strike)  # type: ignore[arg-type]
    exported = tmp_path / "all.jsonl"
    CliRunner().invoke(app, ["export", "--db", str(db), "-o", str(exported)])
    lines = [json.loads(line) for line in exported.read_text("utf-8").splitlines()]
    assert sorted(len(line["copies"]) for line in lines) == [0, 2]
    shown = CliRunner().invoke(app, ["show", outlets[0]["article_id"], "--db", str(db)])
    assert shown.output.count("also published") == 2, shown.output
    text = CliRunner().invoke(app, ["timeline", "Tidewater Freight", "--db", str(db)])
    assert "(+2 outlets)" in text.output, text.output
    # the wire story's deal is there once, not three times (once per outlet)
    deals = [
        i for i in items if i["kind"] == "event" and "agreed on Monday to buy" in str(i["summary"])
    ]
    assert len(deals) == 1 and len(deals[0]["outlets"]) == 3  # type: ignore[arg-type]


def test_copies_are_linked_across_runs_and_to_signatures_of_older_databases(
    tmp_path: Path,
) -> None:
    db = tmp_path / "db.sqlite"
    first = _copy(tmp_path, "wire-original.txt")
    with dateline.connect(db) as dl:
        assert dl.ingest([first]).ingested == 1
    # a database from before signatures: drop them; the next run signs the article again
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM article_signatures")
    raw.close()
    later = tmp_path / "later"
    later.mkdir()
    shutil.copy(SYNDICATION / "copy-added-paragraph.txt", later / "a.txt")
    with dateline.connect(db) as dl:
        report = dl.ingest([later])
        assert (report.ingested, report.near_duplicates) == (0, 1)
        assert dl.runs()[0].counts["near_duplicates"] == 1


def test_one_near_duplicate_index_per_open_database_kept_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run after run (a server's POSTs) the index is not rebuilt: each stored article is
    indexed once; an article another writer stored meanwhile is still found as the story."""
    from collections import Counter

    from dateline import ingest as ingest_module

    added: Counter[str] = Counter()
    real_add = ingest_module.NearDuplicateIndex.add

    def counting_add(self: Any, key: str, sig: Any) -> None:  # counts real insertions
        before = len(self)
        real_add(self, key, sig)
        if key.startswith("a:") and len(self) > before:
            added[key] += 1

    monkeypatch.setattr(ingest_module.NearDuplicateIndex, "add", counting_add)
    db = tmp_path / "db.sqlite"
    with dateline.connect(db) as dl:
        assert dl.ingest([_copy(tmp_path, "same-topic-other-story.txt")]).ingested == 1
        with dateline.connect(db) as other:  # another writer, storing no signature
            wire = SYNDICATION / "wire-original.txt"
            assert other.ingest([wire], near_duplicates=False).ingested == 1
        for name in ("copy-added-paragraph.txt", "copy-new-headline-trimmed.txt"):
            report = dl.ingest([SYNDICATION / name])
            assert (report.ingested, report.near_duplicates) == (0, 1), report
    assert len(added) == 2 and set(added.values()) == {1}, added


def test_near_duplicate_linking_can_be_turned_off(tmp_path: Path) -> None:
    folder = _copy(tmp_path, *ALL[:2])
    with dateline.connect(tmp_path / "db.sqlite") as dl:
        report = dl.ingest([folder], near_duplicates=False)
        assert (report.ingested, report.near_duplicates) == (2, 0)


# --- the CLI with the new formats ------------------------------------------------------
def test_cli_ingests_csv_with_named_columns_and_reports_bad_rows(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    args = ["ingest", str(INPUTS / "stories.csv"), "--db", str(db), "--no-progress"]
    args += ["--text-column", "body", "--date-column", "published"]
    args += ["--title-column", "headline", "--url-column", "link"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 ingested" in result.output
    assert "stories.csv:4: not a date in column 'published'" in result.output
    with dateline.connect(db) as dl:
        titles = {a.extraction.article.title for a in dl.store.articles()}
        urls = {a.extraction.article.url for a in dl.store.articles()}
    assert titles == {"Bakery wins regional prize", "Bridge reopens, at last"}
    assert urls == {"https://local.example/bakery", "https://local.example/bridge"}


def test_cli_format_forces_a_reader_and_rejects_unknown_ones(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    page = tmp_path / "page.txt"
    page.write_bytes((INPUTS / "opengraph-time.html").read_bytes())
    runner = CliRunner()
    detected = runner.invoke(app, ["ingest", str(page), "--db", str(db), "--no-progress"])
    assert detected.exit_code == 0 and "1 ingested" in detected.output, detected.output
    with dateline.connect(db) as dl:
        (stored,) = list(dl.store.articles())
    article = stored.extraction.article
    assert article.date_source == "page" and article.publisher == "Riverside Courier"
    show = runner.invoke(app, ["show", article.id, "--db", str(db), "--format", "json"])
    assert json.loads(show.output)["article"]["date_source"] == "page"
    forced = runner.invoke(
        app, ["ingest", str(page), "--db", str(db), "--no-progress", "--format", "text"]
    )
    assert "no date" in forced.output
    bad = runner.invoke(app, ["ingest", str(page), "--db", str(db), "--format", "pdf"])
    assert bad.exit_code != 0


def test_extract_reads_an_html_page(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(INPUTS / "opengraph-time.html")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["article"]["publisher"] == "Riverside Courier"
    assert data["article"]["published_at"] == "2023-10-17T14:05:00-04:00"
    assert any(e["name"] == "Ines Caldwell" for e in data["entities"])
    many = runner.invoke(app, ["extract", str(INPUTS / "council.atom")])
    assert many.exit_code == 0  # one item: fine
    # the third item has no date of its own and takes --date
    with pytest.raises(dateline.InputError, match="holds 3 articles"):
        dateline.extract(INPUTS / "wire.rss", date="2024-04-05")


def test_cli_ingests_a_warc_and_names_its_truncated_record(tmp_path: Path) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for name in ("opengraph-time.html", "paywall.html"):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example/{name}",
            "response",
            payload=io.BytesIO((INPUTS / name).read_bytes()),
            http_headers=headers,
        )
        writer.write_record(record)
        record.raw_stream.close()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(buffer.getvalue()[:-300])  # the second record is cut short
    db = tmp_path / "db.sqlite"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(path), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "1 ingested" in result.output and "1 rejected" in result.output
    assert f"rejected {path}#2 https://news.example/paywall.html: truncated WARC record" in (
        result.output
    )
    runs = runner.invoke(app, ["runs", "--db", str(db)])
    assert "truncated WARC record" in runs.output
    with dateline.connect(db) as dl:
        (stored,) = list(dl.store.articles())
    assert stored.extraction.article.url == "https://news.example/opengraph-time.html"


def test_plain_english_skips_the_detector_but_other_languages_do_not() -> None:
    from dateline.io.language import detect_language, plainly_english

    english = (
        "The council said on Tuesday that the new ferry timetable, which was agreed with the "
        "harbour board, would start in May and that fares for the crossing would not change."
    )
    assert plainly_english(english)
    assert not plainly_english("The council met.")  # too short to say
    french = (INPUTS / "french.html").read_text(encoding="utf-8")
    assert not plainly_english(french)
    found = detect_language(french)
    assert found is not None and found.code == "fr"
