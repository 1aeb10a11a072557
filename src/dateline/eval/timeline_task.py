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

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline.eval.semeval_timeline import Timeline, TimelineEntry
from dateline.io.cat import CatDocument
from dateline.model import Precision, When, when_for_value
from dateline.nlp.anchor import CLAUSAL_DEPS, anchor_time, tense_of
from dateline.nlp.pipeline import load_pipeline, process
from dateline.nlp.util import sentences

__all__ = [
    "EventMention",
    "build_timelines",
    "entity_mentions",
    "name_matches",
    "name_pattern",
    "task_date",
    "timeline_for",
]

UNKNOWN_DATE = "XXXX-XX-XX"
_ARGUMENT_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "agent", "appos"}
)
_NOUN_LINKS = frozenset({"of", "by", "against", "for"})
#: prepositions that bring in a participant ("sued by", "a deal with", "sold to"); the others
#: ("in", "at", "on", ...) set the scene
_PARTICIPANT_PREPS = frozenset({"with", "against", "to", "from", "by"})
#: nouns that name something happening (a launch, a lawsuit), not a thing
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
        "leave",
        "absence",
        "request",
        "appearance",
        "farewell",
        "announcement",
        "introduction",
        "presentation",
        "illness",
        "surgery",
        "transplant",
        "meeting",
        "settlement",
        "agreement",
        "acquisition",
        "invitation",
        "breach",
        "development",
        "reduction",
        "order",
        "pre-order",
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


def _proper_part(target: str) -> list[str]:
    """The name without trailing common nouns written in lower case ("iTunes" of "iTunes
    store"): the part that names the entity on its own. Empty when nothing is dropped."""
    words = target.split()
    while words and words[-1].islower() and words[-1].isalpha():
        words.pop()
    return _words(" ".join(words)) if 0 < len(words) < len(target.split()) else []


def _find(outer: Sequence[str], inner: Sequence[str], *, gap: int = 1) -> list[tuple[int, int]]:
    """Where ``inner`` occurs in ``outer`` in order, with at most ``gap`` extra words inside."""
    found: list[tuple[int, int]] = []
    if not inner:
        return found
    for start, word in enumerate(outer):
        if word != inner[0]:
            continue
        i, j, skipped = start + 1, 1, 0
        while j < len(inner) and i < len(outer) and skipped <= gap:
            if outer[i] == inner[j]:
                j += 1
            else:
                skipped += 1
            i += 1
        if j == len(inner) and skipped <= gap:
            found.append((start, i))
    return found


def name_matches(name: str, target: str, *, person: bool = False) -> bool:
    """Whether an entity name refers to the target.

    The same words; the target's words inside the name ("CEO Steve Jobs", "iTunes Music
    Store" for "iTunes Store"); or the end of the target's name, of two words or more
    ("Apple Corps" for "Beatles Apple Corps"), or a person's surname. A name that only shares
    a first word ("iPhone" for "iPhone 4") is another entity.
    """
    words, wanted = _words(name), _words(target)
    if not words or not wanted:
        return False
    if words == wanted or _find(words, wanted) or words == _proper_part(target):
        return True
    if name.strip() == _acronym(target) or words == [_model(target)]:
        return True
    if len(words) >= len(wanted) or wanted[len(wanted) - len(words) :] != words:
        return False
    return len(words) >= 2 or (person and len(wanted) == 2)


def _acronym(target: str) -> str | None:
    """ "GM" for "General Motors": the initials of a name of capitalised words."""
    words = [w for w in target.split() if w.lower() not in {"of", "the", "and", "for"}]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def _model(target: str) -> str | None:
    """ "A380" for "Airbus A380": a model designation (a last word of three characters or
    more with a digit) names the product on its own; "4" of "iPhone 4" is too short to."""
    words = _words(target)
    last = words[-1] if len(words) >= 2 else ""
    return last if len(last) >= 3 and any(c.isdigit() for c in last) else None


def entity_mentions(doc: Doc, target: str) -> set[int]:
    """Token indices of the document that refer to the target entity."""
    matched = [
        e
        for e in doc._.entities or []
        if any(name_matches(n, target, person=e.label == "PERSON") for n in (e.name, *e.aliases))
    ]
    keys = {e.key for e in matched}
    person = any(e.label == "PERSON" for e in matched)
    tokens = {i for i, refs in (doc._.mention_map or {}).items() if keys.intersection(refs)}
    for match in name_pattern(target).finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None:
            tokens.update(range(span.start, span.end))
    if tokens and not person:  # people's pronouns come resolved from dateline's coreference
        tokens |= _short_names(doc, target)
        tokens |= _pronouns(doc, tokens)
    return tokens


def _short_names(doc: Doc, target: str) -> set[int]:
    """ "The new iPhone" in a story about the iPhone 4: a definite noun phrase headed by the
    first word of a model's name (the name without its number or qualifier); "the store" in
    a story about the "iTunes store": one headed by the common noun that ends the name."""
    words = _words(target)
    if len(words) < 2:
        return set()
    heads = {words[0]}
    if _proper_part(target):
        heads = {words[-1]}
    found: set[int] = set()
    for token in doc:
        if token.lower_ not in heads or any(
            c.dep_ in {"nummod", "compound"} for c in token.children
        ):
            continue
        if token.dep_ in {"compound", "nmod", "amod", "poss"}:
            continue  # it modifies another noun ("iPhone users")
        if any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            found.add(token.i)
    return found


def _pronouns(doc: Doc, mentions: set[int]) -> set[int]:
    """ "it"/"its" while the entity is the topic: the subject of the previous main clause, or
    of this sentence's main clause (the small model's coreference leaves products out)."""
    found: set[int] = set()
    topic = False
    for sent in sentences(doc):
        root = sent.root
        subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        here = subject is not None and bool(mentions & _argument_tokens(subject))
        if subject is not None and subject.lower_ == "it" and topic:
            here = True
        if here and subject is not None and subject.lower_ == "it":
            found.add(subject.i)
        topic = here or (topic and subject is None)
    return found


def name_pattern(target: str) -> re.Pattern[str]:
    """The target's name in running text, matched on characters (the tokeniser may split
    "3G"): its words in order with at most one word between them, the two words of a
    two-word name the other way round ("the 3G iPhone"), or, for a longer name, its end
    ("Apple Corps" for "Beatles Apple Corps")."""
    words = [re.escape(w) for w in _words(target)]
    alternatives = [r"(?:\s+\S+)?\s+".join(words)]
    if len(words) == 2:
        alternatives.append(rf"{words[1]}\s+{words[0]}")
    if len(words) >= 3:
        alternatives.append(r"\s+".join(words[1:]))
    proper = [re.escape(w) for w in _proper_part(target)]
    if proper:  # "iTunes" for "iTunes store"
        alternatives.append(r"\s+".join(proper))
    model = _model(target)
    if model:
        alternatives.append(re.escape(model))
    body = "|".join(f"(?:{a})" for a in alternatives)
    acronym = _acronym(target)
    exact = rf"|(?-i:{re.escape(acronym)})" if acronym else ""  # initials keep their case
    return re.compile(rf"(?<!\w)(?:{body}{exact})(?!\w)", re.IGNORECASE)


#: verbs that take the subject of the verb they depend on
_SHARES_SUBJECT = frozenset({"conj", "xcomp", "pcomp", "advcl"})


def _subject(verb: Token) -> Token | None:
    current = verb
    for _ in range(8):
        for child in current.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if current.dep_ == "xcomp":  # object control: "prompting Apple Corps to file suit"
            controller = next((c for c in current.head.children if c.dep_ == "dobj"), None)
            if controller is not None and controller.i < current.i:
                return controller
        if current.dep_ in _SHARES_SUBJECT and current.head.i != current.i:
            current = current.head  # "started by hinting", "While introducing X, Jobs ..."
            if current.dep_ == "prep" and current.head.i != current.i:
                current = current.head
            continue
        if current.dep_ in {"relcl", "acl"} and current.head.i != current.i:
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
        if (
            child.dep_ == "prep"
            and child.lower_ in _PARTICIPANT_PREPS
            and any(mentions & _argument_tokens(o) for o in child.children if o.dep_ == "pobj")
        ):
            return True
    return False


def _is_event_noun(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return lemma in _EVENT_NOUNS


def _noun_involves(noun: Token, mentions: set[int]) -> bool:
    """The entity's own event: possessor ("Jobs's death"), complement ("the launch of the
    store"), or the subject of the verb the noun is the object of ("took a leave")."""
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        subject = _subject(noun.head)
        if subject is not None and mentions & _argument_tokens(subject):
            return True
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


_TIME_PATH = frozenset({"npadvmod", "advmod", "tmod", "pobj", "prep", "nmod", "appos"})


class _Dater:
    """When an event mention happened, read the way news is written.

    A time expression modifying the verb itself ("Yesterday, ... unveiled", "gave ... on
    Monday") comes first, then one in its own clause; a present-tense verb happens on the
    article's date; a past-tense verb of a main clause with no time of its own continues the
    story of the lead (the first sentence of the body), whose time is its own or the
    article's date. Background (relative clauses, past perfect) stays undated.
    """

    def __init__(self, document: CatDocument, doc: Doc) -> None:
        self.document = document
        self.doc = doc
        dct = document.dct.date()
        self.timexes: list[tuple[When, Token]] = []
        for timex in doc._.timexes or []:
            if timex.type not in {"DATE", "TIME"}:
                continue
            when = when_for_value(timex.value, dct=dct, mod=timex.mod)
            if timex.value == "PRESENT_REF":
                when = When(dct.isoformat(), dct, dct, Precision.DAY)
            span = doc.char_span(timex.char_start, timex.char_end, alignment_mode="expand")
            if span is not None and when.start is not None and when.end is not None:
                self.timexes.append((when, span.root))
        self.article_day = When(dct.isoformat(), dct, dct, Precision.DAY, basis="article")
        self._lead: When | None = None

    def sentence(self, token: Token) -> int:
        cat = self.document.token_at(token.idx)
        return cat.sentence if cat is not None else -1

    def direct(self, verb: Token) -> When | None:
        found: list[tuple[int, When]] = []
        for when, root in self.timexes:
            current = root
            for _ in range(8):
                if current.i == verb.i:
                    found.append((abs(root.i - verb.i), when))
                    break
                if current.dep_ not in _TIME_PATH or current.head.i == current.i:
                    break
                current = current.head
        return min(found, key=lambda f: f[0])[1] if found else None

    def lead(self) -> When:
        if self._lead is None:
            self._lead = self.article_day
            for token in self.doc:
                if token.pos_ == "VERB" and token.dep_ == "ROOT" and self.sentence(token) >= 1:
                    own = self.direct(token) or anchor_time(self.doc, token)
                    if own is not None and own.basis == "timex":
                        self._lead = own
                    break
        return self._lead

    def when(self, token: Token) -> When | None:
        if token.pos_ != "VERB":
            own = anchor_time(self.doc, token)
            if own is not None and own.basis == "timex":
                return own
            head = token.head
            while head.pos_ != "VERB" and head.head.i != head.i:
                head = head.head
            return self.when(head) if head.pos_ == "VERB" else None
        direct = self.direct(token)
        if direct is not None:
            return direct
        anchored = anchor_time(self.doc, token)
        if anchored is not None and anchored.basis == "timex":
            return anchored
        if token.dep_ == "conj" and token.head.pos_ == "VERB":
            # "was fired in 1985 and founded NeXT": a time shared with the first verb
            shared = self.direct(token.head) or anchor_time(self.doc, token.head)
            if shared is not None and shared.basis == "timex":
                return shared
        tense = tense_of(token)
        if tense == "unknown" and token.dep_ in _SHARES_SUBJECT and token.head.i != token.i:
            governor = token.head  # "moved on to talk", "started by hinting": the same time
            if governor.pos_ == "ADP" and governor.head.i != governor.i:
                governor = governor.head
            if governor.pos_ == "VERB":
                return self.when(governor)
        if tense == "present":
            return self.article_day
        perfect = any(c.lower_ == "had" and c.dep_ == "aux" for c in token.children)
        if tense == "past" and not perfect and token.dep_ not in {"relcl", "acl"}:
            return self.lead()
        if tense == "past" and token.dep_ == "relcl" and _at_that(token):
            # "the conference, where he promoted ...": the time of the clause it describes
            governor = token.head
            while governor.pos_ != "VERB" and governor.head.i != governor.i:
                governor = governor.head
            return self.when(governor) if governor.pos_ == "VERB" else None
        return None


def _at_that(verb: Token) -> bool:
    """A relative clause introduced by "where" or "when" happens at its antecedent."""
    return any(c.dep_ == "advmod" and c.lower_ in {"where", "when"} for c in verb.children)


def _mentions_in(document: CatDocument, doc: Doc, target: str) -> list[EventMention]:
    mentions = entity_mentions(doc, target)
    if not mentions:
        return []
    dater = _Dater(document, doc)
    out: list[EventMention] = []
    seen: set[str] = set()
    for token in doc:
        if token.i in mentions or dater.sentence(token) < 1:
            continue  # the headline repeats the lead; its events are the lead's
        if token.pos_ == "VERB" and token.dep_ not in {"amod", "compound", "nmod"}:
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
        date_text = task_date(dater.when(token))
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
