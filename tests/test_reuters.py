"""The Reuters-21578 SGML reader, on a fixture of our own and on the real collection."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from dateline.io.readers import Notice, ReadItem, ReadOptions, Rejection, read_inputs
from dateline.io.reuters import (
    parse_reuters_date,
    parse_reuters_day,
    read_reuters,
    unescape_sgml,
)
from dateline.model import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REUTERS_DIR = SHARED / "data" / "reuters-21578"
BODIES_IN_COLLECTION = 19_043  # SOURCE.md: "19,043 have a <BODY>"

# Invented stories in the collection's layout: a normal story with entities and the
# sign-off, a headline-only brief, an impossible time, a Latin-1 byte, wire codes after the
# date and a story signed off twice.
FIXTURE = b"""<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="90" NEWID="1">
<DATE> 2-MAR-1987 09:30:15.25</DATE>
<TOPICS><D>tea</D></TOPICS>
<UNKNOWN> &#5;&#5;&#5;C
&#22;&#22;&#1;f0001&#31;reute
u f BC-TEA-TEST   03-02 0042</UNKNOWN>
<TEXT>&#2;
<TITLE>KETTLE &amp; CUP &lt;KCP> RAISES
TEA PRICE</TITLE>
<DATELINE>    LEEDS, March 2 - </DATELINE><BODY>Kettle and Cup Co &lt;KCP> said it
raised the price of its loose tea by two pence &amp; kept mugs unchanged.
    The company said demand rose in February.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="2">
<DATE> 2-MAR-1987 09:31:00.00</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>KETTLE AND CUP SEES HIGHER SALES
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="3">
<DATE>31-MAR-1987 605:12:19.12</DATE>
<TEXT>&#2;
<TITLE>CLOCK MAKER REPORTS</TITLE>
<BODY>A clock maker said its clocks ran late.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="4">
<DATE>3-APR-1987 17:05:44.10&#9;&#9;&#9;RM</DATE>
<TEXT>&#2;
<TITLE>CAFE OPENS IN HARROGATE</TITLE>
<BODY>A caf\xe9 opened on the high street, its owner said. REUTER
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="5">
<DATE>30-FEB-1987 10:00:00.00</DATE>
<TEXT>&#2;
<BODY>A date that never was.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="6">
<DATE>15-JUN-1987 23:59:59.99</DATE>
<TEXT>&#2;
<BODY>Net profit 1.2 mln vs 1.1 mln.
REUTER
 Reuter...^M
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" NEWID="7">
<DATE>15-JUN-1987 23:59:59.99</DATE>
<TEXT>&#2;
<BODY>
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
"""


def _read(data: bytes = FIXTURE, origin: str = "f.sgm") -> list[ReadItem]:
    return list(read_reuters(data, origin=origin, options=ReadOptions()))


def _articles(items: list[ReadItem]) -> dict[str, Article]:
    return {item.id: item for item in items if isinstance(item, Article)}


def test_story_becomes_article_with_unescaped_text_and_no_sign_off() -> None:
    article = _articles(_read())["reuters-1"]
    assert article.text == (
        "Kettle and Cup Co <KCP> said it\n"
        "raised the price of its loose tea by two pence & kept mugs unchanged.\n"
        "    The company said demand rose in February."
    )
    assert article.published_at == datetime(1987, 3, 2, 9, 30, 15, 250_000, tzinfo=UTC)
    assert article.title == "KETTLE & CUP <KCP> RAISES TEA PRICE"
    assert article.publisher == "Reuters"
    assert article.origin == "f.sgm#NEWID=1"


def test_records_without_a_body_yield_nothing() -> None:
    items = _read()
    origins = {getattr(item, "origin", None) for item in items}
    assert "f.sgm#NEWID=2" not in origins  # the headline-only brief
    assert "f.sgm#NEWID=7" not in origins  # a body that is only the sign-off
    assert sorted(_articles(items)) == ["reuters-1", "reuters-3", "reuters-4", "reuters-6"]


def test_impossible_dates_are_rejected_by_record() -> None:
    rejections = {r.origin: r.reason for r in _read() if isinstance(r, Rejection)}
    assert set(rejections) == {"f.sgm#NEWID=5"}
    assert "impossible date '30-FEB-1987 10:00:00.00'" in rejections["f.sgm#NEWID=5"]


def test_an_unreadable_time_keeps_the_day_with_a_notice() -> None:
    items = _read()
    article = _articles(items)["reuters-3"]
    assert article.published_at == datetime(1987, 3, 31, tzinfo=UTC)
    (notice,) = [n for n in items if isinstance(n, Notice) and n.origin == "f.sgm#NEWID=3"]
    assert notice.message == (
        "unreadable time in '31-MAR-1987 605:12:19.12': kept the day, 1987-03-31"
    )


@pytest.mark.parametrize(
    ("raw", "problem"),
    [("31-MAR-1987", None), ("31-XYZ-1987 10:00:00", "unreadable"), ("31-APR-1987", "impossible")],
)
def test_parse_reuters_day(raw: str, problem: str | None) -> None:
    if problem is None:
        assert parse_reuters_day(raw) == datetime(1987, 3, 31, tzinfo=UTC)
    else:
        with pytest.raises(ValueError, match=problem):
            parse_reuters_day(raw)


def test_non_utf8_record_is_decoded_as_latin1_with_a_notice() -> None:
    items = _read()
    article = _articles(items)["reuters-4"]
    assert article.text == "A café opened on the high street, its owner said."
    assert article.published_at == datetime(1987, 4, 3, 17, 5, 44, 100_000, tzinfo=UTC)
    notices = [item for item in items if isinstance(item, Notice) and "Latin-1" in item.message]
    assert [n.origin for n in notices] == ["f.sgm#NEWID=4"]


def test_double_sign_off_is_stripped() -> None:
    assert _articles(_read())["reuters-6"].text == "Net profit 1.2 mln vs 1.1 mln."


def test_items_come_in_file_order() -> None:
    order = [getattr(item, "origin", "") for item in _read()]
    assert order == [f"f.sgm#NEWID={n}" for n in (1, 3, 3, 4, 4, 5, 6)]  # notice, then article


def test_file_without_records_is_rejected() -> None:
    assert _read(b"just some words\n", origin="x.sgm") == [
        Rejection("x.sgm", "no <REUTERS> records: not a Reuters-21578 SGML file")
    ]


def test_oversized_record_is_rejected() -> None:
    items = list(read_reuters(FIXTURE, origin="f.sgm", options=ReadOptions(max_bytes=100)))
    assert not any(isinstance(item, Article) for item in items)
    assert Rejection("f.sgm#NEWID=1", "record too large (limit 100 bytes)") in items


def test_read_inputs_dispatches_sgm_files(tmp_path: Path) -> None:
    path = tmp_path / "reut2-000.sgm"
    path.write_bytes(FIXTURE)
    items = list(read_inputs([tmp_path], options=ReadOptions()))
    assert sorted(_articles(items)) == ["reuters-1", "reuters-3", "reuters-4", "reuters-6"]
    assert _articles(items)["reuters-1"].origin == f"{path}#NEWID=1"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("26-FEB-1987 15:01:01.79", datetime(1987, 2, 26, 15, 1, 1, 790_000, tzinfo=UTC)),
        (" 9-apr-1987 00:00:00.00    # a note", datetime(1987, 4, 9, tzinfo=UTC)),
        ("1-JUN-1987 08:00:00", datetime(1987, 6, 1, 8, tzinfo=UTC)),
    ],
)
def test_parse_reuters_date(raw: str, expected: datetime) -> None:
    assert parse_reuters_date(raw) == expected


@pytest.mark.parametrize("raw", ["", "yesterday", "12-XYZ-1987 10:00:00.00", "1-JAN-1987 24:00:00"])
def test_parse_reuters_date_rejects(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_reuters_date(raw)


def test_unescape_is_narrow() -> None:
    assert unescape_sgml("A&lt;B&gt; &amp; C&#127;&#3;") == "A<B> & C"
    assert unescape_sgml("B&notes AT&T &AMP &#233;") == "B&notes AT&T &AMP é"


@pytest.mark.shared
def test_real_collection_has_every_body() -> None:
    if not REUTERS_DIR.is_dir():
        pytest.skip(f"Reuters-21578 not available at {REUTERS_DIR} (needs ../shared)")
    files = sorted(REUTERS_DIR.glob("*.sgm"), key=lambda p: int(p.stem))
    assert len(files) == 22
    articles: list[Article] = []
    rejections: list[Rejection] = []
    for path in files:
        for item in read_reuters(path.read_bytes(), origin=path.name, options=ReadOptions()):
            if isinstance(item, Article):
                articles.append(item)
            elif isinstance(item, Rejection):
                rejections.append(item)
    # Every body is an article; one story (17.sgm, NEWID 17192) has the hour "605" and
    # keeps its day rather than being given a guessed time.
    assert len(articles) == BODIES_IN_COLLECTION
    assert rejections == []
    (day_only,) = [a for a in articles if a.id == "reuters-17192"]
    assert day_only.published_at == datetime(1987, 3, 31, tzinfo=UTC)
    assert len({a.id for a in articles}) == len(articles)
    assert all(a.publisher == "Reuters" and a.text.strip() for a in articles)
    assert all(not a.text.rstrip().lower().endswith("\nreuter") for a in articles)
    assert all("&#" not in a.text and "&lt;" not in a.text for a in articles)
