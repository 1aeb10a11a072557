"""Timelines for target entities from CAT documents we write ourselves, and the export command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.errors import DatelineError
from dateline.eval.export import read_targets
from dateline.eval.semeval_timeline import parse_timeline, read_timelines
from dateline.eval.timeline_task import build_timelines, name_matches, name_pattern, task_date
from dateline.io.cat import read_cat
from dateline.model import when_for_value

SENTENCES = [
    "Nora Vell leaves Lumen Labs",
    "March 4 , 2011",
    "Lumen Labs founder Nora Vell resigned on Tuesday .",
    "Vell founded the company in 2005 .",
    "She will join Orbit Corp next month .",
    "Vell says the move is good for everyone .",
    "Orbit Corp opened an office in 2009 .",
]


def write_cat(path: Path, doc_id: str, sentences: list[str], dct: str) -> Path:
    rows = []
    number = 0
    for index, sentence in enumerate(sentences):
        for word in sentence.split():
            rows.append(
                f'<token number="{number}" sentence="{index}" t_id="{number + 1}">{word}</token>'
            )
            number += 1
    path.write_text(
        f'<?xml version="1.0" ?><Document doc_id="{doc_id}" doc_name="{doc_id}-story">\n'
        + "\n".join(rows)
        + "\n<Markables>\n"
        + f'<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="{dct}"/>\n'
        + "</Markables>\n</Document>\n",
        encoding="utf-8",
    )
    return path


def test_name_matching_rules() -> None:
    assert name_matches("CEO Steve Jobs", "Steve Jobs")
    assert name_matches("iTunes Music Store", "iTunes Store")
    assert name_matches("Apple Corps", "Beatles Apple Corps")
    assert name_matches("Vell", "Nora Vell", person=True)
    assert not name_matches("Vell", "Nora Vell")
    assert not name_matches("iPhone", "iPhone 4")
    assert not name_matches("Apple", "Beatles Apple Corps")
    assert name_matches("Lumen", "Lumen app store") and not name_matches("Lumen", "Lumen App")
    assert name_matches("NV", "Nora Vell") and not name_matches("Nv", "Nora Vell")
    assert name_matches("Z480", "Orbit Z480") and not name_matches("Z4", "Orbit Z4")


def test_names_in_running_text() -> None:
    def found(text: str, target: str) -> list[str]:
        return [m.group(0) for m in name_pattern(target).finditer(text)]

    assert found("the 3G Lumen and the Lumen 3G", "Lumen 3G") == ["3G Lumen", "Lumen 3G"]
    assert found("Orbit's new Z480 and the Orbit Z480", "Orbit Z480") == ["Z480", "Orbit Z480"]
    assert found("NV and nv and NVX", "Nora Vell") == ["NV"]
    assert found("Lumen Corps and Old Lumen Corps", "Old Lumen Corps") == [
        "Lumen Corps",
        "Old Lumen Corps",
    ]


def test_task_dates_keep_their_precision() -> None:
    assert task_date(when_for_value("2010-06-07")) == "2010-06-07"
    assert task_date(when_for_value("2010-06")) == "2010-06-XX"
    assert task_date(when_for_value("2010")) == "2010-XX-XX"
    assert task_date(when_for_value("2010-Q2")) == "2010-XX-XX"
    assert task_date(None) == "XXXX-XX-XX"


def test_timeline_of_a_person(tmp_path: Path) -> None:
    doc = read_cat(write_cat(tmp_path / "501.xml", "501", SENTENCES, "2011-03-04"))
    (timeline,) = build_timelines([doc], ["Nora Vell"])
    dated = {e: (entry.position, entry.date) for entry in timeline.entries for e in entry.events}
    # the headline repeats the lead and is left out; Orbit Corp's office is not hers
    assert not any(e.startswith("501-0-") for e in dated)
    assert "501-6-opened" not in dated
    assert dated["501-3-founded"][1] == "2005-XX-XX"
    assert dated["501-2-resigned"][1] == "2011-03-01"  # the Tuesday before the article
    assert dated["501-5-says"][1] == "2011-03-04"  # present tense: the article's day
    assert dated["501-4-join"][1] == "2011-04-XX"  # "next month"
    order = [dated[e][0] for e in ("501-3-founded", "501-2-resigned", "501-5-says", "501-4-join")]
    assert order == sorted(order) and len(set(order)) == 4 and min(order) >= 1


def test_export_command_writes_task_files(tmp_path: Path) -> None:
    cat_dir = tmp_path / "cat"
    cat_dir.mkdir()
    write_cat(cat_dir / "501.xml", "501", SENTENCES, "2011-03-04")
    (cat_dir / "bad.xml").write_text("not xml", encoding="utf-8")
    entities = tmp_path / "entities.txt"
    entities.write_text("Nora Vell\nOrbit Corp\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["export", "--format", "semeval2015-timeline", "--entities", str(entities)]
    result = CliRunner().invoke(app, [*args, "--cat-dir", str(cat_dir), str(out)])
    assert result.exit_code == 0, result.output
    assert "rejected" in result.output and "bad.xml" in result.output
    written = read_timelines(out)
    assert sorted(written) == ["nora_vell.txt", "orbit_corp.txt"]
    text = (out / "nora_vell.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "Nora Vell"
    assert all(len(line.split("\t")) >= 3 for line in text.splitlines()[1:])
    assert parse_timeline(text).entity == "Nora Vell"
    orbit = {e for entry in written["orbit_corp.txt"].entries for e in entry.events}
    assert "501-6-opened" in orbit


@pytest.mark.parametrize("missing", ["--entities", "--cat-dir", "OUT_DIR"])
def test_export_needs_all_three(tmp_path: Path, missing: str) -> None:
    entities = tmp_path / "e.txt"
    entities.write_text("Nora Vell\n", encoding="utf-8")
    parts = {"--entities": ["--entities", str(entities)], "--cat-dir": ["--cat-dir", str(tmp_path)]}
    args = ["export", "--format", "semeval2015-timeline"]
    for name, value in parts.items():
        if name != missing:
            args += value
    if missing != "OUT_DIR":
        args.append(str(tmp_path / "out"))
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, DatelineError)
    assert "needs --entities FILE --cat-dir DIR OUT_DIR" in str(result.exception)


def test_targets_file(tmp_path: Path) -> None:
    path = tmp_path / "targets.txt"
    path.write_text("\ufeffNora Vell\r\n\r\nOrbit Corp\nNora Vell\n", encoding="utf-8")
    assert read_targets(path) == ["Nora Vell", "Orbit Corp"]
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(DatelineError, match="no target entities"):
        read_targets(path)
