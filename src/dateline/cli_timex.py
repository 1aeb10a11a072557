"""``dateline timeml`` and ``dateline eval timex``: TimeML in/out and TempEval-3 timex scores.

Registered on the main app by ``dateline.cli``; kept apart so the main CLI module stays small.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from dateline.errors import DatelineError
from dateline.io.timeml import (
    TimeMLDoc,
    TimeMLError,
    article_to_timeml,
    read_timeml,
    timeml_files,
    write_timeml,
)
from dateline.store.base import StoredArticle

if TYPE_CHECKING:  # dateline.eval.timex loads spaCy: only the commands that tag import it
    from dateline.eval.timex import DocScore, TimexScore

__all__ = ["eval_app", "export_timeml", "output_name", "timeml_command"]

out = Console(highlight=False, soft_wrap=True, markup=False)
err = Console(stderr=True, highlight=False, soft_wrap=True, markup=False)

eval_app = typer.Typer(
    help="Score dateline against annotated corpora.", no_args_is_help=True, add_completion=False
)


def output_name(relative: Path) -> Path:
    """``x.tml.TE3input`` and ``x.TE3input`` are written as ``x.tml`` (what the scorer pairs)."""
    name = relative.name
    if name.lower().endswith(".te3input"):
        name = name[: -len(".te3input")]
        if not name.lower().endswith(".tml"):
            name += ".tml"
    return relative.with_name(name)


def _read_all(directory: Path) -> Iterator[tuple[Path, TimeMLDoc]]:
    """Readable documents under ``directory``; each bad file is one line on stderr."""
    if not directory.is_dir():
        raise DatelineError(f"{directory}: not a directory")
    files = timeml_files(directory)
    if not files:
        raise DatelineError(f"{directory}: no .tml or .TE3input files")
    for path in files:
        try:
            yield path.relative_to(directory), read_timeml(path)
        except TimeMLError as exc:
            err.print(f"rejected {path}: {exc}")


def timeml_command(
    in_dir: Annotated[Path, typer.Argument(help="Directory of .tml or .TE3input files.")],
    out_dir: Annotated[Path, typer.Argument(help="Directory to write the tagged .tml files.")],
) -> None:
    """Tag TimeML files with our TIMEX3 tags (text and DCT kept) for the TempEval-3 scorer."""
    from dateline.eval.timex import tag_documents

    written = 0
    pending = list(_read_all(in_dir))
    tagged = tag_documents(doc for _, doc in pending)  # in input order
    for (rel, _), (doc, timexes) in zip(pending, tagged, strict=True):
        target = out_dir / output_name(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(write_timeml(doc, timexes), encoding="utf-8")
        written += 1
    err.print(f"wrote {written} files to {out_dir}")


def _system_scores(
    gold: list[tuple[Path, TimeMLDoc]], system_dir: Path
) -> Iterator[tuple[Path, DocScore]]:
    from dateline.eval.timex import score_pair

    for rel, doc in gold:
        path = system_dir / rel
        if not path.exists():
            path = system_dir / output_name(rel)
        try:
            system = read_timeml(path)
        except TimeMLError as exc:
            err.print(f"rejected {path}: {exc}")
            continue
        if system.text != doc.text:
            err.print(f"rejected {path}: its text differs from the gold file's")
            continue
        yield rel, score_pair(doc, system.timexes)


def _row(name: str, s: TimexScore) -> list[str]:
    pct = [
        s.strict_p,
        s.strict_r,
        s.strict_f1,
        s.relaxed_p,
        s.relaxed_r,
        s.relaxed_f1,
        s.type_accuracy,
        s.value_accuracy,
        s.type_f1,
        s.value_f1,
    ]
    return [name, str(s.docs), str(s.gold), str(s.system), *(f"{100 * x:.2f}" for x in pct)]


HEADER = [
    "set",
    "docs",
    "gold",
    "sys",
    "strP",
    "strR",
    "strF1",
    "relP",
    "relR",
    "relF1",
    "typeAcc",
    "valAcc",
    "typeF1",
    "valF1",
]


@eval_app.command("timex")
def eval_timex(
    gold: Annotated[Path, typer.Option("--gold", help="Directory of gold TimeML files.")],
    system: Annotated[
        Path | None,
        typer.Option("--system", help="Directory of system TimeML files (default: tag them now)."),
    ] = None,
    format_: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    errors: Annotated[
        int, typer.Option("--errors", min=0, help="Also list this many disagreements.")
    ] = 0,
) -> None:
    """TempEval-3 timex figures: strict/relaxed P R F1, type and value accuracy and F1."""
    from dateline.eval.timex import score_docs, score_pair, tag_documents

    if format_ not in ("text", "json"):
        raise DatelineError(f"unknown format {format_!r}; use text or json")
    docs = list(_read_all(gold))
    if system is None:
        tagged = tag_documents(d for _, d in docs)  # in input order
        pairs = [
            (rel, score_pair(doc, found))
            for (rel, _), (doc, found) in zip(docs, tagged, strict=True)
        ]
    else:
        if not system.is_dir():
            raise DatelineError(f"{system}: not a directory")
        pairs = list(_system_scores(docs, system))
    groups: dict[str, list[DocScore]] = {}
    for rel, score in pairs:
        if len(rel.parts) > 1:
            groups.setdefault(rel.parts[0], []).append(score)
    rows: dict[str, TimexScore] = {"all": score_docs(s for _, s in pairs)}
    if len(groups) > 1:
        rows |= {name: score_docs(scores) for name, scores in sorted(groups.items())}
    if format_ == "json":
        out.print(json.dumps({k: v.as_dict() for k, v in rows.items()}, indent=2))
    else:
        widths = [max(len(h), 8) for h in HEADER]
        widths[0] = max(12, *(len(k) for k in rows))
        out.print(" ".join(h.rjust(w) for h, w in zip(HEADER, widths, strict=True)))
        for name, total in rows.items():
            cells = _row(name, total)
            out.print(" ".join(c.rjust(w) for c, w in zip(cells, widths, strict=True)))
    for e in rows["all"].errors[:errors]:
        err.print(f"{e.kind:6} {e.doc}: gold {e.gold or '-'}  system {e.system or '-'}")


def export_timeml(articles: Iterable[StoredArticle], directory: Path) -> int:
    """One ``<article id>.tml`` per stored article, with its timexes as TIMEX3 tags."""
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for stored in articles:
        ex = stored.extraction
        art = ex.article
        text = article_to_timeml(
            doc_id=art.id,
            text=art.text,
            dct=art.published_at.date(),
            timexes=ex.timexes,
            title=art.title,
        )
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in art.id)
        (directory / f"{safe}.tml").write_text(text, encoding="utf-8")
        count += 1
    return count
