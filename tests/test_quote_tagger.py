"""The learned attribution tagger: it ships, loads offline, tags text we wrote, and its
model names no word outside our own lexicons and closed-class list ("our words only")."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite  # type: ignore[import-untyped]
import pytest
import spacy

import dateline
from dateline.errors import DatelineError
from dateline.nlp import attribution_tagger as at
from dateline.nlp.attribution_probe import PROBE_RESOURCE, Probe, load_probe
from dateline.nlp.attribution_tagger import (
    FEATURE_KEYS,
    FUNCTION_WORDS,
    LEXICON_WORDS,
    MODEL_RESOURCE,
    TaggedSpan,
    feature_words_allowed,
    gold_tags,
    load_tagger,
    spans_from_tags,
    tag_doc,
)
from dateline.nlp.pipeline import load_pipeline
from dateline.nlp.quotes import (
    TAGGER_ENV,
    extract_quotes,
    find_quote_spans,
    rule_quotes,
    tagger_enabled,
)


def _model_features() -> set[str]:
    model = resources.files("dateline.nlp") / "data" / MODEL_RESOURCE
    with resources.as_file(model) as path:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        try:
            return {name for name, _ in tagger.info().state_features}
        finally:
            tagger.close()


def test_spans_from_tags_reads_runs_leniently() -> None:
    tags = ["B-SRC", "I-SRC", "B-CUE", "O", "I-CNT", "I-CNT", "B-CNT", "I-SRC"]
    assert spans_from_tags(tags, offset=10) == [
        TaggedSpan("SRC", 10, 12),
        TaggedSpan("CUE", 12, 13),
        TaggedSpan("CNT", 14, 16),
        TaggedSpan("CNT", 16, 17),
        TaggedSpan("SRC", 17, 18),
    ]


def test_feature_word_check_flags_open_vocabulary() -> None:
    assert feature_words_allowed(["w=the", "l=say", "-1:w=of", "2:hl=tell", "p=NOUN"]) == []
    assert feature_words_allowed(["w=harbour", "-2:l=pier", "cl=ferry"]) == [
        "w=harbour",
        "-2:l=pier",
        "cl=ferry",
    ]


def test_lexicons_hold_no_names_or_numbers() -> None:
    for word in FUNCTION_WORDS | LEXICON_WORDS:
        assert word == word.lower() and not any(ch.isdigit() for ch in word), word


@pytest.mark.model
def test_gold_tags_follow_character_fragments() -> None:
    doc = load_pipeline().make_doc("Ada Brill said the pier would close.")
    tags = gold_tags(doc, [("SRC", [(0, 9)]), ("CUE", [(10, 14)]), ("CNT", [(15, 35)])])
    assert tags == [["B-SRC", "I-SRC", "B-CUE", "B-CNT", "I-CNT", "I-CNT", "I-CNT", "O"]]


@pytest.mark.model
def test_shipped_model_names_no_corpus_word() -> None:
    """Every feature of the shipped model has a known key, and every word a feature names
    is in our lexicons or FUNCTION_WORDS: a retrain cannot leak corpus words unnoticed."""
    features = _model_features()
    assert len(features) > 1000
    context = re.compile(r"-?\d:")
    keys = set()
    for feature in features:
        name = feature.split(":", 1)[1] if context.match(feature) else feature
        keys.add(name.partition("=")[0])
    assert keys <= FEATURE_KEYS, sorted(keys - FEATURE_KEYS)
    assert feature_words_allowed(features) == []
    # the other features' values are labels of the parser, tagger and NER, buckets, marks
    nlp = load_pipeline()
    labels = (
        set(nlp.get_pipe("parser").labels)
        | set(nlp.get_pipe("tagger").labels)
        | set(nlp.get_pipe("ner").labels)
    )
    for feature in features:
        name = feature.split(":", 1)[1] if context.match(feature) else feature
        key, _, value = name.partition("=")
        if key in at.WORD_KEYS or not value:
            continue
        for part in re.split(r"[-_]", value):
            if part.isalpha() and part.islower():
                assert part in labels or part in at.CLOSED_VALUES, feature


@pytest.mark.model
def test_model_tags_a_text_we_wrote() -> None:
    nlp = load_pipeline()
    doc = nlp("Mayor Lena Ortiz said the harbour bridge would reopen in May.")
    quotes, attributions = rule_quotes(doc)
    spans = tag_doc(
        doc,
        rule_spans=at.rule_spans(doc, quotes, attributions),
        quote_spans=find_quote_spans(doc.text),
    )
    read = [(s.kind, doc[s.start : s.end].text) for s in spans]
    assert read == [
        ("SRC", "Mayor Lena Ortiz"),
        ("CUE", "said"),
        ("CNT", "the harbour bridge would reopen in May"),
    ]


@pytest.mark.model
def test_probe_reads_spacy_vectors_of_a_text_we_wrote() -> None:
    nlp = load_pipeline()
    doc = nlp("Mayor Lena Ortiz said the harbour bridge would reopen in May.")
    probs = load_probe().probs(doc)
    assert probs is not None and probs.shape == (len(doc), 4)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    cue = probs[:, 2]
    assert int(cue.argmax()) == 3 and cue[3] >= 0.5, cue  # "said"
    # a Doc made without the model's tok2vec has no vectors: no chances, no error
    assert load_probe().probs(spacy.blank("en")("No vectors here.")) is None


def test_probe_ships_numbers_only_and_saves_the_same_bytes(tmp_path: Path) -> None:
    """The probe is one float array (no word, no text), and saving it again gives the
    same file (``.npy`` holds no time stamp), so training can be reproduced byte for byte."""
    shipped = resources.files("dateline.nlp") / "data" / PROBE_RESOURCE
    with resources.as_file(shipped) as path:
        flat = np.load(path, allow_pickle=False)
        assert flat.dtype == np.float32 and flat.ndim == 1
        Probe.load(str(path)).save(str(tmp_path / "again.npy"))
        assert (tmp_path / "again.npy").read_bytes() == path.read_bytes()


class _RecordingProbe:
    """The shipped probe, recording which rows the tagger asks it for."""

    def __init__(self) -> None:
        self.asked: list[list[int] | None] = []

    def probs(self, doc: Any, rows: Any = None) -> Any:
        self.asked.append(None if rows is None else list(rows))
        return load_probe().probs(doc, rows)


@pytest.mark.model
def test_probe_runs_only_on_signalled_paragraphs_with_the_same_features() -> None:
    """The probe is asked for the tokens of the paragraphs the tagger reads, and the
    features are those of the probe run over the whole ``Doc``; with no paragraph
    signalled it is not asked at all."""
    nlp = load_pipeline()
    doc = nlp(
        "The harbour has four piers. Two of them date from 1910.\n\n"
        "Mayor Lena Ortiz said the bridge would reopen in May."
    )
    quotes, attributions = rule_quotes(doc)
    kwargs: dict[str, Any] = {
        "rule_spans": at.rule_spans(doc, quotes, attributions),
        "quote_spans": find_quote_spans(doc.text),
        "quiet_empty": True,
    }
    recording = _RecordingProbe()
    some = at.sequence_features(doc, probe=recording, **kwargs)  # type: ignore[arg-type]
    whole = at.sequence_features(doc, probs=load_probe().probs(doc), **kwargs)
    assert some == whole
    assert len(some[0]) == 0 and len(some[-1]) > 0
    (rows,) = recording.asked
    assert rows is not None and rows == list(range(len(doc) - len(some[-1]), len(doc)))
    quiet = nlp("The harbour has four piers. Two of them date from 1910.")
    recording.asked.clear()
    assert not any(
        at.sequence_features(
            quiet, probe=recording, rule_spans=[], quote_spans=[], quiet_empty=True
        )  # type: ignore[arg-type]
    )
    assert recording.asked == []


@pytest.mark.model
def test_hint_words_are_features_and_never_hide_a_rule_cue() -> None:
    nlp = load_pipeline()
    doc = nlp("Ortiz said she would reconsider the ferry plan.")
    quotes, attributions = rule_quotes(doc)
    (features,) = at.sequence_features(
        doc,
        rule_spans=at.rule_spans(doc, quotes, attributions),
        quote_spans=find_quote_spans(doc.text),
        probs=load_probe().probs(doc),
    )
    words = [t.text for t in doc]
    assert {"y=hverb", "l=reconsider"} <= set(features[words.index("reconsider")])
    she = set(features[words.index("she")])
    # governed by the hint verb, and still by "said" above it
    assert {"gy=hverb", "gd=nsubj", "cl=say"} <= she, she
    assert any(f.startswith("pc=") for f in features[words.index("said")])


SEED_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seed"


@pytest.mark.model
@pytest.mark.shared
@pytest.mark.skipif(
    not (SEED_DIR / "expected.json").exists(),
    reason=f"../shared is absent ({SEED_DIR} not found): the seed case needs it",
)
def test_seed_quotes_hold_with_the_tagger(monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed's quotes and TMZ attribution come out as expected with the tagger on too."""
    monkeypatch.setenv(TAGGER_ENV, "1")
    expected = json.loads((SEED_DIR / "expected.json").read_text(encoding="utf-8"))
    ex = dateline.extract(SEED_DIR / "2023-09-15-kutcher-kunis-thorn.txt")
    for want in expected["quotes"]:
        found = [q for q in ex.quotes if want["contains"] in q.content.text]
        assert found, want["contains"]
        assert sorted(found[0].speakers) == sorted(want["speaker"]), want["contains"]
        if "cue" in want:
            assert found[0].cue is not None and found[0].cue.text == want["cue"]
        if "venue" in want:
            assert found[0].venue == want["venue"]
    for want in expected["attributions"]:
        assert any(
            want["source"] in (a.source_entity, a.source.text)
            and want["claim_contains"] in a.content.text
            for a in ex.attributions
        ), want


@pytest.fixture
def consulted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each Doc the quote stage gives the tagger, in order."""
    import dateline.nlp.quotes as quotes_module

    seen: list[int] = []

    def counted(doc: Any, **kwargs: Any) -> list[TaggedSpan]:
        seen.append(len(doc))
        return tag_doc(doc, **kwargs)

    monkeypatch.setattr(quotes_module, "tag_doc", counted)
    return seen


@pytest.mark.model
def test_tagger_is_off_unless_asked(monkeypatch: pytest.MonkeyPatch, consulted: list[int]) -> None:
    """Off by default (it costs about a tenth of ingest time): the tagger is not consulted;
    on with the variable it is, and the rules' quotes still stand."""
    text = (
        "The council met on Monday to weigh the harbour plan.\n\n"
        "Mayor Lena Ortiz said the bridge would reopen in May. Critics of the plan "
        "have long warned that the ferry will lose money."
    )
    monkeypatch.delenv(TAGGER_ENV, raising=False)
    assert not tagger_enabled()
    rules = dateline.extract(text, date="2024-03-05")
    assert consulted == []
    monkeypatch.setenv(TAGGER_ENV, "yes")
    assert tagger_enabled()
    both = dateline.extract(text, date="2024-03-05")
    assert len(consulted) == 1
    read = {(q.content.char_start, q.content.char_end) for q in both.quotes}
    assert {(q.content.char_start, q.content.char_end) for q in rules.quotes} <= read
    doc = load_pipeline()(text)
    spans = [(q.content.char_start, q.content.char_end) for q in rules.quotes]
    assert [
        (q.content.char_start, q.content.char_end) for q in extract_quotes(doc, use_tagger=False)[0]
    ] == spans


def test_tagger_asked_without_its_package_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The tagger is an extra (``dateline[tagger]``): asked for without python-crfsuite,
    reading says what to install instead of quietly reading with the rules alone."""
    load_tagger.cache_clear()
    monkeypatch.setitem(sys.modules, "pycrfsuite", None)  # import raises ImportError
    try:
        with pytest.raises(DatelineError, match=r"pip install 'dateline\[tagger\]'"):
            load_tagger()
    finally:
        load_tagger.cache_clear()


def test_cli_asked_for_the_tagger_without_its_package_says_so(tmp_path: Path) -> None:
    """The check runs when the pipeline loads: one line, no traceback, nothing stored."""
    story = tmp_path / "story.txt"
    story.write_text("date 2024-03-05\nThe mayor said the bridge would reopen.\n")
    blocker = tmp_path / "blocker"
    blocker.mkdir()
    (blocker / "pycrfsuite.py").write_text("raise ImportError('not installed here')\n")
    env = {**os.environ, TAGGER_ENV: "1", "PYTHONPATH": str(blocker)}
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "extract", str(story)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode != 0
    assert "dateline[tagger]" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_quote_tagger_option_turns_the_tagger_on(tmp_path: Path) -> None:
    """``--quote-tagger`` is ``DATELINE_QUOTE_TAGGER=1`` for the command: the same reading."""
    story = tmp_path / "story.txt"
    story.write_text(
        "date 2024-03-05\nThe council met on Monday to weigh the harbour plan.\n\n"
        "Mayor Lena Ortiz said the bridge would reopen in May. Critics of the plan have "
        "long warned that the ferry will lose money.\n"
    )
    env = {k: v for k, v in os.environ.items() if k != TAGGER_ENV}

    def run(*extra: str, **more: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "dateline", "extract", str(story), *extra],
            capture_output=True,
            text=True,
            env={**env, **more},
            check=True,
        )
        return done.stdout

    by_option = run("--quote-tagger")
    assert by_option == run(**{TAGGER_ENV: "1"})
    assert json.loads(by_option)["quotes"]


@pytest.mark.model
def test_python_api_turns_the_tagger_on_and_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, consulted: list[int]
) -> None:
    """``quote_tagger=`` on ``extract`` and ``Dateline.ingest`` decides over the variable:
    True consults the tagger with the variable unset, False does not with it set."""
    text = (
        "The council met on Monday to weigh the harbour plan.\n\n"
        "Mayor Lena Ortiz said the bridge would reopen in May."
    )
    monkeypatch.delenv(TAGGER_ENV, raising=False)
    dateline.extract(text, date="2024-03-05", quote_tagger=True)
    assert len(consulted) == 1
    monkeypatch.setenv(TAGGER_ENV, "1")
    dateline.extract(text, date="2024-03-05", quote_tagger=False)
    assert len(consulted) == 1
    monkeypatch.delenv(TAGGER_ENV, raising=False)
    story = tmp_path / "story.txt"
    story.write_text(f"date 2024-03-05\n{text}\n", encoding="utf-8")
    with dateline.connect(tmp_path / "news.db") as dl:
        report = dl.ingest([story], quote_tagger=True)
    assert report.ingested == 1 and len(consulted) == 2


@pytest.mark.model
def test_pipeline_is_loaded_once_per_setting() -> None:
    """Asked for with and without the default spelled out, it is the same pipeline object
    (a second load costs a second and the model's memory); another setting is another."""
    assert load_pipeline() is load_pipeline(quote_tagger=None)
    assert load_pipeline(quote_tagger=False) is not load_pipeline()
