"""Which stored entities a save reads to resolve an article's names (``candidates``).

Only person names are looked up by last token: an article naming "Acme Inc" must not read
every stored entity whose name ends in "Inc" (thousands in a Reuters archive).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from dateline.model import Entity, Mention
from dateline.resolve.entities import last_token, normalise_name
from dateline.store import schema
from dateline.store.resolution import candidates, person_surnames
from dateline.store.sqlite import SQLiteStore

NOW = datetime(2026, 1, 1, tzinfo=UTC)
STORED = [
    ("Beta Inc", "ORG"),
    ("Gamma Inc", "ORG"),
    ("Ashton Kutcher", "PERSON"),
    ("Kutcher", "PERSON"),
    ("Kutcher Films", "ORG"),
]


def _entity(name: str, label: str) -> Entity:
    mention = Mention(text=name, char_start=0, char_end=len(name), sentence_index=0, kind="name")
    return Entity(key=name, name=name, label=label, mentions=(mention,))


def test_only_person_names_are_looked_up_by_last_token(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "c.db") as store, store._engine.begin() as conn:
        for name, label in STORED:
            norm = normalise_name(name)
            conn.execute(
                insert(schema.entities).values(
                    name=name,
                    name_norm=norm,
                    label=label,
                    last_token=last_token(norm),
                    first_seen=NOW,
                )
            )
        named = [(_entity(n, lab), n) for n, lab in [("Acme Inc", "ORG"), ("Kutcher", "PERSON")]]
        surnames = person_surnames(named)
        assert surnames == {"kutcher"}
        found = candidates(conn, {"acme inc", "inc", "kutcher"}, surnames=surnames)
        names = {norm: sorted(c.name for c in got) for norm, got in found.items()}
        # "inc" is no surname here: the two "... Inc" companies are not read for it
        assert names == {
            "acme inc": [],
            "inc": [],
            "kutcher": ["Ashton Kutcher", "Kutcher"],
        }
        # without ``surnames`` every name is also a last token, as before
        everything = candidates(conn, {"inc"})
        assert sorted(c.name for c in everything["inc"]) == ["Beta Inc", "Gamma Inc"]
