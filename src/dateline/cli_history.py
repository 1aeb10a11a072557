"""CLI commands over what is known across articles: ``dateline facts`` (bi-temporal
queries) and ``dateline entities`` with its ``merge``, ``split`` and ``why`` subcommands.

Registered by ``dateline.cli``; kept apart so the main CLI module stays small.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from dateline.cli import (
    DbOption,
    FormatOption,
    _day,
    _json,
    _open,
    _print_json,
    err,
    out,
    source_width,
)
from dateline.model import readable_bounds
from dateline.query.timeline import Facts, facts_to_json

__all__ = ["entities_app", "facts_command"]

entities_app = typer.Typer(
    help="Entities across all articles; merge, split and explain them.",
    invoke_without_command=True,
    no_args_is_help=False,
)


def _print_facts(result: Facts) -> None:
    info = result.entity
    out.print(Text(info.name, style="bold"), f"[{info.label}]")
    if not result.facts:
        out.print("  no facts")
        return
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    # as in the timeline: a long source wraps in its own column, never the fact to a word a line
    table.add_column("from", no_wrap=True)
    table.add_column("to", no_wrap=True)
    table.add_column("fact", min_width=24, ratio=1)
    table.add_column("published", no_wrap=True)
    table.add_column("recorded", no_wrap=True)
    table.add_column("sources", max_width=source_width(out.width), overflow="fold")
    for item in result.facts:
        when = item.when
        start, end = readable_bounds(when) if when else (None, None)
        start, end = start or "…", end or "…"
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
            f"{item.recorded_at:%Y-%m-%d %H:%M}",
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


@entities_app.callback()
def entities(
    ctx: typer.Context,
    db: DbOption = None,
    type_: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE, ...")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Name or alias contains this.")] = None,
    limit: Annotated[int, typer.Option(min=1)] = 50,
    format_: FormatOption = "text",
) -> None:
    """Entities across all articles, most mentioned first (or: merge, split, why)."""
    ctx.obj = db
    if ctx.invoked_subcommand is not None:
        return
    as_json = _json(format_)  # checked before any work
    with _open(db) as dl:
        found = dl.entities(label=type_.upper() if type_ else None, query=q, limit=limit)
    if as_json:
        _print_json(
            [
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.label,
                    "aliases": list(e.aliases),
                    "mentions": e.mention_count,
                    "articles": e.article_count,
                }
                for e in found
            ]
        )
        return
    for e in found:
        aliases = f"  (also: {', '.join(e.aliases)})" if e.aliases else ""
        out.print(f"{e.mention_count:5}  {e.label:12} {e.name}{aliases}")


def _db(ctx: typer.Context, db: str | None) -> str | None:
    return db or (ctx.obj if isinstance(ctx.obj, str) else None)


@entities_app.command("merge")
def merge_command(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(help="The entity to keep (name or alias).")],
    other: Annotated[str, typer.Argument(help="The entity to merge into it.")],
    db: DbOption = None,
) -> None:
    """Merge OTHER into KEEP: mentions, items and aliases move; undo with `split`."""
    with _open(_db(ctx, db)) as dl:
        kept, merged = dl.merge_entities(keep, other)
    err.print(f"merged {merged!r} into {kept!r}; undo: dateline entities split {kept!r} {merged!r}")


@entities_app.command("split")
def split_command(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="The entity to split (name or alias).")],
    name: Annotated[str, typer.Argument(help="The merged entity or alias to take out.")],
    db: DbOption = None,
) -> None:
    """Take NAME out of ENTITY again: undoes a merge, or makes an alias its own entity."""
    with _open(_db(ctx, db)) as dl:
        kept, split_off = dl.split_entity(entity, name)
    err.print(f"split {split_off!r} from {kept!r}; later articles keep them apart")


@entities_app.command("why")
def why_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Entity name or alias.")],
    db: DbOption = None,
    format_: FormatOption = "text",
) -> None:
    """Why each alias and merged name was joined to the entity."""
    as_json = _json(format_)
    with _open(_db(ctx, db)) as dl:
        entity, reasons = dl.why_entity(name)
    if as_json:
        _print_json(
            {
                "entity": entity,
                "reasons": [
                    {"name": r.name, "rule": r.rule, "articles": list(r.articles)} for r in reasons
                ],
            }
        )
        return
    out.print(Text(entity, style="bold"))
    if not reasons:
        out.print("  no aliases: every mention uses this name")
    for r in reasons:
        where = (
            f" [{', '.join(r.articles[:3])}{' …' if len(r.articles) > 3 else ''}]"
            if r.articles
            else ""
        )
        out.print(f"  {r.name}: {r.rule}{where}")
