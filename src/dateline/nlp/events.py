"""Events (who did what to whom, when) and the time-scoped facts they imply.

Every verb with an entity among its participants becomes an event; participants are read from
its own clause (embedded clauses have their own events), pronouns and nominals come resolved
from the coreference stage, relative pronouns are replaced by what they refer to. Role verbs
open and close intervals ("co-founded ... in 2012" ... "stepping down"), legal verbs give
status facts ("convicted of rape"). ``nlp/event_facts.py`` pairs and merges the facts within
the article; across articles that is the store's and the query layer's work.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.model import Attribution, Event, Fact, Quote
from dateline.model import Span as TextSpan
from dateline.nlp.anchor import (
    CONDITIONAL,
    anchor_time,
    backshifted,
    clause_tokens,
    ordered_time,
    tense_of,
)
from dateline.nlp.event_details import (
    implicit_work,
    nominal_participants,
    ordering_targets,
    presence_heads,
    typed_roles,
)
from dateline.nlp.event_facts import Draft, facts_of
from dateline.nlp.lexicon import (
    EVENT_TYPES,
    LEADING,
    LEGAL_RELATIONS,
    LIGHT_VERBS,
    NOMINAL_EVENTS,
    PATIENT_FIRST,
    ROLE_NOUNS,
    ROLE_START,
    event_class,
    event_type,
)
from dateline.nlp.util import (
    DocReader,
    governing_verb,
    tokens_with_pos,
)

__all__ = ["extract_events"]

_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_WISH = frozenset({"want", "hope", "wish", "expect", "plan", "intend", "seek", "aim"})
#: what others are pressed to do ("urged her to resign", "called for him to step down"): only
#: an infinitive they govern, never a clause ("asked why Acme had fired him": it was done)
_PRESSING = frozenset({"urge", "ask", "call", "demand", "press", "pressure", "encourage", "push"})
#: nouns that make a light verb's object the event ("did an interview")
_EVENT_NOUNS = frozenset(
    {
        "interview",
        "speech",
        "statement",
        "meeting",
        "visit",
        "deal",
        "announcement",
        "appearance",
        "decision",
        "trip",
        "tour",
        "concert",
        "performance",
        "hearing",
        "trial",
        "vote",
        "wedding",
        "surgery",
        "comeback",
        "debut",
        "donation",
        "investment",
        "offer",
        "bid",
        "presentation",
        "press conference",
        "call",
        "talk",
        "walkout",
        "strike",
    }
)
_MODAL = frozenset({"may", "might", "could", "would", "should", "must"})
_REPORTING = frozenset({"say", "tell", "claim", "report", "announce", "state"})
#: governors that make what they govern a claim not (yet) established
_ALLEGING = frozenset({"allege", "accuse", "suspect"})
_NAMING = frozenset({"call", "name", "dub", "title"})
#: adverbs right after a verb that the parser sometimes leaves as advmod: "stepped down"
_PARTICLES = frozenset({"down", "aside", "off", "out", "over"})
#: verbs whose xcomp is the event itself: a decided or started action, not a wish
_COMMITMENT = frozenset(
    {"agree", "decide", "begin", "start", "continue", "resume", "finish", "vote", "move"}
)


def _index(token: Token) -> int:
    return token.i


def _according(token: Token) -> bool:
    """The "according" of "according to X": a frame for the source, not an event."""
    doc = token.doc
    return (
        token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"
    )


def _vouching(token: Token, verb: Token) -> bool:
    """Whether ``token`` lies in an "according to X" phrase of ``verb``'s clause: X vouches
    for the event ("was founded by Feld, according to Metro Wire") without taking part."""
    for ancestor in token.ancestors:
        if ancestor is verb:
            return False
        if _according(ancestor):
            return True
    return False


#: verbs the model's rules cut as a contraction ("wed" -> "we")
_CUT_AS_CONTRACTIONS = frozenset({"wed"})


def _lemma(verb: Token) -> str:
    """The verb's lemma, mended where the model's rules cut a final "e" the lexicon has
    ("fined" -> "fin", not "fine") or cut a lexicon verb as a contraction ("wed" -> "we")."""
    lemma = verb.lemma_.lower()
    if verb.lower_ in _CUT_AS_CONTRACTIONS:
        return verb.lower_  # never "found" for "find": "Police found Feld" founded nothing
    if (
        lemma not in EVENT_TYPES
        and lemma + "e" in EVENT_TYPES
        and verb.lower_.startswith(lemma + "e")
    ):
        return lemma + "e"
    return lemma


def _charge_words(span: Span, timex_chars: list[tuple[int, int]] | None = None) -> str:
    """The charge's words on one line, without a date it runs into ("suspicion of fraud in
    2022": the date is when, not what)."""
    words = list(span)
    for k, tok in enumerate(words):
        if any(s <= tok.idx < e for s, e in timex_chars or ()):
            words = words[:k]
            break
    while words and (words[-1].pos_ in {"ADP", "PUNCT", "CCONJ"} or words[-1].is_space):
        words.pop()  # the "in" of "in 2022", a comma before it
    return " ".join("".join(t.text_with_ws for t in words).split())


def _pleads_guilty(verb: Token) -> bool:
    guilty = next((c for c in verb.children if c.lower_ == "guilty"), None)
    return guilty is not None and not any(
        c.dep_ == "neg" for c in (*guilty.children, *verb.children)
    )


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def _of_chain(noun: Token) -> list[Token]:
    """The noun, what it is of or at in turn, and their possessors: "the board of trustees
    of the Brightwater Foundation" gives board, trustees, Foundation; "Kestrel's board"
    gives board, Kestrel."""
    chain = [noun]
    for _ in range(4):
        nxt = next(
            (
                obj
                for prep in chain[-1].children
                if prep.dep_ == "prep" and prep.lower_ in {"of", "at"}
                for obj in prep.children
                if obj.dep_ == "pobj"
            ),
            None,
        )
        if nxt is None:
            break
        chain.append(nxt)
    return chain + [c for t in chain for c in t.children if c.dep_ == "poss"]


class _EventReader(DocReader):
    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self.refs_by_token = {
            i: tuple(self.names[k] for k in keys if k in self.names)
            for i, keys in self.mention_map.items()
        }
        quotes: list[Quote] = doc._.quotes or []
        # a cue's quote is the timeline item for that verb; but a verb that only introduces
        # reported content without being a speech verb ("agreed to acquire", "vowed to")
        # stays an event of its own
        self.cues = {q.cue.char_start: q.kind for q in quotes if q.cue is not None}
        self.quoted = [
            (q.content.char_start, q.content.char_end) for q in quotes if q.kind == "direct"
        ]
        self._quoted_tokens: set[int] | None = None
        self._questions: dict[int, bool] = {}
        self.attributions: list[Attribution] = doc._.attributions or []
        # "according to TMZ" is a source, not a participant of the event it vouches for
        self.skip: set[int] = set()
        for attribution in self.attributions:
            cue, source = attribution.cue, attribution.source
            span = doc.char_span(
                min(cue.char_start, source.char_start),
                max(cue.char_end, source.char_end),
                alignment_mode="expand",
            )
            if span is None:
                continue
            # a claim introduced by a verb that is an act of its own ("has agreed to acquire",
            # "vowed to") keeps that verb as an event; a report ("TMZ reported") does not
            if any(
                t.pos_ == "VERB"
                and t.lemma_ not in _REPORTING
                and event_type(t.lemma_) != "statement"
                for t in span
            ):
                continue
            self.skip.update(range(span.start, span.end))

    def refs(self, token: Token) -> tuple[str, ...]:
        """Entities a participant token refers to, following conjuncts, appositions, relatives."""
        keys: list[str] = []
        for tok in [token, *token.conjuncts]:
            target = tok
            if tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl":
                target = tok.head.head
            found = self._keys_in(target)
            if not found and target.dep_ == "appos":
                found = self._keys_in(target.head)
            keys.extend(k for k in found if k not in keys)
        return tuple(self.names[k] for k in keys)

    def _keys_in(self, token: Token) -> tuple[str, ...]:
        if token.i in self.mention_map:
            return self.mention_map[token.i]
        for child in token.children:
            if child.dep_ in {"compound", "nmod", "amod"} and child.i in self.mention_map:
                return self.mention_map[child.i]
        return ()

    def subject(self, verb: Token) -> Token | None:
        current = verb
        for _ in range(6):
            for child in current.children:
                if child.dep_ in {"nsubj", "nsubjpass"}:
                    return child
            if current.dep_ in {"conj", "xcomp"} and current.head is not current:
                current = current.head
                continue
            if (
                current.dep_ == "advcl"
                and current.head is not current
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
            ):  # "left the club to become manager of ...": the leaver becomes
                current = current.head
                continue
            if current.dep_ in {"relcl", "acl"} and current.head is not current:
                return current.head
            return None
        return None

    def in_quote(self, token: Token) -> bool:
        if self._quoted_tokens is None:  # token indices inside direct quotes, once per doc
            self._quoted_tokens = {
                i
                for s, e in self.quoted
                if (span := self.doc.char_span(s, e, alignment_mode="expand")) is not None
                for i in range(span.start, span.end)
                if s <= self.doc[i].idx < e
            }
        return token.i in self._quoted_tokens

    def sources_for(self, token: Token) -> tuple[str, ...]:
        """Who vouches for the event: an attribution whose claim holds it, or an "according
        to X" inside the event's own clause ("was founded in 2010, according to Metro Wire,
        and grew")."""
        out: list[str] = []
        sentence = self.sent_of[token.i]
        nearby = any(a.sentence_index == sentence for a in self.attributions)
        verbal = token.pos_ in {"VERB", "AUX"}
        own = {t.i for t in clause_tokens(token)} if nearby and verbal else set()
        for attribution in self.attributions:
            c = attribution.content
            cue = self.doc.char_span(
                attribution.cue.char_start, attribution.cue.char_end, alignment_mode="expand"
            )
            inside = cue is not None and cue.start in own
            if c.char_start <= token.idx < c.char_end or inside:
                name = attribution.source_entity or attribution.source.text
                if name not in out:
                    out.append(name)
        return tuple(out)

    def modality(self, verb: Token) -> str:
        """hypothetical (may, could, if), wished (wanted X to ...), denied (denied taking),
        alleged (alleged, accused of), reported (said that ...), else asserted."""
        modals = {c.lower_ for c in verb.children if c.dep_ == "aux" and c.lower_ in _MODAL}
        if modals and not (modals == {"would"} and backshifted(verb, reporting=_REPORTING)):
            return "hypothetical"
        if verb.lemma_ == "allege" or any(c.lower_ == "allegedly" for c in verb.children):
            return "alleged"
        head = verb
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        if any(c.dep_ == "mark" and c.lower_ in CONDITIONAL for c in head.children):
            return "hypothetical"
        current = verb
        finite_conj = False  # "was asked to join in 2019 and served until 2023": served
        for step in range(8):
            while current.dep_ == "conj" and current.head is not current:
                finite_conj = finite_conj or current.tag_ in {"VBD", "VBZ", "VBP"}
                current = current.head
            if current.dep_ == "pcomp" and current.head.dep_ == "prep":
                current = current.head  # "accused of taking": up to the preposition
                if current.head.lemma_ in _ALLEGING:
                    return "alleged"
            # "called for him to step down": the parser hangs it as an adverbial clause
            for_to = current.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ == "for" for c in current.children
            )
            if (current.dep_ not in {"xcomp", "ccomp"} and not for_to) or current.head is current:
                break
            governor = current.head
            if governor.lemma_ in _WISH:
                return "wished"
            if (
                governor.lemma_ in _PRESSING
                and (current.dep_ == "xcomp" or for_to)
                and not finite_conj
                and current.tag_ == "VB"
                and step == 0  # "demanded to know why he had been sacked": it was done
            ):
                return "wished"
            if governor.lemma_ == "deny":
                return "denied"
            if governor.lemma_ in _ALLEGING:
                return "alleged"
            if governor.lemma_ in _REPORTING:
                return "reported"
            current = governor
        return "asserted"

    def predicate(self, verb: Token) -> str:
        lemma = _lemma(verb)
        if lemma in LIGHT_VERBS:
            for child in verb.children:
                if child.dep_ == "dobj" and child.lemma_.lower() in _EVENT_NOUNS:
                    return child.lemma_.lower()
        embedded = self.embedded(verb)
        if embedded is not None:  # "agreed to acquire": the acquisition is the event
            return self.predicate(embedded)
        if lemma == "take" and any(
            c.dep_ == "dobj" and c.lower_ == "charge" and not any(c.children) for c in verb.children
        ):
            return "take charge"  # "took charge in 2021" (a role), not a charge (a legal noun)
        particles = [
            c.lower_
            for c in verb.children
            if c.dep_ == "prt"
            or (c.dep_ == "advmod" and c.i == verb.i + 1 and c.lower_ in _PARTICLES)
        ]
        return " ".join([lemma, *particles])

    def organisations(
        self,
        verb: Token,
        predicate: str,
        patients: list[str],
        others: list[str],
        *,
        owners: list[str] | tuple[str, ...] = (),
    ) -> tuple[str, ...]:
        """The organisations a role event is about: ORG participants, and for founding verbs
        their object whatever the tagger called it ("co-founded Harborview with Marcus
        Feld": Harborview, not the co-founder after "with"). The organisation that the
        subject's description names (``owners``: "its chairman, Simon Webb, will join
        Kestrel's board") is the one a role ends at, but not the one a role starts at when
        the sentence names another."""
        co_agents = {
            name
            for child in verb.children
            if child.dep_ == "prep" and child.lower_ in {"with", "alongside"}
            for obj in child.children
            if obj.dep_ == "pobj"
            for name in self.refs(obj)
        }
        orgs = [n for n in [*patients, *others] if self.labels.get(n) == "ORG"]
        if predicate in ROLE_START:
            # "elected mayor of Eastbrook": the place a role noun is of is where it is held
            # (a one-word place the tagger may call a person)
            orgs += [
                name
                for tok in verb.subtree
                if tok.dep_ == "pobj"
                and tok.head.lower_ in {"of", "for"}
                and tok.head.head.lower_ in ROLE_NOUNS
                for name in self.refs(tok)
                if self.labels.get(name) in {"GPE", "LOC"}
                or (self.labels.get(name) == "PERSON" and " " not in name)
            ]
        if predicate in LEADING:
            orgs = [
                name
                for child in verb.children
                if child.dep_ == "dobj"
                for name in self.refs(child)
                if self.labels.get(name) == "ORG"
            ]
        elif predicate in {"join", "rejoin"} and any(c.dep_ == "dobj" for c in verb.children):
            # what is joined is the object ("rejoined Harbor in 2015 after a year at Marsh
            # Dairies" is not a start at Marsh Dairies, nor does a past role there exclude
            # it), or the organisation it is "of" ("joined the board of Kestrel Group"); an
            # object that is neither ("joined forces with", "joined the protest outside X")
            # joins no organisation
            orgs = [
                name
                for child in verb.children
                if child.dep_ == "dobj"
                for part in _of_chain(child)
                for name in self.refs(part)
                if self.labels.get(name) != "PERSON"
            ]
        elif predicate in ROLE_START and ROLE_START[predicate] != "founder of":
            joined = [n for n in orgs if n not in owners]
            orgs = joined or orgs
        elif predicate in ROLE_START and ROLE_START[predicate] == "founder of":
            # what is founded: the object, or the subject of a passive ("The company, Lake
            # Resources, was established by North and ... Air Force General Secord")
            objects = [
                name
                for child in verb.children
                if child.dep_ in {"dobj", "nsubjpass"}
                for name in self.refs(child)
                if self.labels.get(name) != "PERSON"
            ]
            orgs = objects or [n for n in orgs if n not in co_agents]
        return tuple(dict.fromkeys(orgs))

    @staticmethod
    def embedded(verb: Token) -> Token | None:
        """The verb a commitment or aspect verb introduces ("agreed to acquire", "began
        shipping"), whose predicate names the event."""
        if verb.lemma_.lower() not in _COMMITMENT:
            return None
        return next(
            (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"),
            None,
        )

    def summary(self, verb: Token, clause: list[Token], agents: tuple[str, ...]) -> str:
        subject = self.subject(verb)
        left = min([verb.i, *(c.i for c in verb.children if c.dep_ in {"aux", "auxpass", "neg"})])
        words = [t for t in clause if t.i >= left and not t.is_space and t.i not in self.skip]
        while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
            words.pop()
        phrase = "".join(t.text_with_ws for t in words).strip()
        if agents:
            head = " and ".join(agents)
        elif subject is not None and subject.i < verb.i:
            head = self.doc[subject.left_edge.i : subject.right_edge.i + 1].text
        else:
            head = ""
        return f"{head} {phrase}".strip()

    def charge(
        self, verb: Token, preps: tuple[str, ...], timex_chars: list[tuple[int, int]]
    ) -> str | None:
        # "pleaded guilty to fraud": the charge may hang on "guilty" (or on the object: "a
        # jury convicted Hale of bribery"), or be misparsed as an infinitive ("to" an
        # auxiliary of the noun "fraud")
        heads = [verb, *(c for c in verb.children if c.lower_ == "guilty" or c.dep_ == "dobj")]
        if "to" in preps:
            for child in verb.children:
                aux = [c for c in child.children if c.dep_ == "aux" and c.lower_ == "to"]
                if child.pos_ == "NOUN" and aux and aux[0].i == child.left_edge.i:
                    return _charge_words(self.doc[aux[0].i + 1 : child.right_edge.i + 1])
        for child in (c for head in heads for c in head.children):
            if child.dep_ == "prep" and child.lower_ in preps:
                for obj in child.children:
                    if obj.dep_ == "pobj" and not any(s <= obj.idx < e for s, e in timex_chars):
                        span = self.doc[obj.left_edge.i : obj.right_edge.i + 1]
                        return _charge_words(span, timex_chars)
        # "rape, which he was ... convicted for": the charge is the relative's antecedent
        chain = [verb, *verb.ancestors]
        for tok in chain:
            if tok.dep_ == "relcl" and any(c.lower_ in _RELATIVE for c in tok.subtree):
                return tok.head.text
            if tok.dep_ not in {"conj"}:
                break
        return None

    def read(self) -> list[Draft]:
        doc = self.doc
        timex_chars = [(t.char_start, t.char_end) for t in doc._.timexes or []]
        drafts: list[Draft] = []
        present = {t.i: t for t in presence_heads(doc)}  # "was in the crowd": attended
        heads = tokens_with_pos(doc, "VERB")
        if present:
            heads = sorted({t.i: t for t in [*heads, *present.values()]}.values(), key=_index)
        for verb in heads:
            if (verb.pos_ != "VERB" and verb.i not in present) or verb.i in self.skip:
                continue
            if self.in_quote(verb):
                continue
            if verb.idx in self.cues and (
                self.cues[verb.idx] != "indirect"
                or verb.lemma_ in _REPORTING
                or event_type(verb.lemma_) == "statement"
            ):
                continue  # the quote it introduces is the timeline item
            if self.question(self.sent_of[verb.i]):
                continue  # a question asserts nothing
            if _according(verb):
                continue  # "according to Metro Wire" names a source (``sources_for``)
            if verb.dep_ == "amod" or (verb.dep_ == "acl" and verb.lemma_ in _NAMING):
                continue
            if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB":
                continue  # folded into the governing verb's event
            clause = clause_tokens(verb)
            subject = self.subject(verb)
            subj_refs = self.refs(subject) if subject is not None else ()
            owners: list[str] = []
            if subject is not None and subject.i not in self.mention_map:
                # "The club's previous manager, Declan Orme, left": Orme left, the club is
                # a participant
                if not subj_refs:
                    subj_refs = tuple(
                        n for c in subject.children if c.dep_ == "appos" for n in self.refs(c)
                    )
                owners = [
                    n
                    for c in subject.children
                    if c.dep_ == "poss"
                    for n in self.refs(c)
                    if self.labels.get(n) == "ORG" and n not in subj_refs
                ]
            elif subject is not None:
                # "Marcus Feld, the company's co-founder, questioned": the organisation the
                # apposition ties the subject to takes part
                owners = [
                    n
                    for a in subject.children
                    if a.dep_ == "appos" and a.pos_ == "NOUN"
                    for c in a.children
                    if c.dep_ == "poss"
                    for n in self.refs(c)
                    if self.labels.get(n) == "ORG" and n not in subj_refs
                ]
            passive = subject is not None and subject.dep_ == "nsubjpass"
            agents = () if passive else subj_refs
            if passive:  # "was founded ... by Feld and Okafor": the by-phrase holds the agents
                agents = tuple(
                    name
                    for child in verb.children
                    if child.dep_ == "agent"
                    for obj in child.children
                    if obj.dep_ == "pobj"
                    for name in self.refs(obj)
                )
            patients: list[str] = list(subj_refs) if passive else []
            others: list[str] = []
            vouching: set[str] = set()  # named only as the event's source
            subject_span = {t.i for t in subject.subtree} if subject is not None else set()
            for tok in clause:
                if tok is verb or tok.i in subject_span or tok.i in self.skip:
                    continue
                for name in self._keys_names(tok):
                    if name in agents or name in patients:
                        continue
                    if tok.dep_ in {"dobj", "attr", "oprd"} and name in others:
                        # "replaces Owen Pryce": "Owen" (a compound) came first, but the
                        # name's head is the object
                        others.remove(name)
                        patients.append(name)
                        continue
                    if name in others:
                        continue
                    if _vouching(tok, verb):
                        vouching.add(name)
                    if tok.head.dep_ == "agent" or (tok.dep_ == "conj" and name in agents):
                        continue
                    if tok.dep_ in {"dobj", "attr", "oprd"}:
                        patients.append(name)
                    else:
                        others.append(name)
            others += [n for n in owners if n not in others and n not in patients]
            work = implicit_work(verb, self.refs_by_token, self.labels)
            if work is not None and work not in others and work not in agents:
                patients.append(work)  # "the pair have been filming": the show
            everyone = tuple(dict.fromkeys([*agents, *patients, *others]))
            if not everyone:
                continue
            predicate = "attend" if verb.i in present else self.predicate(verb)
            lemma = _lemma(verb)
            legal = LEGAL_RELATIONS.get(lemma)
            if lemma == "plead" and not _pleads_guilty(verb):
                legal = None  # "pleaded not guilty", "pleaded for mercy"
            event = Event(
                id=f"ev{len(drafts) + 1}",
                predicate=predicate,
                type=event_type(predicate),
                summary=self.summary(verb, clause, agents or (tuple(patients) if passive else ())),
                trigger=TextSpan(verb.text, verb.idx, verb.idx + len(verb)),
                sentence_index=self.sent_of[verb.i],
                agents=agents,
                patients=tuple(patients),
                entities=everyone,
                when=anchor_time(doc, verb),
                polarity="negative" if any(c.dep_ == "neg" for c in verb.children) else "positive",
                modality=self.modality(verb),
                tense=tense_of(verb),
                sources=self.sources_for(verb),
            )
            orgs = self.organisations(
                verb, predicate, patients, [n for n in others if n not in vouching], owners=owners
            )
            charge = self.charge(verb, legal[1], timex_chars) if legal else None
            roles = typed_roles(
                self.embedded(verb) or verb,
                refs=self.refs_by_token,
                labels=self.labels,
                agents=agents,
                organisations=orgs,
                charge=charge,
            )
            event = replace(event, roles=roles)
            drafts.append(Draft(event, verb, orgs, charge, legal[0] if legal else None))
        drafts += self.nominal(len(drafts), timex_chars, verbal=drafts)
        return self.ordered(drafts)

    def question(self, sent: int) -> bool:
        """Whether sentence ``sent`` ends with a question mark (its text built once, not
        once per verb)."""
        found = self._questions.get(sent)
        if found is None:
            span = self.sents[sent]
            # what ``span.text.rstrip().endswith("?")`` says, from its last non-blank token
            last = next((t for t in reversed(span) if t.text.strip()), None)
            found = self._questions[sent] = last is not None and last.text.rstrip().endswith("?")
        return found

    def nominal(
        self, start: int, timex_chars: list[tuple[int, int]], *, verbal: list[Draft]
    ) -> list[Draft]:
        """Event nouns with a participant: "his conviction", "the acquisition of Quayside"."""
        doc = self.doc
        drafts: list[Draft] = []
        for noun in tokens_with_pos(doc, "NOUN"):
            if noun.pos_ != "NOUN" or noun.i in self.skip or self.in_quote(noun):
                continue
            if noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
                continue  # "did an interview": already the light verb's event
            found = nominal_participants(noun, self.refs_by_token) or self.topical(noun, verbal)
            if found is None and (work := implicit_work(noun, self.refs_by_token, self.labels)):
                found = NOMINAL_EVENTS[noun.lemma_.lower()], (), (work,), ()
            if found is None:
                continue
            predicate, agents, patients, others = found
            everyone = tuple(dict.fromkeys([*agents, *patients, *others]))
            phrase = doc[noun.left_edge.i : noun.right_edge.i + 1]
            legal = LEGAL_RELATIONS.get(predicate)
            charge = self.charge(noun, legal[1], timex_chars) if legal else None
            orgs = tuple(n for n in [*patients, *others] if self.labels.get(n) == "ORG")
            governor = governing_verb(noun)
            event = Event(
                id=f"ev{start + len(drafts) + 1}",
                predicate=predicate,
                type=event_type(predicate),
                summary=f"{' and '.join(everyone)}: {' '.join(phrase.text.split())}",
                trigger=TextSpan(noun.text, noun.idx, noun.idx + len(noun)),
                sentence_index=self.sent_of[noun.i],
                agents=agents,
                patients=patients,
                entities=everyone,
                when=anchor_time(doc, noun),
                polarity="negative" if governor is not None and _negated(governor) else "positive",
                modality=self.modality(governor) if governor is not None else "asserted",
                tense=tense_of(governor) if governor is not None else "unknown",
                sources=self.sources_for(noun),
                roles=(("charge", charge),) if charge else (),
                form="nominal",
            )
            drafts.append(Draft(event, noun, orgs, charge, legal[0] if legal else None))
        return drafts

    def topical(
        self, noun: Token, verbal: list[Draft]
    ) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
        """ "Brandt and Marin are divorced ... The divorce was finalised on Monday": a
        definite event noun as a subject, with no participant of its own, is the event of its
        kind the previous sentence told ("Keller agreed to buy Marsh Dairies ... The
        acquisition": Keller buys, Marsh Dairies is bought), else about whom that sentence
        first names (with the names coordinated with it)."""
        predicate = NOMINAL_EVENTS.get(noun.lemma_.lower())
        sent = self.sent_of[noun.i]
        if (
            predicate is None
            or sent == 0
            or noun.dep_ not in {"nsubj", "nsubjpass"}
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
        ):
            return None
        told = [
            d.event
            for d in verbal
            if sent - 1 <= d.event.sentence_index <= sent
            and d.verb.i < noun.i
            and event_class(d.event.predicate) == event_class(predicate)
            and d.event.agents
            and d.event.patients  # who did it to whom; "are divorced" names the pair below
        ]
        if told:
            return predicate, told[-1].agents, told[-1].patients, ()
        first = next((t for t in self.sents[sent - 1] if self.refs_by_token.get(t.i)), None)
        if first is None:
            return None
        while (
            first.dep_ == "compound"
            and self.refs_by_token.get(first.head.i) == (self.refs_by_token[first.i])
        ):
            first = first.head
        names = tuple(
            dict.fromkeys(
                n for t in [first, *first.conjuncts] for n in self.refs_by_token.get(t.i, ())
            )
        )
        if predicate in PATIENT_FIRST:
            return predicate, (), names, ()
        return predicate, names, (), ()

    def ordered(self, drafts: list[Draft]) -> list[Draft]:
        """Drafts with the orderings their text states, to other events where it names one."""
        by_token = {d.verb.i: d.event.id for d in drafts}
        whens = {d.event.id: d.event.when for d in drafts if d.event.when is not None}
        timex_tokens = {
            i
            for t in self.doc._.timexes or []
            if (span := self.doc.char_span(t.char_start, t.char_end, alignment_mode="expand"))
            for i in range(span.start, span.end)
        }
        out: list[Draft] = []
        for draft in drafts:
            if draft.event.form != "verbal":
                out.append(draft)
                continue
            pairs = []
            for relation, token in ordering_targets(draft.verb, timex_tokens):
                target = by_token.get(token.i)
                if target is None:
                    words = self.doc[token.left_edge.i : token.right_edge.i + 1].text
                    target = " ".join(words.split())
                pairs.append((relation, target))
            if pairs:
                event = replace(draft.event, ordering=tuple(pairs))
                if event.when is None:  # "fired after the team lost" (on Saturday)
                    for relation, target in pairs:
                        other = whens.get(target)
                        if other is not None and (bound := ordered_time(relation, other)):
                            event = replace(event, when=bound)
                            break
                draft = replace(draft, event=event)
            out.append(draft)
        return out

    def _keys_names(self, token: Token) -> tuple[str, ...]:
        return tuple(self.names[k] for k in self.mention_map.get(token.i, ()))


def extract_events(doc: Doc) -> tuple[list[Event], list[Fact]]:
    """Events and facts of a parsed, resolved, time-tagged ``Doc``."""
    reader = _EventReader(doc)
    drafts = reader.read()
    return [d.event for d in drafts], facts_of(doc, drafts, reader.labels)


@Language.component(
    "dateline_events",
    requires=["doc._.entities", "doc._.mention_map", "doc._.timexes", "doc._.attributions"],
    assigns=["doc._.events", "doc._.facts"],
)
def dateline_events(doc: Doc) -> Doc:
    doc._.events, doc._.facts = extract_events(doc)
    return doc
