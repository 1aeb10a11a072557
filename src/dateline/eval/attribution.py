"""Score quote and attribution extraction against span annotations (PolNeAR's brat files).

An attribution is three spans: source (who), cue (the reporting words) and content (what
is attributed); PolNeAR also annotates attributions without a source and splits a quote
interrupted by "he said" into fragments of one content. Spans are compared as sets of word
tokens (runs of letters and digits), so quote marks, commas and spacing never decide a
match:

- exact: the two token sets are equal;
- overlap: token Jaccard |A ∩ B| / |A ∪ B| >= 0.5.

Predicted and gold spans are paired one to one, best Jaccard first; precision is pairs over
predicted spans, recall pairs over gold spans. The source-given-content rate is the share of
overlap-matched contents whose predicted source overlaps the gold source (or both have none).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dateline.model import Article, Extraction

__all__ = [
    "OVERLAP_THRESHOLD",
    "AnnotatedDoc",
    "AttributionSpans",
    "Scores",
    "SpanScore",
    "articles_of",
    "evaluate",
    "extract_documents",
    "predicted_attributions",
    "read_brat",
    "read_polnear",
    "score",
]

#: token Jaccard at or above which two spans count as the same under "overlap"
OVERLAP_THRESHOLD = 0.5

_WORD = re.compile(r"\w+")

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class AttributionSpans:
    """One attribution as character fragments: a span may be discontinuous."""

    content: Fragments
    cue: Fragments = ()
    source: Fragments = ()


@dataclass(frozen=True, slots=True)
class AnnotatedDoc:
    """A text, its publication date (ISO day) and its gold attributions."""

    name: str
    text: str
    published: str
    attributions: tuple[AttributionSpans, ...]


def _fragments(offsets: str) -> Fragments:
    out = []
    for part in offsets.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return tuple(sorted(out))


def read_brat(ann: str) -> list[AttributionSpans]:
    """Attributions of a brat standoff file: T lines give spans, E lines tie them together."""
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            kind, _, offsets = parts[1].partition(" ")
            try:
                spans[parts[0]] = (kind, _fragments(offsets))
            except ValueError:
                continue
        elif parts[0].startswith("E"):
            roles = {}
            for arg in parts[1].split()[1:]:
                role, _, target = arg.partition(":")
                roles[role] = target
            events.append(roles)
    out: list[AttributionSpans] = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        cue = spans.get(roles.get("Cue", ""))
        source = spans.get(roles.get("Source", ""))
        out.append(
            AttributionSpans(
                content=content[1],
                cue=cue[1] if cue else (),
                source=source[1] if source else (),
            )
        )
    return out


def _dates(metadata: Path) -> dict[str, str]:
    dates: dict[str, str] = {}
    if not metadata.exists():
        return dates
    lines = metadata.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    name_at, date_at = header.index("filename"), header.index("publication_date")
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) > max(name_at, date_at):
            dates[cells[name_at]] = cells[date_at]
    return dates


def read_polnear(folder: Path, *, metadata: Path | None = None) -> list[AnnotatedDoc]:
    """The documents of a PolNeAR split (``text/`` and ``attributions/``).

    A text annotated by several annotators is read with the first annotation file in name
    order, so each text counts once.
    """
    dates = _dates(metadata or folder.parent / "metadata.tsv")
    docs = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        stem = text_path.stem
        anns = sorted((folder / "attributions").glob(f"{stem}_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        published = dates.get(stem) or stem.split("_")[1]
        gold = read_brat(anns[0].read_text(encoding="utf-8"))
        docs.append(AnnotatedDoc(stem, text, published, tuple(gold)))
    return docs


def _frag(start: int, end: int) -> Fragments:
    return ((start, end),)


def predicted_attributions(extraction: Extraction) -> list[AttributionSpans]:
    """Quotes and attributions as spans; quotes sharing one cue are one attribution.

    "“A,” he said. “B.”" is one attribution with a two-fragment content, as annotators mark it.
    """
    by_cue: dict[tuple[int, int], list[int]] = {}
    out: list[AttributionSpans] = []
    for quote in extraction.quotes:
        if quote.cue is None and (quote.kind != "direct" or not quote.speakers):
            continue  # quote marks with nobody behind them (a title, a scare quote)
        cue = _frag(quote.cue.char_start, quote.cue.char_end) if quote.cue else ()
        source = _frag(quote.source.char_start, quote.source.char_end) if quote.source else ()
        content = _frag(quote.content.char_start, quote.content.char_end)
        if quote.cue is not None:
            key = (quote.cue.char_start, quote.cue.char_end)
            if key in by_cue:
                index = by_cue[key][0]
                prev = out[index]
                out[index] = AttributionSpans(
                    _outermost(prev.content + content), prev.cue, prev.source or source
                )
                continue
            by_cue[key] = [len(out)]
        out.append(AttributionSpans(content, cue, source))
    out = _drop_nested(out)
    taken = [c for a in out for c in a.content]
    for attribution in extraction.attributions:
        span = (attribution.content.char_start, attribution.content.char_end)
        if any(s <= span[0] and span[1] <= e for s, e in taken):
            continue  # the same claim, already read as a quote
        out.append(
            AttributionSpans(
                content=(span,),
                cue=_frag(attribution.cue.char_start, attribution.cue.char_end),
                source=_frag(attribution.source.char_start, attribution.source.char_end),
            )
        )
    return out


def _outermost(fragments: Fragments) -> Fragments:
    """Fragments in text order, without one lying inside another (a phrase quoted inside
    the reported clause of the same cue is part of that clause)."""
    return tuple(
        sorted(
            f
            for f in set(fragments)
            if not any(g != f and g[0] <= f[0] and f[1] <= g[1] for g in fragments)
        )
    )


def _drop_nested(spans: list[AttributionSpans]) -> list[AttributionSpans]:
    """Drop a content lying inside another one (a partial quote in reported speech)."""
    kept = []
    for i, a in enumerate(spans):
        lo, hi = a.content[0][0], a.content[-1][1]
        inside = any(
            j != i
            and b.content[0][0] <= lo
            and hi <= b.content[-1][1]
            and (b.content[-1][1] - b.content[0][0]) > (hi - lo)
            for j, b in enumerate(spans)
        )
        if not inside:
            kept.append(a)
    return kept


def _tokens(text: str, fragments: Fragments) -> frozenset[int]:
    """Word tokens of the fragments, as the start offsets of the words."""
    out: set[int] = set()
    for start, end in fragments:
        out.update(start + m.start() for m in _WORD.finditer(text[start:end]))
    return frozenset(out)


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass
class SpanScore:
    """Counts for one span type; precision, recall and F1 for exact and overlap match."""

    predicted: int = 0
    gold: int = 0
    exact: int = 0
    overlap: int = 0

    @staticmethod
    def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
        p = hits / predicted if predicted else 0.0
        r = hits / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def exact_prf(self) -> tuple[float, float, float]:
        return self._prf(self.exact, self.predicted, self.gold)

    def overlap_prf(self) -> tuple[float, float, float]:
        return self._prf(self.overlap, self.predicted, self.gold)


@dataclass
class Scores:
    """Scores over a corpus, per span type, plus the source-given-content counts."""

    spans: dict[str, SpanScore] = field(
        default_factory=lambda: {k: SpanScore() for k in ("source", "cue", "content")}
    )
    content_matched: int = 0
    content_right_source: int = 0
    documents: int = 0

    def source_given_content(self) -> float:
        return self.content_right_source / self.content_matched if self.content_matched else 0.0


def _pair(
    predicted: Sequence[frozenset[int]], gold: Sequence[frozenset[int]]
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (predicted index, gold index, Jaccard), best Jaccard first."""
    candidates = []
    for i, p in enumerate(predicted):
        if not p:
            continue
        for j, g in enumerate(gold):
            if p & g:
                candidates.append((_jaccard(p, g), i, j))
    candidates.sort(reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for jac, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j, jac))
    return out


def _count(
    score: SpanScore,
    predicted: list[frozenset[int]],
    gold: list[frozenset[int]],
    threshold: float,
) -> None:
    score.predicted += sum(1 for p in predicted if p)
    score.gold += sum(1 for g in gold if g)
    for i, j, jac in _pair(predicted, gold):
        if predicted[i] == gold[j]:
            score.exact += 1
        if jac >= threshold:
            score.overlap += 1


def score(
    pairs: Iterable[tuple[str, Sequence[AttributionSpans], Sequence[AttributionSpans]]],
    *,
    threshold: float = OVERLAP_THRESHOLD,
) -> Scores:
    """Score (text, predicted, gold) per document; see the module docstring for the rules.

    Under *overlap*, two spans count as the same when they share a word and their token
    Jaccard is at least ``threshold`` (``0.0``: any shared word).
    """
    total = Scores()
    for text, predicted, gold in pairs:
        total.documents += 1
        for kind in ("source", "cue", "content"):
            _count(
                total.spans[kind],
                [_tokens(text, getattr(a, kind)) for a in predicted],
                [_tokens(text, getattr(a, kind)) for a in gold],
                threshold,
            )
        p_content = [_tokens(text, a.content) for a in predicted]
        g_content = [_tokens(text, a.content) for a in gold]
        for i, j, jac in _pair(p_content, g_content):
            if jac < threshold:
                continue
            total.content_matched += 1
            p_src, g_src = _tokens(text, predicted[i].source), _tokens(text, gold[j].source)
            shared = _jaccard(p_src, g_src)
            if (not p_src and not g_src) or (shared > 0 and shared >= threshold):
                total.content_right_source += 1
    return total


def articles_of(docs: Sequence[AnnotatedDoc]) -> list[Article]:
    """The annotated documents as articles, each dated by its publication day (UTC)."""
    from datetime import UTC, datetime

    return [
        Article(
            text=d.text,
            published_at=datetime.fromisoformat(d.published).replace(tzinfo=UTC),
            id=d.name,
        )
        for d in docs
    ]


def extract_documents(docs: Sequence[AnnotatedDoc]) -> list[Extraction]:
    """Run the full pipeline over annotated documents, each dated by its publication day."""
    from dateline.nlp.extract import extraction_from_doc
    from dateline.nlp.pipeline import process

    return [extraction_from_doc(a, doc) for a, doc in process(articles_of(docs))]


def evaluate(docs: Sequence[AnnotatedDoc]) -> Scores:
    """Scores of the pipeline's quotes and attributions on annotated documents."""
    extractions = extract_documents(docs)
    return score(
        (d.text, predicted_attributions(e), d.attributions)
        for d, e in zip(docs, extractions, strict=True)
    )
