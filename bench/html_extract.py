"""Cost of reading web pages, next to the cost of the NLP on the same texts.

The pages are generated at run time (never committed): the first N Reuters-21578 stories
with a body, each wrapped in one of three page layouts we wrote (a news page with JSON-LD,
navigation, adverts and a comments section; a page with Open Graph metadata and a
``<time>`` element; a blog-style page dated only by its URL). One run measures, in this
process and on the same stories:

(a) HTML extraction alone (``dateline.io.html.html_article``: trafilatura, page dates,
    paywall removal): pages/s, and how many pages gave back their story and date;
(b) the language check (lingua): articles/s, with the detector's load time apart;
(c) near-duplicate signatures (MinHash over shingles) and LSH matching: articles/s, and
    how many stories the index links as near-duplicates (Reuters repeats some stories);
(d) the dateline NLP pipeline (``nlp.pipeline.process``) over the extracted texts:
    articles/s, model loading not timed.

(a)-(c) are the median of ``--repeat`` runs; (d) runs once (it dominates). The section between
the ``html_extract`` markers in ``docs/benchmarks.md`` is rewritten; the rest is kept.

Usage (from the repository root)::

    .venv/bin/python bench/html_extract.py [--limit 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import html
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from throughput import (
    REUTERS_DIR,
    BenchError,
    Story,
    git_revision,
    load_stories,
    machine,
    reproduce,
)
from throughput import write_section as _write_section

START = "<!-- html_extract:start -->"
END = "<!-- html_extract:end -->"

_NAV = (
    '<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
    '<li><a href="/business">Business</a></li><li><a href="/markets">Markets</a></li>'
    '<li><a href="/sport">Sport</a></li></ul></nav>'
)
_ADVERT = '<div class="advert">Advertisement: Save on business class fares this month!</div>'
_COMMENTS = (
    '<section class="comments"><h3>Comments</h3>'
    '<div class="comment"><p>Great reporting, thank you.</p></div>'
    '<div class="comment"><p>I do not believe a word of this, as usual.</p></div></section>'
)
_FOOTER = "<footer><p>Example Wire. All rights reserved. Terms. Privacy.</p></footer>"


def _paragraphs(text: str) -> list[str]:
    """Reuters paragraphs start with an indented line."""
    paragraphs: list[str] = []
    for line in text.splitlines():
        if not paragraphs or line.startswith(("    ", "\t")) or not line.strip():
            paragraphs.append(line.strip())
        else:
            paragraphs[-1] += " " + line.strip()
    return [p for p in paragraphs if p]


def page(story: Story, layout: int) -> tuple[str, str]:
    """(HTML, URL) of one story in one of three layouts."""
    published = datetime.fromisoformat(story.date)
    title = html.escape(story.title or "Untitled")
    body = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(story.text))
    slug = f"story-{story.id}"
    if layout == 0:
        url = f"https://wire.example/news/{slug}"
        head = (
            f"<title>{title} | Example Wire</title>"
            '<meta property="og:site_name" content="Example Wire">'
            '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"'
            f'{published.isoformat()}","headline":"x"}}</script>'
        )
        main = f"<article><h1>{title}</h1>{body}</article>{_COMMENTS}"
    elif layout == 1:
        url = f"https://courier.example/{slug}"
        head = (
            f"<title>{title}</title>"
            f'<meta property="og:title" content="{title}">'
            '<meta property="og:site_name" content="Example Courier">'
        )
        main = (
            f'<main><h1>{title}</h1><p class="meta">Published <time datetime="'
            f'{published.isoformat()}" pubdate>{published:%d %B %Y}</time></p>'
            f'<div class="story-body">{body}</div></main>'
        )
    else:
        url = f"https://blog.example/{published:%Y/%m/%d}/{slug}"
        head = f'<title>{title}</title><link rel="canonical" href="{url}">'
        main = f'<div id="content"><h2>{title}</h2>{body}</div>'
    document = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}</head>'
        f"<body>{_NAV}{_ADVERT}{main}{_FOOTER}</body></html>"
    )
    return document, url


def _timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    seconds: list[float] = []
    result: object = None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        result = run()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def measure(stories: Sequence[Story], repeat: int) -> dict[str, object]:
    from dateline.dedupe import NearDuplicateIndex, signature
    from dateline.io.html import html_article
    from dateline.io.language import _detector, language_problem
    from dateline.io.readers import ReadOptions, Rejection
    from dateline.model import Article
    from dateline.nlp.pipeline import load_pipeline, process

    pages = [page(story, n % 3) for n, story in enumerate(stories)]
    data = [(document.encode("utf-8"), url) for document, url in pages]
    options = ReadOptions()

    reasons: Counter[str] = Counter()

    def extract() -> list[Article]:
        found: list[Article] = []
        reasons.clear()
        for n, (document, url) in enumerate(data):
            for item in html_article(document, origin=f"page{n}", options=options, url=url):
                if isinstance(item, Article):
                    found.append(item)
                elif isinstance(item, Rejection):
                    reasons[item.reason] += 1
        return found

    html_seconds, extracted = _timed(extract, repeat)
    assert isinstance(extracted, list)
    articles: list[Article] = extracted
    by_origin = {a.origin: a for a in articles}
    recovered = dated = 0
    for n, story in enumerate(stories):
        article = by_origin.get(f"page{n}")
        first = _paragraphs(story.text)[0][:60] if _paragraphs(story.text) else ""
        if article is not None and " ".join(first.split()) in article.text:
            recovered += 1
        if article is not None and article.published_at.date().isoformat() == story.date[:10]:
            dated += 1

    load_started = time.perf_counter()
    # lingua loads its language models on the first detection
    _detector().compute_language_confidence_values("The council voted to raise ferry fares.")
    detector_load = time.perf_counter() - load_started
    texts = [a.text for a in articles]
    language_seconds, found = _timed(lambda: [language_problem(a) for a in articles], repeat)
    assert isinstance(found, list)
    foreign = sum(1 for problem in found if problem is not None)

    def dedupe() -> int:
        index = NearDuplicateIndex()
        linked = 0
        for n, text in enumerate(texts):
            sig = signature(text)
            if sig is None:
                continue
            if index.match(sig) is None:
                index.add(str(n), sig)
            else:
                linked += 1
        return linked

    dedupe_seconds, linked = _timed(dedupe, repeat)
    signed = [(str(n), sig) for n, sig in enumerate(signature(t) for t in texts) if sig]
    rebuild_seconds, _index = _timed(lambda: NearDuplicateIndex(signed), repeat)

    nlp = load_pipeline()  # not timed
    started = time.perf_counter()
    for _article, _doc in process(articles, nlp=nlp):
        pass
    nlp_seconds = time.perf_counter() - started
    return {
        "pages": len(pages),
        "bytes": sum(len(d) for d, _ in data),
        "extracted": len(articles),
        "recovered": recovered,
        "dated": dated,
        "html_seconds": html_seconds,
        "detector_load": detector_load,
        "language_seconds": language_seconds,
        "foreign": foreign,
        "reasons": dict(reasons),
        "load": os.getloadavg()[0],
        "dedupe_seconds": dedupe_seconds,
        "linked": linked,
        "rebuild_seconds": rebuild_seconds,
        "signed": len(signed),
        "nlp_seconds": nlp_seconds,
    }


def render(m: dict[str, object], *, limit: int, repeat: int, command: str) -> str:
    def rate(count: object, seconds: object) -> str:
        assert isinstance(count, int) and isinstance(seconds, float)
        return f"{count / seconds:,.1f}"

    pages, extracted = m["pages"], m["extracted"]
    assert isinstance(pages, int) and isinstance(extracted, int)
    nlp_seconds = m["nlp_seconds"]
    html_seconds = m["html_seconds"]
    assert isinstance(nlp_seconds, float) and isinstance(html_seconds, float)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    rejected = m["reasons"]
    assert isinstance(rejected, dict)
    reasons = "; ".join(f"{count} × {reason}" for reason, count in rejected.items()) or "none"
    mib = m["bytes"] / 2**20
    lines = [
        START,
        "## Reading web pages, next to the NLP",
        "",
        f"Measured {when} by `bench/html_extract.py` on {pages:,} pages ({mib:.1f} MiB of HTML) "
        f"generated at run time from the first {limit:,} Reuters-21578 stories with a body, in "
        "three layouts of our own (JSON-LD news page with navigation, adverts and comments; "
        "Open Graph page with a `<time>`; blog page dated by its URL). One process; (a)-(c) "
        f"median of {repeat} run(s), (d) one run.",
        "",
        "| Stage | Seconds | Articles (pages)/s | ms each | vs NLP |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, key, count in (
        ("(a) HTML extraction (trafilatura + page dates)", "html_seconds", pages),
        (
            "(b) language check (plain-English look, then lingua low-accuracy)",
            "language_seconds",
            extracted,
        ),
        ("(c) near-duplicate signature + LSH match", "dedupe_seconds", extracted),
        ("(d) dateline NLP pipeline (spaCy + ours)", "nlp_seconds", extracted),
    ):
        seconds = m[key]
        assert isinstance(seconds, float)
        lines.append(
            f"| {label} | {seconds:.2f} | {rate(count, seconds)} | "
            f"{1000 * seconds / max(count, 1):.1f} | {seconds / nlp_seconds:.3f} |"
        )
    lines += [
        "",
        f"- (a) gave an article for {extracted:,} of {pages:,} pages; the story's first words "
        f"were in the text for {m['recovered']:,} and the publication day was right for "
        f"{m['dated']:,} (from JSON-LD, `<time>` or the URL by layout).",
        f"  The others were rejected: {reasons}.",
        f"- (b) loading the detector (and its models, on the first detection) took "
        f"{m['detector_load']:.2f} s, not in the table; it rejected {m['foreign']:,} of "
        f"{extracted:,} texts as not English.",
        f"- (c) linked {m['linked']:,} of {extracted:,} stories to an earlier one as "
        "near-duplicates (Reuters-21578 repeats some stories and corrections). Rebuilding the "
        f"index from {m['signed']:,} stored signatures, as each ingest command (a server: "
        "its first write) does, took "
        f"{m['rebuild_seconds']:.2f} s ({1000 * m['rebuild_seconds'] / max(m['signed'], 1):.2f} "
        "ms per stored article).",
        f"- HTML extraction costs {html_seconds / nlp_seconds:.1%} of the NLP time on the same "
        "texts: reading pages is not the bottleneck of ingest.",
        f"- The machine was shared: 1-minute load average {m['load']:.1f} at the end of the run, "
        "so absolute rates vary between runs; the ratios compare stages of one run.",
        f"- Machine: {', '.join(f'{k} {v}' for k, v in machine().items())}; "
        f"dateline {git_revision()}.",
        "",
        *reproduce(command, needs="needs `../shared/data/reuters-21578`", end_mark=END),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuters", type=Path, default=REUTERS_DIR)
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    if not args.reuters.is_dir():
        print(f"error: {args.reuters} not found (needs ../shared)", file=sys.stderr)
        return 1
    try:
        stories = load_stories(args.reuters, args.limit)
        measured = measure(stories, args.repeat)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    command = f".venv/bin/python bench/html_extract.py --limit {args.limit} --repeat {args.repeat}"
    section = render(measured, limit=args.limit, repeat=args.repeat, command=command)
    _write_section(args.output, section, start_mark=START, end_mark=END)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
