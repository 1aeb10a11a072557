"""The ``dateline`` command line. Errors are one line on stderr and exit status 1."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from dateline._api import Dateline, extract, sample_corpus
from dateline.cli_serve import serve
from dateline.cli_timex import eval_app, export_timeml, timeml_command
from dateline.errors import DatelineError
from dateline.eval.export import SEMEVAL_FORMAT, export_semeval_timelines
from dateline.ingest import IngestReport, ProgressCallback
from dateline.io.exporters import extraction_to_json
from dateline.io.readers import DEFAULT_MAX_BYTES, FORMATS, CsvColumns, parse_date
from dateline.model import Fact, readable_bounds, readable_span
from dateline.query.timeline import Timeline, timeline_to_json
from dateline.store import display_url

__all__ = ["app", "main"]

app = typer.Typer(
    name="dateline",
    help="Turn dated news into timelines: ingest articles, then ask what happened to whom, when.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False, soft_wrap=True, markup=False)  # article text is not markup
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file, sqlite:/// or postgresql:// URL. Default: $DATELINE_DB, "
        "else dateline.db.",
        show_default=False,
    ),
]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="Output format: text or json.")]


def _day(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value).date()
    except ValueError as exc:
        raise DatelineError(f"{name}: {exc}") from None


def _open(db: str | None, *, create: bool = False) -> Dateline:
    """Read-only commands never create a database (a mistyped --db is an error)."""
    return Dateline(db, create=create)


class _Bar:
    """A rich progress bar showing articles/s, fed by the ingest progress callback."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.progress = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            console=err,
            disable=not enabled,
        )
        self.task = self.progress.add_task("ingest", total=None, rate="")
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        seconds = max(time.monotonic() - self.started, 1e-6)
        rate = f"{done / seconds:.1f} articles/s" if done else ""
        self.progress.update(self.task, completed=done, total=total, rate=rate)

    def __enter__(self) -> ProgressCallback:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _print_report(report: IngestReport) -> None:
    status = "interrupted" if report.interrupted else "done"
    err.print(
        f"{status}: {report.ingested} ingested, {report.duplicates} duplicates skipped, "
        f"{report.near_duplicates} near-duplicates linked, "
        f"{len(report.rejected)} rejected in {report.seconds:.1f}s "
        f"({report.articles_per_second:.1f} articles/s) [run {report.run_id}]",
        markup=False,
    )
    for rejection in report.rejected:
        err.print(f"  rejected {rejection.origin}: {rejection.reason}", markup=False)
    for notice in report.notices:
        err.print(f"  note {notice.origin}: {notice.message}", markup=False)


QuoteTaggerOption = Annotated[
    bool,
    typer.Option(
        "--quote-tagger",
        help="Read quotes with the learned attribution tagger too (slower; needs the tagger "
        "extra; the same as DATELINE_QUOTE_TAGGER=1).",
    ),
]


def _tagger(on: bool) -> bool | None:
    """``--quote-tagger`` turns the tagger on; without it ``DATELINE_QUOTE_TAGGER`` decides."""
    return True if on else None


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")
    ],
    db: DbOption = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes running the NLP.")] = 1,
    date_: Annotated[
        str | None,
        typer.Option("--date", help="Publication date for plain text without a date line."),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Reject articles larger than this many bytes.")
    ] = DEFAULT_MAX_BYTES,
    future_days: Annotated[
        float, typer.Option(min=0, help="Reject dates more than this many days in the future.")
    ] = 2.0,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    format_: Annotated[
        str,
        typer.Option(
            "--format",
            help="Input format: auto (detected per file), text, jsonl, reuters, html, warc, "
            "feed or csv.",
        ),
    ] = "auto",
    text_column: Annotated[str, typer.Option(help="CSV column holding the article text.")] = "text",
    date_column: Annotated[
        str, typer.Option(help="CSV column holding the publication date.")
    ] = "date",
    title_column: Annotated[str | None, typer.Option(help="CSV column holding the title.")] = None,
    url_column: Annotated[str | None, typer.Option(help="CSV column holding the URL.")] = None,
    language_check: Annotated[
        bool, typer.Option(help="Reject articles detected as not English.")
    ] = True,
    near_duplicates: Annotated[
        bool,
        typer.Option(help="Link syndicated near-duplicates to the stored story (not re-read)."),
    ] = True,
    engine: Annotated[
        str, typer.Option(help="Where the NLP runs: local (processes) or ray (Ray actors).")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option(help="Ray cluster to join with --engine ray (default: start a local one)."),
    ] = None,
    quote_tagger: QuoteTaggerOption = False,
) -> None:
    """Ingest articles: dated text, JSON Lines, Reuters SGML, HTML, WARC, RSS/Atom, CSV."""
    if format_ not in FORMATS:
        raise DatelineError(f"unknown --format {format_!r}; use one of {', '.join(FORMATS)}")
    default_date = None
    if date_ is not None:
        try:
            default_date = parse_date(date_)
        except ValueError as exc:
            raise DatelineError(f"--date: {exc}") from None
    with _open(db, create=True) as dl, _Bar(progress and sys.stderr.isatty()) as bar:
        report = dl.ingest(
            paths,
            date=default_date,
            workers=workers,
            max_bytes=max_bytes,
            future_tolerance=timedelta(days=future_days),
            progress=bar,
            format=format_,
            columns=CsvColumns(
                text=text_column, date=date_column, title=title_column, url=url_column
            ),
            check_language=language_check,
            near_duplicates=near_duplicates,
            engine=engine,
            address=address,
            quote_tagger=_tagger(quote_tagger),
        )
    _print_report(report)
    if report.interrupted:
        raise typer.Exit(130)


#: narrowest the summary column gets in a table that has to fit the terminal (80 columns
#: when the output is not a terminal)
_WHAT_MIN_WIDTH = 32


def source_width(width: int) -> int:
    """Widest a sources column gets: a third of the terminal, and never under 24."""
    return max(24, width // 3)


def _print_timeline(result: Timeline) -> None:
    info = result.entity
    aliases = f" (also: {', '.join(info.aliases)})" if info.aliases else ""
    out.print(Text(info.name, style="bold"), f"[{info.label}]{aliases}")
    if not result.items and not result.undated:
        out.print("  nothing found in this range")
        return
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("when", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    # the summary is what a reader came for: a long source ("via people familiar with the
    # matter") wraps in its own column instead of squeezing it to a word per line
    table.add_column("what", min_width=_WHAT_MIN_WIDTH, ratio=1)
    table.add_column("source", max_width=source_width(out.width), overflow="fold")
    for item in result.items:
        when = item.when
        label = "?" if when is None else readable_span(when)
        sources = ", ".join(item.sources)
        copies = len(item.outlets) - 1
        table.add_row(
            label,
            item.kind,
            item.summary,
            f"{item.provenance.article_id}{' via ' + sources if sources else ''}"
            f"{f' (+{copies} outlets)' if copies > 0 else ''}",
        )
    out.print(table)
    if result.undated:
        out.print(Text("undated", style="bold"))
        for item in result.undated:
            out.print(f"  {item.kind:6} {item.summary}  [{item.provenance.article_id}]")


@app.command()
def timeline(
    entity: Annotated[str, typer.Argument(help="Entity name or alias, e.g. 'Kutcher'.")],
    db: DbOption = None,
    from_: Annotated[str | None, typer.Option("--from", help="Earliest date (YYYY-MM-DD).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Latest date (YYYY-MM-DD).")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Show what had happened and held on this date.")
    ] = None,
    known_on: Annotated[
        str | None, typer.Option("--known-on", help="Only what had been published by this date.")
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", help="Only these kinds: event, quote, fact.")
    ] = None,
    format_: FormatOption = "text",
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most this many items (one page).")
    ] = None,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Items to skip first.")] = 0,
) -> None:
    """The entity's events, quotes and facts in time order."""
    as_json = _json(format_)  # checked before any work
    kinds = _kinds(kind)
    with _open(db) as dl:
        result = dl.timeline(
            entity,
            start=_day(from_, "--from"),
            end=_day(to, "--to"),
            as_of=_day(as_of, "--as-of"),
            kinds=kinds,
            known_on=_day(known_on, "--known-on"),
            limit=limit,
            offset=offset,
        )
    shown = len(result.items) + len(result.undated)
    if (limit is not None or offset) and result.total is not None:
        err.print(f"items {offset + 1 if shown else offset}-{offset + shown} of {result.total}")
    if as_json:
        _print_json(timeline_to_json(result))
    else:
        _print_timeline(result)


def _fact_bounds(fact: Fact) -> tuple[str, str]:
    """A fact's from and to for people ("before 2024-03-05", not "PAST_REF")."""
    start = readable_bounds(fact.valid_from)[0] if fact.valid_from else None
    end = readable_bounds(fact.valid_to)[1] if fact.valid_to else None
    return start or "…", end or "…"


def _print_json(data: object) -> None:
    """JSON for machines: non-ASCII kept as is."""
    out.print_json(json.dumps(data, ensure_ascii=False))


def _kinds(kind: list[str] | None) -> list[str] | None:
    unknown = sorted(set(kind or ()) - {"event", "quote", "fact"})
    if unknown:
        raise DatelineError(f"unknown --kind {unknown[0]!r}; use event, quote or fact")
    return kind


def _json(format_: str) -> bool:
    if format_ not in {"text", "json"}:
        raise DatelineError(f"unknown --format {format_!r}; use text or json")
    return format_ == "json"


@app.command("extract")
def extract_command(
    file: Annotated[
        Path, typer.Argument(help="One article: dated text, an HTML page, ... (or --date).")
    ],
    date_: Annotated[
        str | None, typer.Option("--date", help="Publication date if the file has none.")
    ] = None,
    format_: FormatOption = "json",
    quote_tagger: QuoteTaggerOption = False,
) -> None:
    """Everything read from one article, with character offsets; no database."""
    as_json = _json(format_)  # checked before any work
    if not file.is_file():
        raise DatelineError(f"{file}: no such file")
    extraction = extract(file, date=date_, quote_tagger=_tagger(quote_tagger))
    data = extraction_to_json(extraction)
    if as_json:
        _print_json(data)
        return
    out.print(Text(str(file), style="bold"), f"published {extraction.article.published_at.date()}")
    for ent in extraction.entities:
        out.print(f"  entity  {ent.name} [{ent.label}] {len(ent.mentions)} mentions")
    for tx in extraction.timexes:
        out.print(f"  timex   {tx.text!r} {tx.type} {tx.value}{' ' + tx.mod if tx.mod else ''}")
    for ev in extraction.events:
        when = readable_bounds(ev.when)[0] if ev.when else "undated"
        out.print(f"  event   [{when}] {ev.summary}")
    for q in extraction.quotes:
        out.print(f"  quote   {' & '.join(q.speakers) or '?'}: {q.content.text[:80]!r}")
    for a in extraction.attributions:
        out.print(f"  source  {a.source.text}: {a.content.text[:80]!r}")
    for f in extraction.facts:
        start, end = _fact_bounds(f)
        out.print(f"  fact    {f.subject} {f.relation} {f.object} [{start} → {end}]")


@app.command()
def show(
    article_id: Annotated[
        str, typer.Argument(help="Article id, as printed by timeline or search.")
    ],
    db: DbOption = None,
    format_: FormatOption = "text",
) -> None:
    """An article with everything extracted from it."""
    as_json = _json(format_)  # checked before any work
    with _open(db) as dl:
        stored = dl.article(article_id)
        stored_outlets = dl.store.outlets([article_id]).get(article_id, ())
    data = extraction_to_json(stored.extraction)
    if as_json:
        _print_json(data)
        return
    art = stored.extraction.article
    out.print(
        Text(art.id, style="bold"), f"published {art.published_at.isoformat()}  ({art.origin})"
    )
    if art.title:
        out.print(Text(art.title, style="bold"))
    out.print(art.text.strip())
    out.print()
    ex = stored.extraction
    out.print(
        f"{len(ex.entities)} entities, {len(ex.timexes)} timexes, {len(ex.events)} events, "
        f"{len(ex.quotes)} quotes, {len(ex.attributions)} attributions, {len(ex.facts)} facts"
    )
    for f in ex.facts:
        start, end = _fact_bounds(f)
        out.print(f"  fact {f.subject} {f.relation} {f.object} [{start} → {end}]")
    for outlet in stored_outlets[1:]:
        where = outlet.publisher or outlet.url or outlet.origin or ""
        out.print(
            f"  also published {outlet.published_at.isoformat()} {where} [{outlet.article_id}]"
        )


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to find (full-text search).")],
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1)] = 20,
    format_: FormatOption = "text",
) -> None:
    """Full-text search over article text."""
    as_json = _json(format_)  # checked before any work
    with _open(db) as dl:
        hits = dl.search(text, limit=limit)
    if as_json:
        _print_json(
            [
                {
                    "article_id": h.article_id,
                    "published_at": h.published_at.isoformat(),
                    "title": h.title,
                    "snippet": h.snippet,
                }
                for h in hits
            ]
        )
        return
    for h in hits:
        out.print(f"{h.published_at.date()}  {h.article_id}  {h.snippet}")
    if not hits:
        err.print("no matches")


@app.command()
def export(
    format_: Annotated[
        str, typer.Option("--format", "-f", help="jsonl, graphml, timeml or semeval2015-timeline.")
    ] = "jsonl",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write (default: stdout); a directory for timeml."
        ),
    ] = None,
    db: DbOption = None,
    entities: Annotated[
        Path | None,
        typer.Option("--entities", help="semeval2015-timeline: target entities, one a line."),
    ] = None,
    cat_dir: Annotated[
        Path | None,
        typer.Option("--cat-dir", help="semeval2015-timeline: directory of CAT XML documents."),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Argument(help="semeval2015-timeline: directory for the timelines.")
    ] = None,
) -> None:
    """Export the database (jsonl, graphml, timeml), or SemEval-2015 timelines from CAT
    documents."""
    if format_ == SEMEVAL_FORMAT:
        _export_semeval(entities, cat_dir, out_dir)
        return
    if format_ == "timeml":
        if output is None:
            raise DatelineError("--format timeml writes one file per article: give -o DIRECTORY")
        with _open(db) as dl:
            count = export_timeml(dl.store.articles(), output)
        err.print(f"exported {count} articles to {output}")
        return
    if format_ not in {"jsonl", "graphml"}:
        raise DatelineError(
            f"unknown export format {format_!r}; use jsonl, graphml, timeml or {SEMEVAL_FORMAT}"
        )
    with _open(db) as dl:
        if output is None:
            count = dl.export(sys.stdout, format=format_)
        else:
            with output.open("w", encoding="utf-8") as handle:
                count = dl.export(handle, format=format_)
    err.print(f"exported {count} {'articles' if format_ == 'jsonl' else 'entities'}")


def _export_semeval(entities: Path | None, cat_dir: Path | None, out_dir: Path | None) -> None:
    if entities is None or cat_dir is None or out_dir is None:
        raise DatelineError(
            f"--format {SEMEVAL_FORMAT} needs --entities FILE --cat-dir DIR OUT_DIR"
        )
    written, rejected = export_semeval_timelines(entities, cat_dir, out_dir)
    for origin, reason in rejected:
        err.print(f"rejected {origin}: {reason}")
    err.print(f"exported {len(written)} timelines to {out_dir}")


@app.command()
def runs(db: DbOption = None, limit: Annotated[int, typer.Option(min=1)] = 10) -> None:
    """Recent ingest runs with their counts and rejected inputs."""
    with _open(db) as dl:
        for run in dl.runs(limit=limit):
            counts = ", ".join(f"{k} {v}" for k, v in run.counts.items())
            out.print(f"{run.id}  {run.started_at:%Y-%m-%d %H:%M}  {run.status}  {counts}")
            for origin, reason in run.rejections:
                out.print(f"    rejected {origin}: {reason}")


@app.command()
def demo(
    db: Annotated[
        str, typer.Option("--db", help="Database file for the demo.")
    ] = "dateline-demo.db",
    entity: Annotated[
        str | None, typer.Option(help="Entity to show (default: the most mentioned person).")
    ] = None,
) -> None:
    """Ingest the bundled sample corpus and print a timeline."""
    corpus = sample_corpus()
    shown = display_url(db)  # never print a password from a database URL
    err.print(f"ingesting the sample corpus from {corpus} into {shown}")
    with _open(db, create=True) as dl:
        with _Bar(sys.stderr.isatty()) as bar:
            report = dl.ingest([corpus], progress=bar)
        _print_report(report)
        people = dl.entities(label="PERSON", limit=1)
        name = entity or (people[0].name if people else None)
        if name is None:
            raise DatelineError("the sample corpus produced no people; is the model installed?")
        _print_timeline(dl.timeline(name))
    out.print()
    out.print("Explore further:")
    for command in (
        f"dateline entities --db {shown} --type PERSON",
        f"dateline timeline {name!r} --db {shown} --format json",
        f"dateline timeline {name!r} --db {shown} --as-of 2021-06-01",
        f"dateline search 'resigned' --db {shown}",
        f"dateline export --db {shown} --format graphml -o entities.graphml",
        "dateline extract FILE.txt --date 2024-05-01",
    ):
        out.print(f"  .venv/bin/{command}")


@app.command("quotes")
def quotes_command(
    entity: Annotated[str, typer.Argument(help="Entity name or alias, e.g. 'Kutcher'.")],
    db: DbOption = None,
    said_by: Annotated[
        bool, typer.Option("--said-by", help="Only quotes the entity said.")
    ] = False,
    about: Annotated[
        bool, typer.Option("--about", help="Only quotes about the entity (said by others).")
    ] = False,
    from_: Annotated[str | None, typer.Option("--from", help="Earliest date (YYYY-MM-DD).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="Latest date (YYYY-MM-DD).")] = None,
    format_: FormatOption = "text",
) -> None:
    """What the entity said and what was said about it, in time order."""
    from dateline.query.quotes import quotes_to_json

    as_json = _json(format_)  # checked before any work
    if said_by and about:
        raise DatelineError("--said-by and --about exclude each other; give one or neither")
    role = "speaker" if said_by else "about" if about else None
    with _open(db) as dl:
        result = dl.quotes(entity, role=role, start=_day(from_, "--from"), end=_day(to, "--to"))
    if as_json:
        _print_json(quotes_to_json(result))
        return
    out.print(Text(f"{result.entity.name} [{result.entity.label}]: quotes", style="bold"))
    for hit in result.quotes:
        item = hit.item
        when = (readable_bounds(item.when)[0] if item.when is not None else None) or "undated"
        venue = item.payload.get("venue")
        sources = ", ".join(item.sources)
        out.print(
            f"  {when:12} {hit.role:7} {item.summary}"
            f"{' (' + venue + ')' if venue else ''}{' via ' + sources if sources else ''}"
            f"  [{item.provenance.article_id}]"
        )
    if not result.quotes:
        out.print("  (none)")


app.command()(serve)
app.command("timeml")(timeml_command)
app.add_typer(eval_app, name="eval")


from dateline.cli_history import entities_app, facts_command  # noqa: E402  (uses the helpers above)

app.command("facts")(facts_command)
app.add_typer(entities_app, name="entities")


def main() -> None:
    """Entry point: run the app, turning ``DatelineError`` into one line on stderr."""
    try:
        code = app(standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except DatelineError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(1)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: still one line for users, the traceback on request
        # a usage error (typer's own click exceptions): one line too
        format_message = getattr(exc, "format_message", None)
        if callable(format_message) and isinstance(getattr(exc, "exit_code", None), int):
            err.print(f"error: {format_message()} (see --help)", markup=False)
            sys.exit(getattr(exc, "exit_code", 2))
        if os.environ.get("DATELINE_DEBUG"):
            raise
        err.print(
            f"error: internal error ({type(exc).__name__}: {exc}); "
            "set DATELINE_DEBUG=1 for the traceback",
            markup=False,
        )
        sys.exit(3)
