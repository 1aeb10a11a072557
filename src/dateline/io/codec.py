"""JSON encoding of the model records, and back, without losing types.

One generic codec driven by the dataclass type hints, so that a new field on a record is
serialised everywhere (extract output, stored extraction, exports) without a second edit.
``When`` is written in the timeline contract's shape (see docs/json-contract.md).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from dateline.model import Precision, When

__all__ = ["from_json", "to_json", "when_from_json"]

T = TypeVar("T")


#: values written as they are (exact types: a ``str`` Enum is not one of them)
_PLAIN: frozenset[type] = frozenset({str, int, float, bool, type(None)})


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names, looked up once per class (the save path encodes every
    record of every article: reflection per value was a fifth of the save time)."""
    try:
        return _FIELD_NAMES[cls]
    except KeyError:
        names = (
            tuple(f.name for f in dataclasses.fields(cls))
            if dataclasses.is_dataclass(cls)
            else None
        )
        return _FIELD_NAMES.setdefault(cls, names)


def to_json(value: Any) -> Any:
    """A JSON-ready structure for a record, tuple, date or plain value."""
    cls = type(value)
    if cls in _PLAIN:
        return value
    if cls is When:
        return value.to_json()
    names = _field_names(cls)
    if names is not None:
        return {name: to_json(getattr(value, name)) for name in names}
    if isinstance(value, When):
        return value.to_json()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def when_from_json(data: dict[str, Any]) -> When:
    """Inverse of ``When.to_json``."""
    return When(
        value=data.get("value"),
        start=date.fromisoformat(data["start"]) if data.get("start") else None,
        end=date.fromisoformat(data["end"]) if data.get("end") else None,
        precision=Precision(data.get("precision", "unknown")),
        start_value=data.get("start_value"),
        end_value=data.get("end_value"),
        mod=data.get("mod"),
        basis=data.get("basis", "timex"),
    )


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _decode(args[0], data) if len(args) == 1 else data
    if tp is When:
        return when_from_json(data)
    if origin is tuple:
        (item_type, *_rest) = typing.get_args(tp)
        return tuple(_decode(item_type, v) for v in data)
    if origin is dict or tp is Any:
        return data
    if isinstance(tp, type):
        if dataclasses.is_dataclass(tp):
            hints = _hints(tp)
            kwargs = {
                f.name: _decode(hints[f.name], data[f.name])
                for f in dataclasses.fields(tp)
                if f.name in data
            }
            return tp(**kwargs)
        if issubclass(tp, datetime):
            return datetime.fromisoformat(data)
        if issubclass(tp, date):
            return date.fromisoformat(data)
        if issubclass(tp, Enum):
            return tp(data)
    return data


def from_json(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a record of type ``cls`` from ``to_json`` output."""
    result: T = _decode(cls, data)
    return result
