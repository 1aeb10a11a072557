"""Timelines for target entities from raw tokenised text (SemEval-2015 Task 4, Track A).

For each CAT document the rebuilt text goes through the dateline pipeline dated by the
document's creation time. Then, per target entity:

1. **Mentions.** Tokens that refer to the entity: mentions (names, pronouns, nominals) of the
   document entities whose name matches the target, plus literal occurrences of the target's
   name (products are often not named entities for the small model). A name matches when its
   words are the target's, contain the target's, or are a run of at least half of them.
2. **Events.** A verb is an event of the entity when a mention sits in one of its arguments
   (subject, inherited along conjoined and controlled verbs; objects; prepositional objects),
   not counting embedded clauses, which have their own verbs. An event noun is one when the
   entity is its possessor or the object of its ``of``/``by``/``against`` complement.
3. **Time.** dateline's anchoring (own clause, sentence, previous sentence, tense and the
   article date), written at the precision found (``2010-06-XX`` for a month).
4. **Order.** Dated events sorted by date (wider ranges first, as in every dateline timeline),
   one position per distinct date, so events on the same date are simultaneous; undated
   events go to position 0, which the task reserves for events it cannot order.

Identifiers are the task's ``docid-sentence-word`` (a phrasal verb's particle joined by ``_``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.eval.semeval_timeline import Timeline, TimelineEntry
from dateline.io.cat import CatDocument
from dateline.model import Precision, When
from dateline.nlp.anchor import CLAUSAL_DEPS, anchor_time
from dateline.nlp.pipeline import load_pipeline, process

__all__ = [
    "EventMention",
    "build_timelines",
    "entity_mentions",
    "name_matches",
    "task_date",
    "timeline_for",
]

UNKNOWN_DATE = "XXXX-XX-XX"
_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "pobj", "agent", "prep", "appos"}
)
_NOUN_LINKS = frozenset({"of", "by", "against", "for"})
#: nouns that name something happening (a launch, a lawsuit), not a thing
_EVENT_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "sal", "ure")
_EVENT_NOUNS = frozenset(
    {
        "launch",
        "release",
        "sale",
        "sales",
        "death",
        "lawsuit",
        "suit",
        "case",
        "dispute",
        "trial",
        "deal",
        "purchase",
        "keynote",
        "speech",
        "debut",
        "demand",
        "decision",
        "resignation",
        "departure",
        "return",
        "visit",
        "event",
        "interview",
        "conference",
        "win",
        "loss",
        "victory",
        "merger",
        "takeover",
        "bid",
        "offer",
        "update",
        "upgrade",
    }
)


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event mention of a target entity, with the date written as the task wants it."""

    event_id: str  # docid-sentence-word
    date: str
    sort_key: tuple[int, int]
    doc_order: tuple[str, int]


def _words(name: str) -> list[str]:
    return [w for w in name.lower().replace("'s", "").split() if w not in {"the", "a", "an"}]


def name_matches(name: str, target: str) -> bool:
    """Whether an entity name refers to the target (same words, contains them, or half of them)."""
    words, wanted = _words(name), _words(target)
    if not words or not wanted:
        return False
    if words == wanted:
        return True

    def contains(outer: list[str], inner: list[str]) -> bool:
        return any(outer[i : i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))

    if contains(words, wanted):
        return True
    return contains(wanted, words) and 2 * len(words) >= len(wanted)


def entity_mentions(doc: Doc, target: str) -> set[int]:
    """Token indices of the document that refer to the target entity."""
    keys = {
        e.key
        for e in doc._.entities or []
        if name_matches(e.name, target) or any(name_matches(a, target) for a in e.aliases)
    }
    tokens = {i for i, refs in (doc._.mention_map or {}).items() if keys.intersection(refs)}
    wanted = _words(target)
    lowers = [t.lower_ for t in doc]
    for size in range(len(wanted), 0, -1):
        if 2 * size < len(wanted):
            break
        for start in range(len(wanted) - size + 1):
            run = wanted[start : start + size]
            for i in range(len(lowers) - size + 1):
                if lowers[i : i + size] == run:
                    tokens.update(range(i, i + size))
    return tokens


def _subject(verb: Token) -> Token | None:
    current = verb
    for _ in range(6):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if current.dep_ in {"conj", "xcomp"} and current.head is not current:
            current = current.head
            continue
        if current.dep_ in {"relcl", "acl"} and current.head is not current:
            return current.head
        return None
    return None


def _argument_tokens(token: Token) -> set[int]:
    """The token's subtree without embedded clauses."""
    out: set[int] = set()
    stack = [token]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        stack.extend(c for c in tok.children if c.dep_ not in CLAUSAL_DEPS and c.dep_ != "conj")
    for conj in token.conjuncts:
        out.add(conj.i)
    return out


def _verb_involves(verb: Token, mentions: set[int]) -> bool:
    subject = _subject(verb)
    if subject is not None and mentions & _argument_tokens(subject):
        return True
    for child in verb.children:
        if child.dep_ in _ARGUMENT_DEPS and mentions & _argument_tokens(child):
            return True
    return False


def _is_event_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in _EVENT_NOUNS or (len(lemma) > 6 and lemma.endswith(_EVENT_SUFFIXES))


def _noun_involves(noun: Token, mentions: set[int]) -> bool:
    for child in noun.children:
        if child.dep_ == "poss" and mentions & _argument_tokens(child):
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ in _NOUN_LINKS
            and any(mentions & _argument_tokens(obj) for obj in child.children)
        ):
            return True
    return False


def task_date(when: When | None) -> str:
    """A ``When`` written as the task's date: ``2010-06-07``, ``2010-06-XX``, ``2010-XX-XX``."""
    if when is None or when.start is None or when.end is None or when.is_interval:
        return UNKNOWN_DATE
    start, end = when.start, when.end
    if when.precision in {Precision.DAY, Precision.TIME} or start == end:
        return start.isoformat()
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}-XX"
    if start.year == end.year:
        return f"{start.year:04d}-XX-XX"
    return UNKNOWN_DATE


def _sort_key(task: str) -> tuple[int, int]:
    """Earlier first; a year before its months, a month before its days."""
    parts = task.split("-")
    year = int(parts[0])
    month = 1 if parts[1] == "XX" else int(parts[1])
    day = 1 if parts[2] == "XX" else int(parts[2])
    width = 2 if parts[1] == "XX" else 1 if parts[2] == "XX" else 0
    return (date(year, month, day).toordinal(), -width)


def _event_id(document: CatDocument, doc: Doc, token: Token) -> str | None:
    cat = document.token_at(token.idx)
    if cat is None:
        return None
    word = cat.text
    particles = [c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1]
    if particles:
        word += "_" + particles[0].text
    return f"{document.doc_id}-{cat.sentence}-{word}"


def _mentions_in(document: CatDocument, doc: Doc, target: str) -> list[EventMention]:
    mentions = entity_mentions(doc, target)
    if not mentions:
        return []
    out: list[EventMention] = []
    seen: set[str] = set()
    for token in doc:
        if token.i in mentions:
            continue
        if token.pos_ == "VERB":
            involved = _verb_involves(token, mentions)
        elif token.pos_ == "NOUN" and _is_event_noun(token):
            involved = _noun_involves(token, mentions)
        else:
            continue
        if not involved:
            continue
        event_id = _event_id(document, doc, token)
        if event_id is None or event_id in seen:
            continue
        seen.add(event_id)
        date_text = task_date(anchor_time(doc, token))
        key = _sort_key(date_text) if date_text != UNKNOWN_DATE else (0, 0)
        out.append(EventMention(event_id, date_text, key, (document.doc_id, token.i)))
    return out


def timeline_for(target: str, mentions: Iterable[EventMention]) -> Timeline:
    """Order the mentions: one position per distinct date, undated ones at position 0."""
    dated = sorted(
        (m for m in mentions if m.date != UNKNOWN_DATE),
        key=lambda m: (m.sort_key, m.doc_order),
    )
    undated = [m for m in mentions if m.date == UNKNOWN_DATE]
    entries = [TimelineEntry(0, UNKNOWN_DATE, (m.event_id,)) for m in undated]
    positions: dict[str, int] = {}
    for mention in dated:
        position = positions.setdefault(mention.date, len(positions) + 1)
        entries.append(TimelineEntry(position, mention.date, (mention.event_id,)))
    return Timeline(target, tuple(entries))


def build_timelines(
    documents: Sequence[CatDocument], targets: Sequence[str], *, nlp: Language | None = None
) -> list[Timeline]:
    """One timeline per target entity over all documents (each document parsed once)."""
    pipeline = nlp or load_pipeline()
    by_id = {d.doc_id: d for d in documents}
    found: dict[str, list[EventMention]] = {t: [] for t in targets}
    for article, doc in process([d.article() for d in documents], nlp=pipeline):
        document = by_id[article.id]
        for target in targets:
            found[target].extend(_mentions_in(document, doc, target))
    return [timeline_for(target, found[target]) for target in targets]
