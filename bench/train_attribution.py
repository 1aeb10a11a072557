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
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from attribution_corpus import DEFAULT_CACHE, parsed_split

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "src" / "dateline" / "nlp" / "data" / "attribution.crfsuite"

#: L-BFGS with elastic-net regularisation; chosen on dev (see docs/quotes.md)
PARAMS = {"c1": 0.1, "c2": 0.1, "max_iterations": 150, "feature.possible_transitions": True}


def _gold_spans(gold: Any) -> list[tuple[str, Any]]:
    spans = []
    for a in gold.attributions:
        spans += [("SRC", a.source), ("CUE", a.cue), ("CNT", a.content)]
    return spans


def _examples(
    pairs: Iterable[tuple[Any, Any]], probes: Callable[[int], Any]
) -> Iterator[tuple[Any, Any, list[list[list[str]]], list[list[str]], Any]]:
    """(gold doc, Doc, features per sequence, gold tags per sequence, rules' output);
    ``probes(k)`` is the probe whose chances the k-th text's features read."""
    from dateline.nlp.attribution_tagger import gold_tags, rule_spans, sequence_features
    from dateline.nlp.quotes import find_quote_spans, rule_quotes

    for k, (gold, doc) in enumerate(pairs):
        quotes, attributions = rule_quotes(doc)
        features = sequence_features(
            doc,
            rule_spans=rule_spans(doc, quotes, attributions),
            quote_spans=find_quote_spans(doc.text),
            probs=probes(k).probs(doc),
        )
        yield gold, doc, features, gold_tags(doc, _gold_spans(gold)), (quotes, attributions)


def probe_path(model: Path) -> Path:
    """Where the probe trained with a model is written: beside it (``attribution_probe.npy``
    for the shipped ``attribution.crfsuite``)."""
    return model.with_name(model.stem + "_probe.npy")


def _probe_data(pairs: Sequence[tuple[Any, Any]]) -> tuple[list[Any], list[Any]]:
    """Token vectors and gold kinds (0 outside, 1 source, 2 cue, 3 content) per text."""
    import numpy as np

    from dateline.nlp.attribution_tagger import gold_tags

    index = {"O": 0, "SRC": 1, "CUE": 2, "CNT": 3}
    vectors, labels = [], []
    for gold, doc in pairs:
        tags = ["O"] * len(doc)
        for (start, end), seq in zip(
            _sequences(doc), gold_tags(doc, _gold_spans(gold)), strict=True
        ):
            tags[start:end] = seq
        vectors.append(np.asarray(doc.tensor, dtype=np.float32))
        labels.append(np.array([index[t[2:] or "O"] for t in tags], dtype=np.int64))
    return vectors, labels


def _sequences(doc: Any) -> list[tuple[int, int]]:
    from dateline.nlp.attribution_tagger import doc_sequences

    return doc_sequences(doc)


def train_probes(pairs: Sequence[tuple[Any, Any]], output: Path) -> list[Any]:
    """Train the probe on all texts (written beside the model) and, for the tagger's own
    training, one on each half of the texts (even, odd): a text's features read the chances
    of the probe that did not see it, so the tagger learns how far to trust them on unseen
    text. Returns [probe of the odd texts, probe of the even texts]."""
    import numpy as np

    from dateline.nlp.attribution_probe import train_probe

    started = time.perf_counter()
    vectors, labels = _probe_data(pairs)

    def fit(keep: Callable[[int], bool]) -> Any:
        rows = [k for k in range(len(vectors)) if keep(k)]
        return train_probe(
            np.concatenate([vectors[k] for k in rows]), np.concatenate([labels[k] for k in rows])
        )

    full = fit(lambda k: True)
    full.save(str(probe_path(output)))
    halves = [fit(lambda k: k % 2 == 1), fit(lambda k: k % 2 == 0)]
    print(f"probes trained in {time.perf_counter() - started:.0f} s")
    return halves


def train(cache: Path, limit: int | None, params: dict[str, Any], output: Path) -> float:
    import pycrfsuite

    from dateline.nlp.attribution_tagger import feature_words_allowed

    started = time.perf_counter()
    pairs = list(parsed_split("train", cache=cache, limit=limit))
    halves = train_probes(pairs, output)
    trainer = pycrfsuite.Trainer(verbose=False)
    sequences = tokens = 0
    for _, _, features, tags, _ in _examples(pairs, lambda k: halves[k % 2]):
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
    from dateline.nlp.attribution_probe import Probe
    from dateline.nlp.quotes import extract_quotes

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    probe = Probe.load(str(probe_path(model)))
    settings = [quotes_tagged.ADD_THRESHOLD]
    if variants:
        settings += [0.0, 0.6, 0.7, 0.8, 0.9]
    rules: list[Any] = []
    merged: list[list[Any]] = [[] for _ in settings]
    gold_tok = right_tok = pred_tok = 0
    saved = quotes_tagged.ADD_THRESHOLD
    dev = parsed_split("dev", cache=cache, limit=limit)
    for gold, doc, features, tags, (quotes, attributions) in _examples(dev, lambda k: probe):
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
                read = extract_quotes(doc, tagger=tagger, probe=probe)
                found = predicted_attributions(_extraction(*read))
            finally:
                quotes_tagged.ADD_THRESHOLD = saved
            merged[k].append((gold.text, found, gold.attributions))
    print(
        f"dev tokens: tagged kind P {right_tok / max(pred_tok, 1):.3f} "
        f"R {right_tok / max(gold_tok, 1):.3f}"
    )
    _report("rules", score(rules))
    for threshold, pairs in zip(settings, merged, strict=True):
        _report(f"tagger (add at >= {threshold})", score(pairs))


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
