"""Who is behind words in marks or a claim: whether a source is anonymous, and whether
quoted words are a title (nobody's words).

Anonymous sources are unnamed people the writer vouches for without naming.

"Sources", "a spokesperson", "an official" are unnamed by their head noun; "people
familiar with the matter", "two people briefed on the talks", "officials who spoke on
condition of anonymity" by what the phrase says of them. A source resolved to a named
entity is never anonymous (the caller checks that).
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from dateline.nlp.structure import GENRE_NOUNS

__all__ = ["TITLE_WORDS", "is_anonymous", "quoted_title"]

#: head nouns (lemmas) of a source that names nobody
_ANON_HEADS = frozenset(
    {"source", "spokesperson", "spokesman", "spokeswoman", "insider", "official", "aide"}
    | {"diplomat", "staffer", "spokespeople"}
)
#: the most words a title in marks runs to
TITLE_WORDS = 10

#: what a phrase says of unnamed people it vouches for ("people familiar with the plan")
_UNNAMED = re.compile(
    r"\b(?:familiar with|briefed on|close to|with (?:direct )?knowledge of|anonymity"
    r"|not authori[sz]ed to|(?:declined|asked) not to be (?:named|identified)"
    r"|(?:declined|refused) to be (?:named|identified)|on background)\b",
    re.IGNORECASE,
)


def is_anonymous(root: Token, phrase: Span | str) -> bool:
    """Whether a source headed by ``root`` (its whole phrase ``phrase``) names nobody."""
    if root.lemma_.lower() in _ANON_HEADS or root.lower_ in _ANON_HEADS:
        return True
    text = phrase if isinstance(phrase, str) else phrase.text
    return root.pos_ in {"NOUN", "PRON"} and _UNNAMED.search(text) is not None


#: small words a title keeps in lower case ("Harbour at Risk", "The Salt of the Earth")
_TITLE_SMALL = frozenset(
    {"a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with"}
    | {"from", "into", "over", "as", "vs"}
)

#: words right before a quoted title that say it is one ("titled", "the novel")
_TITLE_CUES = GENRE_NOUNS | {"titled", "entitled", "named", "report", "article", "poem"}


def quoted_title(quoted: Span) -> bool:
    """Whether words in marks (with no speech verb, colon or credit for them) are a title:
    every word but the small ones capitalised, at most ten, and either two or more of
    them or a word naming a work right before ("the film “Harbour Lights”", "a report,
    titled “Harbour at Risk,”"). A scare quote ("the “reform” package") is no title."""
    words = [t for t in quoted if not (t.is_punct or t.is_space)]
    if not words or len(words) > TITLE_WORDS or not words[0].text[:1].isupper():
        return False
    if any(
        not t.text[:1].isupper() and not t.is_digit and t.lower_ not in _TITLE_SMALL for t in words
    ):
        return False
    if len(words) >= 2:
        return True
    doc = quoted.doc
    before = [t for t in doc[max(quoted.start - 4, 0) : quoted.start] if not t.is_punct]
    return bool(before) and before[-1].lower_ in _TITLE_CUES
