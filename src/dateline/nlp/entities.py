"""Repair and complete the model's named entities for news text.

The small model labels a surname GPE in one sentence and PERSON in the next, calls a
magazine a place, and misses titles. Here the labels are made consistent within the article
(a surname of a known person is a person; the same string keeps its majority label) and
completed from cues that are reliable in news ("an organization called X", "an interview with
X", "according to X", the titles found by the structure component).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.nlp.given_names import name_gender
from dateline.nlp.lexicon import ROLE_NOUNS
from dateline.nlp.structure import TITLE_KEY
from dateline.nlp.util import tokens_with_pos
from dateline.resolve.titles import NAME_TITLES

__all__ = ["TRACKED_LABELS", "fix_entities", "normalise_name"]

#: entity types dateline keeps; numbers, dates and nationalities are not entities here
TRACKED_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
ORG_NOUNS = frozenset(
    {
        "organization",
        "organisation",
        "company",
        "charity",
        "foundation",
        "firm",
        "group",
        "startup",
        "nonprofit",
        "agency",
        "club",
        "band",
        "network",
        "outlet",
        "magazine",
        "newspaper",
        "publication",
        "website",
        "studio",
        "label",
        "team",
        "party",
        "union",
        "bank",
        "fund",
        "council",
    }
)
#: words before a name that make it a person ("Councillor Victor Hale", "Mr. Jobs"): the list
#: shared with cross-article resolution (resolve/titles.py)
PERSON_TITLES = NAME_TITLES
#: nouns that, in apposition to a name, make it a person ("Teodor Vukic, the club's manager")
PERSON_ROLE_NOUNS = PERSON_TITLES | frozenset(
    {
        "chief",
        "executive",
        "head",
        "leader",
        "member",
        "player",
        "owner",
        "resident",
        "author",
        "editor",
        "reporter",
        "analyst",
        "partner",
        "co-star",
        "colleague",
        "friend",
        "boss",
    }
)
#: last words that make a run of proper nouns an organisation's name ("Harborview Robotics")
ORG_NAME_ENDINGS = frozenset(
    {
        "inc",
        "inc.",
        "corp",
        "corp.",
        "corporation",
        "co.",
        "company",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "group",
        "holdings",
        "partners",
        "capital",
        "bank",
        "robotics",
        "systems",
        "technologies",
        "labs",
        "media",
        "news",
        "foundation",
        "institute",
        "university",
        "council",
        "club",
        "fc",
        "association",
        "agency",
        "airlines",
        "motors",
        "pharmaceuticals",
        "energy",
        "industries",
        "studios",
        "records",
        "network",
        "trust",
        "fund",
        "party",
        "union",
        "committee",
        "commission",
        "department",
        "ministry",
        "police",
        "court",
        # football and sports clubs ("Kestrel Rovers", "Northgate Athletic")
        "rovers",
        "athletic",
        "united",
        "wanderers",
        "rangers",
        "albion",
    }
)
#: endings that no person's name has: a run the model called a person is an organisation
#: ("Kestrel Rovers"); surnames that are also endings ("Court", "Trust", "Banks") are not here
_UNMISTAKABLE_ORG_ENDINGS = frozenset(
    {
        "inc",
        "inc.",
        "corp",
        "corp.",
        "corporation",
        "ltd",
        "ltd.",
        "llc",
        "plc",
        "fc",
        "robotics",
        "technologies",
        "holdings",
        "pharmaceuticals",
        "airlines",
        "industries",
        "foundation",
        "university",
        "institute",
        "association",
        "council",
        "committee",
        "commission",
        "ministry",
        "rovers",
        "athletic",
        "wanderers",
        "labs",
        "laboratories",
        "therapeutics",
        "biosciences",
        "software",
        "channel",
        "network",
        "broadcasting",
        "television",
        "radio",
        "wire",
        "herald",
        "gazette",
        "tribune",
        "town",  # "Ferrybridge Town", a club ("born in Charles Town": a place, above)
        # company forms abroad: "Sedio N.V.", "Alcan Aluminiumwerke GmbH"
        "n.v.",
        "nv",
        "b.v.",
        "gmbh",
        "ag",
        "s.a.",
        "s.p.a.",
        "spa",
        "ab",
        "asa",
        "bhd",
        "pty",
        "limited",
        "incorporated",
    }
)
_LOCATIVE = frozenset({"on", "in", "at", "along", "off", "near", "into", "onto", "down", "up"})
#: last words of street names: "Mercer Road" is a place, not a person
_STREET_ENDINGS = frozenset({"road", "street", "avenue", "lane", "boulevard", "square"})
#: common nouns a one-word place name qualifies ("the Kestrel coast"), never a person
_PLACE_NOUNS = frozenset(
    {"coast", "island", "islands", "bay", "river", "valley", "lake", "peninsula", "estuary"}
    | {"mountains", "hills", "moors", "region", "province", "county", "delta", "coastline"}
    | {"district", "site", "neighbourhood", "neighborhood"}
)
#: posts only a person holds: a name in apposition to one is a person's ("The club's previous
#: manager, Declan Orme,"); not "owner", "partner", "member", "leader" (companies, countries)
_PERSONAL_POSTS = frozenset(
    {"manager", "coach", "director", "chairman", "chairwoman", "president", "spokesman"}
    | {"spokeswoman", "spokesperson", "minister", "secretary", "treasurer", "mayor", "judge"}
    | {"councillor", "captain", "editor", "founder", "co-founder", "executive", "chief"}
)
#: what one founds is an organisation, never a person ("co-founded Bluefin Labs")
_FOUNDING = frozenset({"found", "co-found", "cofound", "establish"})
#: role nouns that head a name in news ("Actors Noah Brandt and Elise Marin")
_TITLE_NOUNS = frozenset({"actor", "actors", "actress", "singer", "writer", "former"})
_NAME_PREFIXES = PERSON_TITLES | _TITLE_NOUNS  # built once: _untitled runs for every name
_MEDIA_CUES = frozenset({"interview", "statement", "told", "tells", "tell"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "PRODUCT", "NORP", "FAC"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’"})


@lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """Comparable form of a name: no possessive, no leading 'the', single spaces, casefolded."""
    name = " ".join(text.split())
    for suffix in ("'s", "’s", "'", "’"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if name.lower().startswith("the "):
        name = name[4:]
    return name.casefold()


def _strip(span: Span) -> Span | None:
    """Drop a trailing possessive and leading determiner from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].text in _POSSESSIVES):
        end -= 1
    while start < end and doc[start].lower_ in {"the", "a", "an"} and span.label_ != "WORK_OF_ART":
        start += 1
    while start < end and _edge(doc[start]):
        start += 1
    # the small model often leaves a first name out ("Teodor" of "Teodor Vukic")
    while (
        start > 0
        and start < end
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].dep_ == "compound"
        and span.start <= doc[start - 1].head.i < end
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].lower_ not in PERSON_TITLES
    ):
        start -= 1
    while end > start and _edge(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    return Span(doc, start, end, label=span.label_)


def _edge(token: Token) -> bool:
    """Punctuation that bounds a name, and the angle brackets wire services put round
    company names ("<Sequoia Systems>")."""
    return token.is_punct or token.is_space or token.text in {"<", ">"}


def _untitled(span: Span) -> Span:
    """A title the model took into the name ("Councillor Victor Hale" as ORG, "Actors Noah
    Brandt"): the name without it, a person."""
    start, end, doc = span.start, span.end, span.doc
    while (
        end - start >= 2
        and doc[start].lower_ in _NAME_PREFIXES
        and all(t.pos_ == "PROPN" for t in doc[start + 1 : end])
    ):
        start += 1
    if start == span.start:
        return span
    return Span(doc, start, end, label="PERSON")


def _proper_run(doc: Doc, i: int) -> tuple[int, int] | None:
    """The run of proper-noun tokens starting at token ``i``, if any."""
    if i >= len(doc) or doc[i].pos_ != "PROPN":
        return None
    end = i
    while end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
    return i, end


def _person_cue(span: Span) -> bool:
    """A title before the name, or a role noun in apposition after it."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in PERSON_TITLES:
        return True
    for tok in span:
        for child in tok.children:
            if child.dep_ == "appos" and child.i >= span.end and child.lower_ in PERSON_ROLE_NOUNS:
                return True
    root = span.root
    if (
        span.label_ == "ORG"
        and root.dep_ == "appos"
        and root.head.i < span.start
        and root.head.lower_ in _PERSONAL_POSTS
        and span[-1].lower_ not in ORG_NAME_ENDINGS
    ):
        return True  # "The club's previous manager, Declan Orme,"
    after = doc[span.end : span.end + 5]
    # "appointed Teodor Vukic as manager", "named X as its chief executive"
    if len(after) >= 2 and after[0].lower_ == "as":
        for tok in after[1:]:
            if tok.lower_ in PERSON_ROLE_NOUNS:
                return True
            if tok.pos_ not in {"DET", "ADJ", "PRON", "NOUN"}:
                break
    if len(after) >= 2 and after[0].text == ",":
        for tok in after[1:]:
            if tok.lower_ in PERSON_ROLE_NOUNS:
                return True
            if tok.pos_ not in {"DET", "ADJ", "PROPN", "PART", "NOUN"} or tok.text == ",":
                break
    return False


def _cue_label(doc: Doc, start: int) -> str | None:
    """ORG when the words just before a name mark it as an organisation or a medium."""
    prev = [t.lower_ for t in doc[max(0, start - 3) : start]]
    if len(prev) >= 2 and prev[-1] in {"called", "named"} and prev[-2] in ORG_NOUNS:
        return "ORG"
    if prev[-2:] == ["according", "to"]:
        return "ORG"
    if len(prev) >= 2 and prev[-1] == "with" and prev[-2] in _MEDIA_CUES:
        return "ORG"
    return None


#: parts of a broadcast series: "a third season of X", "X for a second season"
_SERIES_PARTS = frozenset({"season", "seasons", "episode", "episodes", "finale", "premiere"})


#: people a work has: "star of X", "the creator of X" (an organisation name ending in a word
#: such as "FC" is not a work: "star of Port Alder Mariners FC")
_WORK_PEOPLE = frozenset({"star", "stars", "creator", "creators", "showrunner", "cast"})


def _work_cue(span: Span) -> str | None:
    """WORK_OF_ART for a name the words around mark as a series: "season of X", "renewed X
    for a second season", "star of X" (the small model calls such titles organisations or
    people)."""
    if len(span) < 2 or span.label_ not in {"ORG", "PERSON", "GPE", "NORP", "PRODUCT"}:
        return None
    doc = span.doc
    start = span.start - 1 if span.start and doc[span.start - 1].lower_ == "the" else span.start
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if before[-2:-1] and before[-1] == "of" and before[-2] in _SERIES_PARTS:
        return "WORK_OF_ART"
    if (
        before[-2:-1]
        and before[-1] == "of"
        and before[-2] in _WORK_PEOPLE
        and span[-1].lower_ not in ORG_NAME_ENDINGS
    ):
        return "WORK_OF_ART"  # "Brandt, star of The Lantern Keepers"
    after = [t.lower_ for t in doc[span.end : span.end + 5]]
    if after[:2] == ["for", "a"] and any(w in _SERIES_PARTS for w in after[2:]):
        return "WORK_OF_ART"
    return None


def _split_coordinated(span: Span) -> list[Span]:
    """ "Noah Brandt and Elise Marin" tagged as one entity: two names, each its own span.

    Only when every part is a name of two or more proper nouns, so "Barnes and Noble"
    stays one name; parts with no organisation word at the end are people.
    """
    parts: list[list[Token]] = [[]]
    for tok in span:
        if tok.lower_ in {"and", "&"} and tok.pos_ == "CCONJ":
            parts.append([])
        elif not (tok.is_punct and tok.text == ","):
            parts[-1].append(tok)
    if len(parts) < 2 or any(len(p) < 2 or any(t.pos_ != "PROPN" for t in p) for p in parts):
        return [span]
    # two-word names joined by "and" without an organisation word are people
    people = all(p[-1].lower_ not in ORG_NAME_ENDINGS for p in parts)
    label = "PERSON" if people and span.label_ in {"ORG", "PERSON", "NORP", "GPE"} else span.label_
    return [Span(span.doc, p[0].i, p[-1].i + 1, label=label) for p in parts]


def _untagged_repeats(
    doc: Doc, starts: list[Token], spans: list[Span], taken: set[int]
) -> list[Span]:
    """Names the model tagged once and missed later in the same article: the same proper
    noun run ("Harborview" tagged in one sentence, not in the next), or the leading word of
    a longer organisation name ("Harborview" after "Harborview Robotics"). A run that
    modifies a common noun ("the Kestrel coast") is left alone: it names something else."""
    known: dict[str, str] = {}
    for span in spans:
        if span.label_ not in TRACKED_LABELS or not all(t.pos_ == "PROPN" for t in span):
            continue
        known.setdefault(normalise_name(span.text), span.label_)
        if span.label_ == "ORG" and len(span) >= 2:
            known.setdefault(span[0].lower_, "ORG")
    out: list[Span] = []
    if not known:
        return out
    for tok in starts:  # the first token of each proper-noun run
        if tok.i in taken:
            continue
        run = _proper_run(doc, tok.i)
        if run is None or taken & set(range(*run)):
            continue
        last = doc[run[1] - 1]
        if last.dep_ == "compound" and last.head.pos_ == "NOUN":
            continue
        label = known.get(normalise_name(doc[run[0] : run[1]].text))
        if label is not None:
            out.append(Span(doc, run[0], run[1], label=label))
    # a name the tagger read as a common noun at the start of a sentence ("Harborview, which
    # has been run by ...")
    for tok in tokens_with_pos(doc, "NOUN"):
        if (
            tok.text[:1].isupper()
            and tok.i not in taken
            and tok.lower_ in known
            and not (tok.dep_ == "compound" and tok.head.pos_ == "NOUN")
        ):
            out.append(Span(doc, tok.i, tok.i + 1, label=known[tok.lower_]))
    return out


def _repeated_organisations(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "Hollins & Webb" tagged as an organisation once, and later as two people "Hollins"
    and "Webb": every other occurrence of a known name of two or more words is that name,
    over the people (only) the model cut it into, or where the model tagged nothing."""
    names = {s.text for s in spans if s.label_ == "ORG" and len(s) >= 2}
    out = list(spans)
    for name in names:
        at = doc.text.find(name)
        while at != -1:
            found = doc.char_span(at, at + len(name))
            at = doc.text.find(name, at + len(name))
            if found is None:
                continue
            inside = [s for s in out if s.start < found.end and found.start < s.end]
            if any(s.start < found.start or s.end > found.end for s in inside):
                continue  # part of a longer name ("Hollins & Webb Holdings")
            if any(s.label_ != "PERSON" for s in inside):
                continue  # already tagged, or a place the model may have named well
            out = [s for s in out if s not in inside]
            out.append(Span(doc, found.start, found.end, label="ORG"))
    return out


def _people_by_surname(doc: Doc, starts: list[Token], spans: list[Span]) -> list[Span]:
    """ "co-founded Harborview with Marcus Feld [ORG] ... Feld left": an organisation is
    shortened to its first word, a person to the last, so a two- or three-word name the model
    called an organisation or place whose last word later stands alone is a person's."""
    solo = {
        tok.lower_: tok.i
        for tok in starts
        if _proper_run(doc, tok.i) == (tok.i, tok.i + 1) and tok.text[:1].isupper()
    }
    if not solo:
        return spans
    out = []
    for span in spans:
        last = span[-1].lower_
        if (
            span.label_ in {"ORG", "GPE", "NORP", "PRODUCT"}
            and 2 <= len(span) <= 3
            and solo.get(last, -1) >= span.end
            and last not in ORG_NAME_ENDINGS
            and all(t.pos_ == "PROPN" and t.lower_ != "the" for t in span)
        ):
            span = Span(doc, span.start, span.end, label="PERSON")
        out.append(span)
    return out


#: common nouns that, right after a place's name, name that place's institution
_INSTITUTIONS = (
    ("city", "council"),
    ("county", "council"),
    ("town", "council"),
    ("district", "council"),
    ("council",),
    ("police",),
    ("school", "board"),
    ("fire", "department"),
)


def _institutions(doc: Doc, spans: list[Span]) -> list[Span]:
    """ "the Port Alder city council": the place's name and the institution noun after it
    are the name of an organisation, not a place followed by a common noun."""
    out = []
    for span in spans:
        if span.label_ in {"GPE", "LOC"}:
            for words in _INSTITUTIONS:
                end = span.end + len(words)
                tail = doc[span.end : end]
                if (
                    end <= len(doc)
                    and [t.lower_ for t in tail] == list(words)
                    and all(t.text.islower() for t in tail)
                    and tail[-1].pos_ in {"NOUN", "PROPN"}
                ):
                    span = Span(doc, span.start, end, label="ORG")
                    break
        out.append(span)
    return out


def _common_word(ent: Span, surnames: set[str]) -> bool:
    """ "Photographs published by the outlet show ...", "Turnout was 41 percent", "drove the
    first delivery van": one word the tagger itself reads as a common noun, or written in
    lower case, is no person's name, unless a person named in full bears it ("Richard
    Dawkins ... Dawkins said": the tagger reads "-s" surnames as plurals)."""
    return (
        ent.label_ == "PERSON"
        and len(ent) == 1
        and (ent[0].tag_ in {"NN", "NNS"} or ent[0].text.islower())
        and ent[0].lower_ not in surnames
    )


def _founded(root: Token) -> bool:
    """ "Carter founded Bluefin Partners", "Bluefin was founded by Carter": the thing
    founded, whatever the model called it."""
    verb = root.head
    if any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.children):
        return False  # "The win established Tom Reed as the favourite"
    return verb.lemma_.lower() in _FOUNDING and (
        root.dep_ == "dobj" or (root.dep_ == "nsubjpass" and verb.tag_ == "VBN")
    )


def _post_at(span: Span) -> bool:
    """ "stepped down as chief executive of Harlow Freight": a name a post is of or at
    names an organisation, unless it starts with a person's given name ("director of
    Mary Hale" is still read as a person)."""
    root = span.root
    return (
        len(span) >= 2
        and root.dep_ == "pobj"
        and root.head.lower_ in {"of", "at"}
        and root.head.head.lower_ in ROLE_NOUNS
        and name_gender(span.text) is None
    )


def fix_entities(doc: Doc) -> Doc:
    """Consistent, completed entity labels for the document (sets ``doc.ents``)."""
    spans: list[Span] = []
    full_names = {e[-1].lower_ for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2}
    for ent in doc.ents:
        if _common_word(ent, full_names):
            continue
        fixed = _strip(ent) if ent.label_ in TRACKED_LABELS | _PLACE_LABELS else ent
        if fixed is not None:
            spans += [_untitled(part) for part in _split_coordinated(fixed)]

    # Titles of works found before parsing are WORK_OF_ART whatever the model said.
    for char_start, char_end in doc.user_data.get(TITLE_KEY, []):
        title = doc.char_span(char_start, char_end, label="WORK_OF_ART", alignment_mode="expand")
        if title is not None:
            spans = [s for s in spans if s.end <= title.start or s.start >= title.end]
            spans.append(title)

    # Cue words: "an organization called Thorn", "according to TMZ", "interview with Esquire".
    covered = {i for s in spans for i in range(s.start, s.end)}
    # proper nouns that start a run: the only tokens the passes below look at
    propn = tokens_with_pos(doc, "PROPN")
    starts = [t for k, t in enumerate(propn) if k == 0 or propn[k - 1].i != t.i - 1]
    for tok in starts:
        if tok.i in covered:
            continue
        run = _proper_run(doc, tok.i)
        label = _cue_label(doc, tok.i)
        if (
            label is None
            and run
            and run[1] - run[0] >= 2
            and doc[run[1] - 1].lower_ in ORG_NAME_ENDINGS
            and not covered & set(range(*run))
        ):
            label = "ORG"
        if label and run:
            spans.append(Span(doc, run[0], run[1], label=label))
            covered.update(range(*run))
    relabelled: list[Span] = []
    for span in spans:
        cue = _cue_label(doc, span.start) or _work_cue(span)
        if cue and (span.label_ != "PERSON" or cue == "WORK_OF_ART") and span.label_ != cue:
            span = Span(doc, span.start, span.end, label=cue)
        elif (
            span.label_ in {"ORG", "GPE", "NORP", "LOC", "PRODUCT"}
            and all(t.pos_ == "PROPN" for t in span)
            and _person_cue(span)
        ):
            span = Span(doc, span.start, span.end, label="PERSON")
        elif (
            span.label_ == "PERSON"
            and span[-1].lower_ == "town"
            and span.start > 0
            and doc[span.start - 1].lower_ in _LOCATIVE | {"from", "to", "of"}
        ):
            span = Span(doc, span.start, span.end, label="GPE")  # "born in Charles Town"
        elif span.label_ == "PERSON" and (
            (len(span) >= 2 and span[-1].lower_ in _UNMISTAKABLE_ORG_ENDINGS)
            or (_founded(span.root) and name_gender(span.text) is None)
            or _post_at(span)
        ):
            span = Span(doc, span.start, span.end, label="ORG")
        elif (
            span.label_ == "PERSON"
            and len(span) == 1
            and span.root.dep_ in {"compound", "nmod"}
            and span.root.head.lower_ in _PLACE_NOUNS
            and span[0].lower_ not in full_names  # "the Hendrix site ... Jimi Hendrix"
        ):
            span = Span(doc, span.start, span.end, label="LOC")  # "on the Kestrel coast"
        elif (
            span.label_ == "PERSON"
            and len(span) >= 2
            and span[-1].lower_ in _STREET_ENDINGS
            and name_gender(span.text) is None  # "Jeffrey Lane" is a man
            and span.start > 0
            and doc[span.start - 1].lower_ in _LOCATIVE  # "on Mercer Road", not "Jordan Lane said"
        ):
            span = Span(doc, span.start, span.end, label="FAC")  # "on Mercer Road"
        relabelled.append(span)
    relabelled = _people_by_surname(doc, starts, relabelled)

    # One label per name: surnames of known people are people; otherwise the majority.
    person_tokens = {
        tok.lower_
        for s in relabelled
        if s.label_ == "PERSON" and len(s) >= 2
        for tok in (s[0], s[-1])
    }
    # a known person's surname the model did not tag ("Okafor had co-founded ...")
    taken = {i for s in relabelled for i in range(s.start, s.end)}
    surnames = {s[-1].lower_ for s in relabelled if s.label_ == "PERSON" and len(s) >= 2}
    for tok in starts:
        if (
            tok.i not in taken
            and tok.lower_ in surnames
            and _proper_run(doc, tok.i) == (tok.i, tok.i + 1)
        ):
            relabelled.append(Span(doc, tok.i, tok.i + 1, label="PERSON"))
            taken.add(tok.i)
    relabelled += _untagged_repeats(doc, starts, relabelled, taken)
    relabelled = _repeated_organisations(doc, relabelled)
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for span in relabelled:
        votes[normalise_name(span.text)][span.label_] += 1
    # the leading word of an organisation's name ("Kestrel" after "Kestrel Foods") is that
    # organisation even where the model called it a person, unless a person bears the word
    org_leads = {
        s[0].lower_
        for s in relabelled
        if s.label_ == "ORG" and len(s) >= 2 and all(t.pos_ == "PROPN" for t in s)
    }
    final: list[Span] = []
    for span in relabelled:
        key = normalise_name(span.text)
        label = span.label_
        words = key.split()
        if votes[key]["WORK_OF_ART"] and len(words) >= 2:
            label = "WORK_OF_ART"  # a title found by its cue is a title in every sentence
        elif (
            label == "PERSON"
            and len(words) == 1
            and words[0] in org_leads
            and words[0] not in person_tokens
        ):
            label = "ORG"
        elif label != "WORK_OF_ART" and (
            (len(words) == 1 and words[0] in person_tokens)
            or (len(words) >= 2 and votes[key]["PERSON"] > 0)
        ):
            label = "PERSON"
        elif label in _PLACE_LABELS | {"ORG"}:
            best, _ = votes[key].most_common(1)[0]
            label = best if best in TRACKED_LABELS else label
        final.append(Span(doc, span.start, span.end, label=label))

    # "Marcus Feld and Lena Okafor": a full name coordinated with a person is a person
    people = {s.root.i for s in final if s.label_ == "PERSON"}
    for index, span in enumerate(final):
        if (
            span.label_ in {"ORG", "GPE", "NORP", "PRODUCT"}
            and len(span) >= 2
            and all(t.pos_ == "PROPN" for t in span)
            and any(c.i in people for c in span.root.conjuncts)
        ):
            final[index] = Span(doc, span.start, span.end, label="PERSON")
    final = _institutions(doc, final)
    final.sort(key=lambda s: (s.start, -len(s)))
    kept: list[Span] = []
    last_end = -1
    for span in final:
        if span.start >= last_end:
            kept.append(span)
            last_end = span.end
    doc.ents = kept
    return doc


@Language.component("dateline_entities", requires=["doc.ents"], assigns=["doc.ents"])
def dateline_entities(doc: Doc) -> Doc:
    return fix_entities(doc)
