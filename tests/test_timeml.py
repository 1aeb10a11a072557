"""TimeML in and out, the TempEval-3 style scorer and the ``timeml``/``eval timex`` commands.

Every document here is written by us. The TBAQ/WikiWars figures at the end need ``../shared``.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dateline.cli import app
from dateline.eval.timex import score_docs, score_pair
from dateline.io.timeml import (
    GoldTimex,
    TimeMLError,
    article_to_timeml,
    parse_timeml,
    read_timeml,
    write_timeml,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TBAQ = SHARED / "data" / "tempeval3" / "TBAQ-cleaned"
WIKIWARS = SHARED / "data" / "wikiwars" / "train"

HEAD = """<?xml version="1.0" ?>
<TimeML>
<DOCID>OUR-0001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-09-15" temporalFunction="false" \
functionInDocument="CREATION_TIME">20230915</TIMEX3></DCT>
"""
BODY = (
    '\nThe board of Smith &amp; Sons <EVENT eid="e1" class="OCCURRENCE">met</EVENT> '
    '<TIMEX3 tid="t1" type="DATE" value="2023-09-14">yesterday</TIMEX3> and will vote '
    '<TIMEX3 tid="t2" type="DATE" value="2023-W38" mod="START">early next week</TIMEX3>.\n'
)
GOLD = HEAD + "<TEXT>" + BODY + '</TEXT>\n<TLINK lid="l1" relType="BEFORE"/>\n</TimeML>\n'
TEXT = "\nThe board of Smith & Sons met yesterday and will vote early next week.\n"


@dataclass(frozen=True)
class T:
    """A timex as the writer needs it."""

    char_start: int
    char_end: int
    type: str
    value: str
    mod: str | None = None


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def test_parse_reads_text_dct_and_gold() -> None:
    doc = parse_timeml(GOLD, name="our.tml")
    assert doc.text == TEXT
    assert doc.dct == date(2023, 9, 15)
    assert [(g.text, g.type, g.value, g.mod) for g in doc.timexes] == [
        ("yesterday", "DATE", "2023-09-14", None),
        ("early next week", "DATE", "2023-W38", "START"),
    ]
    for g in doc.timexes:
        assert TEXT[g.char_start : g.char_end] == g.text


def test_write_keeps_text_bytes_and_head_and_replaces_tags() -> None:
    doc = parse_timeml(GOLD)
    ours = [
        T(*span(TEXT, "yesterday"), "DATE", "2023-09-14"),
        T(*span(TEXT, "next week"), "DATE", "2023-W38"),
    ]
    out = write_timeml(doc, ours)
    assert out.startswith(HEAD + "<TEXT>")
    assert "Smith &amp; Sons" in out  # escapes kept as they were
    assert "<EVENT" not in out and "TLINK" not in out  # gold markup inside/after TEXT dropped
    back = parse_timeml(out)
    assert back.text == doc.text and back.dct == doc.dct
    assert [(g.tid, g.text, g.value) for g in back.timexes] == [
        ("t1", "yesterday", "2023-09-14"),
        ("t2", "next week", "2023-W38"),
    ]
    # with the tags stripped, the TEXT is byte-identical to the gold's (what TE3 compares)
    assert _inner_text(out) == _inner_text(GOLD)


def _inner_text(raw: str) -> str:
    return re.sub(r"<[^>]+>", "", raw.split("<TEXT>")[1].split("</TEXT>")[0])


def test_writer_skips_overlaps_and_writes_mod() -> None:
    doc = parse_timeml(GOLD)
    a = T(*span(TEXT, "early next week"), "DATE", "2023-W38", "START")
    b = T(*span(TEXT, "next week"), "DATE", "2023-W38")
    out = write_timeml(doc, [b, a])
    assert out.count("<TIMEX3 tid=") == 2  # the DCT's and one of ours
    assert 'mod="START"' in out


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (HEAD + "no text element here", "no <TEXT>"),
        ("<TimeML><TEXT>Hello</TEXT></TimeML>", "no document creation time"),
        (HEAD + "<TEXT>never closed", "never closed"),
        (HEAD + '<TEXT><TIMEX3 tid="t1">a <TIMEX3 tid="t2">b</TIMEX3></TIMEX3></TEXT>', "nested"),
        (HEAD + "<TEXT>a</TIMEX3></TEXT>", "without an opening"),
        (HEAD.replace("2023-09-15", "soon") + "<TEXT>a</TEXT>", "not a calendar date"),
    ],
)
def test_bad_documents_are_rejected_with_a_reason(raw: str, reason: str) -> None:
    with pytest.raises(TimeMLError, match=reason):
        parse_timeml(raw)


def test_unreadable_bytes_name_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.tml"
    path.write_bytes(b"\xff\xfe<TimeML>")
    with pytest.raises(TimeMLError, match="not UTF-8"):
        read_timeml(path)


_SAFE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=100, deadline=None)
@given(text=_SAFE, cuts=st.lists(st.integers(0, 60), max_size=6))
def test_article_export_round_trips(text: str, cuts: list[int]) -> None:
    """Any text (markup characters included) and any non-overlapping spans survive the trip."""
    points = sorted({min(c, len(text)) for c in cuts})
    spans = [
        T(a, b, "DATE", "2023") for a, b in zip(points[::2], points[1::2], strict=False) if b > a
    ]
    raw = article_to_timeml(doc_id="x<&>", text=text, dct=date(2023, 9, 15), timexes=spans)
    back = parse_timeml(raw)
    assert back.text == text
    assert back.dct == date(2023, 9, 15)
    assert [(g.char_start, g.char_end) for g in back.timexes] == [
        (s.char_start, s.char_end) for s in spans
    ]


def _gold(text: str, words: str, typ: str, value: str) -> GoldTimex:
    a, b = span(text, words)
    return GoldTimex("t", a, b, words, typ, value)


def test_scorer_counts_as_tempeval3() -> None:
    text = "Sales rose last week and fell on Monday; prices held for two years since 1998."
    raw = HEAD + "<TEXT>" + text + "</TEXT></TimeML>"
    doc = parse_timeml(raw)
    gold = [
        _gold(text, "last week", "DATE", "2023-W36"),
        _gold(text, "Monday", "DATE", "2023-09-11"),
        _gold(text, "two years", "DURATION", "P2Y"),
        _gold(text, "1998", "DATE", "1998"),
    ]
    system = [
        T(*span(text, "last week"), "DATE", "2023-W36"),  # strict, right value
        T(*span(text, "on Monday"), "DATE", "2023-09-18"),  # relaxed only, wrong value
        T(*span(text, "two years"), "DATE", "P2Y"),  # strict, wrong type, right value
        T(*span(text, "prices"), "DATE", "PRESENT_REF"),  # spurious
    ]
    s = score_docs([score_pair(doc, system, gold)])
    assert (s.gold, s.system, s.relaxed, s.strict, s.type_ok, s.value_ok) == (4, 4, 3, 2, 2, 2)
    assert s.strict_p == s.strict_r == pytest.approx(0.5)
    assert s.relaxed_f1 == pytest.approx(0.75)
    assert s.value_accuracy == pytest.approx(2 / 3)
    assert s.value_f1 == pytest.approx(2 / 3 * 0.75)
    assert s.type_f1 == pytest.approx(2 / 3 * 0.75)
    kinds = sorted(e.kind for e in s.errors)
    assert kinds == ["extent", "fn", "fp", "type", "value"]


def test_scorer_matches_one_to_one() -> None:
    """One system timex over two gold ones matches only the first (recall counts one)."""
    text = "From Monday to Friday."
    doc = parse_timeml(HEAD + "<TEXT>" + text + "</TEXT></TimeML>")
    gold = [_gold(text, "Monday", "DATE", "x"), _gold(text, "Friday", "DATE", "y")]
    s = score_docs([score_pair(doc, [T(*span(text, "Monday to Friday"), "DATE", "x")], gold)])
    assert (s.relaxed, s.strict, s.value_ok) == (1, 0, 1)
    assert s.relaxed_p == 1.0 and s.relaxed_r == 0.5


def _write_pair(root: Path) -> tuple[Path, Path]:
    gold, system = root / "gold" / "A", root / "sys" / "A"
    gold.mkdir(parents=True)
    system.mkdir(parents=True)
    (gold / "one.tml").write_text(GOLD, encoding="utf-8")
    doc = parse_timeml(GOLD)
    ours = [
        T(*span(TEXT, "yesterday"), "DATE", "2023-09-14"),
        T(*span(TEXT, "next week"), "DATE", "2023-W39"),
    ]
    (system / "one.tml").write_text(write_timeml(doc, ours), encoding="utf-8")
    (gold / "two.tml").write_text(GOLD, encoding="utf-8")  # no system file: rejected
    (gold / "bad.tml").write_text("<TimeML>", encoding="utf-8")
    return root / "gold", root / "sys"


def test_eval_timex_cli_scores_a_system_directory(tmp_path: Path) -> None:
    gold, system = _write_pair(tmp_path)
    result = CliRunner().invoke(
        app,
        [
            "eval",
            "timex",
            "--gold",
            str(gold),
            "--system",
            str(system),
            "-f",
            "json",
            "--errors",
            "5",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "rejected" in result.stderr and "bad.tml" in result.stderr and "two.tml" in result.stderr
    scores = json.loads(result.stdout)["all"]
    assert (scores["gold"], scores["system"], scores["relaxed"], scores["strict"]) == (2, 2, 2, 1)
    assert scores["value_accuracy"] == 0.5 and scores["strict_f1"] == 0.5
    assert "value" in result.stderr and "extent" in result.stderr


def test_eval_timex_cli_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "timex", "--gold", str(tmp_path / "nowhere")])
    assert result.exit_code != 0
    assert "not a directory" in str(result.exception) or "not a directory" in result.output


@pytest.mark.model
def test_timeml_command_tags_files_and_rejects_bad_ones(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.tml.TE3input").write_text(
        HEAD
        + "<TEXT>\nThe council met on Monday and will meet again next month.\n</TEXT>\n</TimeML>\n",
        encoding="utf-8",
    )
    (src / "b.tml").write_text(GOLD, encoding="utf-8")
    (src / "c.tml").write_text("<TimeML><TEXT>no date</TEXT></TimeML>", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["timeml", str(src), str(out)])
    assert result.exit_code == 0, result.output
    assert "rejected" in result.stderr and "c.tml" in result.stderr
    a = read_timeml(out / "a.tml")
    assert [(g.text, g.value) for g in a.timexes] == [
        ("Monday", "2023-09-11"),
        ("next month", "2023-10"),
    ]
    b = read_timeml(out / "b.tml")
    assert b.text == TEXT and b.dct == date(2023, 9, 15)
    assert {g.text for g in b.timexes} >= {"yesterday"}
    assert not (out / "c.tml").exists()


@pytest.mark.model
def test_export_timeml_writes_one_file_per_article(sample_db: Path, tmp_path: Path) -> None:
    import dateline

    out = tmp_path / "tml"
    result = CliRunner().invoke(
        app, ["export", "--format", "timeml", "-o", str(out), "--db", str(sample_db)]
    )
    assert result.exit_code == 0, result.output
    with dateline.connect(sample_db, create=False) as dl:
        stored = list(dl.store.articles())
    files = sorted(out.glob("*.tml"))
    assert len(files) == len(stored) >= 40
    by_text = {s.extraction.article.text: s.extraction for s in stored}
    for path in files:
        doc = read_timeml(path)
        ex = by_text[doc.text]  # the text comes back exactly
        assert doc.dct == ex.article.published_at.date()
        assert [(g.char_start, g.char_end, g.value) for g in doc.timexes] == [
            (t.char_start, t.char_end, t.value) for t in ex.timexes
        ]


def test_export_timeml_needs_a_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["export", "--format", "timeml", "--db", str(tmp_path / "x.db")]
    )
    assert result.exit_code != 0


# -- the corpus figures: CI fails if value F1 on TBAQ drops more than a point below what we reached
TBAQ_VALUE_F1 = 0.8308  # reached on TimeBank + AQUAINT (bench/timex.py, docs/benchmarks.md)
TBAQ_STRICT_F1 = 0.8914
WIKIWARS_VALUE_F1 = 0.8535
#: the same per corpus (value F1, strict F1), as the issue reports them
PER_CORPUS = {"TimeBank": (0.8519, 0.9023), "AQUAINT": (0.7859, 0.8682)}


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.skipif(not TBAQ.is_dir(), reason="needs ../shared/data/tempeval3 (TBAQ-cleaned)")
def test_tbaq_and_wikiwars_figures() -> None:
    from dateline.eval.timex import tag_documents
    from dateline.io.timeml import timeml_files

    started = time.monotonic()
    scores = {}
    for name, folder in {
        "TimeBank": TBAQ / "TimeBank",
        "AQUAINT": TBAQ / "AQUAINT",
        "WikiWars": WIKIWARS,
    }.items():
        docs = [read_timeml(p) for p in timeml_files(folder)]
        scores[name] = [score_pair(d, found) for d, found in tag_documents(docs)]
    tbaq = score_docs(scores["TimeBank"] + scores["AQUAINT"])
    wikiwars = score_docs(scores["WikiWars"])
    assert tbaq.docs == 256 and tbaq.gold > 1800
    assert tbaq.value_f1 >= TBAQ_VALUE_F1 - 0.01, tbaq.as_dict()
    assert tbaq.strict_f1 >= TBAQ_STRICT_F1 - 0.01, tbaq.as_dict()
    for name, (value_f1, strict_f1) in PER_CORPUS.items():
        corpus = score_docs(scores[name])
        assert corpus.value_f1 >= value_f1 - 0.01, (name, corpus.as_dict())
        assert corpus.strict_f1 >= strict_f1 - 0.01, (name, corpus.as_dict())
    assert wikiwars.relaxed_f1 >= 0.85, wikiwars.as_dict()
    assert wikiwars.value_f1 >= WIKIWARS_VALUE_F1 - 0.01, wikiwars.as_dict()
    print(f"TBAQ and WikiWars tagged and scored in {time.monotonic() - started:.0f} s")


@pytest.mark.shared
@pytest.mark.skipif(not TBAQ.is_dir(), reason="needs ../shared/data/tempeval3 (TBAQ-cleaned)")
def test_written_tbaq_files_are_what_the_official_scorer_reads() -> None:
    """Every TBAQ file written back with its own gold timexes is well-formed XML whose TEXT, tags
    stripped, is the gold's (the official scorer's check), and reads back with the same timexes."""
    import xml.dom.minidom

    from dateline.io.timeml import timeml_files

    def te3_text(raw: bytes) -> str:
        dom = xml.dom.minidom.parseString(raw)
        return re.sub(r"<[^>]*>", "", dom.getElementsByTagName("TEXT")[0].toxml())

    paths = timeml_files(TBAQ)
    assert len(paths) >= 256
    for path in paths:
        doc = read_timeml(path)
        out = write_timeml(doc, doc.timexes)
        assert te3_text(out.encode("utf-8")) == te3_text(path.read_bytes()), path.name
        back = parse_timeml(out)
        assert [(g.char_start, g.char_end, g.type, g.value, g.mod) for g in back.timexes] == [
            (g.char_start, g.char_end, g.type, g.value, g.mod) for g in doc.timexes
        ], path.name
