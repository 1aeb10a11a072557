"""Writes need the configured bearer token; refused writes store nothing; size limits hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_support import TOKEN, api_client
from fastapi.testclient import TestClient

from dateline.api import Settings, read_token_file
from dateline.errors import DatelineError
from dateline.io.readers import ReadItem

ARTICLE = (
    "date 2024-02-02\nThe Gullhaven ferry company named Ruth Abernathy its harbour master "
    "on Tuesday. Abernathy said the boats would run on time."
)
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _counts(client: TestClient) -> dict[str, int]:
    counts: dict[str, int] = client.get("/health").json()["counts"]
    return counts


@pytest.fixture
def client(sample_copy: Path) -> Iterator[TestClient]:
    with api_client(sample_copy, max_request_bytes=20_000) as c:
        yield c


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer"},
        {"Authorization": f"Bearer {TOKEN}x"},
    ],
)
def test_writes_without_the_token_are_refused_and_store_nothing(
    client: TestClient, headers: dict[str, str]
) -> None:
    before = _counts(client)
    response = client.post(
        "/api/articles", content=ARTICLE, headers={"Content-Type": "text/plain", **headers}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert "token" in response.json()["error"]["message"]
    assert _counts(client) == before
    assert client.get("/api/entities", params={"q": "Abernathy"}).json()["items"] == []


def test_read_only_server_refuses_every_write(sample_copy: Path) -> None:
    with api_client(sample_copy, token=None) as client:
        before = _counts(client)
        response = client.post(
            "/api/articles", content=ARTICLE, headers={"Content-Type": "text/plain", **AUTH}
        )
        assert response.status_code == 403
        assert "--token-file" in response.json()["error"]["message"]
        assert client.get("/health").json()["writable"] is False
        assert _counts(client) == before


def test_body_over_the_limit_is_413_and_stores_nothing(client: TestClient) -> None:
    before = _counts(client)
    big = ARTICLE + " More words." * 3000
    response = client.post(
        "/api/articles", content=big, headers={"Content-Type": "text/plain", **AUTH}
    )
    assert response.status_code == 413
    assert "limit 20,000" in response.json()["error"]["message"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield ARTICLE.encode()
        for _ in range(100):
            yield b" More words." * 50

    streamed = client.post(
        "/api/articles", content=chunks(), headers={"Content-Type": "text/plain", **AUTH}
    )
    assert streamed.status_code == 413
    assert _counts(client) == before


@pytest.mark.parametrize(
    ("body", "content_type", "status", "words"),
    [
        ("{not json", "application/json", 400, "not valid JSON"),
        ("[]", "application/json", 400, "empty"),
        ("", "text/plain", 400, "empty request body"),
        (ARTICLE, "image/png", 415, "Content-Type"),
        (ARTICLE, "", 415, "?format="),
        ("<rss><channel></channel></rss>", "application/rss+xml", 422, "feed has no items"),
        ("<html><body><nav>Home</nav></body></html>", "text/html", 422, "no extractable"),
        ("no date line here", "text/plain", 422, "request: no date"),
        ("date 2023-13-45 text", "text/plain", 422, "impossible date"),
        ('{"date": "2024-01-01"}', "application/json", 422, "request:1: missing or empty 'text'"),
    ],
)
def test_bad_input_gets_an_actionable_error(
    client: TestClient, body: str, content_type: str, status: int, words: str
) -> None:
    before = _counts(client)
    response = client.post(
        "/api/articles", content=body, headers={"Content-Type": content_type, **AUTH}
    )
    assert response.status_code == status, response.text
    assert words in response.json()["error"]["message"]
    assert _counts(client) == before


@pytest.mark.model
def test_authorised_batch_stores_good_records_and_lists_bad_ones(client: TestClient) -> None:
    before = _counts(client)
    batch = [
        {"text": ARTICLE.split("\n", 1)[1], "date": "2024-02-02", "title": "Ferry news"},
        {"text": "A record without a date."},
        {"text": "Another, with an impossible date.", "date": "2024-02-30"},
    ]
    response = client.post("/api/articles", json=batch, headers=AUTH)
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["ingested"] == 1
    assert [r["origin"] for r in report["rejected"]] == ["request:2", "request:3"]
    assert "missing 'date'" in report["rejected"][0]["reason"]
    assert _counts(client)["articles"] == before["articles"] + 1
    found = client.get("/api/entities", params={"q": "Abernathy"}).json()["items"]
    assert found and found[0]["name"] == "Ruth Abernathy"
    # the same text again is a duplicate, never a second article
    again = client.post(
        "/api/articles",
        content=ARTICLE,
        headers={"Content-Type": "text/plain; charset=utf-8", **AUTH},
    )
    assert again.status_code == 200 and again.json()["duplicates"] == 1
    assert _counts(client)["articles"] == before["articles"] + 1


def test_token_file_rules(tmp_path: Path) -> None:
    good = tmp_path / "token"
    good.write_text(f"{TOKEN}\nsecond line ignored\n", encoding="utf-8")
    assert read_token_file(good) == TOKEN
    short = tmp_path / "short"
    short.write_text("abc\n", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.write_text("\n\n", encoding="utf-8")
    for path, words in ((short, "at least 16"), (empty, "empty"), (tmp_path / "no", "not found")):
        with pytest.raises(DatelineError, match=words) as info:
            read_token_file(path)
        assert str(path) in str(info.value)
    with pytest.raises(DatelineError):
        Settings(token="short")


@pytest.mark.model
def test_reads_carry_on_during_a_write_on_a_real_server(sample_copy: Path) -> None:
    """uvicorn + threads + one SQLite file: reads answer while an article is ingested."""
    import threading

    import httpx
    from api_support import live_server

    import dateline
    from dateline.api import create_app

    statuses: list[int] = []
    with dateline.connect(sample_copy, create=False) as dl:
        app = create_app(dl, settings=Settings(token=TOKEN))
        with live_server(app) as url:
            okafor = httpx.get(url + "/api/entities", params={"q": "okafor"}).json()["items"][0]
            done = threading.Event()

            def reader() -> None:
                with httpx.Client(base_url=url, timeout=60) as client:
                    while not done.is_set():
                        statuses.append(
                            client.get(f"/api/entities/{okafor['id']}/timeline").status_code
                        )

            threads = [threading.Thread(target=reader) for _ in range(4)]
            for thread in threads:
                thread.start()
            try:
                write = httpx.post(
                    url + "/api/articles",
                    content=ARTICLE,
                    headers={"Content-Type": "text/plain", **AUTH},
                    timeout=120,
                )
            finally:
                done.set()
                for thread in threads:
                    thread.join()
            assert write.status_code == 201, write.text
            found = httpx.get(url + "/api/entities", params={"q": "Abernathy"}).json()["items"]
            assert found
    assert statuses and set(statuses) == {200}


INPUTS = Path(__file__).parent / "fixtures" / "inputs"


@pytest.mark.model
@pytest.mark.parametrize(
    ("fixture", "content_type", "query", "ingested", "origins"),
    [
        ("opengraph-time.html", "text/html; charset=utf-8", "", 1, []),
        ("wire.rss", "application/rss+xml", "", 2, ["request#3"]),
        # a generic type is detected from the body, as `dateline ingest` detects a file's
        ("council.atom", "application/octet-stream", "", 1, []),
        # ?format= wins over the type (curl's default form type here)
        ("council.atom", "application/x-www-form-urlencoded", "?format=feed", 1, []),
    ],
)
def test_pages_and_feeds_are_read_as_dateline_ingest_reads_them(
    client: TestClient,
    fixture: str,
    content_type: str,
    query: str,
    ingested: int,
    origins: list[str],
) -> None:
    before = _counts(client)
    response = client.post(
        "/api/articles" + query,
        content=(INPUTS / fixture).read_bytes(),
        headers={"Content-Type": content_type, **AUTH},
    )
    assert response.status_code == 201, response.text
    report = response.json()
    assert report["ingested"] == ingested
    assert [r["origin"] for r in report["rejected"]] == origins
    assert _counts(client)["articles"] == before["articles"] + ingested


def test_unknown_format_parameter_is_named(client: TestClient) -> None:
    response = client.post(
        "/api/articles?format=pdf", content=ARTICLE, headers={"Content-Type": "text/plain", **AUTH}
    )
    assert response.status_code == 422
    assert "query parameter 'format'" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("content_type", "record", "status", "words"),
    [
        ("application/json", "[" * 5000 + "]" * 5000, 400, "nested too deeply"),
        ("application/json", '[{"text": "x", "n": ' + "[" * 5000 + "]" * 5000 + "}]", 400, "deep"),
        ("application/x-ndjson", '{"n": ' + "[" * 5000 + "]" * 5000 + "}", 422, "request:1: "),
    ],
)
def test_deeply_nested_json_is_a_clear_error_not_a_crash(
    client: TestClient, content_type: str, record: str, status: int, words: str
) -> None:
    response = client.post(
        "/api/articles", content=record, headers={"Content-Type": content_type, **AUTH}
    )
    assert response.status_code == status, response.text
    message = response.json()["error"]["message"]
    assert words in message and "nested too deeply" in message


def test_the_body_is_read_off_the_event_loop(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing a body (an HTML page, a big feed) must not block other requests' loop."""
    import asyncio

    from dateline.api import routes_articles

    loops: list[bool] = []
    real = routes_articles.read_request_body

    def spy(*args: Any, **kwargs: Any) -> Iterator[ReadItem]:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            loops.append(False)
        else:
            loops.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(routes_articles, "read_request_body", spy)
    response = client.post(
        "/api/articles", content="no date", headers={"Content-Type": "text/plain", **AUTH}
    )
    assert response.status_code == 422
    assert loops == [False]
