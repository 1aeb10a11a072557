"""Real-world inputs: HTML pages, WARC archives, feeds and CSV, with our own fixtures.

Every fixture under tests/fixtures/inputs/ is text we wrote; the WARC archives are built
here with warcio from those pages.
"""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.io.detect import sniff_format
from dateline.io.feeds import html_to_paragraphs, read_feed
from dateline.io.html import page_date, parse_web_date, read_html
from dateline.io.readers import CsvColumns, Notice, ReadOptions, Rejection, read_inputs
from dateline.io.warc import read_warc
from dateline.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
OPTIONS = ReadOptions(now=NOW)

Item = Article | Rejection | Notice


def _read(name: str, options: ReadOptions = OPTIONS) -> list[Item]:
    return list(read_inputs([FIXTURES / name], options=options))


def _articles(items: list[Item]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _rejections(items: list[Item]) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


# --- HTML ------------------------------------------------------------------------------
def test_html_with_json_ld_drops_navigation_ads_and_comments() -> None:
    (article,) = _articles(_read("jsonld-comments.html"))
    assert article.text.startswith("The Port Alder ferry company said on Monday")
    assert "next week." in article.text
    for boilerplate in ("Home", "kayak", "outrageous", "never listen", "All rights reserved"):
        assert boilerplate not in article.text
    assert article.title == "Harbour ferry fares to rise in spring"
    assert article.author == "Mira Olsen"
    assert article.publisher == "The Coastal Ledger"
    # the exact time and offset of the page's own metadata, not just the day
    assert article.published_at == datetime.fromisoformat("2024-03-05T08:30:00+01:00")
    assert article.published_at.utcoffset() == timedelta(hours=1)
    assert article.date_source == "page"
    # paragraphs are separated by blank lines (the pipeline's paragraph break)
    assert article.text.count("\n\n") == 2


def test_html_without_json_ld_reads_time_element_and_open_graph() -> None:
    (article,) = _articles(_read("opengraph-time.html"))
    assert article.published_at == datetime.fromisoformat("2023-10-17T14:05:00-04:00")
    assert article.title == "Library wins grant for mobile reading van"
    assert article.publisher == "Riverside Courier"
    assert "Hollis Foundation" in article.text
    assert "Most read" not in article.text and "Sponsored" not in article.text
    assert "Bakery celebrates" not in article.text


def test_paywall_teaser_keeps_the_lede_and_drops_the_subscription_box() -> None:
    items = _read("paywall.html")
    (article,) = _articles(items)
    assert article.text.startswith("The Kessel shipyard in Varna Bay")
    assert "Subscribe" not in article.text and "Cancel anytime" not in article.text
    assert any(isinstance(i, Notice) and "paywall" in i.message for i in items)


def test_paywall_marks_on_the_page_or_article_do_not_reject_the_story() -> None:
    """``paywall-enabled`` on <body> and ``subscriber-content`` on <article> mark the page,
    not a box: the story stays; only the real subscribe box goes."""
    items = _read("paywall-page-classes.html")
    (article,) = _articles(items)
    assert article.text.startswith("Councillors in Appelby voted on Monday")
    assert "Mayor Edda Lindqvist said" in article.text
    assert "Unlimited stories" not in article.text
    assert any(isinstance(i, Notice) and "subscription box" in i.message for i in items)


def test_paywall_box_removal_keeps_the_text_after_it() -> None:
    """An inline subscribe link goes, the rest of its sentence stays; a wrapper whose id
    says paywall but which holds the story is not dropped."""
    (article,) = _articles(_read("paywall-inline-link.html"))
    assert "The first bus will leave the station at midnight." in article.text
    assert "The last one will return from the hospital at five in the morning" in article.text
    assert "Subscribe" not in article.text and "three free stories" not in article.text
    assert "a quarter of it" in article.text


def test_date_from_the_url_pattern_is_marked_as_such() -> None:
    (article,) = _articles(_read("url-date-only.html"))
    assert article.published_at == datetime(2021, 5, 14, tzinfo=UTC)
    assert article.date_source == "url"
    assert article.url == "https://quayside-news.example/2021/05/14/night-market-returns"


def test_page_without_date_is_rejected_unless_date_given() -> None:
    (rejection,) = _rejections(_read("no-date.html"))
    assert rejection.origin.endswith("no-date.html")
    assert "no publication date" in rejection.reason and "--date" in rejection.reason
    given = datetime(2024, 6, 1, tzinfo=UTC)
    (article,) = _articles(_read("no-date.html", ReadOptions(now=NOW, default_date=given)))
    assert article.published_at == given and article.date_source == "given"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("nav-only.html", "no extractable article text"),
        ("malformed.html", "no extractable article text"),
    ],
)
def test_pages_without_article_text_are_rejected(name: str, reason: str) -> None:
    items = _read(name)
    assert not _articles(items)
    (rejection,) = _rejections(items)
    assert reason in rejection.reason and rejection.origin.endswith(name)


def test_not_html_at_all_is_malformed() -> None:
    items = list(read_html(b"<<<>>>", origin="x.html", options=OPTIONS))
    assert items == [Rejection("x.html", "malformed HTML: no HTML element found")]


def test_future_page_date_is_rejected() -> None:
    page = (FIXTURES / "paywall.html").read_bytes()
    early = ReadOptions(now=datetime(2022, 10, 1, tzinfo=UTC))
    (rejection,) = [
        i for i in read_html(page, origin="p", options=early) if not isinstance(i, Notice)
    ]
    assert isinstance(rejection, Rejection) and "future" in rejection.reason


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-10-17T14:05:00-04:00", "2023-10-17T14:05:00-04:00"),
        ("2023-10-17T14:05:00Z", "2023-10-17T14:05:00+00:00"),
        ("2023-10-17T14:05:00", "2023-10-17T00:00:00+00:00"),  # no offset: the day only
        ("2023-10-17", "2023-10-17T00:00:00+00:00"),
        ("Tue, 17 Oct 2023 14:05:00 +0200", "2023-10-17T14:05:00+02:00"),
        ("Tue, 17 Oct 2023 14:05:00 GMT", "2023-10-17T14:05:00+00:00"),
        ("2023/10/17 14:05", "2023-10-17T00:00:00+00:00"),
        ("17 October 2023", "2023-10-17T00:00:00+00:00"),
        ("October 17, 2023 2:05 PM", "2023-10-17T00:00:00+00:00"),
        ("Tuesday, October 17, 2023 2:05 PM", "2023-10-17T00:00:00+00:00"),
    ],
)
def test_web_dates(raw: str, expected: str) -> None:
    parsed = parse_web_date(raw)
    assert parsed is not None and parsed.isoformat() == expected


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
            '{"@type": "NewsArticle", "datePublished": "2022-02-03T04:05:06+09:00"}]}</script>',
            "",
            "2022-02-03T04:05:06+09:00",
        ),
        (
            '<script type="application/ld+json">{not json</script>'
            '<meta itemprop="datePublished" content="2022-02-03">',
            "",
            "2022-02-03T00:00:00+00:00",
        ),
        ('<meta name="pubdate" content="2022-02-03T10:00:00Z">', "", "2022-02-03T10:00:00+00:00"),
        (
            "",
            '<article><time datetime="2021-07-08T09:10:00-07:00">8 July</time></article>',
            "2021-07-08T09:10:00-07:00",
        ),
        ("", '<p><time datetime="2021-07-08">a time outside the article</time></p>', None),
        ('<meta property="article:published_time" content="soon">', "", None),
    ],
)
def test_page_date_sources(head: str, body: str, expected: str | None) -> None:
    from trafilatura.utils import load_html

    tree = load_html(f"<html><head>{head}</head><body>{body}</body></html>")
    found = page_date(tree)
    assert (found.isoformat() if found else None) == expected


@pytest.mark.parametrize("raw", ["", "yesterday", "2023-13-40", "17/10/2023", "2023/02/30"])
def test_not_web_dates(raw: str) -> None:
    assert parse_web_date(raw) is None


# --- WARC ------------------------------------------------------------------------------
def _warc(records: list[tuple[str, bytes, str, str]], *, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for url, body, content_type, status in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2024-06-01T10:00:00Z"},
        )
        writer.write_record(record)
        record.raw_stream.close()  # warcio spools the block to a temporary file
    return buffer.getvalue()


def _pages() -> list[tuple[str, bytes, str, str]]:
    return [
        (
            "https://coastal-ledger.example/ferry",
            (FIXTURES / "jsonld-comments.html").read_bytes(),
            "text/html; charset=utf-8",
            "200 OK",
        ),
        ("https://coastal-ledger.example/logo.png", b"\x89PNG....", "image/png", "200 OK"),
        (
            "https://club.example/about",
            (FIXTURES / "no-date.html").read_bytes(),
            "text/html",
            "200 OK",
        ),
        ("https://club.example/gone", b"<html><body>Not found</body></html>", "text/html", "404"),
        (
            "https://riverside.example/library-van",
            (FIXTURES / "opengraph-time.html").read_bytes(),
            "text/html",
            "200 OK",
        ),
    ]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_html_responses_become_articles_with_their_urls(gz: bool, tmp_path: Path) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_warc(_pages(), gz=gz))
    items = list(read_inputs([path], options=OPTIONS))
    articles = _articles(items)
    assert [a.url for a in articles] == [
        "https://coastal-ledger.example/ferry",
        "https://club.example/about",
        "https://riverside.example/library-van",
    ]
    ferry, club, library = articles
    assert library.published_at.utcoffset() == timedelta(hours=-4)
    assert ferry.date_source == "page" and ferry.published_at.year == 2024
    # the page has no date: the crawl date is the fallback, and says so
    assert club.date_source == "crawl"
    assert club.published_at == datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
    assert any(isinstance(i, Notice) and "crawl date" in i.message for i in items)
    assert any(isinstance(i, Notice) and "404" in i.message for i in items)
    assert ferry.origin == f"{path}#1 https://coastal-ledger.example/ferry"
    assert not _rejections(items)


@pytest.mark.parametrize(("gz", "cut"), [(False, 700), (True, 700), (False, 1500)])
def test_truncated_warc_record_is_rejected_and_earlier_ones_kept(
    gz: bool, cut: int, tmp_path: Path
) -> None:
    pages = [p for p in _pages() if p[3] == "200 OK" and p[2].startswith("text/html")]
    data = _warc(pages, gz=gz)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:-cut])
    items = list(read_inputs([path], options=OPTIONS))
    assert len(_articles(items)) >= 1
    (rejection,) = _rejections(items)
    assert "truncated WARC record" in rejection.reason
    assert rejection.origin.startswith(f"{path}#")


def test_corrupt_warc_is_rejected_by_name() -> None:
    data = b"this is not a web archive\r\n\r\n"
    items = list(read_warc(io.BytesIO(data), origin="bad.warc", options=OPTIONS, size=len(data)))
    (rejection,) = items
    assert isinstance(rejection, Rejection) and rejection.origin == "bad.warc#1"
    assert "corrupt WARC record" in rejection.reason
    empty = list(read_warc(io.BytesIO(b""), origin="e.warc", options=OPTIONS, size=0))
    assert empty == [Rejection("e.warc", "no WARC records found")]


# --- feeds -----------------------------------------------------------------------------
def test_rss_items_each_with_own_date_title_link_and_text() -> None:
    items = _read("wire.rss")
    dam, strike = _articles(items)
    assert dam.title == "Dam inspection finds no cracks"
    assert dam.url == "https://valley-wire.example/2024/04/02/dam-inspection"
    assert dam.published_at == datetime.fromisoformat("2024-04-02T16:20:00+02:00")
    assert dam.publisher == "Valley Wire" and dam.date_source == "feed"
    assert dam.author == "Ruth Okoro"
    assert dam.text.split("\n\n")[1].startswith("The board ordered")
    assert "<p>" not in dam.text
    assert strike.published_at == datetime(2024, 4, 3, 7, 45, tzinfo=UTC)
    (undated,) = _rejections(items)
    assert undated.origin.endswith("wire.rss#3") and "no date" in undated.reason


def test_atom_entry_prefers_published_and_content() -> None:
    (entry,) = _articles(_read("council.atom"))
    assert entry.published_at == datetime.fromisoformat("2024-05-09T18:30:00+01:00")
    assert entry.author == "Council press office"
    assert entry.text.count("\n\n") == 1 and "Aiden Marsh" in entry.text


def test_a_feed_that_is_not_xml_is_rejected() -> None:
    items = _read("broken.rss")
    (rejection,) = items
    assert isinstance(rejection, Rejection) and "not an RSS or Atom feed" in rejection.reason


def test_feed_bytes_that_look_like_a_path_are_not_opened() -> None:
    """feedparser opens a string or bytes naming a file; our bytes are always the feed."""
    path = str(FIXTURES / "council.atom").encode()
    (rejection,) = read_feed(path, origin="body", options=OPTIONS)
    assert isinstance(rejection, Rejection) and "not an RSS or Atom feed" in rejection.reason


def test_an_unreadable_item_date_falls_back_to_the_next_one() -> None:
    feed = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Town notes</title><entry><title>Pool reopens</title>
<published>the second Tuesday</published><updated>2024-05-10T09:00:00+01:00</updated>
<content type="text">The town pool reopened on Friday after a month of roof repairs.</content>
</entry></feed>"""
    (article,) = read_feed(feed, origin="notes.atom", options=OPTIONS)
    assert isinstance(article, Article)
    assert article.published_at == datetime.fromisoformat("2024-05-10T09:00:00+01:00")


def test_html_to_paragraphs() -> None:
    assert html_to_paragraphs("<p>One.</p><p>Two <b>bold</b>.</p>") == "One.\n\nTwo bold."
    assert html_to_paragraphs("plain   text") == "plain text"


# --- CSV -------------------------------------------------------------------------------
CSV_OPTIONS = ReadOptions(
    now=NOW, columns=CsvColumns(text="body", date="published", title="headline", url="link")
)


def test_csv_rows_with_named_columns_and_bad_rows_named_by_line() -> None:
    items = _read("stories.csv", CSV_OPTIONS)
    bakery, bridge = _articles(items)
    assert bakery.title == "Bakery wins regional prize" and bakery.url.endswith("/bakery")
    assert bakery.origin.endswith("stories.csv:2") and bakery.date_source == "csv"
    assert bridge.published_at == datetime.fromisoformat("2023-06-03T10:00:00+01:00")
    assert "\n\nDrivers had used" in bridge.text  # a quoted multi-line cell
    assert bridge.origin.endswith("stories.csv:6")
    reasons = {r.origin.rsplit(":", 1)[1]: r.reason for r in _rejections(items)}
    assert reasons == {
        "3": "missing value for column 'body'",
        "4": "not a date in column 'published': '2023-13-40'",
        "5": "missing value for column 'body'",
    }


def test_csv_without_the_named_column_rejects_the_file() -> None:
    (rejection,) = _read("stories.csv")  # default columns text/date are not there
    assert isinstance(rejection, Rejection)
    assert "no column 'text'" in rejection.reason and "--text-column" in rejection.reason


# --- detection -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", "story.txt", "html"),
        (b"<!-- saved --><html lang=en>", "page", "html"),
        (b"date 2023-09-15 The mayor resigned.", "story.html", "text"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed.txt", "feed"),
        (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "", "feed"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo", "crawl.bin", "warc"),
        (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), "crawl", "warc"),
        (gzip.compress(b"hello"), "x.gz", "gzip"),
        (b'{"text": "x", "date": "2023-01-01"}', "a.txt", "jsonl"),
        (b"<!DOCTYPE lewis SYSTEM>", "r.txt", "reuters"),
        (b"title,text,date\nA,B,2023-01-01\n", "rows.dat", "csv"),
        (b"anything", "rows.csv", "csv"),
        (b"Plain words without a date.", "notes.txt", "text"),
    ],
)
def test_format_is_detected_by_content_first(head: bytes, name: str, expected: str) -> None:
    assert sniff_format(head, name=name) == expected


def test_format_can_be_forced(tmp_path: Path) -> None:
    page = tmp_path / "page.dat"
    page.write_bytes((FIXTURES / "opengraph-time.html").read_bytes())
    forced = list(read_inputs([page], options=ReadOptions(now=NOW, format="text")))
    (rejection,) = _rejections(forced)
    assert "no date" in rejection.reason  # read as text, as asked
    assert _articles(list(read_inputs([page], options=OPTIONS)))  # detected as HTML


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        ReadOptions(format="pdf")


def test_gzip_that_is_not_warc_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "x.gz"
    path.write_bytes(gzip.compress(b"hello"))
    (rejection,) = list(read_inputs([path], options=OPTIONS))
    assert isinstance(rejection, Rejection) and "gzip" in rejection.reason


def test_one_directory_of_mixed_formats_carries_on_past_bad_inputs() -> None:
    items = list(read_inputs([FIXTURES], options=CSV_OPTIONS))
    origins = {a.origin for a in _articles(items)}
    rejected = {r.origin for r in _rejections(items)}
    assert any(o.endswith("wire.rss#2") for o in origins)
    assert any(o.endswith("opengraph-time.html") for o in origins)
    assert any(o.endswith("broken.rss") for o in rejected)
    assert any(o.endswith("nav-only.html") for o in rejected)


def test_stdin_is_detected_too(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (FIXTURES / "opengraph-time.html").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(page)))
    (article,) = _articles(list(read_inputs(["-"], options=OPTIONS)))
    assert article.origin == "<stdin>" and article.publisher == "Riverside Courier"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rows.tsv", "text\tdate\nThe pier reopened after repairs on Monday.\t2023-05-02\n"),
        ("rows.csv", "text;date\nThe pier reopened after repairs on Monday.;2023-05-02\n"),
        (
            "rows.csv",
            "\ufefftext,date\r\nThe pier reopened after repairs on Monday.,2023-05-02\r\n",
        ),
    ],
)
def test_csv_delimiters_and_bom(name: str, content: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (article,) = _articles(list(read_inputs([path], options=OPTIONS)))
    assert article.text == "The pier reopened after repairs on Monday."
    assert article.published_at == datetime(2023, 5, 2, tzinfo=UTC)


def test_csv_named_optional_column_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("text,date\nThe pier reopened.,2023-05-02\n", encoding="utf-8")
    options = ReadOptions(now=NOW, columns=CsvColumns(title="headline"))
    (rejection,) = list(read_inputs([path], options=options))
    assert isinstance(rejection, Rejection) and "no column 'headline'" in rejection.reason


# --- robustness: any bytes give articles, rejections or notices, never an exception -----
_TAGS = st.sampled_from(
    ["<html>", "<body>", "<p>", "</p>", "<div class='paywall'>", "</div>", "<article>", "<<", ">"]
)
_HTMLISH = st.lists(st.one_of(_TAGS, st.text(max_size=40)), max_size=30).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), _HTMLISH.map(lambda s: s.encode("utf-8"))))
def test_html_reader_never_raises(data: bytes) -> None:
    items = list(read_html(data, origin="fuzz.html", options=OPTIONS))
    assert items and all(isinstance(i, Article | Rejection | Notice) for i in items)
    assert any(isinstance(i, Article | Rejection) for i in items)


@settings(max_examples=40, deadline=None)
@given(st.one_of(st.binary(max_size=300), _HTMLISH.map(lambda s: s.encode("utf-8"))))
def test_feed_and_csv_readers_never_raise(data: bytes) -> None:
    from dateline.io.feeds import read_feed
    from dateline.io.tables import read_csv

    for reader in (read_feed, read_csv):
        items = list(reader(data, origin="fuzz", options=OPTIONS))
        assert all(isinstance(i, Article | Rejection | Notice) for i in items)


_WARCISH = st.lists(
    st.one_of(
        st.sampled_from(["WARC/1.0\r\n", "WARC-Type: response\r\n", "Content-Length: 12\r\n"]),
        st.sampled_from(["\r\n", "HTTP/1.1 200 OK\r\n", "Content-Type: text/html\r\n"]),
        st.text(max_size=20),
    ),
    max_size=20,
).map(lambda parts: "".join(parts).encode("utf-8"))


@settings(max_examples=60, deadline=None)
@given(st.one_of(_WARCISH, st.binary(max_size=200)))
def test_warc_reader_never_raises(data: bytes) -> None:
    items = list(read_warc(io.BytesIO(data), origin="f.warc", options=OPTIONS, size=len(data)))
    assert all(isinstance(i, Article | Rejection | Notice) for i in items)


def test_feed_item_dates_are_read_as_written_or_rejected() -> None:
    from dateline.io.feeds import read_feed

    def feed(date: str) -> bytes:
        return (
            '<rss version="2.0"><channel><title>T</title><item><title>A</title>'
            f"<pubDate>{date}</pubDate><description>The pier reopened on Monday after "
            "repairs.</description></item></channel></rss>"
        ).encode()

    (article,) = list(read_feed(feed("2024/04/02 16:20"), origin="f", options=OPTIONS))
    assert isinstance(article, Article)
    assert article.published_at == datetime(2024, 4, 2, tzinfo=UTC)  # not feedparser's 1 Nov
    (rejection,) = list(read_feed(feed("soon-ish"), origin="f", options=OPTIONS))
    assert rejection == Rejection("f#1", "item has unreadable date 'soon-ish' and no --date")
