"""In-document entities: names clustered by alias, pronouns and nominals resolved.

No trained coreference model runs offline here, so this is a salience model in the spirit of
centering theory, tuned for news: a subject pronoun prefers an earlier entity in its own
sentence, then the subject of the previous sentence, then the most recent compatible entity;
an object pronoun skips its own clause's subject; "they" and "the couple" refer to the last
group (a coordination of names such as "Kutcher and Kunis"); "the organization" to the last
organisation (or "the series" the last work) that has been a subject or named in two
sentences (the story's topic), else the last one. Gender is learnt from the pronouns already
resolved and from cues such as "wife", "Mr."; failing those, a given name that nearly always
names a woman or a man (``given_names``) keeps "she" from a John and "he" from a Mary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline.model import Entity, Mention
from dateline.nlp.entities import ORG_NOUNS, TRACKED_LABELS, normalise_name
from dateline.nlp.given_names import name_gender, titled
from dateline.nlp.util import governing_verb, sentence_of_token, tokens_with_pos

__all__ = ["GROUP_NOUNS", "resolve_document"]

#: verbs whose subject and object do something together, and are "they" afterwards
_TOGETHER = frozenset({"marry", "wed", "date", "divorce", "meet", "partner"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_PLURAL = frozenset({"they", "them", "their", "theirs", "themselves"})
_ORG_PRONOUNS = frozenset({"its", "itself"})
_REFLEXIVE = frozenset({"himself", "herself", "themselves", "itself"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
GENERIC_ORG_NOUNS = frozenset(
    {"organization", "organisation", "company", "firm", "group", "business", "startup"}
)
#: words in a name that make it some other kind of organisation than a company
SPECIFIC_ORG_WORDS = frozenset(
    {
        "club",
        "council",
        "foundation",
        "charity",
        "fc",
        "team",
        "party",
        "union",
        "university",
        "school",
        "court",
        "police",
        "ministry",
        "department",
        "church",
        "hospital",
        "band",
        "channel",
        "news",
        "wire",
        "ledger",
        "times",
        "post",
        "magazine",
    }
)
GROUP_NOUNS = frozenset({"couple", "pair", "duo", "trio", "twins", "siblings", "partners"})
#: nouns that refer back to a title ("the show" after "The Lantern Keepers")
WORK_NOUNS = frozenset(
    {
        "series",
        "show",
        "drama",
        "programme",
        "program",
        "sitcom",
        "film",
        "movie",
        "documentary",
        "novel",
        "album",
        "musical",
        "pilot",
        "finale",
    }
)
#: posts an indefinite lead may describe a person by before naming them ("A former finance
#: director of the council was jailed ... Victor Hale, 58, admitted ...")
_POST_NOUNS = frozenset(
    {"director", "executive", "officer", "official", "manager", "teacher", "nurse", "doctor"}
    | {"lawyer", "accountant", "banker", "employee", "councillor", "chairman", "chairwoman"}
    | {"trustee", "clerk", "treasurer", "priest", "coach", "businessman", "businesswoman"}
)
_POST_GENDER = {"chairman": "m", "businessman": "m", "chairwoman": "f", "businesswoman": "f"}
#: what befalls a victim: the next sentence's subject is then as likely the one charged
_HARMED = frozenset(
    {"die", "kill", "shoot", "stab", "injure", "hurt", "wound", "attack", "rob", "assault"}
    | {"murder", "hit", "find", "threaten", "abuse", "kidnap"}
)
_SAYING = frozenset({"say", "tell", "add", "describe", "recall", "explain"})
_FEMALE_CUES = frozenset({"wife", "mrs.", "ms.", "mrs", "ms", "actress", "mother", "sister"})
_MALE_CUES = frozenset({"husband", "mr.", "mr", "actor", "father", "brother"})
_ORG_SUFFIXES = ("inc", "inc.", "corp", "corp.", "ltd", "ltd.", "llc", "plc", "co.", "group")
_ORG_SUFFIXES_SET = frozenset(_ORG_SUFFIXES) | {"co"}


_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "&"}) | _ORG_SUFFIXES_SET


def _initials(name: str) -> str:
    """ "NPPC" for "National Pork Producers Council": the initials of its capitalised words."""
    words = [w for w in name.split() if w.lower() not in _MINOR_WORDS]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words)


@dataclass
class _Cluster:
    key: str
    label: str
    names: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int, str]] = field(default_factory=list)  # token span + kind
    nominals: list[str] = field(default_factory=list)
    descriptors: set[str] = field(default_factory=set)  # "charity" of "Thorn, a charity"
    gender: str | None = None

    def fits(self, noun: str) -> bool:
        """Whether "the <noun>" can refer to this organisation."""
        words = {w for n in self.names for w in normalise_name(n).split()}
        if noun in self.descriptors or noun in words:
            return True
        if noun in {"club", "team"} and words & {"fc", "united", "athletic", "club"}:
            return True
        if noun in {"organization", "organisation"}:
            return True  # a foundation, a club, a company: all organisations
        if noun in GENERIC_ORG_NOUNS:
            return not (words & SPECIFIC_ORG_WORDS) or bool(self.descriptors & GENERIC_ORG_NOUNS)
        return False

    @property
    def name(self) -> str:
        # the longest name form, earliest on ties: "Ashton Kutcher" over "Kutcher"
        return max(self.names, key=lambda n: (len(n.split()), len(n), -self.names.index(n)))


@dataclass(frozen=True)
class _Entry:
    """A resolved reference in reading order, for pronouns to look back at."""

    token: int
    sentence: int
    keys: tuple[str, ...]
    subject: bool
    clause: int  # index of the governing verb


def _org_key(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1] in _ORG_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def _clause_head(token: Token) -> int:
    verb = governing_verb(token)
    return verb.i if verb is not None else -1


def _is_subject(token: Token) -> bool:
    if token.dep_ in _SUBJECT_DEPS:
        return True
    if token.dep_ == "ROOT" and token.pos_ in {"PROPN", "NOUN"}:
        # the parser found no verb to head the sentence ("Shaw, who has been mayor since
        # 2016, conceded on Wednesday", with "conceded" read as a reduced relative): the
        # name it heads instead is what the sentence is about
        return True
    # a conjunct of a subject ("Kutcher and Kunis") is a subject too
    return token.dep_ == "conj" and token.head.dep_ in _SUBJECT_DEPS


class _Resolver:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.sent_of = sentence_of_token(doc)
        self.clusters: list[_Cluster] = []
        self.by_token: dict[int, tuple[str, ...]] = {}
        self.entries: list[_Entry] = []
        self.name_roots: set[int] = set()

    # --- names ---------------------------------------------------------------------
    def _find_cluster(self, name: str, label: str) -> _Cluster | None:
        norm = normalise_name(name)
        for cluster in self.clusters:
            if norm in (normalise_name(n) for n in cluster.names):
                return cluster
        if label == "ORG":
            key = _org_key(norm)
            for cluster in self.clusters:
                if cluster.label == "ORG" and key in {
                    _org_key(normalise_name(n)) for n in cluster.names
                }:
                    return cluster
            if len(key.split()) == 1:
                # "the Mariners" after "Port Alder Mariners FC": one distinctive word of a name
                holders = [
                    c
                    for c in self.clusters
                    if c.label == "ORG"
                    and any(
                        key in _org_key(normalise_name(n)).split() and key not in ORG_NOUNS
                        for n in c.names
                    )
                ]
                if len(holders) == 1:
                    return holders[0]
        if label == "PERSON":
            words = norm.split()
            matches = []
            for cluster in reversed(self.clusters):
                if cluster.label != "PERSON":
                    continue
                forms = [normalise_name(n).split() for n in cluster.names]
                short_of_full = len(words) == 1 and any(
                    len(f) > 1 and words[0] in (f[-1], f[0]) for f in forms
                )
                full_of_short = len(words) > 1 and any(f == [words[-1]] for f in forms)
                if short_of_full or full_of_short:
                    matches.append(cluster)
            if len(matches) >= 1:
                return matches[0]
        return None

    def _abbreviated(self, ent: Span) -> _Cluster | None:
        """ "the National Pork Producers Council (NPPC)": an acronym in brackets right after
        the name it abbreviates is that organisation, here and wherever it recurs."""
        doc, text = self.doc, ent.text
        if not (text.isupper() and 2 <= len(text) <= 6 and 2 <= ent.start < len(doc) - 1):
            return None
        if doc[ent.start - 1].text != "(" or doc[ent.end].text != ")":
            return None
        keys = self.by_token.get(ent.start - 2)
        if not keys:
            return None
        cluster = self.cluster(keys[0])
        if cluster.label != "ORG" or not any(_initials(n) == text for n in cluster.names):
            return None
        return cluster

    def add_names(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ not in TRACKED_LABELS:
                continue
            text = " ".join(ent.text.split())  # a name broken over lines is one name
            cluster = self._abbreviated(ent) or self._find_cluster(text, ent.label_)
            if cluster is None:
                cluster = _Cluster(key=f"e{len(self.clusters) + 1}", label=ent.label_)
                self.clusters.append(cluster)
            if text not in cluster.names:
                cluster.names.append(text)
            cluster.mentions.append((ent.start, ent.end, "name"))
            self.name_roots.add(ent.root.i)
            for child in ent.root.children:
                if child.dep_ == "appos" and child.pos_ == "NOUN":
                    cluster.descriptors.add(child.lower_)
            for i in range(ent.start, ent.end):
                self.by_token[i] = (cluster.key,)
            self._gender_cue(ent, cluster)

    def _gender_cue(self, ent: Span, cluster: _Cluster) -> None:
        if cluster.label != "PERSON" or cluster.gender:
            return
        before = {t.lower_ for t in self.doc[max(0, ent.start - 2) : ent.start]}
        if before & _FEMALE_CUES:
            cluster.gender = "f"
        elif before & _MALE_CUES:
            cluster.gender = "m"
        else:
            cluster.gender = name_gender(ent.text)

    def cluster(self, key: str) -> _Cluster:
        return next(c for c in self.clusters if c.key == key)

    # --- reading order -------------------------------------------------------------
    def _group_at(self, token: Token) -> tuple[str, ...] | None:
        """Keys of a coordination headed by ``token`` ("A and B", "He and wife B")."""
        members: list[str] = []
        for tok in [token, *[c for c in token.conjuncts if c.i > token.i]]:
            keys = self.by_token.get(tok.i)
            if keys:
                members.extend(k for k in keys if k not in members)
        return tuple(members) if len(members) >= 2 else None

    def _candidates(self, token: Token, want: str) -> list[_Entry]:
        """Earlier entries compatible with a pronoun or nominal of kind ``want``."""
        out = []
        for entry in reversed(self.entries):
            if entry.token >= token.i:
                continue
            if want == "group":
                if len(entry.keys) >= 2:
                    out.append(entry)
                continue
            if len(entry.keys) != 1:
                continue
            cluster = self.cluster(entry.keys[0])
            if want == "org":
                if cluster.label == "ORG":
                    out.append(entry)
            elif want == "work":
                if cluster.label == "WORK_OF_ART":
                    out.append(entry)
            elif want == "it":
                if cluster.label in {"ORG", "WORK_OF_ART"}:
                    out.append(entry)
            elif cluster.label == "PERSON" and (cluster.gender in (None, want)):
                out.append(entry)
        return out

    def _pick(self, token: Token, candidates: list[_Entry]) -> _Entry | None:
        if not candidates:
            return None
        sent = self.sent_of[token.i]
        clause = _clause_head(token)
        lower = token.lower_
        if _is_subject(token):
            same = [c for c in candidates if c.sentence == sent]
            if same:
                return same[0]
            for back in (1, 2):
                prev = [c for c in candidates if c.sentence == sent - back and c.subject]
                if prev:
                    return prev[-1]  # the earliest subject of that sentence
            return candidates[0]
        if lower in _REFLEXIVE or token.dep_ == "poss":
            return candidates[0]
        # an object pronoun does not refer to its own clause's subject
        others = [c for c in candidates if not (c.clause == clause and c.subject)]
        return (others or candidates)[0]

    def _record(self, token: Token, keys: tuple[str, ...], kind: str, span: Span) -> None:
        self.by_token[token.i] = keys
        for key in keys:
            self.cluster(key).mentions.append((span.start, span.end, kind))

    def _entry(self, token: Token, keys: tuple[str, ...]) -> None:
        """Record a resolved reference, and the group it heads if it is coordinated."""
        sent, subject, clause = self.sent_of[token.i], _is_subject(token), _clause_head(token)
        self.entries.append(_Entry(token.i, sent, keys, subject, clause))
        if token.dep_ != "conj":
            group = self._group_at(token)
            if group:
                self.entries.append(_Entry(token.i, sent, group, subject, clause))

    def walk(self) -> None:
        doc = self.doc
        # only names, pronouns and nouns take part: skip building every other Token
        wanted = {t.i for t in tokens_with_pos(doc, "PRON", "NOUN")} | self.name_roots
        for token in (doc[i] for i in sorted(wanted)):
            lower = token.lower_
            keys = self.by_token.get(token.i)
            if keys is not None:
                if token.i in self.name_roots:  # one entry per name, at its syntactic head
                    self._entry(token, keys)
                    self._couple(token, keys)
                continue
            if lower == "it" and token.tag_ == "PRP":
                self._it(token)
                continue
            if token.tag_ in {"PRP", "PRP$"}:
                want = (
                    "m"
                    if lower in _MALE
                    else "f"
                    if lower in _FEMALE
                    else "group"
                    if lower in _PLURAL
                    else "org"
                    if lower in _ORG_PRONOUNS
                    else None
                )
                if want is None:
                    continue
                candidates = self._candidates(token, want)
                if want == "group" and not candidates:
                    candidates = self._candidates(token, "org")
                chosen = self._pick(token, candidates)
                if chosen is None:
                    continue
                if want == "group" and self._plural_subject_between(chosen.token, token):
                    continue  # "Two council members said they ...": no entity is meant
                if want in {"m", "f"}:
                    self.cluster(chosen.keys[0]).gender = want
                self._record(token, chosen.keys, "pronoun", doc[token.i : token.i + 1])
                self._entry(token, chosen.keys)
                continue
            if token.pos_ == "NOUN" and (
                lower in ORG_NOUNS or lower in GROUP_NOUNS or lower in WORK_NOUNS
            ):
                self._nominal(token)
            elif token.pos_ == "NOUN" and lower in _POST_NOUNS:
                self._cataphor(token)

    def _couple(self, token: Token, keys: tuple[str, ...]) -> None:
        """ "She married the painter David Kerr in 1965; they divorced in 1979": the two
        people of a verb done together are a group "they" can refer to."""
        # "married Kerr", "married the painter David Kerr" (a name beside the object noun)
        obj = token.head if token.dep_ in {"appos", "compound"} else token
        verb = obj.head
        together = verb.lemma_.lower() in _TOGETHER or verb.lower_ in _TOGETHER  # "wed"
        if obj.dep_ != "dobj" or not together or len(keys) != 1:
            return
        if self.cluster(keys[0]).label != "PERSON":
            return
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        partner = self.by_token.get(subject.i) if subject is not None else None
        if partner is None or len(partner) != 1 or partner == keys:
            return
        if self.cluster(partner[0]).label == "PERSON":
            sent, clause = self.sent_of[token.i], _clause_head(token)
            self.entries.append(_Entry(token.i, sent, (*partner, *keys), True, clause))

    def _plural_subject_between(self, start: int, token: Token) -> bool:
        """Whether a plural common noun that is no entity is a subject after ``start`` and
        before ``token``, in its sentence or the one before: the nearer antecedent of
        "they", which the entity list does not hold."""
        first_sentence = self.sent_of[token.i] - 1
        for i in range(token.i - 1, start, -1):
            if self.sent_of[i] < first_sentence:
                break
            tok = self.doc[i]
            if tok.tag_ == "NNS" and _is_subject(tok) and i not in self.by_token:
                return True
        return False

    def _it(self, token: Token) -> None:
        """ "it" as the subject or object of a verb, for an organisation or a title named
        earlier in its own sentence ("the charity's largest project since it was founded",
        "the scanner maker it bought"); never the noun its own relative clause describes,
        and never an expletive or a copula's subject ("it is expected", "It is also ...")."""
        if token.dep_ not in {"nsubj", "nsubjpass", "dobj"} or token.head.pos_ != "VERB":
            return
        sent = self.sent_of[token.i]
        described: set[int] = set()
        clause = token.head
        if clause.dep_ in {"relcl", "acl"}:
            described = {clause.head.i}
            if clause.head.dep_ == "appos":
                described.add(clause.head.head.i)
        candidates = [
            c
            for c in self._candidates(token, "it")
            if c.sentence == sent and c.token not in described
        ]
        if candidates:
            self._record(token, candidates[0].keys, "pronoun", self.doc[token.i : token.i + 1])
            self._entry(token, candidates[0].keys)

    def _nominal(self, token: Token) -> None:
        dets = [c for c in token.children if c.dep_ in {"det", "poss"}]
        if not dets:
            return
        det = dets[0]
        definite = det.lower_ in {"the", "this", "that"} or det.dep_ == "poss"
        named = self._named_by(token)
        lower = token.lower_
        if lower in GROUP_NOUNS:
            if not definite:
                return
            candidates = self._candidates(token, "group")
            if not candidates:
                return
            keys = candidates[0].keys
            kind = "group"
        elif named is not None:
            keys, kind = named, "nominal"
            for key in named:
                self.cluster(key).descriptors.add(lower)
        elif lower in WORK_NOUNS and det.lower_ in {"a", "an"}:
            # "has ordered a drama ... The series, titled The Lantern Keepers, follows"
            keys_ahead = self._named_next(token)
            if keys_ahead is None:
                return
            keys, kind = keys_ahead, "nominal"
        elif definite and lower in WORK_NOUNS:
            candidates = self._candidates(token, "work")
            if not candidates:
                return
            keys, kind = self._topic(token, candidates), "nominal"
        elif definite:
            candidates = [
                c for c in self._candidates(token, "org") if self.cluster(c.keys[0]).fits(lower)
            ]
            if not candidates:
                return
            keys, kind = self._topic(token, candidates), "nominal"
        else:
            return
        span = self.doc[det.i : token.i + 1] if det.i < token.i else self.doc[token.i : token.i + 1]
        self._record(token, keys, kind, span)
        self._entry(token, keys)
        if kind == "nominal" and det.lower_ == "the" and named is None:
            cluster = self.cluster(keys[0])
            text = f"the {token.text}"
            if text not in cluster.nominals:
                cluster.nominals.append(text)

    def _topic(self, token: Token, candidates: list[_Entry]) -> tuple[str, ...]:
        """ "the company", "the series": the last candidate that has been a subject or named
        in two sentences (what the story is about), not one named in passing ("an analyst at
        Fenwick Securities", "best known for the police series Harbour Nights"); else the
        last candidate."""
        earlier = [e for e in self.entries if e.token < token.i]
        sentences = Counter(dict.fromkeys((e.keys, e.sentence) for e in earlier))
        counts = Counter(keys for keys, _ in sentences)
        topics = {e.keys for e in earlier if e.subject or counts[e.keys] >= 2}
        return next((c.keys for c in candidates if c.keys in topics), candidates[0].keys)

    def _cataphor(self, token: Token) -> None:
        """ "A former finance director of the council was jailed for six years on Friday.
        Victor Hale, 58, admitted ...": a lead's indefinite subject describing a post is the
        person the next sentence names first as its subject, when the story has not named
        them before. Not when the lead tells a harm (the next subject may be the one
        charged), a saying ("An official said ..."), or the name has a title of its own
        ("Detective Inspector Mary Hill", someone else) or the other gender."""
        det = next((c for c in token.children if c.dep_ == "det"), None)
        if det is None or det.lower_ not in {"a", "an"} or not _is_subject(token):
            return
        post = any(
            (c.dep_ == "amod" and c.lower_ == "former")
            or (c.dep_ == "prep" and c.lower_ in {"of", "at", "for"})
            for c in token.children
        )
        if not post or token.head.lemma_.lower() in _SAYING | _HARMED:
            return
        sent = self.sent_of[token.i]
        for tok in self.doc[token.i + 1 :]:
            if self.sent_of[tok.i] > sent + 1:
                return
            if self.sent_of[tok.i] <= sent or tok.i not in self.name_roots:
                continue
            keys = self.by_token.get(tok.i)
            if not keys or not _is_subject(tok) or tok.head.lemma_.lower() in _SAYING:
                return  # not its subject, or a witness ("John Ames, 40, said ..."): another
            cluster = self.cluster(keys[0])
            start = min((m[0] for m in cluster.mentions if m[0] <= tok.i < m[1]), default=tok.i)
            before = self.doc[start - 1] if start > 0 else None
            want = _POST_GENDER.get(token.lower_)
            if (
                cluster.label != "PERSON"
                or any(m[0] < token.i for m in cluster.mentions)
                or (before is not None and before.is_title and before.is_sent_start is not True)
                or titled(cluster.name)
                or (want is not None and cluster.gender not in (None, want))
            ):
                return
            self._record(token, keys, "nominal", self.doc[det.i : token.i + 1])
            self._entry(token, keys)
            return

    def _named_next(self, token: Token) -> tuple[str, ...] | None:
        """The title a definite work noun of the next sentence is named by ("The series,
        titled X"), for an indefinite one ("a ten-episode drama") introduced before it."""
        sent = self.sent_of[token.i]
        for tok in self.doc[token.i + 1 :]:
            if self.sent_of[tok.i] > sent + 1:
                break
            if self.sent_of[tok.i] == sent + 1 and tok.lower_ in WORK_NOUNS:
                named = self._named_by(tok)
                if named is not None:
                    return named
        return None

    def _named_by(self, token: Token) -> tuple[str, ...] | None:
        """The entity an "organization called Thorn" nominal introduces."""
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN" and child.i in self.by_token:
                return self.by_token[child.i]  # "the police series Harbour Nights"
            if child.dep_ in {"acl", "appos"} and child.lower_ in {"called", "named", "titled"}:
                for sub in child.subtree:
                    if sub.i in self.by_token:
                        return self.by_token[sub.i]
        nxt = token.i + 1
        if nxt + 1 < len(self.doc) and self.doc[nxt].lower_ in {"called", "named", "titled"}:
            return self.by_token.get(nxt + 1)
        return None

    # --- output --------------------------------------------------------------------
    def entities(self) -> list[Entity]:
        out = []
        sent_of = self.sent_of
        for cluster in self.clusters:
            name = cluster.name
            aliases = [n for n in cluster.names if normalise_name(n) != normalise_name(name)]
            aliases = list(dict.fromkeys(aliases)) + cluster.nominals
            mentions = []
            for start, end, kind in sorted(set(cluster.mentions)):
                span = self.doc[start:end]
                mentions.append(
                    Mention(
                        text=span.text,
                        char_start=span.start_char,
                        char_end=span.end_char,
                        sentence_index=sent_of[start],
                        kind=kind,
                    )
                )
            out.append(
                Entity(
                    key=cluster.key,
                    name=name,
                    label=cluster.label,
                    aliases=tuple(aliases),
                    mentions=tuple(mentions),
                )
            )
        return out


def resolve_document(doc: Doc) -> tuple[list[Entity], dict[int, tuple[str, ...]]]:
    """Entities with their mentions, and token index -> entity keys for every mention."""
    resolver = _Resolver(doc)
    resolver.add_names()
    resolver.walk()
    return resolver.entities(), dict(resolver.by_token)


@Language.component(
    "dateline_coref",
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.entities", "doc._.mention_map"],
)
def dateline_coref(doc: Doc) -> Doc:
    entities, mention_map = resolve_document(doc)
    doc._.entities = entities
    doc._.mention_map = mention_map
    return doc
