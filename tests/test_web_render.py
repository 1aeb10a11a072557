"""Page models (text segments, timeline bars) and the HTML the server renders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from itertools import pairwise
from pathlib import Path

import pytest
from api_support import api_client
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

import dateline
from dateline.model import Precision, When
from dateline.model.when import when_for_value
from dateline.web.render import WIDTH, Annotation, axis_for, bar_for, blocks_for, when_label


def test_blocks_cover_the_text_exactly_and_mark_overlaps() -> None:
    text = "Ann Lee said: “We won in May.” Then she left."
    sentences = [(0, 30), (31, 45)]
    annotations = [
        Annotation(0, 7, "entity", "Ann Lee", 7),
        Annotation(14, 30, "quote", "quote: Ann Lee"),
        Annotation(25, 28, "timex", "DATE 2024-05"),
        Annotation(36, 39, "entity", "Ann Lee", 7),
    ]
    blocks = blocks_for(text, sentences, annotations, highlight=1)
    assert "".join(seg.text for b in blocks for seg in b.segments) == text
    assert [b.sentence for b in blocks] == [0, None, 1]
    assert [b.highlighted for b in blocks] == [False, False, True]
    first = blocks[0].segments
    assert first[0].text == "Ann Lee" and first[0].entity_id == 7
    may = next(seg for seg in first if seg.text == "May")
    assert may.layers == ("quote", "timex")
    she = next(seg for seg in blocks[2].segments if seg.text == "she")
    assert she.entity_id == 7


def test_spans_outside_the_text_are_ignored() -> None:
    blocks = blocks_for("short", [(0, 5)], [Annotation(3, 99, "entity", "x", 1)])
    assert "".join(s.text for b in blocks for s in b.segments) == "short"
    assert all(s.entity_id is None for b in blocks for s in b.segments)


def test_a_long_article_is_cut_into_the_right_segments() -> None:
    one = "Ann Lee met Bo in May."
    text = " ".join([one] * 2000)
    sentences, annotations = [], []
    for i in range(2000):
        start = i * (len(one) + 1)
        sentences.append((start, start + len(one)))
        annotations += [
            Annotation(start, start + 7, "entity", "Ann Lee", 7),
            Annotation(start + 12, start + 14, "entity", "Bo", 8),
            Annotation(start + 18, start + 21, "timex", "DATE 2024-05"),
        ]
    blocks = blocks_for(text, sentences, annotations, highlight=1999)
    assert "".join(seg.text for b in blocks for seg in b.segments) == text
    assert len(blocks) == 2000 + 1999  # every sentence, and the space between two
    assert [b.sentence for b in blocks[:3]] == [0, None, 1] and blocks[-1].highlighted
    # Ann Lee | met | Bo | in | May | . in each sentence
    assert sum(len(b.segments) for b in blocks) == 2000 * 6 + 1999
    assert [seg.text for seg in blocks[-1].segments] == [
        "Ann Lee",
        " met ",
        "Bo",
        " in ",
        "May",
        ".",
    ]


def _reference_blocks(
    text: str, sentences: list[tuple[int, int]], annotations: list[Annotation]
) -> list[tuple[int | None, list[tuple[str, tuple[str, ...], str, int | None]]]]:
    """The obvious (sentences x spans per segment) cut, to check the one-pass one against."""
    spans = [a for a in annotations if 0 <= a.start < a.end <= len(text)]
    cuts = {0, len(text)} | {max(0, min(p, len(text))) for s in sentences for p in s}
    cuts |= {p for a in spans for p in (a.start, a.end)}
    points = sorted(cuts)
    out: list[tuple[int | None, list[tuple[str, tuple[str, ...], str, int | None]]]] = []
    for left, right in pairwise(points):
        sentence = next((i for i, (s, e) in enumerate(sentences) if s <= left and right <= e), None)
        covering = [a for a in spans if a.start <= left and right <= a.end]
        entity = next((a.entity_id for a in covering if a.entity_id is not None), None)
        label = "; ".join(dict.fromkeys(a.label for a in covering if a.label))
        layers = tuple(sorted({a.layer for a in covering}))
        if not out or out[-1][0] != sentence:
            out.append((sentence, []))
        segments = out[-1][1]
        if segments and segments[-1][1:] == (layers, label, entity):
            segments[-1] = (segments[-1][0] + text[left:right], layers, label, entity)
        else:
            segments.append((text[left:right], layers, label, entity))
    return out


_SPAN = st.tuples(st.integers(-3, 45), st.integers(-3, 45))


@given(
    sentences=st.lists(_SPAN, max_size=6),
    spans=st.lists(
        st.tuples(_SPAN, st.sampled_from(["entity", "timex", "quote"]), st.integers(1, 3)),
        max_size=8,
    ),
)
def test_one_pass_cut_matches_the_obvious_one(
    sentences: list[tuple[int, int]], spans: list[tuple[tuple[int, int], str, int]]
) -> None:
    text = "Ann Lee said in May that the ferry would run."
    annotations = [
        Annotation(s, e, layer, f"{layer}{n}", n if layer == "entity" else None)
        for (s, e), layer, n in spans
    ]
    found = [
        (b.sentence, [(g.text, g.layers, g.label, g.entity_id) for g in b.segments])
        for b in blocks_for(text, sentences, annotations)
    ]
    expected = [
        (sentence if sentence is not None and sentence >= 0 else None, segments)
        for sentence, segments in _reference_blocks(text, sentences, annotations)
    ]
    assert found == expected


def _item_when(value: str) -> When:
    return when_for_value(value)


def test_partial_dates_are_drawn_as_ranges_of_their_precision() -> None:
    class Item:
        def __init__(self, when: When) -> None:
            self.when = when

    whens = [_item_when("2020"), _item_when("2020-03"), _item_when("2020-03-15")]
    axis = axis_for([Item(w) for w in whens])  # type: ignore[misc]
    assert axis is not None and axis.first == date(2020, 1, 1) and axis.last == date(2020, 12, 31)
    year, month, day = (bar_for(w, axis) for w in whens)
    assert year is not None and month is not None and day is not None
    assert year.x == 0 and year.width == pytest.approx(WIDTH)
    assert month.width == pytest.approx(31 / 366 * WIDTH, rel=1e-3)
    assert day.width < month.width and month.x < day.x < month.x + month.width
    open_end = When(None, date(2020, 6, 1), None, Precision.DAY, start_value="2020-06-01")
    bar = bar_for(open_end, axis)
    assert bar is not None and bar.open_end and bar.x + bar.width == pytest.approx(WIDTH)
    assert when_label(month_when := whens[1]) == "2020-03 (month)" and month_when.end
    assert when_label(open_end) == "2020-06-01 → now"
    assert when_label(None) == "undated"


@pytest.fixture
def client(sample_copy: Path) -> Iterator[TestClient]:
    with dateline.connect(sample_copy, create=False) as dl:
        dl.ingest_articles(
            [
                dateline.Article(
                    text="Harbour master Ruth Abernathy wrote <script>alert(1)</script> & left.",
                    published_at=datetime(2024, 3, 4, tzinfo=UTC),
                    id="xss-1",
                    title="<i>title</i>",
                )
            ]
        )
    with api_client(sample_copy) as c:
        yield c


@pytest.mark.model
def test_pages_escape_article_text(client: TestClient) -> None:
    html = client.get("/articles/xss-1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; left." in html
    assert "<script>alert" not in html and "<i>title</i>" not in html
    assert "&lt;i&gt;title&lt;/i&gt;" in html
    home = client.get("/").text
    assert "&lt;i&gt;title&lt;/i&gt;" in home and "<i>title" not in home
    found = client.get("/search", params={"q": "<script>"}).text
    assert "&lt;script&gt;" in found and "<script>alert" not in found


def test_pages_render_and_report_bad_input(client: TestClient) -> None:
    okafor = client.get("/api/entities", params={"q": "okafor"}).json()["items"][0]
    page = client.get(f"/entities/{okafor['id']}")
    assert page.status_code == 200 and "Lena Okafor" in page.text
    assert page.text.count('class="item kind-') > 5 and '<rect class="range' in page.text
    bad = client.get(f"/entities/{okafor['id']}", params={"as_of": "2023-02-30"})
    assert bad.status_code == 400 and "As of: impossible date" in bad.text
    assert client.get("/entities/999999").status_code == 404
    assert client.get(f"/entities/{2**70}").status_code == 404
    for bad_id in ("abc", "-3", "1.5", "0", "%C2%B2"):  # a page, not the API's JSON 422
        missing = client.get(f"/entities/{bad_id}")
        assert missing.status_code == 404, bad_id
        assert missing.headers["content-type"].startswith("text/html")
        assert "There is no entity" in missing.text
    assert client.get("/articles/no-such-article").status_code == 404
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")


def test_article_page_links_speakers_to_their_entity_pages(client: TestClient) -> None:
    okafor = client.get("/api/entities", params={"q": "okafor"}).json()["items"][0]
    quote = client.get(f"/api/entities/{okafor['id']}/quotes").json()["said_by"][0]
    html = client.get(f"/articles/{quote['provenance']['article_id']}").text
    speaker = quote["details"]["speakers"][0]
    assert f'<a href="/entities/{okafor["id"]}">{speaker}</a>: “' in html


def test_entity_page_date_range_filter(client: TestClient) -> None:
    import re

    okafor = client.get("/api/entities", params={"q": "okafor"}).json()["items"][0]
    whole = client.get(f"/entities/{okafor['id']}").text
    page = client.get(
        f"/entities/{okafor['id']}", params={"from": "2021-01-01", "to": "2021-12-31"}
    ).text
    timeline = page.split('id="timeline"', 1)[1].split("</ol>", 1)[0]
    spans = re.findall(r'data-start="([^"]*)" data-end="([^"]*)"', timeline)
    assert 0 < len(spans) < whole.count('class="item kind-')
    for start, end in spans:
        assert (start or "0000") <= "2021-12-31" and (end or "9999") >= "2021-01-01"
    assert 'value="2021-01-01"' in page and 'value="2021-12-31"' in page
