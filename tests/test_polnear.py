"""PolNeAR dev figures do not fall: quotes and attributions scored against span annotations.

Reads ../shared/data/polnear/dev at run time (never copied here), runs the full pipeline and
scores with ``dateline.eval.attribution``. The floors are the figures reached when this
test was written (docs/benchmarks.md) minus one point, so a change that loses ground fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.attribution import Scores, evaluate, read_polnear

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

#: (span, match) -> F1 reached on dev, minus one point
FLOORS = {
    ("source", "exact"): 0.725 - 0.01,
    ("source", "overlap"): 0.740 - 0.01,
    ("cue", "exact"): 0.638 - 0.01,
    ("cue", "overlap"): 0.713 - 0.01,
    ("content", "exact"): 0.542 - 0.01,
    ("content", "overlap"): 0.700 - 0.01,
}
SOURCE_GIVEN_CONTENT_FLOOR = 0.858 - 0.01


@pytest.fixture(scope="module")
def scores() -> Scores:
    docs = read_polnear(POLNEAR_DEV)
    assert len(docs) >= 80, len(docs)
    return evaluate(docs)


@pytest.mark.parametrize(("span", "match"), sorted(FLOORS))
def test_f1_floor(scores: Scores, span: str, match: str) -> None:
    result = scores.spans[span]
    _, _, f1 = result.exact_prf() if match == "exact" else result.overlap_prf()
    assert f1 >= FLOORS[(span, match)], (span, match, f1)


def test_source_given_content_floor(scores: Scores) -> None:
    assert scores.source_given_content() >= SOURCE_GIVEN_CONTENT_FLOOR
