"""Where a statement was made, beyond interviews and "in a statement": the medium ("on
Twitter", "on television"), the setting ("at a news conference") and the outlet written
for ("writing in the Eastvale Herald").

Each reading hangs on a verb of speaking (``speech``), so "was arrested at a rally" or
"a film on television" name no venue.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

__all__ = ["medium_venue", "proper_name"]

#: media a statement is made on ("posted on Instagram"), by lower-case name
_MEDIA = {
    "twitter": "Twitter",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "tiktok": "TikTok",
    "youtube": "YouTube",
    "linkedin": "LinkedIn",
    "reddit": "Reddit",
    "bluesky": "Bluesky",
    "social media": "social media",
    "television": "television",
    "tv": "television",
    "radio": "radio",
    "podcast": "podcast",
    "blog": "blog",
    "website": "website",
    "livestream": "livestream",
}

#: settings a statement is made at ("at a news conference", "at the rally")
_SETTINGS = frozenset(
    {"conference", "briefing", "rally", "hearing", "meeting", "summit", "forum", "debate"}
    | {"event", "ceremony", "vigil", "gathering", "session", "hall", "luncheon", "dinner"}
)

#: entity labels of times, which are no venue ("speaking on Monday", "writing in May")
_WHEN = frozenset({"DATE", "TIME"})

#: verbs that carry a venue for the statement they lead to ("Speaking on television, …")
_APPEARING = frozenset({"speak", "appear", "write", "post", "testify", "quote"})


def _compound_text(noun: Token) -> str:
    """The noun with the compounds and adjectives right before it ("news conference")."""
    start = noun.i
    while (
        start > 0
        and noun.doc[start - 1].dep_ in {"compound", "amod"}
        and (noun.doc[start - 1].head.i == noun.i)
    ):
        start -= 1
    return noun.doc[start : noun.i + 1].text


def proper_name(noun: Token) -> str | None:
    """A proper noun with its compounds ("Fox News"), when the entity stage named none."""
    if noun.pos_ != "PROPN":
        return None
    return _compound_text(noun)


def _leads_to_speech(prep: Token, speech: Callable[[Token], bool]) -> bool:
    head = prep.head
    return head is not prep and (speech(head) or head.lemma_.lower() in _APPEARING)


def medium_venue(
    sent: Span,
    *,
    speech: Callable[[Token], bool],
    entity: Callable[[Token], str | None],
) -> str | None:
    """The medium, setting or outlet of a sentence's statement, or ``None``: "on" a medium
    (or a named programme after "speaking/appearing on"), "at" a setting, "writing in" or
    "quoted by" an outlet; a statement tweeted was made on Twitter. ``speech`` says whether
    a token is a verb of speaking; ``entity`` gives the canonical name of a token's
    entity."""
    if any(t.lemma_.lower() in {"tweet", "retweet"} and t.pos_ == "VERB" for t in sent):
        return "Twitter"
    for prep in sent:
        if prep.dep_ not in {"prep", "agent"} or not _leads_to_speech(prep, speech):
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None:
            continue
        word = prep.lower_
        key = _compound_text(obj).lower()
        if word == "on":
            if key in _MEDIA or obj.lower_ in _MEDIA:
                return _MEDIA.get(key) or _MEDIA[obj.lower_]
            if prep.head.lemma_.lower() in {"speak", "appear"} and obj.ent_type_ not in _WHEN:
                found = entity(obj) or proper_name(obj)
                if found:
                    return found
        elif word == "at" and obj.lemma_.lower() in _SETTINGS:
            return _compound_text(obj)
        elif word == "by" and prep.head.lemma_.lower() == "quote":
            found = entity(obj) or proper_name(obj)  # "was quoted by the Herald as saying"
            if found:
                return found
        elif word == "in" and prep.head.lemma_.lower() == "write" and obj.ent_type_ not in _WHEN:
            found = entity(obj) or proper_name(obj)
            if found:
                return found
    return None
