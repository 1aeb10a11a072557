"""Predicate lexicon: lemmas to a compact news event type system, and role-changing verbs.

Types are coarse on purpose (legal, role, business, personal, media, politics, conflict,
disaster, statement); unmapped predicates keep their lemma as type. See docs/architecture.md.
"""

from __future__ import annotations

__all__ = [
    "EVENT_TYPES",
    "LEADING",
    "LEGAL_RELATIONS",
    "LIGHT_VERBS",
    "NOMINAL_EVENTS",
    "PARTNER_END",
    "PARTNER_START",
    "PATIENT_FIRST",
    "PRODUCTION",
    "ROLE_END",
    "ROLE_NOUNS",
    "ROLE_START",
    "SAME_EVENT",
    "SUCCESSION",
    "event_class",
    "event_type",
]

EVENT_TYPES: dict[str, str] = {}
for _type, _lemmas in {
    "legal": "convict charge sentence arrest acquit sue accuse try indict plead jail fine "
    "settle testify appeal allege investigate prosecute",
    "role": "found co-found cofound establish appoint name hire elect resign step_down leave "
    "quit retire fire oust join rejoin depart succeed promote dismiss sack step_aside",
    "business": "acquire merge buy sell launch invest raise list close open expand cut "
    "lay_off partner sign announce release ship",
    "personal": "marry divorce die bear wed engage separate date split",
    "media": "interview publish air premiere act star film broadcast report write direct "
    "produce perform record",
    "statement": "say tell claim state add deny admit confirm praise call criticize apologize",
    "politics": "vote campaign win lose govern veto pass legislate",
    "conflict": "attack kill strike invade bomb protest clash",
    "disaster": "flood burn collapse crash erupt",
}.items():
    for _lemma in _lemmas.split():
        EVENT_TYPES.setdefault(_lemma.replace("_", " "), _type)

#: verbs whose object noun is the real predicate ("did an interview" -> interview)
LIGHT_VERBS = frozenset({"do", "have", "give", "make", "hold", "take", "conduct", "grant"})

#: predicate -> relation of the role it opens
ROLE_START: dict[str, str] = {
    "found": "founder of",
    "co-found": "founder of",
    "cofound": "founder of",
    "establish": "founder of",
    "create": "founder of",
    "join": "role at",
    "rejoin": "role at",  # "rejoined the firm in 2015": a new spell after one that ended
    "appoint": "role at",
    "name": "role at",
    "hire": "employee of",
    "elect": "role at",
    "promote": "role at",
    "become": "role at",
    "represent": "role at",  # "has represented Eastport on the council since 2014"
    "take charge": "role at",  # "took charge in the summer of 2021"
    "take over": "role at",  # "took over as chief executive"; a company taking over is no person
    "lead": "role at",  # "has led Lumen Rail since 2019" (``LEADING``: the object only)
    "head": "role at",
    "run": "role at",
}
#: predicates by which one person takes another's place ("replaces Owen Pryce")
SUCCESSION = frozenset({"replace", "succeed"})
#: predicates that make two people partners, and the (symmetric) relation they open
PARTNER_START: dict[str, str] = {"marry": "married to", "wed": "married to"}
#: predicates that end a partnership ("they divorced in 1979")
PARTNER_END = frozenset({"divorce", "separate"})
#: role verbs whose organisation is their direct object and nothing else: "led a delegation
#: to the Brightwater Foundation" or "ran the marathon" is no role
LEADING = frozenset({"lead", "head", "run"})
#: predicates that end a role
ROLE_END = frozenset(
    {
        "step down",
        "resign",
        "leave",
        "quit",
        "retire",
        "fire",
        "oust",
        "depart",
        "exit",
        "dismiss",
        "sack",
        "step aside",
        "lay off",
    }
)
#: legal predicates -> (relation, prepositions introducing the charge)
LEGAL_RELATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "convict": ("convicted of", ("of", "for", "on")),
    "charge": ("charged with", ("with",)),
    "acquit": ("acquitted of", ("of",)),
    "indict": ("indicted on", ("on", "for")),
    "sentence": ("sentenced to", ("to",)),
    "arrest": ("arrested for", ("for", "on")),
    "plead": ("pleaded guilty to", ("to",)),  # only with "guilty" (events.py)
}


def event_type(predicate: str) -> str:
    """The event type of a predicate lemma, or the lemma itself when unmapped."""
    return EVENT_TYPES.get(predicate, predicate)


#: predicates that report the same kind of real-world event, for clustering reports of one
#: event across articles ("fired" / "sacked" / "parted company with" / "let go")
SAME_EVENT: dict[str, str] = {}
for _class, _lemmas in {
    "dismissal": "fire sack dismiss oust part let_go axe",
    "resignation": "resign step_down quit step_aside",
    "departure": "leave depart exit",
    "appointment": "appoint name hire elect promote",
    "founding": "found co-found cofound establish start create",
    "marriage": "marry wed exchange",
    "divorce": "divorce separate split",
    "acquisition": "acquire buy purchase take_over",
    "launch": "launch release ship unveil",
    "charge": "charge indict",
    "conviction": "convict",
    "acquittal": "acquit clear",
    "sentencing": "sentence jail",
    "arrest": "arrest detain",
    "premiere": "premiere debut",
}.items():
    for _lemma in _lemmas.split():
        SAME_EVENT.setdefault(_lemma.replace("_", " "), _class)


def event_class(predicate: str) -> str:
    """What kind of real-world event a predicate reports; the predicate itself if unlisted."""
    return SAME_EVENT.get(predicate, predicate)


#: event nouns -> the predicate they name ("the conviction" is a convict event)
NOMINAL_EVENTS: dict[str, str] = {
    "conviction": "convict",
    "arrest": "arrest",
    "charge": "charge",
    "indictment": "indict",
    "acquittal": "acquit",
    "sentencing": "sentence",
    "trial": "try",
    "verdict": "convict",
    "resignation": "resign",
    "departure": "depart",
    "dismissal": "dismiss",
    "sacking": "sack",
    "firing": "fire",
    "appointment": "appoint",
    "election": "elect",
    "retirement": "retire",
    "acquisition": "acquire",
    "takeover": "take over",
    "purchase": "buy",
    "merger": "merge",
    "launch": "launch",
    "wedding": "marry",
    "marriage": "marry",
    "divorce": "divorce",
    "separation": "separate",
    "death": "die",
    "interview": "interview",
    "premiere": "premiere",
    "founding": "found",
    "filming": "film",
    "crash": "crash",
}

#: making a work: with no object of their own ("the cast has been filming since April",
#: "Filming began in March"), they make the work the story is about
PRODUCTION = frozenset({"film", "shoot", "rehearse"})

#: predicates whose possessor or of-object is the one it happens to ("his conviction",
#: "the acquisition of Quayside"); for the others it is the one who acts ("her resignation")
PATIENT_FIRST = frozenset(
    {
        "convict",
        "arrest",
        "charge",
        "indict",
        "acquit",
        "sentence",
        "try",
        "dismiss",
        "sack",
        "fire",
        "appoint",
        "elect",
        "acquire",
        "take over",
        "buy",
        "interview",
    }
)

#: role nouns that "former" turns into a role that had ended by the article's date, and
#: that a copula makes a role held ("he was head coach")
ROLE_NOUNS = frozenset(
    {
        "ceo",
        "executive",
        "chief",
        "director",
        "manager",
        "coach",
        "chair",
        "chairman",
        "chairwoman",
        "president",
        "councillor",
        "councilor",
        "trustee",
        "head",
        "owner",
        "founder",
        "member",
        "mayor",
        "editor",
        "captain",
        "secretary",
        "minister",
    }
)
