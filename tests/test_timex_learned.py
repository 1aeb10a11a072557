"""The learned keep-or-drop experiment (bench/timex_train.py): its features name no corpus word.

The layer is not shipped (it did not help on held-out data; docs/timex.md), but its figures
are quoted, so the rule they rest on — features only of timex vocabulary, closed-class words
and parse labels — is checked here on our own sentences.
"""

from __future__ import annotations

import importlib
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from dateline.nlp.pipeline import load_nlp
from dateline.nlp.timex import tag_timexes
from dateline.nlp.timex_ctx import Ctx

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture(scope="module")
def train() -> ModuleType:
    sys.path.insert(0, str(BENCH))
    try:
        return importlib.import_module("timex_train")
    finally:
        sys.path.remove(str(BENCH))


@pytest.mark.model
def test_features_name_no_corpus_word(train: ModuleType) -> None:
    nlp = load_nlp()
    text = "Zorblax Industries now expects profits to rise annually, its chairman said recently."
    doc = nlp(text)
    dct = date(2023, 9, 15)
    cx = Ctx(doc, dct)
    timexes, _ = tag_timexes(doc, dct)
    asked = [t for t in timexes if train.uncertain(t, t.text)]
    assert {t.text for t in asked} == {"now", "annually", "recently"}
    feats = {f for t in asked for f in train.features(t, cx)}
    assert "x=now" in feats and "x=annually" in feats
    assert all(train.allowed_feature(f) for f in feats), sorted(
        f for f in feats if not train.allowed_feature(f)
    )
    assert not any("zorblax" in f.lower() or "chairman" in f for f in feats)


def test_allowed_feature_rejects_open_class_words(train: ModuleType) -> None:
    assert train.allowed_feature("p1=the")
    assert train.allowed_feature("x=a_week|dep=npadvmod")
    assert train.allowed_feature("n1=NNP")
    assert not train.allowed_feature("p1=chairman")
    assert not train.allowed_feature("x=now|n1=profits")
