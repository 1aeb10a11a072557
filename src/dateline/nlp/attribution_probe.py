"""How much each token looks like a source, cue or content, read from spaCy's own vectors.

The attribution tagger may name no word of the corpus it learns from (docs/quotes.md, "Our
words only"), so a cue word missing from our lexicons looks to it like any other word. The
parser's token-to-vector layer (``doc.tensor``: 96 numbers per token in context, computed
anyway by the pipeline) does carry what a word is like, without naming it. A small network
(one hidden layer) maps those numbers to the chance that the token is outside any
attribution, or in a source, a cue or a content; the tagger reads the chances as features.
The network ships as arrays of numbers (``data/attribution_probe.npy``): no word, no text.
It is trained by ``bench/train_attribution.py`` on PolNeAR ``train/`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray
from spacy.tokens import Doc

from dateline.errors import DatelineError

__all__ = ["PROBE_RESOURCE", "Probe", "load_probe", "train_probe"]

#: the network's file inside the package (``dateline/nlp/data``)
PROBE_RESOURCE = "attribution_probe.npy"

_Array = NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class Probe:
    """A one-hidden-layer network over standardised token vectors: ``probs(doc)`` gives, for
    each token, the chances of outside, source, cue and content (a row of four)."""

    mean: _Array
    scale: _Array
    w1: _Array
    b1: _Array
    w2: _Array
    b2: _Array

    def forward(self, vectors: _Array) -> _Array:
        x = (vectors - self.mean) / self.scale
        out: _Array = _softmax(_hidden(x, self.w1, self.b1) @ self.w2 + self.b2)
        return out.astype(np.float32)

    def probs(self, doc: Doc, rows: Sequence[int] | None = None) -> _Array | None:
        """The four chances per token, or ``None`` when the ``Doc`` has no vectors of the
        width the network was trained on (made without the model's ``tok2vec``). With
        ``rows``, only those tokens are computed (the others' rows are zeros): the tagger
        reads the chances of the paragraphs it tags only."""
        tensor = doc.tensor
        if tensor is None or tensor.ndim != 2 or tensor.shape != (len(doc), self.mean.shape[0]):
            return None
        vectors = np.asarray(tensor, dtype=np.float32)
        if rows is None:
            return self.forward(vectors)
        out = np.zeros((len(doc), 4), dtype=np.float32)
        if len(rows):
            out[rows] = self.forward(vectors[rows])
        return out

    def save(self, path: str) -> None:
        """One flat array (width, hidden, then each array in turn): ``.npy`` holds no
        time stamp, so the same network gives the same bytes."""
        width, hidden = self.w1.shape
        flat = [np.array([width, hidden], np.float32)]
        flat += [a.ravel() for a in (self.mean, self.scale, self.w1, self.b1, self.w2, self.b2)]
        np.save(path, np.concatenate(flat).astype(np.float32))

    @classmethod
    def load(cls, path: str) -> Probe:
        flat = np.load(path).astype(np.float32)
        width, hidden = int(flat[0]), int(flat[1])
        shapes = [(width,), (width,), (width, hidden), (hidden,), (hidden, 4), (4,)]
        arrays, at = [], 2
        for shape in shapes:
            size = int(np.prod(shape))
            arrays.append(flat[at : at + size].reshape(shape))
            at += size
        return cls(*arrays)


def _hidden(x: _Array, w1: _Array, b1: _Array) -> _Array:
    """The hidden layer (ReLU); shared by ``Probe.forward`` and training's forward pass."""
    out: _Array = np.maximum(x @ w1 + b1, 0.0)
    return out


def _softmax(z: _Array) -> _Array:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: _Array = e / e.sum(axis=1, keepdims=True)
    return out


@cache
def load_probe() -> Probe:
    """The shipped network, loaded once per process (with the tagger: never a silent
    fallback when it is missing)."""
    probe = resources.files("dateline.nlp") / "data" / PROBE_RESOURCE
    if not probe.is_file():
        raise DatelineError(f"the attribution tagger's probe {PROBE_RESOURCE} is not installed")
    with resources.as_file(probe) as path:
        return Probe.load(str(path))


def train_probe(
    vectors: _Array,
    labels: NDArray[np.int64],
    *,
    hidden: int = 128,
    epochs: int = 8,
    seed: int = 0,
    rate: float = 1e-3,
    batch: int = 512,
) -> Probe:
    """Fit the network (cross-entropy, Adam, mini-batches in a seeded order: the same data
    give the same network). ``labels``: 0 outside, 1 source, 2 cue, 3 content."""
    rng = np.random.default_rng(seed)
    mean = vectors.mean(axis=0).astype(np.float32)
    scale = (vectors.std(axis=0) + 1e-6).astype(np.float32)
    x_all = ((vectors - mean) / scale).astype(np.float32)
    n, width = x_all.shape
    k = 4
    params = [
        rng.normal(0, 1 / np.sqrt(width), (width, hidden)).astype(np.float32),
        np.zeros(hidden, np.float32),
        rng.normal(0, 1 / np.sqrt(hidden), (hidden, k)).astype(np.float32),
        np.zeros(k, np.float32),
    ]
    first = [np.zeros_like(p) for p in params]
    second = [np.zeros_like(p) for p in params]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(n)
        for at in range(0, n, batch):
            idx = order[at : at + batch]
            x, y = x_all[idx], labels[idx]
            h = _hidden(x, params[0], params[1])
            p = _softmax(h @ params[2] + params[3])
            p[np.arange(len(y)), y] -= 1.0
            g = p / len(y)
            gh = g @ params[2].T
            gh[h <= 0] = 0.0
            grads = [x.T @ gh, gh.sum(axis=0), h.T @ g, g.sum(axis=0)]
            step += 1
            for i, grad in enumerate(grads):
                first[i] = 0.9 * first[i] + 0.1 * grad
                second[i] = 0.999 * second[i] + 0.001 * grad * grad
                m_hat = first[i] / (1 - 0.9**step)
                v_hat = second[i] / (1 - 0.999**step)
                params[i] -= (rate * m_hat / (np.sqrt(v_hat) + 1e-8)).astype(np.float32)
    return Probe(mean, scale, *params)
