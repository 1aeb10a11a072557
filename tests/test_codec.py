"""The generic JSON codec: plain values out, whatever the record or enum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from dateline.io.codec import to_json
from dateline.model import Precision, When


@dataclass(frozen=True)
class _Record:
    name: str
    precision: Precision
    when: When | None
    at: datetime
    parts: tuple[int, ...]


def test_records_enums_and_dates_become_plain_json_values() -> None:
    when = When(
        value="2023-01", start=date(2023, 1, 1), end=date(2023, 1, 31), precision=Precision.MONTH
    )
    record = _Record("x", Precision.MONTH, when, datetime(2023, 9, 15, tzinfo=UTC), (1, 2))
    out = to_json([record, {"k": record.precision}])
    first = out[0]
    assert first == {
        "name": "x",
        "precision": "month",
        "when": when.to_json(),
        "at": "2023-09-15T00:00:00+00:00",
        "parts": [1, 2],
    }
    # a str enum is written as its value, not as the enum member
    assert type(first["precision"]) is str and type(out[1]["k"]) is str
