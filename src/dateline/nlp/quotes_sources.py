"""Whether a source is anonymous: unnamed people the writer vouches for without naming.

"Sources", "a spokesperson", "an official" are unnamed by their head noun; "people
familiar with the matter", "two people briefed on the talks", "officials who spoke on
condition of anonymity" by what the phrase says of them. A source resolved to a named
entity is never anonymous (the caller checks that).
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

__all__ = ["ANON_HEADS", "is_anonymous"]

#: head nouns (lemmas) of a source that names nobody
ANON_HEADS = frozenset(
    {"source", "sources", "spokesperson", "spokesman", "spokeswoman", "insider", "official"}
    | {"aide", "diplomat", "staffer", "spokespeople", "insiders", "officials"}
)

#: what a phrase says of unnamed people it vouches for ("people familiar with the plan")
_UNNAMED = re.compile(
    r"\b(?:familiar with|briefed on|close to|with (?:direct )?knowledge of|anonymity"
    r"|not authori[sz]ed to|(?:declined|asked) not to be (?:named|identified)"
    r"|(?:declined|refused) to be (?:named|identified)|on background)\b",
    re.IGNORECASE,
)


def is_anonymous(root: Token, phrase: Span | str) -> bool:
    """Whether a source headed by ``root`` (its whole phrase ``phrase``) names nobody."""
    if root.lemma_.lower() in ANON_HEADS or root.lower_ in ANON_HEADS:
        return True
    text = phrase if isinstance(phrase, str) else phrase.text
    return root.pos_ in {"NOUN", "PRON"} and _UNNAMED.search(text) is not None
