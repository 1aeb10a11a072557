"""Language check: the pipeline reads English only, so other languages are rejected by name.

The detector is lingua's, built for a fixed set of common news languages in its
low-accuracy mode (trigram models only): it loads in well under a second, stays small in
memory, and is accurate on article-length text, which is all it is asked about. Texts
shorter than ``MIN_CHARS`` letters are not judged (a headline-length text is too short for a
reliable answer, and a wrong rejection loses a story). An article is rejected only when
another language wins with at least ``MIN_CONFIDENCE``, judged on words without digits: on
the first 1,500 Reuters-21578 stories this rejects none, where figures kept and a threshold
of 0.8 had rejected six English earnings tables ("Shr 45 cts vs 58 cts ...").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from dateline.model import Article

__all__ = [
    "LANGUAGES",
    "MIN_CHARS",
    "MIN_CONFIDENCE",
    "PLAIN_ENGLISH_SHARE",
    "Detected",
    "detect_language",
    "language_problem",
    "plainly_english",
]

#: lingua names of the languages the detector tells apart
LANGUAGES = (
    "ENGLISH",
    "FRENCH",
    "GERMAN",
    "SPANISH",
    "PORTUGUESE",
    "ITALIAN",
    "DUTCH",
    "SWEDISH",
    "DANISH",
    "BOKMAL",
    "FINNISH",
    "POLISH",
    "CZECH",
    "HUNGARIAN",
    "ROMANIAN",
    "TURKISH",
    "RUSSIAN",
    "UKRAINIAN",
    "GREEK",
    "ARABIC",
    "HEBREW",
    "PERSIAN",
    "HINDI",
    "CHINESE",
    "JAPANESE",
    "KOREAN",
    "INDONESIAN",
    "VIETNAMESE",
)
#: fewer letters than this: not judged
MIN_CHARS = 80
#: another language must be at least this sure to reject an article (prose in another
#: language scores 1.0; English tables of figures, e.g. earnings reports, score below 0.95)
MIN_CONFIDENCE = 0.95
#: how much text is looked at (the start of an article says enough)
SAMPLE_CHARS = 2_000


@dataclass(frozen=True, slots=True)
class Detected:
    """A detected language: ISO 639-1 code, English name, confidence in [0, 1]."""

    code: str
    name: str
    confidence: float


@cache
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> Detected | None:
    """The most likely language of ``text``, or ``None`` when it is too short to judge.

    Only words without digits are looked at: figures and codes say nothing of a language.
    """
    sample = " ".join(w for w in text[:SAMPLE_CHARS].split() if not any(c.isdigit() for c in w))
    if sum(ch.isalpha() for ch in sample) < MIN_CHARS:
        return None
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return None
    best = values[0]
    return Detected(
        code=best.language.iso_code_639_1.name.lower(),
        name=best.language.name.capitalize(),
        confidence=float(best.value),
    )


#: English function words that are not words of the other languages above; news prose in
#: English has well over ``PLAIN_ENGLISH_SHARE`` of its words among them
_ENGLISH_WORDS = frozenset(
    {"the", "of", "and", "to", "that", "for", "with", "was", "were", "has", "have", "from"}
    | {"said", "by", "this", "which", "would"}
)
#: at least this share of English function words: English, without asking the detector
PLAIN_ENGLISH_SHARE = 0.15


def plainly_english(text: str) -> bool:
    """A cheap first look (the detector costs milliseconds an article, on every ingest)."""
    words = text[:SAMPLE_CHARS].lower().split()
    if len(words) < 20:
        return False
    hits = sum(w.strip(".,;:!?\"'()“”‘’") in _ENGLISH_WORDS for w in words)
    return hits >= PLAIN_ENGLISH_SHARE * len(words)


def language_problem(article: Article) -> str | None:
    """Why the article cannot be read (its language), or ``None`` when it is English."""
    if plainly_english(article.text):
        return None
    found = detect_language(article.text)
    if found is None or found.code == "en" or found.confidence < MIN_CONFIDENCE:
        return None
    return (
        f"language is {found.name} ({found.code}, confidence {found.confidence:.2f}), not English"
    )
