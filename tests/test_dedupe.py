"""Near-duplicates: syndicated copies are linked to the stored story, other stories are not.

The fixtures in tests/fixtures/syndication/ are one wire story we wrote, two republished
copies of it (new headline and trimmed ending; an added local paragraph) and a different
story on the same topic (same companies and people, a later development).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dateline.dedupe import (
    CONTAINMENT_THRESHOLD,
    JACCARD_THRESHOLD,
    LSH_BANDS,
    LSH_ROWS,
    LSH_THRESHOLD,
    NUM_PERM,
    SEED,
    SHORT_JACCARD,
    SHORT_SHINGLES,
    NearDuplicateIndex,
    Signature,
    is_near_duplicate,
    shingles,
    signature,
    similarity,
)
from dateline.io.readers import ReadOptions, read_text
from dateline.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "syndication"
ORIGINAL = "wire-original"
COPIES = ("copy-new-headline-trimmed", "copy-added-paragraph")
OTHER = "same-topic-other-story"


def _article(stem: str) -> Article:
    path = FIXTURES / f"{stem}.txt"
    (article,) = list(read_text(path.read_bytes(), origin=str(path), options=ReadOptions()))
    assert isinstance(article, Article)
    return article


def _sig(stem: str) -> object:
    found = signature(_article(stem).text)
    assert found is not None
    return found


def test_shingles_ignore_case_and_punctuation() -> None:
    assert shingles("One, two. THREE four five six") == shingles("one two three four five six")
    assert len(shingles("one two three four five six")) == 2
    assert shingles("") == set() and signature("  ,, ") is None


@pytest.mark.parametrize("copy", COPIES)
def test_copies_are_near_duplicates(copy: str) -> None:
    original, other = signature(_article(ORIGINAL).text), signature(_article(copy).text)
    assert original is not None and other is not None
    jaccard, containment = similarity(original, other)
    assert jaccard >= JACCARD_THRESHOLD or containment >= CONTAINMENT_THRESHOLD
    assert is_near_duplicate(jaccard, containment, min(original.size, other.size))


def test_same_topic_different_story_is_not() -> None:
    original, other = signature(_article(ORIGINAL).text), signature(_article(OTHER).text)
    assert original is not None and other is not None
    jaccard, containment = similarity(original, other)
    assert jaccard < 0.2 and containment < 0.3
    assert not is_near_duplicate(jaccard, containment, min(original.size, other.size))


def test_index_finds_the_story_a_copy_repeats() -> None:
    original = signature(_article(ORIGINAL).text)
    other = signature(_article(OTHER).text)
    assert original is not None and other is not None
    index = NearDuplicateIndex([("a:wire", original), ("a:strike", other)])
    for copy in COPIES:
        sig = signature(_article(copy).text)
        assert sig is not None
        match = index.match(sig)
        assert match is not None and match.key == "a:wire"
    # a story matching nothing is not linked
    fresh = signature(
        "The harbour museum will open a new hall for model ships in June, its curator said "
        "on Friday, after a collector gave it two hundred models built over forty years."
    )
    assert fresh is not None and index.match(fresh) is None


@pytest.mark.parametrize(
    ("jaccard", "containment", "smaller", "linked"),
    [
        (0.5, 0.6, 100, True),
        (0.49, 0.79, 100, False),
        (0.3, 0.8, 100, True),  # a trimmed copy inside a long story
        (0.7, 0.9, 39, False),  # short templated notices need more
        (0.8, 0.9, 39, True),
    ],
)
def test_rule(jaccard: float, containment: float, smaller: int, linked: bool) -> None:
    assert is_near_duplicate(jaccard, containment, smaller) is linked


def test_short_templated_notices_of_different_companies_are_not_linked() -> None:
    first = signature(
        "Harrow Mills Inc said its board declared an initial annual dividend of ten cents "
        "per share, its first payout, payable March 19 to holders of record March 12."
    )
    second = signature(
        "Kestrel Optics Corp said its board declared an initial annual dividend of ten cents "
        "per share, its first payout, payable March 26 to holders of record March 12."
    )
    assert first is not None and second is not None
    assert NearDuplicateIndex([("a:harrow", first)]).match(second) is None


def test_thresholds_are_the_documented_ones() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "inputs.md").read_text("utf-8")
    assert f"Jaccard similarity of at least {JACCARD_THRESHOLD}" in doc
    assert f"containment of at least {CONTAINMENT_THRESHOLD}" in doc
    assert f"fewer than {SHORT_SHINGLES} shingles" in doc
    assert f"Jaccard of at least {SHORT_JACCARD}" in doc


def _texts() -> list[str]:
    from dateline import sample_corpus

    folders = (sample_corpus(), Path(__file__).parent / "fixtures" / "syndication")
    return [p.read_text(encoding="utf-8") for f in folders for p in sorted(f.glob("*.txt"))]


def test_signatures_equal_datasketchs_affine32_minhash() -> None:
    """Signatures stored by versions that used datasketch 2 must compare with ours."""
    from datasketch import MinHash

    texts = _texts()
    assert len(texts) > 20
    for text in texts:
        sig = signature(text)
        assert sig is not None
        theirs = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32")
        theirs.update_batch(sorted(shingles(text)))
        assert sig.values == theirs.hashvalues.astype("uint32").tobytes()


def test_index_candidates_equal_datasketchs_lsh() -> None:
    from datasketch import LeanMinHash, MinHashLSH
    from datasketch.lsh import _optimal_param

    assert _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5) == (LSH_BANDS, LSH_ROWS)
    sigs = [s for s in map(signature, _texts()) if s is not None]
    # the copies of one story twice over, so that several bands collide
    sigs += [s for s in map(signature, _texts()[-4:]) if s is not None]
    ours = NearDuplicateIndex()
    theirs = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)

    def lean(sig: Signature) -> LeanMinHash:
        values = np.frombuffer(sig.values, dtype=np.uint32)
        return LeanMinHash(seed=SEED, hashvalues=values, scheme="affine32")

    for n, sig in enumerate(sigs):
        ours.add(f"k{n}", sig)
        theirs.insert(f"k{n}", lean(sig))
    found = [ours.candidates(sig) for sig in sigs]
    assert found == [set(theirs.query(lean(sig))) for sig in sigs]
    assert any(len(c) > 1 for c in found)
