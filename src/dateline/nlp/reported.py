"""Reported (indirect) speech: "he claimed that he wanted …", "Kutcher told Esquire he …".

A reporting verb (say, tell, claim, report, believe, show …) with a clausal complement is an
attribution: its subject is the source, the verb (with its auxiliaries and "also") the cue,
and the complement clause, "that" included, the content. Verbs of promising and refusing
take an infinitive instead ("vowed to repeal …"). The rules read the dependency parse only,
so they apply to any text, not to particular documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.nlp.attribution_lexicon import (
    ATTITUDE_ADJECTIVES,
    EVIDENTIAL_VERBS,
    INFINITIVE_VERBS,
    MEASURED_CLAUSE_VERBS,
    MEASURED_INFINITIVE_VERBS,
    MEASURED_OBJECT_VERBS,
    OBJECT_VERBS,
    PREP_OBJECTS,
    REPORT_NOUNS,
    REPORTING_VERBS,
)

__all__ = [
    "ASIDE_MARKS",
    "REPORTING_VERBS",
    "Reported",
    "bare_participle",
    "cue_range",
    "discourse_marker",
    "find_reported",
    "only_time",
    "passive_agent",
    "quoted_tokens",
    "reports_something",
    "speaker_subject",
    "subject_of",
    "trim_range",
    "without_aside",
]

#: words that join the verb in the cue when they sit right before it ("has also said")
_CUE_DEPS = frozenset({"aux", "neg", "advmod", "auxpass"})


@dataclass(frozen=True, slots=True)
class Reported:
    """One reading of reported speech, as token ranges of the ``Doc``."""

    cue: tuple[int, int]
    verb: int  # the cue's verb token
    content: tuple[int, int]
    subject: int | None  # the source's head token


#: forms the small model lemmatizes wrongly ("hoping" -> "hop")
_LEMMA_FIXES = {
    "hoping": "hope",
    "hoped": "hope",
    "hopes": "hope",
    "retweeted": "retweet",
    "retweeting": "retweet",
}

#: verbs read with a clause, an infinitive, an object (the curated lists and those measured)
_CLAUSE_VERBS = REPORTING_VERBS | MEASURED_CLAUSE_VERBS
_INFINITIVE_VERBS = INFINITIVE_VERBS | MEASURED_INFINITIVE_VERBS
_OBJECT_VERBS = OBJECT_VERBS | MEASURED_OBJECT_VERBS


def _lemma(token: Token) -> str:
    lower = token.lower_
    return _LEMMA_FIXES.get(lower, token.lemma_.lower())


def cue_range(verb: Token) -> tuple[int, int]:
    """The verb with the auxiliaries, negation and adverbs right before it ("has also said")."""
    start = verb.i
    left = sorted((c for c in verb.children if c.i < verb.i), key=lambda t: -t.i)
    for child in left:
        if child.i == start - 1 and child.dep_ in _CUE_DEPS and child.pos_ != "PUNCT":
            start = child.i
        else:
            break
    return start, verb.i + 1


#: marks of a trailing adverbial clause that is the writer's, not the reported words
_CONTRAST_MARKS = frozenset({"while", "whereas", "although", "though"})


def _own_report(clause: Token) -> bool:
    """ "…, when Mr. B called for X": a trailing clause reporting someone else's words."""
    lemma = _lemma(clause)
    return (lemma in REPORTING_VERBS or lemma in PREP_OBJECTS or lemma in OBJECT_VERBS) and any(
        c.dep_ == "nsubj" and c.pos_ == "PROPN" for c in clause.children
    )


def _participle_report(clause: Token) -> bool:
    """ "…, arguing that …": a trailing participle of a reporting verb is a report of its
    own (by the same speaker), not part of the words before it."""
    return (
        clause.tag_ == "VBG"
        and _lemma(clause) in REPORTING_VERBS
        and clause.left_edge.i > 0
        and clause.doc[clause.left_edge.i - 1].text in {",", "—", "–", "-", "--"}
        and _complement(clause) is not None
    )


def without_aside(doc: Doc, start: int, end: int) -> int:
    """``end`` moved before a comma or dash that opens a non-restrictive relative clause or
    an apposition hung on a word before it and running to the end of the range ("… Latino
    voters, who have backed her …", "… Rep. Beyer, a former …", "… in Iowa, where …"), or
    before ", according to …"."""
    for i in range(start + 2, end - 1):
        if doc[i].text not in _ASIDE_BREAKS:
            continue
        if doc[i].text == "," and [t.lower_ for t in doc[i + 1 : i + 3]] == ["according", "to"]:
            return i  # "…, according to two aides": the writer's attribution of the report
        if doc[i].text != "," and not doc[i - 1].whitespace_:
            continue  # a hyphen inside a word
        head = doc[i + 1]
        while head.head.i > i and head.head.left_edge.i == i + 1 and head.head is not head:
            head = head.head
        if head.head.i >= i or head.right_edge.i + 1 < end - 1:
            continue
        # an "apposition" heading a coordination is a list's next items ("differ on
        # Israel, the nuclear deal and the budget"), not a gloss
        appos = head.dep_ == "appos" and not any(c.dep_ == "cc" for c in head.children)
        if appos or (head.dep_ == "relcl" and doc[i + 1].lower_ in _RELATIVE_WORDS):
            return i
    return end


#: marks that may open a trailing aside, and the words opening a non-restrictive relative
#: clause (participles and "with" phrases were measured and are kept: annotators include
#: them about as often as not)
#: marks that set off an aside ("Ortiz, the mayor, said"); a hyphen also breaks a content
ASIDE_MARKS = frozenset({",", "—", "–", "--"})
_ASIDE_BREAKS = ASIDE_MARKS | {"-"}
_RELATIVE_WORDS = frozenset({"which", "who", "whose", "whom", "where", "when"})


def _content_range(head: Token) -> tuple[int, int] | None:
    """The clause's words, up to a conjoined report of its own ("… and said that …")."""
    doc = head.doc
    start, end = head.left_edge.i, head.right_edge.i + 1
    for child in head.children:
        if (
            child.dep_ == "conj"
            and child.i > head.i
            and _lemma(child) in REPORTING_VERBS
            and (_complement(child) is not None or _lemma(child) in PREP_OBJECTS)
            # "… is complex and he feels …" is still the reported words; only a report
            # sharing the speaker ("… and said that …") is the speaker's own
            and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children)
        ):
            end = min(end, child.left_edge.i)
        elif (
            child.dep_ == "advcl"
            and child.i > head.i
            and (
                any(c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in child.children)
                or _own_report(child)
                or _participle_report(child)
            )
        ):
            # "… they prefer X, while others want Y": the contrast is the writer's
            end = min(end, child.left_edge.i)
    mark = next((c for c in head.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if mark is not None and mark.i > start and doc[mark.i - 1].text == ",":
        # "reported, citing two officials, that …": what comes before the comma and "that"
        # hangs on the clause only in the parse; the reported words start at "that"
        start = mark.i
    end = without_aside(doc, start, end)
    while end > start and doc[end - 1].dep_ == "cc":
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if end - start < 2:
        return None
    return start, end


#: parts of speech of a noun a participle may modify ("a group backing Rubio")
_NOMINALS = frozenset({"NOUN", "PROPN", "PRON"})


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb (see ``_subject_of``), else a name in apposition right before
    a finite verb that the parser hung on the phrase before it ("In a statement about the
    pier, her adviser, Tom Pryce, said …": "adviser" became an apposition of "pier")."""
    found = _subject_of(verb)
    return found if found is not None else _stranded_apposition(verb)


def _stranded_apposition(verb: Token) -> Token | None:
    if verb.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None
    start = cue_range(verb)[0]
    if start < 2 or verb.doc[start - 1].text != ",":
        return None
    doc = verb.doc
    token = doc[start - 2]
    if token.dep_ != "appos" or token.pos_ not in {"PROPN", "NOUN"} or token.head.i >= token.i:
        return None
    # climb the appositions while each opens after a comma ("her adviser, Tom Pryce")
    while token.dep_ == "appos" and token.head.i < token.i:
        head = token.head
        if head.left_edge.i == 0 or doc[head.left_edge.i - 1].text != ",":
            break
        token = head
    return token


def _subject_of(verb: Token) -> Token | None:
    """The subject of a verb, through conjoined, complement and adverbial clauses and an
    adjective of "be" ("voters are likely to say …"), the noun a present participle
    modifies ("a group backing Rubio"), and from a
    gerund after a preposition to the verb the preposition hangs on ("she ended by saying
    …", "after urging …": the doer is that verb's subject), unless the preposition is "for"
    or "of" after an object, whose gerund is the object's ("criticized Ortiz for saying …",
    "accused her of lying")."""
    current: Token | None = verb
    for _ in range(6):
        if current is None:
            return None
        subjects = [c for c in current.children if c.dep_ in {"nsubj", "nsubjpass"}]
        # a wire service's bracket after a company's name is no subject ("<Acme Plc> said")
        subjects = [c for c in subjects if not (c.is_punct or c.text in {"<", ">"})] or subjects
        if subjects:
            # two subjects are a misparse, most often of a wire dateline ("PORT ALDER
            # (Reuters) — Lena Ortiz said"): the one nearest the verb is its subject
            at = current.i
            return min(subjects, key=lambda c: abs(c.i - at))
        if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.pos_ in _NOMINALS:
            return current.head  # "a group backing Rubio": the group backs him
        if current.dep_ in {"conj", "xcomp", "advcl", "acomp"} and current.head is not current:
            current = _outside_that(current)
        elif current.dep_ == "pcomp" and current.head is not current:
            current = _gerund_host(current)
        else:
            return None
    return None


def _outside_that(clause: Token) -> Token:
    """The head a clause's subject is looked for in: its own head, except for a clause
    before the "that" of the clause it hangs on ("CNN reported, citing two officials, that
    …": the parse hangs "citing" on the reported clause, but CNN is citing)."""
    head = clause.head
    mark = next((c for c in head.children if c.dep_ == "mark" and c.lower_ == "that"), None)
    if clause.dep_ == "advcl" and mark is not None and clause.i < mark.i and head.dep_ == "ccomp":
        return head.head
    return head


def speaker_subject(verb: Token) -> Token | None:
    """The subject of a cue as its speaker: ``subject_of``, except that the passive subject
    of the cue itself is what was spoken of, and its agent speaks ("the plan was described
    as “reckless” by Moreau")."""
    subject = subject_of(verb)
    if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == verb.i:
        return passive_agent(verb)
    return subject


def _gerund_host(gerund: Token) -> Token | None:
    """The head of a ``pcomp``: the preposition before a gerund ("by saying") leads on to
    the verb it modifies (see ``subject_of``)."""
    prep = gerund.head
    if gerund.tag_ != "VBG" or prep.dep_ != "prep" or prep.head is prep:
        return prep
    host = prep.head
    if host.pos_ not in {"VERB", "AUX"}:
        return prep
    if prep.lower_ in {"for", "of"} and any(c.dep_ == "dobj" for c in host.children):
        return prep
    return host


def reports_something(clause: Token) -> bool:
    """Whether a clause holds a report of its own: a verb of it reads a clause, an
    infinitive or an object as reported words ("…, who said he voted for X, …")."""
    return any(
        t.pos_ in {"VERB", "AUX"} and (_complement(t) is not None or _object_range(t) is not None)
        for t in clause.subtree
    )


def _complement(verb: Token) -> Token | None:
    lemma = _lemma(verb)
    for child in verb.children:
        if child.dep_ == "ccomp" and lemma in _CLAUSE_VERBS:
            return child
    if lemma in _INFINITIVE_VERBS and not any(c.dep_ == "auxpass" for c in verb.children):
        for child in verb.children:
            if child.dep_ == "xcomp" and any(c.lower_ == "to" for c in child.children):
                return child
    if lemma in _CLAUSE_VERBS or lemma in _OBJECT_VERBS:
        # "denied receiving any money", "reported raising $9 million": a gerund clause
        # is what is denied or reported
        for child in verb.children:
            if (
                child.dep_ == "xcomp"
                and child.tag_ == "VBG"
                and child.i > verb.i
                and not any(c.lower_ == "to" for c in child.children)
            ):
                return child
    return None


#: what a company "posts" that is a figure, not words: prices, results
_FIGURES = frozenset(
    {"price", "loss", "profit", "gain", "deficit", "surplus", "result", "earnings", "revenue"}
    | {"sale", "increase", "decline", "drop", "rise", "fall", "growth", "record", "dividend"}
    | {"income", "rate", "return", "margin", "turnover", "shortfall", "volume"}
)


#: verbs whose bare personal object is whom they address, not a content ("thanked him for
#: his work" keeps "him for his work")
_GREETING = frozenset({"thank", "congratulate"})


def _a_person(token: Token) -> bool:
    return token.tag_ == "PRP" or (token.ent_type_ == "PERSON" and token.right_edge.i == token.i)


#: works one publishes that are not a statement ("published her first novel"); a report,
#: a letter or a statement published still are
_WORKS = frozenset(
    {"novel", "book", "memoir", "album", "collection", "poem", "biography", "novella", "song"}
    | {"single", "cookbook", "thriller", "film", "play", "photograph", "photo", "picture"}
)


def _posted_figure(lemma: str, obj: Token) -> bool:
    """ "posted a loss", "published her first novel": a figure or a work, not words said."""
    if lemma in {"publish", "release"}:
        return obj.lemma_.lower() in _WORKS
    return lemma == "post" and obj.lemma_.lower() in _FIGURES


def _object_range(verb: Token) -> tuple[int, int] | None:
    """The object of a stance verb, with what completes it ("X for Y", "X a liar")."""
    lemma = _lemma(verb)
    if lemma in _OBJECT_VERBS:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if objects and _posted_figure(lemma, objects[0]):
            return None  # "posted prices one dollar higher", "published a novel": no statement
        if objects:
            obj = objects[0]
            start, end = obj.left_edge.i, obj.right_edge.i + 1
            for child in sorted(verb.children, key=lambda c: c.i):
                if child.i >= end and (
                    child.dep_ in {"oprd", "ccomp", "xcomp"}
                    or (child.dep_ == "prep" and child.lower_ in {"for", "as", "of"})
                    or (child.left_edge.i == end and _completes_object(child))
                ):
                    end = max(end, child.right_edge.i + 1)
            if lemma in _GREETING and end == obj.right_edge.i + 1 and _a_person(obj):
                return None  # "Helen Ward thanked Peter Lang": whom, not what was said
            return trim_range(verb.doc, start, end)
    preps = PREP_OBJECTS.get(lemma)
    if preps:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in preps:
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if objects and objects[0].ent_type_ in {"DATE", "TIME"}:
                    continue  # "agreed on Thursday to buy": a date, not what was agreed
                if objects:
                    # "called on X to act": the infinitive completes the object
                    end = max(child.right_edge.i, objects[0].right_edge.i) + 1
                    for sibling in sorted(verb.children, key=lambda c: c.i):
                        if sibling.i >= end and (
                            sibling.dep_ in {"xcomp", "ccomp"}
                            or (sibling.dep_ == "prep" and sibling.lower_ == "as")
                            # not "to": "talked about the plan to reporters" says whom
                            or (sibling.left_edge.i == end and _completes_object(sibling, to=False))
                        ):
                            end = sibling.right_edge.i + 1
                    return trim_range(verb.doc, objects[0].left_edge.i, end)
            # "called for the county to build …": "for" marks an infinitive clause
            if child.dep_ in {"advcl", "ccomp", "xcomp"} and child.i > verb.i:
                mark = child.left_edge
                if mark.dep_ == "mark" and mark.lower_ in preps and mark.head.i == child.i:
                    return trim_range(verb.doc, mark.i + 1, child.right_edge.i + 1)
    return None


def _completes_object(child: Token, *, to: bool = True) -> bool:
    """A "to" phrase (if ``to``) or an infinitive right after a verb's object, which the
    parser often hangs on the verb though it belongs to the object ("condemned her actions
    to tighten gun laws", "compared the tax to theft")."""
    if child.dep_ == "prep":
        return to and child.lower_ == "to"
    return child.dep_ == "advcl" and child.left_edge.lower_ == "to"


def _attitude(verb: Token) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """ "X is confident that …": cue "is confident", content the clause or object."""
    if verb.lemma_ != "be":
        return None
    adjective = next(
        (c for c in verb.children if c.dep_ == "acomp" and c.lemma_.lower() in ATTITUDE_ADJECTIVES),
        None,
    )
    if adjective is None:
        return None
    for child in adjective.children:
        if child.i < adjective.i:
            continue
        if child.dep_ in {"ccomp", "xcomp"}:
            content = _content_range(child)
        elif child.dep_ == "prep" and child.lower_ in {"of", "about", "with", "that"}:
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            content = (
                trim_range(verb.doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
                if objects
                else None
            )
        else:
            continue
        if content is not None:
            return (cue_range(verb)[0], adjective.i + 1), content
    return None


#: stance verbs that mean losing a job when a person is their object ("was dismissed")
_PERSONNEL = frozenset({"dismiss"})
#: passive cues whose subject alone is the content ("Ortiz was booed", "was praised")
_PASSIVE_STANCE = frozenset({"boo", "cheer", "criticize", "criticise", "praise", "attack"})


def _passive(verb: Token) -> tuple[tuple[int, int], int | None] | None:
    """ "X is expected to win", "X was criticized for Y", "X is seen as Y": the passive
    subject with its completion is the content; the agent ("by Y"), if any, the source."""
    if not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    lemma = _lemma(verb)
    if (
        lemma not in REPORTING_VERBS
        and lemma not in OBJECT_VERBS
        and lemma not in (_PASSIVE_STANCE)
    ):
        return None
    agent = passive_agent(verb)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or subject.lower_ == "it":
        return None
    if lemma in _PERSONNEL and (subject.pos_ == "PROPN" or subject.tag_ == "PRP"):
        return None  # "called for Vukic to be dismissed": sacked, not a view rejected
    end = None
    for child in verb.children:
        if child.i < verb.i:
            continue
        if (
            (child.dep_ == "xcomp" and any(c.lower_ == "to" for c in child.children))
            or child.dep_ == "oprd"
            or (child.dep_ == "prep" and child.lower_ in {"as", "for"})
        ):
            end = max(end or 0, child.right_edge.i + 1)
    if end is None:
        if lemma not in _PASSIVE_STANCE and lemma not in OBJECT_VERBS - REPORTING_VERBS:
            return None
        end = subject.right_edge.i + 1
    if agent is not None and subject.left_edge.i < agent.i < end:
        end = min(end, agent.head.i)  # a misparsed "by X" inside the completion
    content = trim_range(verb.doc, subject.left_edge.i, end)
    if content is None:
        return None
    return content, agent.i if agent is not None else None


def passive_agent(verb: Token) -> Token | None:
    """The agent of a passive verb ("was described as … by Moreau"): the object of its
    "by" phrase, also when the parser hangs "by" on the completion instead ("as “reckless”
    by Moreau"), if that phrase ends the verb's words and names someone (a proper noun or a
    pronoun, not "by 5 percent")."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    last = verb.right_edge.i
    for tok in verb.subtree:
        if tok.lower_ == "by" and tok.i > verb.i and tok.dep_ in {"prep", "agent"}:
            obj = next((g for g in tok.children if g.dep_ == "pobj"), None)
            if (
                obj is not None
                and obj.pos_ in {"PROPN", "PRON"}
                and all(t.is_punct for t in verb.doc[obj.right_edge.i + 1 : last + 1])
            ):
                return obj
    return None


#: nouns that, as the subject of "be", present what someone holds ("his answer was that …")
_COPULA_NOUNS = frozenset(
    {"answer", "question", "message", "point", "argument", "conclusion", "verdict", "view"}
    | {"belief", "position", "claim", "response", "reply", "slogan", "promise", "hope"}
)


def _copula_report(verb: Token) -> tuple[tuple[int, int], tuple[int, int], int | None] | None:
    """ "The answer was that …", "the key question is whether …": (cue, content, source)."""
    if verb.lemma_ != "be":
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lemma_.lower() not in _COPULA_NOUNS:
        return None
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if clause is None:
        return None
    content = _content_range(clause)
    if content is None:
        return None
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    return (subject.i, verb.i + 1), content, owner.i if owner is not None else None


#: marks of a clause that gives the reason or condition of the reported words; the parser
#: often hangs it on the reporting verb ("said the claim was false, because …")
_REASON_MARKS = frozenset({"because", "if", "unless", "since"})


def _with_reason(verb: Token, content: tuple[int, int]) -> tuple[int, int]:
    """The content extended over a reason or condition clause that follows it."""
    start, end = content
    for child in verb.children:
        if (
            child.dep_ == "advcl"
            and child.left_edge.i >= end
            and child.left_edge.i - end <= 1
            and any(c.dep_ == "mark" and c.lower_ in _REASON_MARKS for c in child.children)
        ):
            extended = trim_range(verb.doc, start, child.right_edge.i + 1)
            if extended is not None:
                end = extended[1]
    return start, end


def _with_second_clause(verb: Token, content: tuple[int, int]) -> tuple[int, int]:
    """The content extended over a second "that" clause of the same report, which the
    parser may hang on the reporting verb ("said the pier needs repair, but that she would
    not support a toll")."""
    start, end = content
    for child in verb.children:
        if (
            child.dep_ == "conj"
            and child.left_edge.i >= end
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
            and all(t.dep_ in {"cc", "punct"} for t in verb.doc[end : child.left_edge.i])
        ):
            extended = trim_range(verb.doc, start, child.right_edge.i + 1)
            if extended is not None:
                end = extended[1]
    return start, end


def _evidential(verb: Token) -> tuple[int, int] | None:
    """ "X seems to be Y", "it appears that …": the subject with its completion (or the
    clause) is the content; nobody is its source."""
    if _lemma(verb) not in EVIDENTIAL_VERBS:
        return None
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.dep_ == "ccomp":
            return _content_range(child)
        if child.dep_ == "xcomp" and any(c.lower_ == "to" for c in child.children):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None or (subject.pos_ == "PRON" and subject.lower_ == "it"):
                return None
            return trim_range(verb.doc, subject.left_edge.i, child.right_edge.i + 1)
    return None


def _as_clause(verb: Token) -> bool:
    """ "As the Herald noted, the council raised …": a report in an "as" clause with a
    subject vouches for the clause it hangs on, like a parenthetical one ("as expected"
    has no subject and reports nothing)."""
    return (
        verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and any(c.dep_ == "nsubj" for c in verb.children)
    )


def _parenthetical_range(verb: Token) -> tuple[int, int] | None:
    """ "The plan, he said, is dead": the clause around a parenthetical report."""
    if _lemma(verb) not in REPORTING_VERBS or verb.head is verb:
        return None
    head = verb.head
    start, end = head.left_edge.i, head.right_edge.i + 1
    v_start, v_end = verb.left_edge.i, verb.right_edge.i + 1
    if v_end >= end:
        end = v_start
    elif v_start <= start:
        start = v_end
    elif _as_clause(verb):
        # "But as Ortiz noted, …", "…, as the Herald reported last week.": the words of
        # the clause lie on one side of the report only
        start, end = (v_end, end) if verb.i < head.i else (start, v_start)
    return trim_range(verb.doc, start, end)


def trim_range(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Token range [start, end) without punctuation and spaces at either end."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return (start, end) if end > start else None


def quoted_tokens(doc: Doc, quoted: Iterable[tuple[int, int]]) -> list[bool]:
    """For every token, whether it starts inside one of the character ranges."""
    flags = [False] * len(doc)
    for start, end in quoted:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            flags[span.start : span.end] = [True] * len(span)
    return flags


def find_reported(
    doc: Doc, *, quoted: list[tuple[int, int]], cues: set[int] | None = None
) -> list[Reported]:
    """Reported speech outside the character ranges ``quoted`` (direct quotes).

    A reading whose content is mostly a direct quote is left to the quote reader; a verb
    inside a quote reports nothing of the article's own (it is the quoted speaker's).
    """

    quoted_token = quoted_tokens(doc, quoted)
    out: list[Reported] = []
    for verb in doc:
        if quoted_token[verb.i] or (cues and verb.idx in cues):
            continue
        if verb.pos_ == "NOUN":
            nominal = _nominal_reading(verb)
            if nominal is not None:
                out.append(nominal)
            continue
        if verb.pos_ not in {"VERB", "AUX"} or discourse_marker(verb):
            continue
        subject = None if bare_participle(verb) else subject_of(verb)
        comp = _complement(verb)
        content = _content_range(comp) if comp is not None else _object_range(verb)
        if comp is not None and content is not None:
            content = _with_second_clause(verb, _with_reason(verb, content))
        if content is None and (passive := _passive(verb)) is not None:
            content, agent = passive
            subject = verb.doc[agent] if agent is not None else None
        if content is None and (evidence := _evidential(verb)) is not None:
            content, subject = evidence, None
        if content is None and (verb.dep_ == "parataxis" or _as_clause(verb)):
            content = _parenthetical_range(verb)
        cue = cue_range(verb)
        if content is None and (attitude := _attitude(verb)) is not None:
            cue, content = attitude
        if content is None and (copula := _copula_report(verb)) is not None:
            cue, content, owner = copula
            subject = doc[owner] if owner is not None else None
        if content is None:
            continue
        words = [t for t in doc[content[0] : content[1]] if not t.is_punct and not t.is_space]
        if not words:
            continue
        quoted_words = sum(1 for t in words if quoted_token[t.i])
        if quoted_token[words[0].i] and quoted_words / len(words) > 0.5:
            # the quote itself, read by the quote reader; a clause that only goes on into
            # a quoted phrase ("there remains a “significant difference …”") is still ours
            continue
        out.append(
            Reported(
                cue=cue,
                verb=verb.i,
                content=content,
                subject=subject.i if subject is not None else None,
            )
        )
    return out


#: the words of a discourse marker made of "said" ("That said,", "Having said that,")
_MARKER_WORDS = frozenset({"that", "this", "said", "having", "being", "been", "with", "all"})


def bare_participle(verb: Token) -> bool:
    """ "Asked whether he would resign, Moreau said …": a past participle opening a clause
    of its own is passive in sense; the main clause's subject was asked, and did not ask."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and verb.i < verb.head.i
        and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"} for c in verb.children)
    )


def discourse_marker(verb: Token) -> bool:
    """ "That said, …", "Having said that, …", "With that said, …": a link between the
    writer's own sentences, not a report (the verb's phrase holds nothing but those words
    and a comma follows it)."""
    if verb.lower_ != "said":
        return False
    words = [t for t in verb.subtree if not t.is_punct]
    after = verb.right_edge.i + 1
    return (
        len(words) <= 4
        and all(t.lower_ in _MARKER_WORDS for t in words)
        and after < len(verb.doc)
        and verb.doc[after].text == ","
    )


_NOUN_PREPS = frozenset({"on", "of", "about", "for", "against", "to", "at"})

#: nouns of saying whose "to" names who was addressed ("remarks to reporters", "a statement
#: to the press"), not what was said (unlike "his objection to the plan")
_ADDRESSED_NOUNS = frozenset(
    {"remark", "comment", "statement", "speech", "address", "message", "letter", "interview"}
    | {"testimony", "note", "email", "post", "memo", "tweet", "briefing", "announcement"}
)


def only_time(doc: Doc, start: int, end: int) -> bool:
    """Whether every word of tokens ``start`` to ``end`` is a time expression (the model's
    or our tagger's): "took charge in the summer of 2021" says when, not what was said."""
    timexes = [(t.char_start, t.char_end) for t in doc._.timexes or []]
    words = [t for t in doc[start:end] if t.is_alpha or t.is_digit]
    return bool(words) and all(
        t.ent_type_ in {"DATE", "TIME"} or any(s <= t.idx < e for s, e in timexes) for t in words
    )


def _nominal_reading(noun: Token) -> Reported | None:
    """ "his comments on X": the possessor is the source, the noun the cue, X the content.

    Without a possessor the source is the subject of a light verb taking the noun ("took a
    swipe at X", "made a call for X"), or none ("a call for X" alone).
    """
    if noun.lemma_.lower() not in REPORT_NOUNS:
        return None
    owners = [c for c in noun.children if c.dep_ == "poss"]
    content: tuple[int, int] | None = None
    cue_end = noun.i + 1
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in {"acl", "ccomp"} and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in child.children
        ):
            content = _content_range(child)
        elif (
            child.dep_ == "prep"
            and child.lower_ in _NOUN_PREPS
            and not (child.lower_ == "to" and noun.lemma_.lower() in _ADDRESSED_NOUNS)
        ):
            objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
            if objects:
                content = trim_range(noun.doc, objects[0].left_edge.i, objects[0].right_edge.i + 1)
                cue_end = child.i + 1
        if content is not None:
            break
    if content is None and noun.dep_ == "dobj":
        # "took a swipe at X": the parse hangs the preposition on the light verb
        for child in noun.head.children:
            if child.dep_ == "prep" and child.i == noun.right_edge.i + 1:
                objects = [c for c in child.children if c.dep_ in {"pobj", "pcomp"}]
                if (
                    child.lower_ in _NOUN_PREPS
                    and objects
                    and not (child.lower_ == "to" and noun.lemma_.lower() in _ADDRESSED_NOUNS)
                ):
                    content = trim_range(
                        noun.doc, objects[0].left_edge.i, objects[0].right_edge.i + 1
                    )
                    cue_end = child.i + 1
    if content is None or only_time(noun.doc, *content):
        return None  # "a statement on Friday": when it was made, not what it is about
    if owners:
        owner: Token | None = owners[0]
    elif noun.dep_ == "dobj":
        owner = subject_of(noun.head)
    else:
        owner = None
    return Reported(
        cue=(noun.i, cue_end),
        verb=noun.i,
        content=content,
        subject=owner.i if owner is not None else None,
    )
