"""Hashed lemmas for the attribution tagger: a word's identity as a bucket number, never a word.

Most cue words PolNeAR marks that our lexicons miss are each rare ("mandated", "opted"),
and the tagger may name no word of the corpus it learns from (docs/quotes.md, "Our words
only"). A bucket number is not a word: each lemma is replaced by spaCy's 64-bit hash of it
(MurmurHash, the ``LEMMA`` id of the token) modulo ``BUCKETS``, so the model stores bucket
numbers and weights only, and two lemmas that share a bucket share its weight. Only
lower-case lemmas of common verbs, nouns, adjectives and adverbs get a bucket: never a
proper noun, a token inside a named entity, a number, or a lemma with a capital letter or
a digit, so no name can be learned as such.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["BUCKETS", "HASH_KEYS", "hashed_features", "lemma_buckets"]

#: the number of buckets (a lemma's bucket is its 64-bit hash modulo this)
BUCKETS = 2**18

#: feature keys whose value is a bucket number: the token's lemma, its head's, the verb
#: heading its clause and the verb governing that clause
HASH_KEYS = frozenset({"lh", "hlh", "vlh", "glh"})

#: parts of speech whose lemmas get a bucket
_OPEN = frozenset({"VERB", "NOUN", "ADJ", "ADV"})

_PLAIN = re.compile(r"[a-z][a-z'-]*\Z")


def lemma_buckets(
    lemma_ids: Sequence[int],
    lemmas: Sequence[str],
    poss: Sequence[str],
    in_entity: Sequence[bool],
    numbers: Sequence[bool],
) -> list[int | None]:
    """Each token's bucket (its lemma's hash modulo ``BUCKETS``), or None for a token that
    may not have one: not an open-class word, in an entity, a number, or a lemma that is not
    plain lower-case letters (``lemmas`` as spaCy gives them, not lower-cased)."""
    return [
        lemma_id % BUCKETS
        if pos in _OPEN and not ent and not number and _PLAIN.match(lemma)
        else None
        for lemma_id, lemma, pos, ent, number in zip(
            lemma_ids, lemmas, poss, in_entity, numbers, strict=True
        )
    ]


def _clause_verbs(heads: Sequence[int], poss: Sequence[str]) -> list[int]:
    """For each token, the closest verb at or above it (-1 when there is none)."""
    n = len(heads)
    verb = [-2] * n  # -2: not known yet
    for i in range(n):
        path = []
        j = i
        while verb[j] == -2:
            if poss[j] == "VERB":
                verb[j] = j
            elif heads[j] == j:
                verb[j] = -1
            else:
                path.append(j)
                j = heads[j]
                continue
            break
        for k in path:
            verb[k] = verb[j]
    return verb


def hashed_features(
    heads: Sequence[int], poss: Sequence[str], buckets: Sequence[int | None]
) -> list[list[str]]:
    """Per token: ``lh`` its own bucket, ``hlh`` its head's, ``vlh`` that of the closest
    verb above it (for a word, the verb of its clause; for a verb, the one governing it)
    and ``glh`` that of the closest verb above that one (for a word inside a reported
    clause, the reporting verb): how a source or a content is tied to its cue. A feature is
    left out when the word has no bucket."""
    verbs = _clause_verbs(heads, poss)
    out: list[list[str]] = []
    for i, head in enumerate(heads):
        feats = []
        if buckets[i] is not None:
            feats.append(f"lh={buckets[i]}")
        if head != i and buckets[head] is not None:
            feats.append(f"hlh={buckets[head]}")
        verb = verbs[head] if head != i else -1
        if verb >= 0:
            if buckets[verb] is not None:
                feats.append(f"vlh={buckets[verb]}")
            governor = verbs[heads[verb]] if heads[verb] != verb else -1
            if governor >= 0 and buckets[governor] is not None:
                feats.append(f"glh={buckets[governor]}")
        out.append(feats)
    return out
