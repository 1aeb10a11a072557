"""Near-duplicate articles: the same wire story republished with small changes.

An outlet republishing a wire story changes the headline, trims the ending, adds a
paragraph of its own or fixes a word; the exact content hash then differs but the story
does not. We compare *shingles*, the overlapping runs of ``SHINGLE_WORDS`` words of the
body (lower-cased words only, so punctuation and spacing do not count), through MinHash
signatures and an LSH index that finds candidates without comparing every pair.

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

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "CONTAINMENT_THRESHOLD",
    "JACCARD_THRESHOLD",
    "LSH_BANDS",
    "LSH_ROWS",
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
#: bands and values per band of the LSH index (``NearDuplicateIndex``), chosen for
#: ``LSH_THRESHOLD`` with false positives and negatives weighed equally
LSH_BANDS = 42
LSH_ROWS = 3
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

    def array(self) -> NDArray[np.uint32]:
        return np.frombuffer(self.values, dtype=np.uint32)


@cache
def _permutations() -> tuple[NDArray[np.uint32], NDArray[np.uint32]]:
    """The affine permutations ``h -> a * h + b (mod 2**32)``, ``a`` odd (a bijection),
    drawn once per process from ``SEED`` in the order datasketch 2's "affine32" scheme
    draws them, so signatures stored by earlier versions still compare."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(hv: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """MurmurHash3's 32-bit finalizer (a bijection that spreads the input bits)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    return hv ^ (hv >> np.uint32(16))


def signature(text: str) -> Signature | None:
    """The text's signature, or ``None`` when it has no words.

    Each shingle's hash is the first four bytes of its SHA-1 (little-endian), mixed by
    ``_fmix32``; the signature holds, per permutation, the least permuted hash. Arithmetic
    wraps at 32 bits, which is the modulus.
    """
    found = shingles(text)
    if not found:
        return None
    hashes = np.array(
        [int.from_bytes(hashlib.sha1(item).digest()[:4], "little") for item in found],
        dtype=np.uint32,
    ).reshape(-1, 1)
    a, b = _permutations()
    values = (_fmix32(hashes) * a + b).min(axis=0)
    return Signature(values=values.astype(np.uint32).tobytes(), size=len(found))


def similarity(a: Signature, b: Signature) -> tuple[float, float]:
    """Estimated (Jaccard, containment of the smaller in the larger) of two signatures."""
    return _similarity(a, b, a.array(), b.array())


def _similarity(
    a: Signature, b: Signature, va: NDArray[np.uint32], vb: NDArray[np.uint32]
) -> tuple[float, float]:
    jaccard = float(np.count_nonzero(va == vb)) / NUM_PERM
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
    """An in-memory LSH index over signatures, keyed by any string (article id, hash).

    Banding: the signature is cut into ``LSH_BANDS`` bands of ``LSH_ROWS`` values; two
    signatures are candidates when any band is equal. With 42 bands of 3 rows, a pair of
    Jaccard 0.25 becomes a candidate with probability 1 - (1 - 0.25**3)**42 = 0.48, and one
    of 0.5 with 0.996: the parameters that weigh false positives and false negatives equally
    at ``LSH_THRESHOLD`` (as datasketch's ``MinHashLSH`` chooses them).
    """

    def __init__(self, entries: Iterable[tuple[str, Signature]] = ()) -> None:
        self._bands: list[dict[bytes, list[str]]] = [{} for _ in range(LSH_BANDS)]
        self._entries: dict[str, tuple[Signature, NDArray[np.uint32]]] = {}
        for key, sig in entries:
            self.add(key, sig)

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def _band_keys(values: bytes) -> list[bytes]:
        width = LSH_ROWS * 4  # bytes per band
        return [values[i * width : (i + 1) * width] for i in range(LSH_BANDS)]

    def add(self, key: str, sig: Signature) -> None:
        if key in self._entries:
            return
        self._entries[key] = (sig, sig.array())
        for table, band in zip(self._bands, self._band_keys(sig.values), strict=True):
            table.setdefault(band, []).append(key)

    def candidates(self, sig: Signature) -> set[str]:
        """Keys sharing at least one band with ``sig``."""
        found: set[str] = set()
        for table, band in zip(self._bands, self._band_keys(sig.values), strict=True):
            found.update(table.get(band, ()))
        return found

    def match(self, sig: Signature) -> Match | None:
        """The most similar indexed article that ``sig`` is a near-duplicate of, if any."""
        values = sig.array()
        best: Match | None = None
        for key in sorted(self.candidates(sig)):
            other, other_values = self._entries[key]
            jaccard, containment = _similarity(sig, other, values, other_values)
            if not is_near_duplicate(jaccard, containment, min(sig.size, other.size)):
                continue
            if best is None or (jaccard, containment) > (best.jaccard, best.containment):
                best = Match(key=key, jaccard=jaccard, containment=containment)
        return best
