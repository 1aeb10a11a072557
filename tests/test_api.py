"""The REST API through an in-process client on a real SQLite store of the sample corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from api_support import api_client
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.api.app import SECURITY_HEADERS
from dateline.cli import app as cli_app


@pytest.fixture(scope="module")
def client(sample_db: Path) -> Iterator[TestClient]:
    with api_client(sample_db) as c:
        yield c


def _entity(client: TestClient, q: str, type_: str = "PERSON") -> dict[str, Any]:
    found = client.get("/api/entities", params={"q": q, "type": type_}).json()["items"]
    assert found, f"no {type_} matching {q!r}"
    entity: dict[str, Any] = found[0]
    return entity


def test_entity_search_by_name_and_alias_with_type(client: TestClient) -> None:
    by_alias = _entity(client, "okafor")
    assert by_alias["name"] == "Lena Okafor"
    assert "Okafor" in by_alias["aliases"]
    assert by_alias["mentions"] > 0 and by_alias["articles"] > 1
    orgs = client.get("/api/entities", params={"type": "org", "limit": 50}).json()["items"]
    assert orgs and all(e["type"] == "ORG" for e in orgs)
    assert "Harborview Robotics" in {e["name"] for e in orgs}
    # the type filter removes the person even though the name matches
    none = client.get("/api/entities", params={"q": "lena okafor", "type": "ORG"}).json()
    assert none["items"] == [] and none["next_offset"] is None


def test_entity_search_pages_do_not_overlap(client: TestClient) -> None:
    whole = client.get("/api/entities", params={"limit": 6}).json()["items"]
    first = client.get("/api/entities", params={"limit": 3}).json()
    second = client.get("/api/entities", params={"limit": 3, "offset": 3}).json()
    assert first["next_offset"] == 3
    assert [e["id"] for e in first["items"] + second["items"]] == [e["id"] for e in whole]
    mentions = [e["mentions"] for e in whole]
    assert mentions == sorted(mentions, reverse=True)
    last = client.get("/api/entities", params={"limit": 200, "offset": 10_000}).json()
    assert last["items"] == [] and last["next_offset"] is None


def test_entity_with_aliases_counts_and_related(client: TestClient) -> None:
    okafor = _entity(client, "okafor")
    data = client.get(f"/api/entities/{okafor['id']}").json()
    assert data["name"] == "Lena Okafor" and data["type"] == "PERSON"
    related = {r["name"]: r["shared_items"] for r in data["related"]}
    assert related.get("Harborview Robotics", 0) > 0
    assert okafor["id"] not in {r["id"] for r in data["related"]}
    shared = [r["shared_items"] for r in data["related"]]
    assert shared == sorted(shared, reverse=True)


def test_timeline_is_the_cli_json_contract(client: TestClient, sample_db: Path) -> None:
    okafor = _entity(client, "okafor")
    api = client.get(f"/api/entities/{okafor['id']}/timeline").json()
    cli = CliRunner().invoke(
        cli_app, ["timeline", "Lena Okafor", "--format", "json", "--db", str(sample_db)]
    )
    assert cli.exit_code == 0, cli.output
    assert api == json.loads(cli.output)
    assert len(api) > 5
    assert {"id", "kind", "type", "when", "provenance", "details"} <= set(api[0])


def test_timeline_filters(client: TestClient, sample_db: Path) -> None:
    eid = _entity(client, "okafor")["id"]
    url = f"/api/entities/{eid}/timeline"
    everything = client.get(url).json()
    quotes = client.get(url, params={"kind": "quote"}).json()
    assert quotes and {i["kind"] for i in quotes} == {"quote"}
    assert len(quotes) < len(everything)
    roles = client.get(url, params={"type": "role"}).json()
    assert roles and {i["type"] for i in roles} == {"role"}
    ranged = client.get(url, params={"from": "2021-01-01", "to": "2021-12-31"}).json()
    for item in ranged:
        if item["when"] is not None:
            assert (item["when"]["start"] or "0000") <= "2021-12-31"
            assert (item["when"]["end"] or "9999") >= "2021-01-01"
    assert 0 < len(ranged) < len(everything)
    early = client.get(url, params={"as_of": "2019-01-01"}).json()
    late = client.get(url, params={"as_of": "2025-01-01"}).json()
    assert len(early) < len(late)
    cli = CliRunner().invoke(
        cli_app,
        [
            *("timeline", "Lena Okafor", "--as-of", "2019-01-01"),
            *("--format", "json", "--db", str(sample_db)),
        ],
    )
    assert early == json.loads(cli.output)


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"from": "2023-13-45"}, 422, "'from'"),
        ({"from": "2024-01-01", "to": "2023-01-01"}, 400, "swap"),
        ({"kind": "rumour"}, 422, "'kind'"),
    ],
)
def test_timeline_bad_parameters(
    client: TestClient, params: dict[str, str], status: int, words: str
) -> None:
    eid = _entity(client, "okafor")["id"]
    response = client.get(f"/api/entities/{eid}/timeline", params=params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and words in error["message"]


def test_quotes_said_by_and_about(client: TestClient) -> None:
    okafor = _entity(client, "okafor")
    names = {okafor["name"], *okafor["aliases"]}
    data = client.get(f"/api/entities/{okafor['id']}/quotes").json()
    assert data["said_by"], "Okafor is quoted in the sample corpus"
    for quote in data["said_by"]:
        assert quote["kind"] == "quote"
        assert okafor["name"] in quote["entities"]
    assert all(set(q["details"]["speakers"]) & names for q in data["said_by"])
    ids_by = {q["id"] for q in data["said_by"]}
    assert not ids_by & {q["id"] for q in data["said_about"]}


def test_facts_valid_at_a_date(client: TestClient) -> None:
    eid = _entity(client, "okafor")["id"]
    day = "2022-06-01"
    facts = client.get(f"/api/entities/{eid}/facts", params={"at": day}).json()
    assert facts, "Okafor held a role at Harborview in 2022"
    for fact in facts:
        assert fact["kind"] == "fact"
        assert (fact["when"]["start"] or "0000") <= day <= (fact["when"]["end"] or "9999")
    before = client.get(f"/api/entities/{eid}/facts", params={"at": "2000-01-01"}).json()
    assert before == []
    missing = client.get(f"/api/entities/{eid}/facts")
    assert missing.status_code == 422 and "'at'" in missing.json()["error"]["message"]


def test_article_with_spans(client: TestClient) -> None:
    recent = client.get("/api/articles", params={"limit": 5}).json()
    assert len(recent) == 5
    dates = [a["published_at"] for a in recent]
    assert dates == sorted(dates, reverse=True)
    data = client.get(f"/api/articles/{recent[0]['id']}").json()
    text = data["article"]["text"]
    assert data["entities"] and data["sentences"]
    for entity in data["entities"]:
        for mention in entity["mentions"]:
            assert text[mention["char_start"] : mention["char_end"]] == mention["text"]
        assert entity["entity_id"] is not None
    for timex in data["timexes"]:
        assert text[timex["char_start"] : timex["char_end"]] == timex["text"]
    linked = data["entities"][0]
    canonical = client.get(f"/api/entities/{linked['entity_id']}").json()
    assert canonical["name"] == linked["name"] or linked["name"] in canonical["aliases"]


def test_full_text_search(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "resigned"}).json()
    assert data["hits"]
    for hit in data["hits"]:
        article = client.get(f"/api/articles/{hit['article_id']}").json()
        assert "resign" in article["article"]["text"].lower()
    weird = client.get("/api/search", params={"q": 'NEAR( "quote AND *'})
    assert weird.status_code == 200  # operators are searched as words, never an error
    assert client.get("/api/search", params={"q": "   "}).status_code == 400
    assert client.get("/api/search").status_code == 422


def test_not_found_is_json(client: TestClient) -> None:
    for path in ("/api/entities/987654", "/api/articles/nope", "/api/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["message"]


def test_health_openapi_and_headers(client: TestClient) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["status"] == "ok" and health.json()["counts"]["articles"] >= 40
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/entities/{entity_id}/timeline",
        "/api/entities/{entity_id}/quotes",
        "/api/entities/{entity_id}/facts",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/search",
        "/health",
    } <= paths
    assert "requestBody" in spec["paths"]["/api/articles"]["post"]
    for name, value in SECURITY_HEADERS.items():
        assert health.headers[name] == value


def test_dates_in_json_are_iso(client: TestClient) -> None:
    eid = _entity(client, "okafor")["id"]
    items = client.get(f"/api/entities/{eid}/timeline").json()
    assert items
    for item in items:
        published = datetime.fromisoformat(item["published_at"])  # the whole value
        assert published.utcoffset() is not None, item["published_at"]  # with its offset
        assert published.isoformat() == item["published_at"]
