"""The gold-validity diagnostic of bench/timex_errors.py and the HeidelTime bench's helpers.

The diagnostic is quoted in docs (AQUAINT's value F1 without gold values that are not
TIMEX3), so what it counts and how it rescores are checked here on a document of our own.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from dateline.eval.timex import score_pair
from dateline.io.timeml import parse_timeml

BENCH = Path(__file__).resolve().parents[1] / "bench"

HEAD = """<?xml version="1.0" ?>
<TimeML>
<DOCID>OUR-0002</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-09-15" temporalFunction="false" \
functionInDocument="CREATION_TIME">20230915</TIMEX3></DCT>
"""
# "last week" carries a length as a DATE value (not TIMEX3), "1998" a padded year
BODY = (
    'The mill shut <TIMEX3 tid="t1" type="DATE" value="P1W">last week</TIMEX3>, reopened '
    '<TIMEX3 tid="t2" type="DATE" value="2023-09-14">yesterday</TIMEX3> and was built in '
    '<TIMEX3 tid="t3" type="DATE" value="1998-XX">1998</TIMEX3>.'
)
DOC = parse_timeml(HEAD + "<TEXT>" + BODY + "</TEXT>\n</TimeML>\n", name="our.tml")


def _bench(name: str) -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCH))


@pytest.fixture(scope="module")
def errors() -> ModuleType:
    return _bench("timex_errors")


class Found:
    """A system timex as the scorer reads it."""

    def __init__(self, text: str, words: str, type_: str, value: str) -> None:
        self.char_start = text.index(words)
        self.char_end = self.char_start + len(words)
        self.type, self.value, self.mod = type_, value, None


def test_suspect_classes(errors: ModuleType) -> None:
    assert errors.suspect("DATE", "2000-W7") == "invalid"
    assert errors.suspect("DATE", "P1W") == "invalid"
    assert errors.suspect("DURATION", "1998-08-04") == "invalid"
    assert errors.suspect("DATE", "1949-XX") == "padded"
    assert errors.suspect("DATE", "199X") == "padded"
    assert errors.suspect("DATE", "1998-10-XX") is None  # a known month: valid, not padded
    assert errors.suspect("DATE", "2000-W07") is None
    assert errors.suspect("DATE", "P3D", typed=False) is None  # TIMEX2: any type's syntax
    assert errors.suspect("DATE", "null", typed=False) == "invalid"


def test_diagnose_counts_and_rescores(errors: ModuleType) -> None:
    text = DOC.text
    ours = [
        Found(text, "last week", "DATE", "2023-W36"),
        Found(text, "yesterday", "DATE", "2023-09-14"),
        Found(text, "1998", "DATE", "1998"),
    ]
    score = score_pair(DOC, ours)
    counts: Counter[str] = errors.diagnose(DOC, ours, score, typed=True)
    assert counts["diag invalid"] == 1 and counts["diag invalid disagreed"] == 1
    assert counts["diag padded"] == 1 and counts["diag padded disagreed"] == 1
    # official: 1 right value of 3 gold and 3 system timexes
    assert (counts["diag without none right"], counts["diag without none gold"]) == (1, 3)
    assert counts["diag without none system"] == 3
    # without the invalid gold timex, our timex over it goes too (it is not made spurious)
    assert counts["diag without invalid gold"] == 2
    assert counts["diag without invalid system"] == 2
    assert counts["diag without invalid+padded gold"] == 1
    assert counts["diag without invalid+padded right"] == 1
    assert errors._f1(counts, "none") == "33.33"
    assert errors._f1(counts, "invalid+padded") == "100.00"


def test_heideltime_dump_is_partial_until_the_last_document(tmp_path: Path) -> None:
    side = _bench("heideltime_side_by_side")
    names, texts = ["a.tml", "b.tml"], ["It rained on Monday.", "Sun on Tuesday."]
    answer = {"seconds": 2.0, "found": [{"text": "Monday", "value": "2023-09-11", "type": "DATE"}]}
    path = tmp_path / "dump.json"
    side._dump(path, names, [answer], texts)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["partial"] is True and list(saved["docs"]) == ["a.tml"]
    assert saved["docs"]["a.tml"][0]["char_start"] == texts[0].index("Monday")
    side._dump(path, names, [answer, {"seconds": 1.5, "found": []}], texts)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["partial"] is False and saved["seconds"] == 3.5
    assert set(side.CORPORA) == {"tbaq", "timebank", "aquaint"}
