"""Fix the token and sentence structure news text needs before the tagger and parser run.

The small English model splits "co-founded" into three tokens and parses "co" as the verb,
runs headlines into the next paragraph, and breaks titles such as a show's name across
sentences. This component runs first and repairs those, so every later stage sees one token
for the verb, one sentence per headline, and a title as a single proper noun.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.nlp.util import PARAGRAPH_BREAK

__all__ = ["TITLE_KEY", "find_titles", "structure_doc"]

#: ``doc.user_data`` key holding (char_start, char_end) of titles of works found here
TITLE_KEY = "dateline_titles"

_PREFIXES = frozenset({"co", "re", "ex", "non", "pre", "anti", "self", "vice", "mid", "post"})

#: nouns that name a kind of work; a capitalised run right after one is the work's title
GENRE_NOUNS = frozenset(
    {
        "album",
        "book",
        "comedy",
        "documentary",
        "drama",
        "film",
        "franchise",
        "memoir",
        "movie",
        "musical",
        "novel",
        "opera",
        "play",
        "podcast",
        "series",
        "show",
        "single",
        "sitcom",
        "song",
        "thriller",
        "miniseries",
        "docuseries",
    }
)
_TITLE_WORD = re.compile(r"^(?:[A-Z0-9][\w'’.&-]*|of|the|and|a|an|in|on|to|for|at)$")
_SMALL = frozenset({"of", "the", "and", "a", "an", "in", "on", "to", "for", "at"})


def find_titles(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of titles written after a genre noun ("the sitcom Night Shift Diaries")."""
    titles: list[tuple[int, int]] = []
    i = 0
    n = len(doc)
    while i < n - 1:
        tok = doc[i]
        if tok.lower_ in GENRE_NOUNS and doc[i + 1].text[:1].isupper():
            end = i + 1
            while end < n and _TITLE_WORD.match(doc[end].text) and end - i <= 8:
                end += 1
            while end > i + 1 and doc[end - 1].lower_ in _SMALL:
                end -= 1
            # a single capitalised word may simply start a new clause ("show Masterson")
            if end - (i + 1) >= 2:
                titles.append((i + 1, end))
                i = end
                continue
        i += 1
    return titles


def structure_doc(doc: Doc) -> Doc:
    """Merge prefixed hyphen words and titles; start a sentence after every blank line."""
    titles = find_titles(doc)
    doc.user_data[TITLE_KEY] = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1])) for s, e in titles]
    with doc.retokenize() as retokenizer:
        for start, end in titles:
            retokenizer.merge(doc[start:end], attrs={"TAG": "NNP", "POS": "PROPN"})
        taken = {i for s, e in titles for i in range(s, e)}
        for i in range(len(doc) - 2):
            first = doc[i]
            if first.lower_ not in _PREFIXES:  # the cheap test first: most tokens fail it
                continue
            dash, rest = doc[i + 1], doc[i + 2]
            if (
                dash.text in {"-", "‐"}
                and not first.whitespace_
                and not dash.whitespace_
                and rest.is_alpha
                and not taken.intersection((i, i + 1, i + 2))
            ):
                retokenizer.merge(doc[i : i + 3])
                taken.update((i, i + 1, i + 2))
    # A blank line ends a paragraph (and a headline); single newlines are hard wraps.
    prev: Token | None = None
    for tok in doc:
        if (
            prev is not None
            and prev.is_space
            and not tok.is_space
            and PARAGRAPH_BREAK.search(prev.text_with_ws)
        ):
            tok.is_sent_start = True
        prev = tok
    return doc


@Language.component(
    "dateline_structure",
    assigns=["token.is_sent_start"],
)
def dateline_structure(doc: Doc) -> Doc:
    return structure_doc(doc)


class HyphenLemmas:
    """Lemmas for merged prefix words: "co-founded" -> "co-found", via the model's lemmatizer."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        if "lemmatizer" not in self.nlp.pipe_names:
            return doc
        lemmatizer: Any = self.nlp.get_pipe("lemmatizer")
        for tok in doc:
            if "-" not in tok.text or tok.pos_ not in {"VERB", "NOUN", "ADJ"}:
                continue
            prefix, _, rest = tok.text.partition("-")
            if prefix.lower() not in _PREFIXES or not rest.isalpha():
                continue
            probe = Doc(doc.vocab, words=[rest])
            probe[0].pos_ = tok.pos_
            probe[0].tag_ = tok.tag_
            lemma = lemmatizer.rule_lemmatize(probe[0])[0]
            tok.lemma_ = f"{prefix.lower()}-{lemma.lower()}"
        return doc


@Language.factory("dateline_hyphen_lemmas", requires=["token.lemma"], assigns=["token.lemma"])
def make_hyphen_lemmas(nlp: Language, name: str) -> HyphenLemmas:
    return HyphenLemmas(nlp)
