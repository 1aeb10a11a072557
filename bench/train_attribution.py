"""Train the attribution tagger (a linear CRF) on PolNeAR ``train/`` and score it on ``dev/``.

Reads ``../shared/data/polnear`` (parsed once and cached outside the repository, see
``attribution_corpus.py``), trains on ``train/`` only, writes the model into the package
(``src/dateline/nlp/data/attribution.crfsuite``) and prints the dev figures of the rules
alone and of the rules with the tagger, scored as bench/polnear.py scores them. The
model's features hold no corpus word (docs/quotes.md, "Our words only"): the script
refuses to write a model that breaks that rule. Training is deterministic (L-BFGS over the
texts in name order).

    nice -n 10 .venv/bin/python bench/train_attribution.py
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from attribution_corpus import DEFAULT_CACHE, parsed_split

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "src" / "dateline" / "nlp" / "data" / "attribution.crfsuite"

#: L-BFGS with elastic-net regularisation; chosen on dev (see docs/quotes.md)
PARAMS = {"c1": 0.1, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True}


def _examples(
    split: str, cache: Path, limit: int | None
) -> Iterator[tuple[Any, Any, list[list[list[str]]], list[list[str]], Any]]:
    """(gold doc, Doc, features per sequence, gold tags per sequence, rules' output)."""
    from dateline.nlp.attribution_tagger import gold_tags, rule_spans, sequence_features
    from dateline.nlp.quotes import find_quote_spans, rule_quotes

    for gold, doc in parsed_split(split, cache=cache, limit=limit):
        quotes, attributions = rule_quotes(doc)
        features = sequence_features(
            doc,
            rule_spans=rule_spans(doc, quotes, attributions),
            quote_spans=find_quote_spans(doc.text),
        )
        spans = []
        for a in gold.attributions:
            spans += [("SRC", a.source), ("CUE", a.cue), ("CNT", a.content)]
        yield gold, doc, features, gold_tags(doc, spans), (quotes, attributions)


def train(cache: Path, limit: int | None, params: dict[str, Any], output: Path) -> float:
    import pycrfsuite

    from dateline.nlp.attribution_tagger import feature_words_allowed

    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    sequences = tokens = 0
    for _, _, features, tags, _ in _examples("train", cache, limit):
        for xseq, yseq in zip(features, tags, strict=True):
            trainer.append(xseq, yseq)
            sequences += 1
            tokens += len(yseq)
    trainer.set_params(params)
    print(
        f"train: {sequences} sequences, {tokens} tokens; features in "
        f"{time.perf_counter() - started:.0f} s"
    )
    tmp = output.with_suffix(".tmp")
    output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(tmp))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(tmp))
    info = tagger.info()
    names = {name for name, _ in info.state_features}
    bad = feature_words_allowed(names)
    tagger.close()
    if bad:
        tmp.unlink()
        raise SystemExit(f"train_attribution: features name corpus words: {sorted(bad)[:10]}")
    tmp.replace(output)
    seconds = time.perf_counter() - started
    print(f"trained in {seconds:.0f} s: {len(names)} features, {output.stat().st_size} bytes")
    return seconds


def _report(label: str, scores: Any) -> None:
    parts = []
    for kind in ("source", "cue", "content"):
        s = scores.spans[kind]
        _, _, ef = s.exact_prf()
        op, orr, of = s.overlap_prf()
        parts.append(f"{kind} exact {ef:.3f} overlap P {op:.3f} R {orr:.3f} F1 {of:.3f}")
    print(f"{label}: " + "; ".join(parts) + f"; source|content {scores.source_given_content():.3f}")


def evaluate(cache: Path, limit: int | None, model: Path, *, variants: bool = False) -> None:
    """Dev figures: rules alone, and the pipeline's quote stage with the tagger (with
    ``variants``, also other confidence thresholds for adding a tagged content)."""
    import pycrfsuite

    from dateline.eval.attribution import predicted_attributions, score
    from dateline.nlp import quotes_tagged
    from dateline.nlp.quotes import extract_quotes

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    settings = [quotes_tagged.ADD_THRESHOLD]
    if variants:
        settings += [0.0, 0.6, 0.7, 0.8, 0.9]
    rules: list[Any] = []
    merged: list[list[Any]] = [[] for _ in settings]
    gold_tok = right_tok = pred_tok = 0
    saved = quotes_tagged.ADD_THRESHOLD
    for gold, doc, features, tags, (quotes, attributions) in _examples("dev", cache, limit):
        found = predicted_attributions(_extraction(quotes, attributions))
        rules.append((gold.text, found, gold.attributions))
        for xseq, yseq in zip(features, tags, strict=True):
            for p, g in zip(tagger.tag(xseq), yseq, strict=True):
                gold_tok += g != "O"
                pred_tok += p != "O"
                right_tok += g != "O" and p[2:] == g[2:]
        for k, setting in enumerate(settings):
            quotes_tagged.ADD_THRESHOLD = setting
            try:
                found = predicted_attributions(_extraction(*extract_quotes(doc, tagger=tagger)))
            finally:
                quotes_tagged.ADD_THRESHOLD = saved
            merged[k].append((gold.text, found, gold.attributions))
    print(
        f"dev tokens: tagged kind P {right_tok / max(pred_tok, 1):.3f} "
        f"R {right_tok / max(gold_tok, 1):.3f}"
    )
    _report("rules", score(rules))
    for (additive, threshold), pairs in zip(settings, merged, strict=True):
        _report(f"tagger (additive={additive}, add at >= {threshold})", score(pairs))


def _extraction(quotes: Sequence[Any], attributions: Sequence[Any]) -> Any:
    return SimpleNamespace(quotes=quotes, attributions=attributions)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--limit", type=int, default=None, help="first N texts of each split")
    parser.add_argument("--output", type=Path, default=MODEL)
    parser.add_argument("--no-train", action="store_true", help="score the existing model")
    parser.add_argument("--variants", action="store_true", help="score other thresholds")
    parser.add_argument("--c1", type=float, default=PARAMS["c1"])
    parser.add_argument("--c2", type=float, default=PARAMS["c2"])
    parser.add_argument("--iterations", type=int, default=PARAMS["max_iterations"])
    args = parser.parse_args(argv)
    params = dict(PARAMS, c1=args.c1, c2=args.c2, max_iterations=args.iterations)
    if not args.no_train:
        train(args.cache, args.limit, params, args.output)
    evaluate(args.cache, args.limit, args.output, variants=args.variants)
    return 0


if __name__ == "__main__":
    sys.exit(main())
