"""Attributed stances in nouns and adjectives: "a staunch opponent of X", "raised questions
about X", "made the case for X", "is passionate about X", "his view that …".

News attributes beliefs and positions as often through a noun or an adjective as through a
reporting verb. The holder is the noun's possessor, the subject of the copula or light verb
that takes the noun ("X is an opponent of", "X raised questions about"), or of the verb the
adjective completes ("X remained coy about"); the cue runs from that verb to the
preposition; the content is the preposition's object or the noun's "that"/infinitive clause.
Readings are ``nlp.reported.Reported`` records, assigned to ``doc._.reported_readings`` for
the quote stage to turn into indirect quotes with sources (it skips any it already has).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.nlp.attribution_lexicon import ATTITUDE_ADJECTIVES
from dateline.nlp.reported import Reported, cue_range, subject_of, trim_range

__all__ = ["STANCE_ADJECTIVES", "STANCE_NOUNS", "find_stances"]

#: nouns naming a stance, belief, claim or plan held by someone
STANCE_NOUNS = frozenset(
    {
        # holders of a position
        "opponent",
        "supporter",
        "critic",
        "defender",
        "advocate",
        "proponent",
        "champion",
        "admirer",
        "fan",
        "skeptic",
        "sceptic",
        "backer",
        # what someone holds, asks or wants
        "question",
        "concern",
        "doubt",
        "thought",
        "idea",
        "theory",
        "case",
        "adulation",
        "admiration",
        "passion",
        "enthusiasm",
        "disdain",
        "contempt",
        "hostility",
        "distrust",
        "mistrust",
        "faith",
        "confidence",
        "respect",
        "sympathy",
        "complaint",
        "objection",
        "reservation",
        "misgiving",
        "commitment",
        "determination",
        "desire",
        "wish",
        "intention",
        "vision",
        "opinion",
        "perception",
        "impression",
        "understanding",
        "recollection",
        "account",
        "charge",
        "plan",
        "agreement",
        "insistence",
        "frustration",
        "anger",
        "outrage",
        "disappointment",
        "skepticism",
        "scepticism",
        "reluctance",
        "willingness",
        "eagerness",
        "preference",
        "disagreement",
        "dissatisfaction",
        "ire",
    }
)
#: adjectives of attitude that any linking verb can carry ("remained coy about X")
STANCE_ADJECTIVES = ATTITUDE_ADJECTIVES | frozenset(
    {
        "passionate",
        "coy",
        "interested",
        "opposed",
        "committed",
        "vocal",
        "outspoken",
        "silent",
        "quiet",
        "keen",
        "determined",
        "reluctant",
        "willing",
        "unwilling",
        "ready",
        "anxious",
        "nervous",
        "excited",
        "thrilled",
        "grateful",
        "thankful",
        "ashamed",
        "embarrassed",
        "sorry",
        "dismissive",
        "suspicious",
        "mindful",
        "cautious",
        "bullish",
        "bearish",
        "upbeat",
        "clear",
        "open",
        "candid",
        "honest",
        "unapologetic",
        "defiant",
        "resistant",
        "receptive",
        "fond",
        "jealous",
        "envious",
        "unsure",
        "uncertain",
        "dubious",
        "alarmed",
        "disturbed",
        "troubled",
        "outraged",
        "incensed",
        "livid",
        "satisfied",
        "dissatisfied",
        "impressed",
        "unimpressed",
        "obsessed",
        "fixated",
        "insistent",
    }
)
_PREPS = frozenset({"of", "about", "on", "for", "against", "to", "in", "over", "with", "at"})
#: verbs that take a stance noun as object without adding meaning ("raised questions about")
_LIGHT_VERBS = frozenset(
    {
        "make",
        "have",
        "raise",
        "express",
        "voice",
        "share",
        "offer",
        "give",
        "air",
        "hold",
        "harbor",
        "harbour",
        "pose",
        "lay",
        "outline",
        "continue",
        "reach",
        "sign",
        "extract",
        "strike",
        "present",
        "unveil",
        "announce",
        "release",
        "put",
        "show",
        "take",
        "register",
        "signal",
        "reiterate",
        "repeat",
        "level",
        "draw",
        "stoke",
        "fuel",
        "spark",
        "prompt",
        "dismiss",
        "reject",
        "deny",
        "be",
    }
)


def _content_of_prep(prep: Token) -> tuple[tuple[int, int], int] | None:
    """The object of a stance preposition, and the preposition (the cue's end)."""
    objects = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}]
    if prep.lower_ not in _PREPS or not objects:
        return None
    span = trim_range(prep.doc, objects[0].left_edge.i, prep.right_edge.i + 1)
    return (span, prep.i) if span is not None else None


def _content_of(head: Token) -> tuple[tuple[int, int], int] | None:
    """(content range, index of the preposition or head that ends the cue) of a stance word:
    a prepositional object, or a "that"/infinitive clause."""
    doc = head.doc
    for child in head.children:
        if child.i < head.i:
            continue
        if child.dep_ == "prep" and (found := _content_of_prep(child)) is not None:
            return found
        if child.dep_ in {"acl", "ccomp", "xcomp"}:
            marks = [c for c in child.children if c.dep_ in {"mark", "aux"} and c.i < child.i]
            if any(m.lower_ in {"that", "to"} for m in marks):
                span = trim_range(doc, min(m.i for m in marks), child.right_edge.i + 1)
                if span is not None:
                    return span, head.i
    return None


def _noun_reading(noun: Token) -> Reported | None:
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in STANCE_NOUNS:
        return None
    found = _content_of(noun)
    if found is None and noun.dep_ == "dobj":
        # "made the case for X": the parse hangs the preposition on the light verb
        found = next(
            (
                _content_of_prep(doc_prep)
                for doc_prep in noun.head.children
                if doc_prep.dep_ == "prep" and doc_prep.i == noun.right_edge.i + 1
            ),
            None,
        )
    if found is None:
        return None
    content, cue_end = found
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        owner = next((c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"), None)
    cue_start = noun.i
    for child in noun.children:
        if child.i < noun.i and child.dep_ in {"amod", "det", "advmod", "compound"}:
            if child.dep_ == "compound" and child is owner:
                continue
            cue_start = min(cue_start, child.left_edge.i)
    verb = noun.head
    light = noun.dep_ == "attr" or verb.lemma_.lower() in _LIGHT_VERBS
    if owner is None and noun.dep_ in {"attr", "dobj"} and verb.pos_ in {"VERB", "AUX"} and light:
        owner = subject_of(verb)
        cue_start = cue_range(verb)[0]
    if owner is not None and owner.i >= cue_start and owner.i < noun.i:
        cue_start = owner.right_edge.i + 1
    if owner is not None and content[0] <= owner.i < content[1]:
        owner = None
    if owner is None:
        return None  # "the threat of terrorism": a stance nobody is said to hold
    return Reported(
        cue=(cue_start, cue_end + 1),
        verb=noun.i,
        content=content,
        subject=owner.i if owner is not None else None,
    )


def _adjective_reading(adjective: Token) -> Reported | None:
    if adjective.dep_ != "acomp" or adjective.lemma_.lower() not in STANCE_ADJECTIVES:
        return None
    verb = adjective.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    found = _content_of(adjective)
    if found is None:
        # "was clear that …": the clause may hang on the verb
        clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > adjective.i), None)
        if clause is None:
            return None
        span = trim_range(adjective.doc, clause.left_edge.i, clause.right_edge.i + 1)
        if span is None:
            return None
        found = span, adjective.i
    content, cue_end = found
    subject = subject_of(verb)
    if subject is None or subject.lower_ == "it":
        return None
    return Reported(
        cue=(cue_range(verb)[0], cue_end + 1),
        verb=adjective.i,
        content=content,
        subject=subject.i,
    )


def find_stances(doc: Doc) -> list[Reported]:
    """Stance readings of nouns and adjectives, in text order (quotes are not excluded here:
    the quote stage drops readings inside direct quotes)."""
    out: list[Reported] = []
    for token in doc:
        reading = (
            _noun_reading(token)
            if token.pos_ == "NOUN"
            else _adjective_reading(token)
            if token.pos_ == "ADJ"
            else None
        )
        if reading is not None and reading.content[1] - reading.content[0] >= 1:
            out.append(reading)
    return out


@Language.component("dateline_stance", assigns=["doc._.reported_readings"])
def dateline_stance(doc: Doc) -> Doc:
    doc._.reported_readings = find_stances(doc)
    return doc
