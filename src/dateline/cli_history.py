"""CLI commands over facts across articles: ``dateline facts`` (bi-temporal queries).

Registered by ``dateline.cli``; kept apart so the main CLI module stays small.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from dateline.cli import DbOption, FormatOption, _day, _json, _open, _print_json, out
from dateline.query.timeline import Facts, facts_to_json

__all__ = ["facts_command"]


def _print_facts(result: Facts) -> None:
    info = result.entity
    out.print(Text(info.name, style="bold"), f"[{info.label}]")
    if not result.facts:
        out.print("  no facts")
        return
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for column in ("from", "to", "fact", "published", "sources"):
        table.add_column(column, no_wrap=column != "fact")
    for item in result.facts:
        when = item.when
        start = (when.start_value if when else None) or "…"
        end = (when.end_value if when else None) or "…"
        reports = len(item.mentions) or 1
        note = "".join(
            f"\n  disputed {d.attribute}: "
            + "; ".join(f"{v} ({', '.join(s) or 'article'})" for v, _, s in d.values)
            for d in item.disagreements
        )
        table.add_row(
            start,
            end,
            item.summary + note,
            f"{item.published_at.date()}",
            f"{reports} report{'s' if reports > 1 else ''}"
            + (f" via {', '.join(item.sources)}" if item.sources else ""),
        )
    out.print(table)


def facts_command(
    entity: Annotated[str, typer.Argument(help="Entity name or alias, e.g. 'Feld'.")],
    db: DbOption = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Only facts that held on this date (valid time).")
    ] = None,
    known_on: Annotated[
        str | None,
        typer.Option("--known-on", help="Only what had been published by this date."),
    ] = None,
    format_: FormatOption = "text",
) -> None:
    """Facts about an entity combined across articles, with when they held and were known."""
    as_json = _json(format_)  # checked before any work
    with _open(db) as dl:
        result = dl.facts(
            entity, as_of=_day(as_of, "--as-of"), known_on=_day(known_on, "--known-on")
        )
    if as_json:
        _print_json(facts_to_json(result))
    else:
        _print_facts(result)
