"""Near-duplicate articles: the same wire story republished with small changes.

An outlet republishing a wire story changes the headline, trims the ending, adds a
paragraph of its own or fixes a word; the exact content hash then differs but the story
does not. We compare *shingles*, the overlapping runs of ``SHINGLE_WORDS`` words of the
body (lower-cased words only, so punctuation and spacing do not count), through MinHash
signatures (datasketch) and an LSH index that finds candidates without comparing every pair.

A new article is a copy of a stored one when, estimated from the signatures,

* their Jaccard similarity (shared shingles / all shingles) is at least
  ``JACCARD_THRESHOLD`` (0.5), or
* at least ``CONTAINMENT_THRESHOLD`` (0.8) of the shorter one's shingles are in the longer
  one (a trimmed copy that kept the first paragraphs of a long story);

but when the shorter has fewer than ``SHORT_SHINGLES`` (40, about 45 words) only a Jaccard
of at least ``SHORT_JACCARD`` (0.8) counts: short templated notices ("X said its board
declared an initial annual dividend of 10 cts ...") differ only in a name and a date, and
on Reuters-21578 the looser rules linked such notices of different companies.

Different stories on the same topic share names and phrases but few five-word runs; their
similarity stays far below these thresholds (see tests/test_dedupe.py). Signatures are
stored with the articles, so the index can be built from the database (once per open
database, ``dateline.ingest.SyndicationIndex``) and a copy is recognised whichever run
stored its original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = [
    "CONTAINMENT_THRESHOLD",
    "JACCARD_THRESHOLD",
    "LSH_THRESHOLD",
    "NUM_PERM",
    "SCHEME",
    "SEED",
    "SHINGLE_WORDS",
    "SHORT_JACCARD",
    "SHORT_SHINGLES",
    "Match",
    "NearDuplicateIndex",
    "Signature",
    "is_near_duplicate",
    "shingles",
    "signature",
    "similarity",
]

NUM_PERM = 128
SHINGLE_WORDS = 5
SEED = 1
JACCARD_THRESHOLD = 0.5
CONTAINMENT_THRESHOLD = 0.8
SHORT_SHINGLES = 40
SHORT_JACCARD = 0.8
#: LSH finds candidates from this Jaccard up; the thresholds above then decide
LSH_THRESHOLD = 0.25
#: names how stored signatures were made; other schemes are recomputed from the text
SCHEME = f"minhash-affine32-p{NUM_PERM}-s{SEED}-w{SHINGLE_WORDS}"

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    """Overlapping runs of ``SHINGLE_WORDS`` lower-cased words (the whole text if shorter)."""
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode("utf-8")}
    return {
        " ".join(words[i : i + SHINGLE_WORDS]).encode("utf-8")
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature (``NUM_PERM`` 32-bit values as bytes) and the shingle count."""

    values: bytes
    size: int

    def minhash(self) -> Any:
        import numpy as np
        from datasketch import LeanMinHash

        values = np.frombuffer(self.values, dtype=np.uint32)
        return LeanMinHash(seed=SEED, hashvalues=values, scheme="affine32")


@cache
def _permutations() -> Any:
    """The scheme's permutation parameters: drawn once, not again for every article."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32").permutations


def signature(text: str) -> Signature | None:
    """The text's signature, or ``None`` when it has no words."""
    from datasketch import MinHash

    found = shingles(text)
    if not found:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", permutations=_permutations())
    minhash.update_batch(sorted(found))
    return Signature(values=minhash.hashvalues.astype("uint32").tobytes(), size=len(found))


def similarity(a: Signature, b: Signature) -> tuple[float, float]:
    """Estimated (Jaccard, containment of the smaller in the larger) of two signatures."""
    return _similarity(a, b, a.minhash(), b.minhash())


def _similarity(a: Signature, b: Signature, ma: Any, mb: Any) -> tuple[float, float]:
    jaccard = float(ma.jaccard(mb))
    shared = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return jaccard, min(1.0, shared / min(a.size, b.size))


def is_near_duplicate(jaccard: float, containment: float, smaller: int) -> bool:
    """The documented rule (module docstring)."""
    if smaller < SHORT_SHINGLES:
        return jaccard >= SHORT_JACCARD
    return jaccard >= JACCARD_THRESHOLD or containment >= CONTAINMENT_THRESHOLD


@dataclass(frozen=True, slots=True)
class Match:
    """The stored (or earlier in this run) article a new one copies, and how closely."""

    key: str
    jaccard: float
    containment: float


class NearDuplicateIndex:
    """An in-memory LSH index over signatures, keyed by any string (article id, hash)."""

    def __init__(self, entries: Iterable[tuple[str, Signature]] = ()) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._entries: dict[str, tuple[Signature, Any]] = {}
        for key, sig in entries:
            self.add(key, sig)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, key: str, sig: Signature) -> None:
        if key in self._entries:
            return
        minhash = sig.minhash()
        self._entries[key] = (sig, minhash)
        self._lsh.insert(key, minhash)

    def match(self, sig: Signature) -> Match | None:
        """The most similar indexed article that ``sig`` is a near-duplicate of, if any."""
        minhash = sig.minhash()
        best: Match | None = None
        for key in sorted(self._lsh.query(minhash)):
            other, other_hash = self._entries[key]
            jaccard, containment = _similarity(sig, other, minhash, other_hash)
            if not is_near_duplicate(jaccard, containment, min(sig.size, other.size)):
                continue
            if best is None or (jaccard, containment) > (best.jaccard, best.containment):
                best = Match(key=key, jaccard=jaccard, containment=containment)
        return best
