"""A learned attribution tagger: source, cue and content as a tag sequence (a linear CRF).

PolNeAR annotates each token with at most one of source, cue or content, so attribution
can be read as BIO tagging. The tagger reads one paragraph at a time and sees, for each
token, the parse (part of speech, dependency, its head's), quote marks, entity types, the
position in its sentence and paragraph, the reporting words of our own lexicons near it,
the hint words of ``attribution_words``, the chances ``attribution_probe`` reads in spaCy's
token vectors, and what the rules of ``nlp.quotes`` found (stacking: the rules' spans are
features).

"Our words only": the model shipped in the package may hold no text of the corpus it was
trained on. So no feature carries a word, except the words of our own lexicons
(``attribution_lexicon``, ``stance``, the speech verbs, ``attribution_words``) and the
closed-class words listed in ``FUNCTION_WORDS``; ``feature_words_allowed`` checks a model's
features against that rule (tested on the shipped model). See docs/quotes.md.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IS_PUNCT,
    IS_SPACE,
    IS_TITLE,
    IS_UPPER,
    LEMMA,
    LIKE_NUM,
    LOWER,
    POS,
    TAG,
)
from spacy.tokens import Doc

from dateline.errors import DatelineError
from dateline.model import Attribution, Quote
from dateline.model import Span as TextSpan
from dateline.nlp import attribution_lexicon as lex
from dateline.nlp.attribution_probe import Probe, load_probe
from dateline.nlp.attribution_words import HINT_ADJECTIVES, HINT_NOUNS, HINT_VERBS
from dateline.nlp.reported import quoted_tokens
from dateline.nlp.stance import STANCE_ADJECTIVES, STANCE_NOUNS
from dateline.nlp.util import sentence_of_token, sentences

__all__ = [
    "CLOSED_VALUES",
    "FEATURE_KEYS",
    "FUNCTION_WORDS",
    "KINDS",
    "LEXICON_WORDS",
    "MODEL_RESOURCE",
    "WORD_KEYS",
    "TaggedSpan",
    "doc_sequences",
    "feature_words_allowed",
    "gold_tags",
    "load_tagger",
    "rule_spans",
    "sequence_features",
    "spans_from_tags",
    "tag_doc",
]

#: the span kinds, as tag suffixes
KINDS = ("SRC", "CUE", "CNT")

#: the model file inside the package (``dateline/nlp/data``)
MODEL_RESOURCE = "attribution.crfsuite"

#: closed-class English words (our own list): determiners, pronouns, prepositions,
#: conjunctions, auxiliaries, negation and a few frame adverbs; the only words besides our
#: lexicons' that a feature may name
_FUNCTION_TEXT = """
    a an the this that these those some any no every each either neither all both half
    i me my mine myself we us our ours ourselves you your yours yourself yourselves he him
    his himself she her hers herself it its itself they them their theirs themselves one
    who whom whose which what whoever whatever where when why how whether if
    of in on at by for with from to into onto upon about over under above below between
    among through during before after since until till against across along around behind
    beyond near off out up down via per than like as despite without within toward towards
    and or but nor so yet because although though while whereas unless once
    not n't never also only even just too very still already
    be am is are was were been being have has had having do does did done doing
    will would shall should can could may might must ought 's 're 've 'd 'll 'm
    there here then now again however instead
    according accordingly reportedly allegedly apparently
"""
FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())

#: words the rules read (lemmas)
_RULE_WORDS = frozenset(
    lex.REPORTING_VERBS
    | lex.INFINITIVE_VERBS
    | lex.OBJECT_VERBS
    | lex.ATTITUDE_ADJECTIVES
    | lex.REPORT_NOUNS
    | lex.MEASURED_CLAUSE_VERBS
    | lex.MEASURED_INFINITIVE_VERBS
    | lex.MEASURED_OBJECT_VERBS
    | lex.EVIDENTIAL_VERBS
    | lex.INTENTION_VERBS
    | frozenset(lex.PREP_OBJECTS)
    | STANCE_NOUNS
    | STANCE_ADJECTIVES
    | {"brand", "call", "describe", "dub", "label", "praise"}
)

#: words of our own lexicons (lemmas) that a feature may name: the rules' and the hints'
LEXICON_WORDS = _RULE_WORDS | HINT_VERBS | HINT_NOUNS | HINT_ADJECTIVES

_ALLOWED = FUNCTION_WORDS | LEXICON_WORDS

#: feature names whose value is a word (checked by ``feature_words_allowed``)
WORD_KEYS = frozenset({"w", "l", "hl", "cl"})

#: every feature name the tagger makes (a context feature is one prefixed by its offset)
_KEYS_TEXT = """
    bias p t d x q space punct title upper num e k ks r inq sent_start sent_end para_start
    spos sidx hp hd hx hdir ax ad adepth lv rv rd rp rx s_lex s_quoted s_colon s_SRC s_CUE
    s_CNT edge inq_change y hy gy gd gdepth pc ps pn hpc
"""
FEATURE_KEYS = WORD_KEYS | frozenset(_KEYS_TEXT.split())

#: lower-case values of the other features besides parser, tagger and NER labels: our
#: lexicon classes, quote-mark kinds, and the marks of a clause ("that", "whether", "if")
_CLOSED_TEXT = """
    rep rep2 inf obj verb rnoun snoun sadj intent open close straight single other
    that whether if hverb hnoun hadj lrn
"""
CLOSED_VALUES = frozenset(_CLOSED_TEXT.split())

_CONTEXT = re.compile(r"-?\d:")

_OPEN_MARKS = frozenset("“„«")
_CLOSE_MARKS = frozenset("”»")
_STRAIGHT_MARKS = frozenset('"″')
_SINGLE_MARKS = frozenset("‘’'`")

_VERBAL = frozenset({"VERB", "AUX"})


def _lexicon_class(lemma: str, pos: str) -> str | None:
    """Which of our lexicons a lemma belongs to, for its part of speech."""
    if pos in _VERBAL:
        if lemma in lex.REPORTING_VERBS:
            return "rep"
        if lemma in lex.INFINITIVE_VERBS or lemma in lex.MEASURED_INFINITIVE_VERBS:
            return "inf"
        if lemma in lex.OBJECT_VERBS or lemma in lex.MEASURED_OBJECT_VERBS:
            return "obj"
        if lemma in lex.MEASURED_CLAUSE_VERBS or lemma in lex.EVIDENTIAL_VERBS:
            return "rep2"
        if lemma in lex.INTENTION_VERBS:
            return "intent"
        if lemma in _RULE_WORDS:
            return "verb"
        return None
    if pos in {"NOUN", "PROPN"}:
        if lemma in lex.REPORT_NOUNS:
            return "rnoun"
        if lemma in STANCE_NOUNS:
            return "snoun"
        return None
    if pos == "ADJ" and (lemma in STANCE_ADJECTIVES or lemma in lex.ATTITUDE_ADJECTIVES):
        return "sadj"
    return None


def _hint_class(lemma: str, pos: str) -> str | None:
    """Which of the tagger's hint lists (``attribution_words``) a lemma belongs to."""
    if pos in _VERBAL and lemma in HINT_VERBS:
        return "hverb"
    if pos == "NOUN" and lemma in HINT_NOUNS:
        return "hnoun"
    if pos == "ADJ" and lemma in HINT_ADJECTIVES:
        return "hadj"
    return None


#: the probe's least chance of "cue" for a word in none of our lists to count as a hint
_LEARNED_CUE = 0.5

#: parts of speech a probed word may have to count as a hint
_PROBED = frozenset({"VERB", "NOUN", "ADJ"})

#: the probe's chances as features: (key, column of ``Probe.probs``)
_PROBE_KEYS = (("ps", 1), ("pc", 2), ("pn", 3))


def _hints(
    lemmas: list[str], poss: list[str], classes: list[str | None], probs: Any | None
) -> list[str | None]:
    """Each token's hint class: a word of the hint lists, else (with the probe) a verb,
    noun or adjective of no list that the probe finds likely to be a cue ("lrn")."""
    out: list[str | None] = []
    for i, (lemma, pos) in enumerate(zip(lemmas, poss, strict=True)):
        if classes[i] is not None:  # a word the rules read is not a hint
            out.append(None)
            continue
        hint = _hint_class(lemma, pos)
        if hint is None and probs is not None and pos in _PROBED and probs[i][2] >= _LEARNED_CUE:
            hint = "lrn"
        out.append(hint)
    return out


def _probe_features(probs: Any | None, n: int) -> list[list[str]]:
    """The probe's chances of source, cue and content, in tenths (none below a tenth)."""
    if probs is None:
        return [[] for _ in range(n)]
    tenths = np.minimum((np.asarray(probs) * 10).astype(np.int64), 9).tolist()
    return [[f"{key}={row[col]}" for key, col in _PROBE_KEYS if row[col]] for row in tenths]


def _mark(text: str) -> str | None:
    if not text:
        return None
    ch = text[0]
    if text in {"''", "``"} or ch in _STRAIGHT_MARKS:
        return "straight"
    if ch in _OPEN_MARKS:
        return "open"
    if ch in _CLOSE_MARKS:
        return "close"
    if ch in _SINGLE_MARKS and len(text) == 1:
        return "single"
    return None


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 10:
        return "7-10"
    if n <= 20:
        return "11-20"
    return "21+"


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A run of tokens with one tag kind (``SRC``, ``CUE`` or ``CNT``): [start, end), and
    the model's confidence in it (the mean marginal probability of its tags)."""

    kind: str
    start: int
    end: int
    score: float = 1.0


def doc_sequences(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges the tagger reads one at a time: paragraphs (a run of sentences between
    blank lines), without the blank lines themselves."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for tok in doc:
        blank = tok.is_space and tok.text.count("\n") >= 2
        if blank:
            if start is not None:
                out.append((start, tok.i))
                start = None
        elif start is None:
            start = tok.i
    if start is not None:
        out.append((start, len(doc)))
    return out


def _rule_tags(doc: Doc, rule_spans: Iterable[TaggedSpan]) -> list[str]:
    tags = ["O"] * len(doc)
    for span in rule_spans:
        for i in range(span.start, span.end):
            if tags[i] == "O":
                tags[i] = ("B-" if i == span.start else "I-") + span.kind
    return tags


@dataclass(frozen=True, slots=True)
class _Table:
    """Token attributes of a ``Doc`` as plain lists (read with ``Doc.to_array``: spaCy
    makes a new ``Token`` object on every access, which was the tagger's main cost)."""

    texts: list[str]
    lowers: list[str]
    lemmas: list[str]  # lower-cased
    poss: list[str]
    tags: list[str]
    deps: list[str]
    heads: list[int]
    ents: list[str]  # "B-PERSON", or "" outside entities
    flags: list[tuple[bool, bool, bool, bool, bool]]  # space, punct, title, upper, number
    children: list[list[int]]


_COLUMNS = [LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, ENT_IOB]
_COLUMNS += [IS_SPACE, IS_PUNCT, IS_TITLE, IS_UPPER, LIKE_NUM]


def _table(doc: Doc) -> _Table:
    cols = doc.to_array(_COLUMNS).tolist()
    strings = doc.vocab.strings
    names: dict[int, str] = {}

    def name(key: int) -> str:
        found = names.get(key)
        if found is None:
            found = names[key] = strings[key] if key else ""
        return found

    iob = {1: "I", 2: "O", 3: "B"}
    texts = [t.text for t in doc]
    heads = [i + (row[5] if row[5] < 2**63 else row[5] - 2**64) for i, row in enumerate(cols)]
    children: list[list[int]] = [[] for _ in cols]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(i)
    return _Table(
        texts=texts,
        lowers=[name(row[0]) for row in cols],
        lemmas=[name(row[1]).lower() for row in cols],
        poss=[name(row[2]) for row in cols],
        tags=[name(row[3]) for row in cols],
        deps=[name(row[4]) for row in cols],
        heads=heads,
        ents=[f"{iob.get(row[7], '')}-{name(row[6])}" if row[6] else "" for row in cols],
        flags=[
            (
                bool(row[8]),
                bool(row[9]),
                bool(row[10]),
                bool(row[11]) and len(text) > 1,
                bool(row[12]),
            )
            for row, text in zip(cols, texts, strict=True)
        ],
        children=children,
    )


def _token_base(t: _Table, i: int, cls: str | None) -> list[str]:
    """Features of a token on its own."""
    lower, lemma, pos, text = t.lowers[i], t.lemmas[i], t.poss[i], t.texts[i]
    feats = [f"p={pos}", f"t={t.tags[i]}", f"d={t.deps[i]}"]
    if lower in _ALLOWED:
        feats.append(f"w={lower}")
    if cls is not None:
        feats.append(f"x={cls}")
        feats.append(f"l={lemma}")
    elif lemma in FUNCTION_WORDS and lemma != lower:
        feats.append(f"l={lemma}")
    mark = _mark(text)
    if mark is not None:
        feats.append(f"q={mark}")
    space, punct, title, upper, number = t.flags[i]
    if space:
        feats.append("space")
    elif punct:
        feats.append(f"punct={text if text in ',.:;—–-()?!' else 'other'}")
    if title:
        feats.append("title")
    elif upper:
        feats.append("upper")
    if number:
        feats.append("num")
    if t.ents[i]:
        feats.append(f"e={t.ents[i]}")
    for child in t.children[i]:
        dep = t.deps[child]
        if dep in _CHILD_DEPS:
            feats.append(f"k={dep}")
            if dep in {"nsubj", "nsubjpass"}:
                ent = t.ents[child].partition("-")[2]
                kind = ent or ("PRON" if t.poss[child] == "PRON" else t.poss[child])
                feats.append(f"ks={kind}")
        elif dep == "mark" and t.lowers[child] in {"that", "whether", "if"}:
            feats.append(f"k=mark_{t.lowers[child]}")
    return feats


#: dependents whose presence says a word introduces or reports something
_CHILD_DEPS = frozenset(
    {"ccomp", "xcomp", "nsubj", "nsubjpass", "dobj", "advcl", "parataxis", "agent", "dative"}
)


def _signalled(
    start: int,
    end: int,
    classes: list[str | None],
    rule: list[str],
    inside: list[bool],
    texts: list[str],
) -> bool:
    """Whether a paragraph shows any sign of attribution: a word of our lexicons, a rule
    span, quoted words, a colon or "according". One with none is not tagged (it costs a
    third of the tagger's time and the model finds next to nothing there)."""
    return (
        any(c is not None for c in classes[start:end])
        or any(tag != "O" for tag in rule[start:end])
        or any(inside[start:end])
        or any(t == ":" or t.lower() == "according" for t in texts[start:end])
    )


def _sentence_flags(
    start: int, end: int, verbal: list[bool], inside: list[bool], texts: list[str], rule: list[str]
) -> list[str]:
    """Whether a sentence holds a lexicon verb, quoted words, a colon, rule spans."""
    flags = []
    if any(verbal[start:end]):
        flags.append("s_lex")
    if any(inside[start:end]):
        flags.append("s_quoted")
    if ":" in texts[start:end]:
        flags.append("s_colon")
    flags.extend(f"s_{kind}" for kind in sorted({tag[2:] for tag in rule[start:end]} - {""}))
    return flags


def sequence_features(
    doc: Doc,
    *,
    rule_spans: Sequence[TaggedSpan],
    quote_spans: Sequence[tuple[int, int]],
    sequences: Sequence[tuple[int, int]] | None = None,
    quiet_empty: bool = False,
    probs: NDArray[np.float32] | None = None,
    probe: Probe | None = None,
) -> list[list[list[str]]]:
    """Feature lists for each token of each sequence of ``doc_sequences(doc)``; with
    ``quiet_empty``, a paragraph with no sign of attribution (``_signalled``) gets none.

    Token attributes are read into lists once: spaCy makes a new ``Token`` object on every
    access, which made this function the tagger's main cost. ``probs``: the probe's
    chances per token (``Probe.probs``), read as features when given; else ``probe``, run
    on the tokens of the sequences that get features only (none when no paragraph is
    signalled: a token's features read the chances of its own paragraph only)."""
    table = _table(doc)
    n = len(table.texts)
    sent_of = sentence_of_token(doc)
    sents = sentences(doc)
    bounds = [(sent.start, sent.end, sent.root.i) for sent in sents]
    rule = _rule_tags(doc, rule_spans)
    inside = quoted_tokens(doc, quote_spans)
    heads, deps, poss = table.heads, table.deps, table.poss
    lemmas, lowers, texts = table.lemmas, table.lowers, table.texts
    classes = [_lexicon_class(lemma, pos) for lemma, pos in zip(lemmas, poss, strict=True)]
    ranges = list(sequences if sequences is not None else doc_sequences(doc))
    if quiet_empty:
        ranges = [
            (start, end) if _signalled(start, end, classes, rule, inside, texts) else (end, end)
            for start, end in ranges
        ]
    if probs is None and probe is not None:
        rows = [i for start, end in ranges for i in range(start, end)]
        probs = probe.probs(doc, rows) if rows else None
    base: list[list[str]] = [[] for _ in range(n)]
    for start, end in ranges:
        for i in range(start, end):
            base[i] = _token_base(table, i, classes[i])
    context = [[f for f in b[:1] + b[2:] if f[0] != "t"] for b in base]
    hints = _hints(lemmas, poss, classes, probs)
    probed = _probe_features(probs, n)
    hint_governed = _governing(heads, deps, hints, lemmas, prefix="g")
    verbal = [c is not None and p in _VERBAL for c, p in zip(classes, poss, strict=True)]
    # nearest lexicon verb in the sentence, on each side
    cue_verbs = [i for i, v in enumerate(verbal) if v]
    sent_flags = [_sentence_flags(s, e, verbal, inside, texts, rule) for s, e, _ in bounds]
    # what each token's head is, computed once per token that is tagged
    head_feats: list[list[str]] = [[] for _ in range(n)]
    for i in (i for start, end in ranges for i in range(start, end)):
        head = heads[i]
        feats = [f"hp={poss[head]}", f"hd={deps[head]}"]
        if classes[head] is not None:
            feats += [f"hx={classes[head]}", f"hl={lemmas[head]}"]
        elif lowers[head] in FUNCTION_WORDS:
            feats.append(f"hl={lowers[head]}")
        feats.append(f"hdir={'L' if head < i else 'R' if head > i else 'S'}")
        head_feats[i] = feats
    governed = _governing(heads, deps, classes, lemmas)
    sent_feats = []
    for (_, _, root), flags in zip(bounds, sent_flags, strict=True):
        feats = [f"rp={poss[root]}"]
        if classes[root] is not None:
            feats.append(f"rx={classes[root]}")
        sent_feats.append(feats + flags)
    under_root = _under_root(heads, deps, sent_of, bounds)
    out: list[list[list[str]]] = []
    for start, end in ranges:
        seq: list[list[str]] = []
        for i in range(start, end):
            feats = ["bias", *base[i], f"r={rule[i]}"]
            if inside[i]:
                feats.append("inq")
            s_start, s_end, _ = bounds[sent_of[i]]
            if i == s_start:
                feats.append("sent_start")
            if i == s_end - 1:
                feats.append("sent_end")
            if i == start:
                feats.append("para_start")
            feats.append(_SPOS[min(i - s_start, _MAX_BUCKET)])
            feats.append(_SIDX[min(sent_of[i] - sent_of[start], _MAX_BUCKET)])
            feats += head_feats[i]
            feats += governed[i]
            feats += hint_governed[i]
            feats += probed[i]
            if hints[i] is not None:
                feats.append(f"y={hints[i]}")
                if hints[i] != "lrn":
                    feats.append(f"l={lemmas[i]}")
            head = heads[i]
            if hints[head] is not None:
                feats.append(f"hy={hints[head]}")
            feats.extend(f"h{f}" for f in probed[head] if f[1] == "c")
            at = bisect_left(cue_verbs, i)
            if at > 0 and cue_verbs[at - 1] >= s_start:
                feats.append(_LV[min(i - cue_verbs[at - 1], _MAX_BUCKET)])
            if at < len(cue_verbs) and cue_verbs[at] == i:
                at += 1
            if at < len(cue_verbs) and cue_verbs[at] < s_end:
                feats.append(_RV[min(cue_verbs[at] - i, _MAX_BUCKET)])
            feats.append(under_root[i])
            feats += sent_feats[sent_of[i]]
            for off in (-4, -3, 3, 4):
                j = i + off
                if start <= j < end:
                    feats.append(f"{off}:r={rule[j]}")
                    if inside[j] != inside[i]:
                        feats.append(f"{off}:inq_change")
            for off in (-2, -1, 1, 2):
                j = i + off
                if j < start or j >= end:
                    feats.append(f"{off}:edge")
                    continue
                feats.extend(f"{off}:{f}" for f in context[j])
                if off in (-1, 1):
                    feats.extend(f"{off}:{f}" for f in probed[j])
                    if hints[j] is not None:
                        feats.append(f"{off}:y={hints[j]}")
                feats.append(f"{off}:r={rule[j]}")
                if inside[j] != inside[i]:
                    feats.append(f"{off}:inq_change")
            seq.append(feats)
        out.append(seq)
    return out


_MAX_BUCKET = 21  # _bucket gives "21+" from here on
_SPOS = [f"spos={_bucket(k)}" for k in range(_MAX_BUCKET + 1)]
_SIDX = [f"sidx={_bucket(k)}" for k in range(_MAX_BUCKET + 1)]
_LV = [f"lv={_bucket(k)}" for k in range(_MAX_BUCKET + 1)]
_RV = [f"rv={_bucket(k)}" for k in range(_MAX_BUCKET + 1)]


def _governing(
    heads: list[int],
    deps: list[str],
    classes: list[str | None],
    lemmas: list[str],
    *,
    prefix: str = "",
) -> list[list[str]]:
    """For each token, its closest ancestor in our lexicons: that word's class and lemma,
    the dependency of the token's branch under it, and how deep below it the token is. A
    token inherits its head's answer one level deeper unless the head is such a word.
    With ``prefix`` (the hint classes), the keys are ``{prefix}y``, ``{prefix}d`` and
    ``{prefix}depth`` and no lemma is named."""
    n = len(heads)
    gov = [-2] * n  # -2: not known yet, -1: none
    branch = [0] * n
    depth = [0] * n
    for i in range(n):
        path = []
        j = i
        while gov[j] == -2:
            head = heads[j]
            if head == j:
                gov[j] = -1
            elif classes[head] is not None:
                gov[j], branch[j], depth[j] = head, j, 0
            else:
                path.append(j)
                j = head
        for k in reversed(path):
            above = heads[k]
            gov[k], branch[k], depth[k] = gov[above], branch[above], depth[above] + 1
    out: list[list[str]] = []
    for i in range(n):
        g = gov[i]
        if g < 0:
            out.append([])
        elif prefix:
            out.append(
                [
                    f"{prefix}y={classes[g]}",
                    f"{prefix}d={deps[branch[i]]}",
                    f"{prefix}depth={_bucket(depth[i])}",
                ]
            )
        else:
            out.append(
                [
                    f"ax={classes[g]}",
                    f"cl={lemmas[g]}",
                    f"ad={deps[branch[i]]}",
                    f"adepth={_bucket(depth[i])}",
                ]
            )
    return out


def _under_root(
    heads: list[int], deps: list[str], sent_of: list[int], bounds: list[tuple[int, int, int]]
) -> list[str]:
    """For each token, the dependency of its branch under its sentence's root."""
    out = []
    for i in range(len(heads)):
        root = bounds[sent_of[i]][2]
        top = i
        while heads[top] != top and heads[top] != root:
            top = heads[top]
        out.append(f"rd={'ROOT' if top == root else deps[top]}")
    return out


def gold_tags(doc: Doc, spans: Iterable[tuple[str, Sequence[tuple[int, int]]]]) -> list[list[str]]:
    """BIO tags per sequence from (kind, character fragments) annotations."""
    tags = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t) for t in doc]
    for kind, fragments in spans:
        for lo, hi in fragments:
            first = True
            for i in range(len(doc)):
                if starts[i] >= hi:
                    break
                if ends[i] <= lo or doc[i].is_space or tags[i] != "O":
                    continue
                tags[i] = ("B-" if first else "I-") + kind
                first = False
    return [tags[s:e] for s, e in doc_sequences(doc)]


def spans_from_tags(
    tags: Sequence[str], *, offset: int = 0, marginals: Sequence[float] | None = None
) -> list[TaggedSpan]:
    """Runs of one kind; an ``I-`` tag after another kind starts a run (lenient BIO)."""
    out: list[TaggedSpan] = []
    kind: str | None = None
    start = 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, tkind = tag.partition("-")
        if kind is not None and (prefix != "I" or tkind != kind):
            score = sum(marginals[start:i]) / (i - start) if marginals else 1.0
            out.append(TaggedSpan(kind, offset + start, offset + i, score))
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            kind, start = tkind, i
    return out


@cache
def load_tagger() -> Any:
    """The shipped CRF model, loaded once per process; asked for only when the tagger is
    wanted, so a missing package or model is an error, never a silent fallback."""
    try:
        import pycrfsuite  # type: ignore[import-untyped]
    except ImportError:
        raise DatelineError(
            "the attribution tagger (DATELINE_QUOTE_TAGGER) needs python-crfsuite: "
            "pip install 'dateline[tagger]'"
        ) from None
    model = resources.files("dateline.nlp") / "data" / MODEL_RESOURCE
    if not model.is_file():
        raise DatelineError(f"the attribution tagger's model {MODEL_RESOURCE} is not installed")
    with resources.as_file(model) as path:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
    return tagger


def tag_doc(
    doc: Doc,
    *,
    rule_spans: Sequence[TaggedSpan],
    quote_spans: Sequence[tuple[int, int]],
    tagger: Any | None = None,
    probe: Probe | None = None,
) -> list[TaggedSpan]:
    """Source, cue and content spans the model (by default the shipped one, with the
    shipped probe) reads in ``doc``."""
    model = tagger if tagger is not None else load_tagger()
    out: list[TaggedSpan] = []
    sequences = doc_sequences(doc)
    features = sequence_features(
        doc,
        rule_spans=rule_spans,
        quote_spans=quote_spans,
        sequences=sequences,
        quiet_empty=True,
        probe=probe if probe is not None else load_probe(),
    )
    for (start, _), seq in zip(sequences, features, strict=True):
        if not seq:
            continue
        tags = model.tag(seq)
        # only the tokens of a span count towards its score (``spans_from_tags``)
        marginals = [0.0 if tag == "O" else model.marginal(tag, i) for i, tag in enumerate(tags)]
        out.extend(spans_from_tags(tags, offset=start, marginals=marginals))
    return out


def feature_words_allowed(features: Iterable[str]) -> list[str]:
    """The features that name a word outside our lexicons and ``FUNCTION_WORDS`` (a model
    that may ship has none). Context features are prefixed by their offset ("-1:w=the")."""
    bad = []
    for feature in features:
        name = feature.split(":", 1)[1] if _CONTEXT.match(feature) else feature
        key, sep, value = name.partition("=")
        if sep and key in WORD_KEYS and value not in _ALLOWED:
            bad.append(feature)
    return bad


def rule_spans(
    doc: Doc, quotes: Iterable[Quote], attributions: Iterable[Attribution]
) -> list[TaggedSpan]:
    """The rules' sources, cues and contents as token spans (the tagger's stacked input);
    quote marks with nobody behind them (no cue, no speaker) are left out, as in scoring."""
    out: list[TaggedSpan] = []
    records: list[tuple[TextSpan | None, TextSpan | None, TextSpan]] = []
    for quote in quotes:
        if quote.cue is None and (quote.kind != "direct" or not quote.speakers):
            continue
        records.append((quote.source, quote.cue, quote.content))
    records += [(a.source, a.cue, a.content) for a in attributions]
    for source, cue, content in records:
        for kind, span in (("SRC", source), ("CUE", cue), ("CNT", content)):
            if span is None:
                continue
            found = doc.char_span(span.char_start, span.char_end, alignment_mode="expand")
            if found is not None and len(found):
                out.append(TaggedSpan(kind, found.start, found.end))
    return out
