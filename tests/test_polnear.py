"""PolNeAR dev figures do not fall: quotes and attributions scored against span annotations.

Reads ../shared/data/polnear/dev at run time (never copied here), runs the full pipeline and
scores with ``dateline.eval.attribution``, for the default pipeline (rules) and with the
opt-in attribution tagger. The floors are the figures reached when this test was written
(docs/benchmarks.md) minus one point, so a change that loses ground fails.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dateline.eval.attribution import (
    Scores,
    articles_of,
    predicted_attributions,
    read_polnear,
    score,
)
from dateline.nlp.extract import extraction_from_doc
from dateline.nlp.pipeline import process
from dateline.nlp.quotes import TAGGER_ENV, extract_quotes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev"

pytestmark = [
    pytest.mark.model,
    pytest.mark.shared,
    pytest.mark.skipif(
        not POLNEAR_DEV.is_dir(),
        reason=f"../shared is absent ({POLNEAR_DEV} not found): the PolNeAR figures need it",
    ),
]

#: (span, match) -> F1 reached on dev by the default pipeline (rules), minus one point
FLOORS = {
    ("source", "exact"): 0.734 - 0.01,
    ("source", "overlap"): 0.748 - 0.01,
    ("cue", "exact"): 0.644 - 0.01,
    ("cue", "overlap"): 0.720 - 0.01,
    ("content", "exact"): 0.555 - 0.01,
    ("content", "overlap"): 0.706 - 0.01,
}
SOURCE_GIVEN_CONTENT_FLOOR = 0.878 - 0.01

#: the same with the attribution tagger on (DATELINE_QUOTE_TAGGER=1), minus one point: its
#: overlap F1 must also stay above the rules' own figures
TAGGER_FLOORS = {
    ("source", "exact"): 0.746 - 0.01,
    ("source", "overlap"): 0.762 - 0.01,
    ("cue", "exact"): 0.650 - 0.01,
    ("cue", "overlap"): 0.730 - 0.01,
    ("content", "exact"): 0.552 - 0.01,
    ("content", "overlap"): 0.719 - 0.01,
}
TAGGER_SOURCE_GIVEN_CONTENT_FLOOR = 0.877 - 0.01


@pytest.fixture(scope="module")
def both() -> tuple[Scores, Scores]:
    """Scores of the rules and of the rules with the tagger, from one pipeline pass."""
    docs = read_polnear(POLNEAR_DEV)
    assert len(docs) >= 80, len(docs)
    rules, tagged = [], []
    with pytest.MonkeyPatch.context() as patch:
        # the rules' figures are the default pipeline's, whatever the environment asks
        patch.delenv(TAGGER_ENV, raising=False)
        parsed = list(process(articles_of(docs)))
    for gold, (article, doc) in zip(docs, parsed, strict=True):
        extraction = extraction_from_doc(article, doc)
        rules.append((gold.text, predicted_attributions(extraction), gold.attributions))
        quotes, attributions = extract_quotes(doc, use_tagger=True)
        with_tagger = replace(extraction, quotes=tuple(quotes), attributions=tuple(attributions))
        tagged.append((gold.text, predicted_attributions(with_tagger), gold.attributions))
    return score(rules), score(tagged)


@pytest.mark.parametrize(("span", "match"), sorted(FLOORS))
def test_f1_floor(both: tuple[Scores, Scores], span: str, match: str) -> None:
    result = both[0].spans[span]
    _, _, f1 = result.exact_prf() if match == "exact" else result.overlap_prf()
    assert f1 >= FLOORS[(span, match)], (span, match, f1)


def test_source_given_content_floor(both: tuple[Scores, Scores]) -> None:
    assert both[0].source_given_content() >= SOURCE_GIVEN_CONTENT_FLOOR


@pytest.mark.parametrize(("span", "match"), sorted(TAGGER_FLOORS))
def test_tagger_f1_floor(both: tuple[Scores, Scores], span: str, match: str) -> None:
    result = both[1].spans[span]
    _, _, f1 = result.exact_prf() if match == "exact" else result.overlap_prf()
    assert f1 >= TAGGER_FLOORS[(span, match)], (span, match, f1)
    if match == "overlap":
        assert f1 > both[0].spans[span].overlap_prf()[2], (span, "not above the rules")


def test_tagger_source_given_content_floor(both: tuple[Scores, Scores]) -> None:
    assert both[1].source_given_content() >= TAGGER_SOURCE_GIVEN_CONTENT_FLOOR
