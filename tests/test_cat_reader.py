"""Reading CAT XML: tokens, sentences, creation time and text offsets back to token ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.errors import DatelineError
from dateline.io.cat import detokenise, gold_event_tokens, read_cat, read_cat_dir

WORDS = [
    ("Lumen", 0),
    ("Labs", 0),
    ("opens", 0),
    ("office", 0),
    ("March", 1),
    ("3", 1),
    (",", 1),
    ("2011", 1),
    ("Lumen", 2),
    ("Labs", 2),
    ("(", 2),
    ("LL", 2),
    (")", 2),
    ("said", 2),
    ('"', 2),
    ("we", 2),
    ("'re", 2),
    ("growing", 2),
    ('"', 2),
    ("on", 2),
    ("Monday", 2),
    (".", 2),
    ("It", 3),
    ("did", 3),
    ("n't", 3),
    ("stop", 3),
    (".", 3),
]


def cat_xml(words: list[tuple[str, int]], dct: str = "2011-03-03") -> str:
    tokens = "\n".join(
        f'<token number="{i}" sentence="{s}" t_id="{i + 1}">{w.replace("&", "&amp;")}</token>'
        for i, (w, s) in enumerate(words)
    )
    return (
        '<?xml version="1.0" ?><Document doc_id="77" doc_name="77-Lumen_opens">\n'
        f"{tokens}\n<Markables>\n"
        '<EVENT_MENTION m_id="1"><token_anchor t_id="3"/></EVENT_MENTION>\n'
        f'<TIMEX3 functionInDocument="CREATION_TIME" m_id="2" type="DATE" value="{dct}"/>\n'
        "</Markables>\n</Document>\n"
    )


def test_detokenise_spacing_and_lines() -> None:
    text, spans = detokenise(WORDS)
    assert text.splitlines()[0] == "Lumen Labs opens office"
    assert "\n\nMarch 3, 2011\n\n" in text
    assert "Lumen Labs (LL) said \"we're growing\" on Monday.\nIt didn't stop." in text
    for (word, _), (start, end) in zip(WORDS, spans, strict=True):
        assert text[start:end] == word


def test_read_cat_maps_offsets_to_tokens(tmp_path: Path) -> None:
    path = tmp_path / "77.xml"
    path.write_text(cat_xml(WORDS), encoding="utf-8")
    doc = read_cat(path)
    assert doc.doc_id == "77" and doc.dct.date().isoformat() == "2011-03-03"
    assert doc.dct.tzinfo is not None
    said = doc.text.index("said")
    token = doc.token_at(said + 2)
    assert token is not None and (token.t_id, token.sentence, token.text) == (14, 2, "said")
    assert [t.text for t in doc.tokens_in(0, 10)] == ["Lumen", "Labs"]
    article = doc.article()
    assert article.id == "77" and article.text == doc.text
    assert gold_event_tokens(path) == {3}


def test_bad_files_are_rejected_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "good.xml").write_text(cat_xml(WORDS), encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<Document doc_id='1'><token", encoding="utf-8")
    (tmp_path / "nodct.xml").write_text(
        cat_xml(WORDS).replace("CREATION_TIME", "NONE"), encoding="utf-8"
    )
    documents, rejected = read_cat_dir(tmp_path)
    assert [d.doc_id for d in documents] == ["77"]
    reasons = dict(rejected)
    assert "not a readable CAT XML file" in reasons[str(tmp_path / "broken.xml")]
    assert "no document creation time" in reasons[str(tmp_path / "nodct.xml")]
    with pytest.raises(DatelineError, match="not a directory"):
        read_cat_dir(tmp_path / "missing")
