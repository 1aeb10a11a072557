"""The learned keep-or-drop layer for timexes, tried and measured honestly (not shipped).

Words such as "now", "current", "recent", "soon", "the future", "annually" or "a week" are
annotated as time expressions in some sentences and not in others (TimeBank tags "now" 44
times in 58 where our rules find it). This script asks whether a small logistic regression,
trained on TBAQ (the TempEval-3 training data), can tell the two uses apart from the
context, and so drop the rules' vague candidates (``uncertain``) that would not be annotated.
A candidate's label is whether it overlaps a gold timex.

Its features name no word of any corpus: only the expression's own timex vocabulary,
closed-class words (spaCy's English stop words) and parse labels (part of speech, dependency,
the tense of the governing verb, sentence position, quotes); any other word becomes its part
of speech (``allowed_feature`` states the rule and is checked on every trained model).

Figures on data the model was trained on would flatter it, so the verdict rests on held-out
ones only:

- **5-fold document-level cross-validation on TBAQ**: each document is scored by a model
  trained on the other folds' documents (folds by sorted name, every fifth document);
- **the other corpus**: trained on AQUAINT, scored on TimeBank, and the reverse;
- **WikiWars** (train split), never trained on, scored by the model trained on all of TBAQ.

Under all three the layer did not raise value F1 (docs/timex.md), so dateline does not ship
it; the table (``--write``) goes to docs/benchmarks.md between the ``timex-learned`` markers.
Parsed corpora can be cached with ``--cache DIR`` (outside the repository).

    .venv/bin/python bench/timex_train.py --write [--cache /work/cache-timex7]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc
from throughput import git_revision, machine, reproduce, write_section

from dateline.model import Timex
from dateline.nlp import timex_rules as R
from dateline.nlp.timex_ctx import FUTURE, PAST, Ctx

START = "<!-- timex-learned:start -->"
END = "<!-- timex-learned:end -->"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = {
    "TimeBank": SHARED / "data/tempeval3/TBAQ-cleaned/TimeBank",
    "AQUAINT": SHARED / "data/tempeval3/TBAQ-cleaned/AQUAINT",
    "WikiWars": SHARED / "data/wikiwars/train",
}
FOLDS = 5
MIN_COUNT = 2
#: (L2 weight, keep threshold) settings tried; each is reported, none chosen on test data
SETTINGS = ((1.0, 0.5), (5.0, 0.35), (20.0, 0.5))

#: words the expressions the rules find are made of (beyond numbers and stop words)
TIMEX_WORDS = frozenset(
    {*R.MONTHS, *R.WEEKDAYS, *R.SEASONS, *R.PARTS_OF_DAY, *R.NUMBER_WORDS, *R.ORDINALS}
    | {*R.UNITS, *(u + "s" for u in R.UNITS), "centuries", *R.SET_ADVERBS, *R.DECADE_WORDS}
    | {*R.VAGUE_QUANTITIES, *R.RELATIVE_WORDS, *R.ANAPHORIC, *R.HOLIDAYS, *R.MOVEABLE_HOLIDAYS}
    | set(
        R.words(
            "now today tonight tomorrow yesterday recent recently current currently soon "
            "future present past nowadays lately ago later earlier early late mid "
            "foreseeable near term moment time times period periods year-end year-ago "
            "year-earlier fiscal weekend weekends overnight daily night nights noon midnight"
        )
    )
)
VOCABULARY = frozenset(w.lower() for w in STOP_WORDS) | TIMEX_WORDS
_WORD = re.compile(r"[a-z][a-z'’-]*|\d+|\S")
_QUOTES = re.compile(r"[\"“”]")


def _word(token_text: str, pos: str) -> str:
    """A token as a feature: itself when closed-class or timex vocabulary, else its shape."""
    low = token_text.lower()
    if low in VOCABULARY:
        return low
    if low.isdigit():
        return "9" * min(len(low), 4)
    return pos or "X"


def _expression(text: str) -> str:
    """The expression's lexical class: its words, digits as 9, other words as 'W'."""
    out = []
    for w in _WORD.findall(text.lower()):
        out.append(w if w in VOCABULARY else "9" * min(len(w), 4) if w.isdigit() else "W")
    return "_".join(out[:6])


def _granularity(value: str) -> str:
    if value.endswith("_REF"):
        return value
    if value.startswith("P"):
        return "PX" if "X" in value else "P"
    if "T" in value[4:]:
        return "time"
    return "X" if "X" in value else str(value.count("-"))


def uncertain(out: Timex, text: str) -> bool:
    """Whether the rules are unsure this candidate is a time expression at all: vague
    references, SETs, unknown or single-unit lengths ("years", "a week")."""
    if out.type == "SET" or out.value.endswith("_REF"):
        return True
    if out.type == "DURATION":
        return "X" in out.value or bool(re.fullmatch(r"(?:a|an|one)?\s*\w+", text, re.I))
    return False


def features(out: Timex, cx: Ctx) -> list[str]:
    """The features of one candidate (see the module docstring for what they may name)."""
    doc: Doc = cx.doc
    text = cx.text[out.char_start : out.char_end]
    expr = _expression(text)
    fs = [
        "bias",
        f"x={expr}",
        f"t={out.type}",
        f"g={_granularity(out.value)}",
        f"m={out.mod or '-'}",
    ]
    span = doc.char_span(out.char_start, out.char_end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return fs
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    p1 = _word(before.text, before.tag_) if before is not None else "<s>"
    n1 = _word(after.text, after.tag_) if after is not None else "</s>"
    p2 = _word(doc[span.start - 2].text, doc[span.start - 2].tag_) if span.start > 1 else "<s>"
    root = span.root
    head = root.head
    tense = cx.tense(out.char_start, out.char_end)
    tense_name = "past" if tense == PAST else "future" if tense == FUTURE else "present"
    sent = root.sent
    initial = span.start == sent.start
    quoted = len(_QUOTES.findall(cx.text, sent.start_char, out.char_start)) % 2 == 1
    capital = text[:1].isupper() and not initial
    ctx = [
        f"p1={p1}",
        f"n1={n1}",
        f"p2={p2}_{p1}",
        f"dep={root.dep_}",
        f"hp={head.pos_ if head.i != root.i else 'ROOT'}",
        f"ht={head.tag_ if head.i != root.i else 'ROOT'}",
        f"tense={tense_name}",
        f"init={initial}",
        f"cap={capital}",
        f"quote={quoted}",
        f"last={span.end >= sent.end - 1}",
    ]
    fs += ctx
    fs += [f"{expr}|{c}" for c in ctx]
    fs += [f"g={_granularity(out.value)}|{c}" for c in ctx]
    return fs


def allowed_feature(feature: str) -> bool:
    """Whether a feature names only timex vocabulary, closed-class words, digits and tags."""
    body = feature.split("=", 1)[-1] if "=" in feature else feature
    for part in re.split(r"[|=_]", body):
        if not part or part in VOCABULARY or part.isdigit() or part in _LABELS:
            continue
        if re.fullmatch(r"[A-Z$:,.`'\-]+|<s>|</s>|True|False|[A-Z]+(?:_REF)?|\d|bias", part):
            continue  # tags, dependency labels (upper case or "-"), granularity names
        if re.fullmatch(r"[a-z]+", part) and part in _DEPS:
            continue
        return False
    return True


_LABELS = frozenset(("x", "t", "g", "m", "p1", "n1", "p2", "dep", "hp", "ht", "tense"))
_LABELS |= frozenset(("init", "cap", "quote", "last", "past", "present", "future", "time", "W"))
_LABELS |= frozenset(("P", "PX", "X", "DATE", "TIME", "DURATION", "SET"))
#: spaCy's English dependency labels (lower case, so checked apart from words)
_DEPS = frozenset(
    R.words(
        "acl acomp advcl advmod agent amod appos attr aux auxpass case cc ccomp compound conj "
        "csubj csubjpass dative dep det dobj expl intj mark meta neg nmod npadvmod nsubj "
        "nsubjpass nummod oprd parataxis pcomp pobj poss preconj predet prep prt punct "
        "quantmod relcl xcomp root"
    )
)


class KeepModel:
    """Logistic regression weights by feature name, a bias, and the keep threshold."""

    def __init__(self, weights: dict[str, float], *, threshold: float = 0.5) -> None:
        self.weights = weights
        self.threshold = threshold

    def probability(self, feats: Sequence[str]) -> float:
        """P(the candidate is annotated as a time expression)."""
        z = sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class Candidate:
    """One timex of the rules: whether the model is asked about it, its features, its label."""

    timex: Timex
    asked: bool
    features: list[str]
    label: bool


@dataclass
class Document:
    corpus: str
    doc: Any  # io.timeml.TimeMLDoc
    candidates: list[Candidate]


def parsed(name: str, folder: Path, cache: Path | None) -> list[tuple[Any, Doc]]:
    """(TimeML document, spaCy Doc without timexes) for every file of ``folder``."""
    from spacy.tokens import DocBin

    from dateline.eval.timex import timex_pipeline
    from dateline.io.timeml import read_timeml, timeml_files

    nlp = timex_pipeline()
    docs = [read_timeml(p) for p in timeml_files(folder)]
    path = cache / f"{name}.spacy" if cache else None
    if path is not None and path.is_file():
        sds = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        with nlp.select_pipes(disable=["dateline_timex"]):
            sds = list(nlp.pipe((d.text for d in docs), batch_size=16))
        if path is not None:
            bin_ = DocBin(store_user_data=False)
            for sd in sds:
                bin_.add(sd)
            path.parent.mkdir(parents=True, exist_ok=True)
            bin_.to_disk(path)
    if len(sds) != len(docs):
        raise SystemExit(f"error: cache {path} does not match {folder}; remove it")
    return list(zip(docs, sds, strict=True))


def documents(cache: Path | None) -> list[Document]:
    """Every document with the rules' timexes, asked or not, featured and labelled."""
    from dateline.nlp.timex import tag_timexes

    out: list[Document] = []
    for name, folder in CORPORA.items():
        if not folder.is_dir():
            raise SystemExit(f"error: {folder} not found (needs ../shared)")
        for d, sd in parsed(name, folder, cache):
            found, _ = tag_timexes(sd, d.dct)
            cx = Ctx(sd, d.dct)
            cands = []
            for t in found:
                asked = uncertain(t, t.text)
                label = any(
                    g.char_start < t.char_end and t.char_start < g.char_end for g in d.timexes
                )
                cands.append(Candidate(t, asked, features(t, cx) if asked else [], label))
            out.append(Document(name, d, cands))
    return out


def train(docs: Sequence[Document], *, l2: float, threshold: float) -> KeepModel:
    """L2-regularised logistic regression over the asked candidates of ``docs``."""
    rows = [c for d in docs for c in d.candidates if c.asked]
    counts = Counter(f for c in rows for f in set(c.features))
    names = sorted(f for f, n in counts.items() if n >= MIN_COUNT or f == "bias")
    index = {f: i for i, f in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for r, c in enumerate(rows):
        for f in c.features:
            if f in index:
                x[r, index[f]] = 1.0
    y = np.array([1.0 if c.label else 0.0 for c in rows])
    w = np.zeros(len(names))
    grad_sq = np.full(len(names), 1e-8)  # AdaGrad steps: no d x d solve needed
    reg = np.full(len(names), l2)
    reg[index["bias"]] = 0.0
    for _ in range(400):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        g = x.T @ (p - y) + reg * w
        grad_sq += g * g
        w -= 0.5 * g / np.sqrt(grad_sq)
    weights = {f: float(w[i]) for f, i in index.items() if abs(w[i]) >= 1e-3}
    bad = [f for f in weights if not allowed_feature(f)]
    if bad:
        raise SystemExit(f"error: features name words outside the allowed vocabulary: {bad[:5]}")
    return KeepModel(weights, threshold=threshold)


def kept(doc: Document, model: KeepModel | None) -> list[Timex]:
    return [
        c.timex
        for c in doc.candidates
        if not c.asked or model is None or model.probability(c.features) >= model.threshold
    ]


def score(docs: Sequence[Document], models: Sequence[KeepModel | None]) -> Any:
    from dateline.eval.timex import score_docs, score_pair

    return score_docs(score_pair(d.doc, kept(d, m)) for d, m in zip(docs, models, strict=True))


def figures(docs: Sequence[Document], l2: float, threshold: float) -> dict[str, Any]:
    """Per corpus and held-out scheme, the scores with the layer (and the rules alone)."""
    tb = [d for d in docs if d.corpus == "TimeBank"]
    aq = [d for d in docs if d.corpus == "AQUAINT"]
    ww = [d for d in docs if d.corpus == "WikiWars"]
    tbaq = sorted(tb + aq, key=lambda d: str(d.doc.name))
    fold_of = {id(d): k % FOLDS for k, d in enumerate(tbaq)}
    models = [
        train([d for d in tbaq if fold_of[id(d)] != f], l2=l2, threshold=threshold)
        for f in range(FOLDS)
    ]
    on = {
        "TimeBank": train(tb, l2=l2, threshold=threshold),
        "AQUAINT": train(aq, l2=l2, threshold=threshold),
        "TBAQ": train(tbaq, l2=l2, threshold=threshold),
    }
    rows: dict[str, Any] = {}
    for name, part, other in (("TimeBank", tb, "AQUAINT"), ("AQUAINT", aq, "TimeBank")):
        rows[f"{name}|rules alone"] = score(part, [None] * len(part))
        rows[f"{name}|5-fold CV"] = score(part, [models[fold_of[id(d)]] for d in part])
        rows[f"{name}|trained on {other}"] = score(part, [on[other]] * len(part))
    rows["WikiWars|rules alone"] = score(ww, [None] * len(ww))
    rows["WikiWars|trained on TBAQ"] = score(ww, [on["TBAQ"]] * len(ww))
    return rows


def render(results: dict[tuple[float, float], dict[str, Any]], command: str) -> str:
    lines = [
        START,
        "## Time expressions: the learned keep-or-drop layer (tried, not shipped)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/timex_train.py`. A logistic "
        'regression over the rules\' vague candidates ("now", "current", "soon", SETs, '
        '"a week", ...), trained on TBAQ; every row is held out: 5-fold document-level '
        "cross-validation, the other corpus, or WikiWars (never trained on). Percent.",
        "",
        "| Corpus | Scored by | L2 | Threshold | System | Value right | Strict F1 | "
        "Relaxed F1 | Value F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    seen: set[str] = set()
    for (l2, threshold), rows in results.items():
        for key, s in rows.items():
            corpus, scheme = key.split("|")
            if scheme == "rules alone":
                if key in seen:
                    continue
                seen.add(key)
                cells = [corpus, scheme, "", ""]
            else:
                cells = [corpus, scheme, f"{l2:g}", f"{threshold:g}"]
            cells += [str(s.system), str(s.value_ok)]
            cells += [f"{100 * x:.2f}" for x in (s.strict_f1, s.relaxed_f1, s.value_f1)]
            lines.append("| " + " | ".join(cells) + " |")
    better = [
        f"{corpus} ({scheme}, L2 {l2:g}, threshold {threshold:g})"
        for (l2, threshold), rows in results.items()
        for key, s in rows.items()
        for corpus, scheme in [key.split("|")]
        if corpus != "WikiWars"
        and scheme != "rules alone"
        and s.value_f1 > rows[f"{corpus}|rules alone"].value_f1
    ]
    verdict = (
        "No setting raises held-out value F1 on TimeBank or AQUAINT above the rules alone, so "
        "the layer is not part of dateline (see [timex.md](timex.md))."
        if not better
        else "Held-out value F1 above the rules alone: " + "; ".join(better) + "."
    )
    lines += [
        "",
        verdict,
        "",
        f"Machine: {', '.join(f'{k} {v}' for k, v in machine().items())}; "
        f"dateline {git_revision()}.",
        "",
        *reproduce(command, needs="needs `../shared`", end_mark=END),
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cache", type=Path, help="keep parsed corpora here (DocBin files)")
    parser.add_argument("--write", action="store_true", help="write docs/benchmarks.md")
    parser.add_argument("--output", type=Path, default=Path("docs/benchmarks.md"))
    args = parser.parse_args(argv)
    docs = documents(args.cache)
    results = {(l2, t): figures(docs, l2, t) for l2, t in SETTINGS}
    text = render(results, ".venv/bin/python bench/timex_train.py --write")
    if args.write:
        write_section(args.output, text, start_mark=START, end_mark=END)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
