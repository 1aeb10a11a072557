"""Property-based fuzz of the API from its own OpenAPI document: no 500s, JSON errors.

Examples per operation are bounded so the whole module runs in seconds. Writes are fuzzed
with the right token against a private copy of the sample database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from api_support import TOKEN
from hypothesis import HealthCheck, given, settings

import dateline
from dateline.api import Settings, create_app

#: Examples per operation: enough to hit edge cases, bounded to keep the module fast.
EXAMPLES = 30


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, sample_db: Path) -> Iterator[Any]:
    import sqlite3
    from contextlib import closing

    copy = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    with closing(sqlite3.connect(sample_db)) as src, closing(sqlite3.connect(copy)) as dst:
        src.backup(dst)
    with dateline.connect(copy, create=False) as dl:
        app = create_app(dl, settings=Settings(token=TOKEN, max_request_bytes=50_000))
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def _operations(schema: Any) -> list[Any]:
    return [result.ok() for result in schema.get_all_operations()]


def test_the_schema_lists_every_operation(api_schema: Any) -> None:
    names = {f"{op.method.upper()} {op.path}" for op in _operations(api_schema)}
    assert len(names) == 10, names
    assert "POST /api/articles" in names


@pytest.mark.parametrize(
    "label",
    [
        "GET /health",
        "GET /api/entities",
        "GET /api/entities/{entity_id}",
        "GET /api/entities/{entity_id}/timeline",
        "GET /api/entities/{entity_id}/quotes",
        "GET /api/entities/{entity_id}/facts",
        "GET /api/articles",
        "GET /api/articles/{article_id}",
        "GET /api/search",
        "POST /api/articles",
    ],
)
def test_no_server_errors(api_schema: Any, label: str) -> None:
    """Generated requests (valid and invalid) never get a 500 and always a JSON error."""
    operation = next(
        op for op in _operations(api_schema) if f"{op.method.upper()} {op.path}" == label
    )
    headers = {"Authorization": f"Bearer {TOKEN}"} if operation.method.upper() == "POST" else {}
    seen: list[int] = []

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        seen.append(response.status_code)
        assert response.status_code < 500, (case.method, case.formatted_path, response.text)
        if response.status_code >= 400:
            error = response.json()["error"]
            assert error["status"] == response.status_code and error["message"]

    check()
    assert seen, "no request was generated"
