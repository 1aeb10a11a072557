"""Per-backend DDL that SQLAlchemy cannot express (triggers), run by the migrations."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

__all__ = ["run_for_dialect"]


def run_for_dialect(
    conn: Connection,
    *,
    sqlite: Callable[[], list[str]],
    postgresql: Callable[[], list[str]],
    what: str,
) -> None:
    """Run the statements written for ``conn``'s backend; ``what`` names them in the error."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        statements = sqlite()
    elif dialect == "postgresql":
        statements = postgresql()
    else:
        raise ValueError(f"no {what} for {dialect}")
    for statement in statements:
        conn.exec_driver_sql(statement)
