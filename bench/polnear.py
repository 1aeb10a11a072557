"""Quote and attribution extraction scored on PolNeAR (source, cue, content spans).

Runs the full pipeline over a PolNeAR split (``dev`` by default), scores the quotes and
attributions with ``dateline.eval.attribution`` (exact and token-Jaccard >= 0.5 overlap
match; see docs/quotes.md) and writes the figures to docs/benchmarks.md between the
``polnear`` markers, for the default pipeline and again with the opt-in attribution tagger
(``DATELINE_QUOTE_TAGGER=1``). ``--cache DIR`` keeps spaCy's parses between runs (for
error analysis on ``train``); ``--errors N`` prints N missed and N spurious contents.

    .venv/bin/python bench/polnear.py --split dev
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from throughput import BenchError, git_revision, machine, write_section

ROOT = Path(__file__).resolve().parents[1]
POLNEAR_DIR = ROOT.parent / "shared" / "data" / "polnear"
START = "<!-- polnear:start -->"
END = "<!-- polnear:end -->"


def _docs_with_cache(split: str, cache: Path | None, limit: int | None) -> tuple[list, list]:  # type: ignore[type-arg]
    """(annotated docs, extractions); spaCy's parses are kept in ``cache`` when given
    (``attribution_corpus.parsed_split``, which also keeps the titles of works found)."""
    from attribution_corpus import BEFORE_QUOTES, parsed_split

    from dateline.eval.attribution import articles_of, extract_documents, read_polnear
    from dateline.nlp.extract import extraction_from_doc
    from dateline.nlp.pipeline import DATELINE_COMPONENTS, load_pipeline

    if cache is None:
        docs = read_polnear(POLNEAR_DIR / split)
        docs = docs[:limit] if limit else docs
        return docs, extract_documents(docs)
    nlp = load_pipeline()
    rest = [n for n in DATELINE_COMPONENTS if n not in BEFORE_QUOTES]
    docs, extractions = [], []
    for gold, doc in parsed_split(split, cache=cache, limit=limit):
        for name in rest:
            doc = nlp.get_pipe(name)(doc)
        docs.append(gold)
        extractions.append(extraction_from_doc(articles_of([gold])[0], doc))
    return docs, extractions


def _show_errors(docs: Sequence, extractions: Sequence, count: int) -> None:  # type: ignore[type-arg]
    from dateline.eval.attribution import _jaccard, _tokens, predicted_attributions

    missed, spurious = [], []
    for doc, ex in zip(docs, extractions, strict=True):
        pred = predicted_attributions(ex)
        p_tok = [_tokens(doc.text, a.content) for a in pred]
        g_tok = [_tokens(doc.text, a.content) for a in doc.attributions]
        for g, a in zip(g_tok, doc.attributions, strict=True):
            if not any(_jaccard(g, p) >= 0.5 for p in p_tok):
                cue = " ".join(doc.text[s:e] for s, e in a.cue)
                text = " | ".join(doc.text[s:e] for s, e in a.content)
                missed.append(f"[{cue}] {text[:140]}")
        for p, a in zip(p_tok, pred, strict=True):
            if not any(_jaccard(g, p) >= 0.5 for g in g_tok):
                cue = " ".join(doc.text[s:e] for s, e in a.cue)
                text = " | ".join(doc.text[s:e] for s, e in a.content)
                spurious.append(f"[{cue}] {text[:140]}")
    rng = random.Random(7)
    print(f"--- missed ({len(missed)})")
    for line in rng.sample(missed, min(count, len(missed))):
        print(line)
    print(f"--- spurious ({len(spurious)})")
    for line in rng.sample(spurious, min(count, len(spurious))):
        print(line)


def _timed(split: str) -> tuple[list, list, dict[str, float]]:  # type: ignore[type-arg]
    """(docs, extractions, seconds per stage): one pass that both times and extracts."""
    from components import stage_times

    from dateline.eval.attribution import read_polnear
    from dateline.model import Article

    docs = read_polnear(POLNEAR_DIR / split)
    articles = [
        Article(
            text=d.text,
            published_at=datetime.fromisoformat(d.published).replace(tzinfo=UTC),
            id=d.name,
        )
        for d in docs
    ]
    times, _, extractions = stage_times(articles)
    return docs, extractions, times


def _table(scores) -> list[str]:  # type: ignore[no-untyped-def]
    lines = [
        "| Span | Gold | Predicted | P exact | R exact | F1 exact | P overlap | R overlap | "
        "F1 overlap |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ("source", "cue", "content"):
        s = scores.spans[kind]
        ep, er, ef = s.exact_prf()
        op, orr, of = s.overlap_prf()
        lines.append(
            f"| {kind} | {s.gold} | {s.predicted} | {ep:.3f} | {er:.3f} | {ef:.3f} | "
            f"{op:.3f} | {orr:.3f} | {of:.3f} |"
        )
    return lines


def _speed(times, documents: int) -> str:  # type: ignore[no-untyped-def]
    from components import QUOTE_STAGE, quote_seconds

    total = sum(times.values())
    quotes = quote_seconds(times)
    stage = "`, `".join(QUOTE_STAGE)
    return (
        f"the quote stage (`{stage}`) took {quotes:.2f} s of {total:.1f} s of ingest (spaCy, "
        f"dateline's stages, records, SQLite save), i.e. {100 * quotes / total:.1f}% "
        f"(budget: 10%); {1000 * quotes / documents:.1f} ms per article"
    )


def render(scores, split: str, seconds: float, command: str, times=None, tagged=None) -> str:  # type: ignore[no-untyped-def]
    lines = [
        START,
        "## Quotes and attributions on PolNeAR",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/polnear.py` on PolNeAR "
        f"`{split}/` ({scores.documents} documents; a text with several annotators is read "
        f"with its first annotation file), {seconds:.0f} s for the pipeline and scoring. "
        "Spans are compared as sets of word tokens: *exact* = equal sets, *overlap* = token "
        "Jaccard ≥ 0.5, one-to-one pairing (see docs/quotes.md).",
        "",
        "The default pipeline (rules):",
        "",
        *_table(scores),
    ]
    lines += [
        "",
        f"- Source given content: {scores.source_given_content():.3f} "
        f"({scores.content_right_source} of {scores.content_matched} overlap-matched contents "
        "have an overlapping source, or both have none).",
        "- Reference (not comparable corpus/split): BBC citron, trained on PARC 3.0, reported "
        "source exact F1 82.0 and content exact F1 59.3.",
    ]
    if times:
        lines.append(f"- Speed on this quote-heavy news: {_speed(times, scores.documents)}.")
    if tagged is not None:
        tagged_scores, tagged_times = tagged
        lines += [
            "",
            "With the learned attribution tagger (`DATELINE_QUOTE_TAGGER=1`, opt-in; trained "
            "on `train/` only, see docs/quotes.md), the same run:",
            "",
            *_table(tagged_scores),
            "",
            f"- Source given content: {tagged_scores.source_given_content():.3f} "
            f"({tagged_scores.content_right_source} of {tagged_scores.content_matched}).",
        ]
        if tagged_times:
            lines.append(f"- Speed: {_speed(tagged_times, tagged_scores.documents)}.")
    lines += [
        f"- Machine: {', '.join(f'{k} {v}' for k, v in machine().items())}; "
        f"dateline {git_revision()}.",
        "",
        "Reproduce (needs `../shared/data/polnear`):",
        "",
        "```sh",
        command,
        "```",
        END,
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--errors", type=int, default=0)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--rules-only", action="store_true", help="skip the run with the attribution tagger"
    )
    args = parser.parse_args(argv)
    from dateline.eval.attribution import predicted_attributions, score

    try:
        if not (POLNEAR_DIR / args.split).is_dir():
            raise BenchError(f"{POLNEAR_DIR / args.split} not found: PolNeAR is needed")
        started = time.perf_counter()
        times = None
        from dateline.nlp.quotes import TAGGER_ENV

        # the rules' table is the default pipeline: a tagger asked for outside is set aside
        saved_tagger = os.environ.pop(TAGGER_ENV, None)
        if args.cache is None and args.limit is None:
            docs, extractions, times = _timed(args.split)
        else:
            docs, extractions = _docs_with_cache(args.split, args.cache, args.limit)
        scores = score(
            (d.text, predicted_attributions(e), d.attributions)
            for d, e in zip(docs, extractions, strict=True)
        )
        tagged = None
        if args.cache is None and args.limit is None and not args.rules_only:
            os.environ[TAGGER_ENV] = "1"
            try:
                docs, tagged_extractions, tagged_times = _timed(args.split)
            finally:
                if saved_tagger is None:
                    del os.environ[TAGGER_ENV]
                else:
                    os.environ[TAGGER_ENV] = saved_tagger
            tagged = (
                score(
                    (d.text, predicted_attributions(e), d.attributions)
                    for d, e in zip(docs, tagged_extractions, strict=True)
                ),
                tagged_times,
            )
        seconds = time.perf_counter() - started
    except BenchError as exc:
        print(f"polnear: {exc}", file=sys.stderr)
        return 1
    command = ".venv/bin/python bench/polnear.py --split " + args.split
    section = render(scores, args.split, seconds, command, times, tagged)
    print(section)
    if args.errors:
        _show_errors(docs, extractions, args.errors)
    if not args.no_write and args.limit is None and args.cache is None:
        write_section(args.output, section, start_mark=START, end_mark=END)
    return 0


if __name__ == "__main__":
    sys.exit(main())
