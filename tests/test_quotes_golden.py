"""Golden cases for quotes, reported speech and attributions, in sentences we wrote ourselves.

Each pattern the quote stage claims to handle has a case with the expected speaker, cue and
content; the last tests check that arbitrary quote-mark soup, run through the whole
pipeline, never crashes and never yields a span outside the text.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dateline
from dateline.io.exporters import extraction_to_json
from dateline.model import Article, Attribution, Extraction, Quote
from dateline.nlp.quotes import TAGGER_ENV, find_nested_spans
from dateline.query.items import items_for

pytestmark = pytest.mark.model

DATE = "2024-03-05"  # a Tuesday


@pytest.fixture(autouse=True, params=["rules", "tagger"])
def quote_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every case holds for the rules alone and with the attribution tagger on."""
    if request.param == "tagger":
        monkeypatch.setenv(TAGGER_ENV, "1")
    else:
        monkeypatch.delenv(TAGGER_ENV, raising=False)
    return str(request.param)


def _extract(text: str) -> Extraction:
    return dateline.extract(text, date=DATE)


def _quote(ex: Extraction, content: str) -> Quote:
    found = [q for q in ex.quotes if content in q.content.text]
    assert found, [(q.kind, q.content.text) for q in ex.quotes]
    return found[0]


def _attribution(ex: Extraction, content: str) -> Attribution:
    found = [a for a in ex.attributions if content in a.content.text]
    assert found, [(a.source.text, a.content.text) for a in ex.attributions]
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "speakers", "cue", "content"),
    [
        (
            "Mayor Lena Ortiz claimed that she wanted the bridge rebuilt by spring.",
            "indirect",
            ("Lena Ortiz",),
            "claimed",
            "that she wanted the bridge rebuilt by spring",
        ),
        (
            "Daniel Moreau told the Harbor Gazette he regretted the remarks.",
            "indirect",
            ("Daniel Moreau",),
            "told",
            "he regretted the remarks",
        ),
        (
            "Daniel Moreau said on Monday that the budget was balanced.",
            "indirect",
            ("Daniel Moreau",),
            "said",
            "that the budget was balanced",
        ),
        (
            "Daniel Moreau and Sarah Klein said they were delighted with the result.",
            "indirect",
            ("Daniel Moreau", "Sarah Klein"),
            "said",
            "they were delighted with the result",
        ),
        (
            'Daniel Moreau said the plan was "a disaster for everyone" at the meeting.',
            "partial",
            ("Daniel Moreau",),
            "said",
            "a disaster for everyone",
        ),
        (
            '"We lost the final," Sarah Klein said after the game.',
            "direct",
            ("Sarah Klein",),
            "said",
            "We lost the final,",
        ),
        (
            'Sarah Klein spoke to reporters after the game. "We were not good enough."',
            "direct",
            ("Sarah Klein",),
            None,
            "We were not good enough.",
        ),
        (
            'In letters to the judge, Daniel Moreau and Sarah Klein called him "a role model".',
            "partial",
            ("Daniel Moreau", "Sarah Klein"),
            "called",
            "a role model",
        ),
        (
            "Mayor Lena Ortiz ended the debate by saying that the bridge would reopen in May.",
            "indirect",
            ("Lena Ortiz",),
            "saying",
            "that the bridge would reopen in May",
        ),
    ],
)
def test_speaker_cue_content(
    text: str, kind: str, speakers: tuple[str, ...], cue: str | None, content: str
) -> None:
    quote = _quote(_extract(text), content)
    assert quote.kind == kind
    assert quote.speakers == speakers
    assert (quote.cue.text if quote.cue else None) == cue
    assert quote.content.text == content


def test_gerund_after_for_and_an_object_is_the_object_s() -> None:
    """ "criticized Ortiz for saying …": the council did not say it (``subject_of``)."""
    ex = _extract("The harbour council criticized Mayor Lena Ortiz for saying the pier was safe.")
    saying = [q for q in ex.quotes if q.cue is not None and q.cue.text == "saying"]
    assert saying  # the claim is read, so the check below can fail
    for quote in saying:
        assert quote.source is None or "council" not in quote.source.text, quote


def test_statement_time_is_the_timex_of_the_attribution() -> None:
    quote = _quote(_extract("Daniel Moreau said on Monday that the budget was balanced."), "budget")
    assert quote.when is not None and quote.when.value == "2024-03-04"


def test_statement_time_defaults_to_the_article_date() -> None:
    quote = _quote(_extract("Daniel Moreau said that the budget was balanced."), "budget")
    assert quote.when is not None and quote.when.value == DATE


@pytest.mark.parametrize(
    ("text", "content", "venue"),
    [
        (
            "In an interview with the Harbor Gazette, Daniel Moreau said the port would grow.",
            "the port would grow",
            "Harbor Gazette",
        ),
        (
            "In a statement, Northwind Shipping said it would hire 200 workers.",
            "it would hire 200 workers",
            "statement",
        ),
        (
            'In letters to the judge, Daniel Moreau called him "a role model".',
            "a role model",
            "letter",
        ),
    ],
)
def test_venue(text: str, content: str, venue: str) -> None:
    assert _quote(_extract(text), content).venue == venue


def test_multi_paragraph_quote_keeps_speaker_and_cue() -> None:
    text = (
        '"The first paragraph starts here," Sarah Klein said.\n\n'
        '"The second paragraph goes on.\n\n"And the third one ends it."'
    )
    ex = _extract(text)
    contents = [q.content.text for q in ex.quotes if q.kind == "direct"]
    assert contents == [
        "The first paragraph starts here,",
        "The second paragraph goes on.",
        "And the third one ends it.",
    ]
    for quote in ex.quotes:
        assert quote.speakers == ("Sarah Klein",)
        assert quote.cue is not None and quote.cue.text == "said"


def test_nested_quote_credited_to_the_inner_speaker() -> None:
    ex = _extract("\"Daniel Moreau told me 'never again' and left,\" Sarah Klein said.")
    outer = _quote(ex, "never again' and left")
    inner = next(q for q in ex.quotes if q.content.text == "never again")
    assert outer.kind == "direct" and outer.speakers == ("Sarah Klein",)
    assert inner.kind == "nested" and inner.content.text == "never again"
    assert inner.speakers == ("Daniel Moreau",)
    assert inner.cue is not None and inner.cue.text == "told"


@pytest.mark.parametrize(
    ("text", "claim", "source", "entity", "anonymous"),
    [
        (
            "According to the Eastvale Herald, the mill will close in June.",
            "the mill will close in June",
            "the Eastvale Herald",
            "Eastvale Herald",
            False,
        ),
        (
            "The Eastvale Herald reported that the mill would close in June.",
            "that the mill would close in June",
            "The Eastvale Herald",
            "Eastvale Herald",
            False,
        ),
        (
            "Sources told the Harbor Gazette that the merger had collapsed.",
            "that the merger had collapsed",
            "Sources",
            None,
            True,
        ),
        (
            "A spokesperson said the company would appeal the ruling.",
            "the company would appeal the ruling",
            "A spokesperson",
            None,
            True,
        ),
    ],
)
def test_attributions(
    text: str, claim: str, source: str, entity: str | None, anonymous: bool
) -> None:
    attribution = _attribution(_extract(text), claim)
    assert attribution.content.text == claim
    assert attribution.source.text == source
    assert attribution.source_entity == entity
    assert attribution.anonymous is anonymous


def test_items_derived_from_a_claim_show_its_source() -> None:
    ex = _extract("The Eastvale Herald reported that Mayor Lena Ortiz would resign in June.")
    drafts = items_for(ex, recorded_at=datetime.now(UTC))
    derived = [d.item for d in drafts if "resign" in d.item.summary]
    assert derived, [d.item.summary for d in drafts]
    assert all("Eastvale Herald" in item.sources for item in derived)


def test_json_contract_spans_and_entity() -> None:
    text = (
        'Sarah Klein spoke after the game. "We were not good enough." '
        "The Eastvale Herald reported that the coach would stay."
    )
    data = extraction_to_json(_extract(text))
    assert data["quotes"] and data["attributions"]
    body = data["article"]["text"]
    for record in (*data["quotes"], *data["attributions"]):
        for part in ("content", "cue", "source"):
            span = record[part]
            assert set(span) >= {"text", "char_start", "char_end"}
            if span["text"] is not None:
                assert body[span["char_start"] : span["char_end"]] == span["text"]
        assert "entity" in record["source"]
    uncued = next(q for q in data["quotes"] if "good enough" in q["content"]["text"])
    assert uncued["source"]["entity"] == "Sarah Klein"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said 'no more' twice", ["no more"]),
        ("It isn't over, she said", []),
        ("The ’80s were 'fun' then", ["fun"]),
        ("‘Curly’ and 'straight' both", ["Curly", "straight"]),
    ],
)
def test_nested_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in find_nested_spans(text, 0, len(text))] == expected


SOUP = st.lists(
    st.sampled_from([*"ab .,:\n\"“”'‘’«»", " said ", " Moreau ", " according to "]),
    max_size=60,
).map("".join)


@settings(
    max_examples=40,
    deadline=None,
    # quote_mode only sets an environment variable, the same for every example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(SOUP)
def test_pipeline_quote_soup_never_crashes_or_escapes(text: str) -> None:
    article = Article(text="Soup: " + text, published_at=datetime(2024, 3, 5, tzinfo=UTC))
    ex = dateline.extract(article)
    body = ex.article.text
    spans = [s for q in ex.quotes for s in (q.content, q.cue, q.source) if s is not None] + [
        s for a in ex.attributions for s in (a.content, a.cue, a.source)
    ]
    for span in spans:
        assert 0 <= span.char_start <= span.char_end <= len(body)
        assert body[span.char_start : span.char_end] == span.text


@pytest.mark.parametrize(
    ("text", "cue", "content", "speakers"),
    [
        (
            "The new bridge, Lena Ortiz said, would open in the spring.",
            "said",
            "would open in the spring",
            ("Lena Ortiz",),
        ),
        (
            "Most voters see Lena Ortiz as the favourite.",
            "see",
            "Lena Ortiz as the favourite",
            (),
        ),
        (
            "Sarah Klein is confident that the pier will reopen.",
            "is confident",
            "that the pier will reopen",
            ("Sarah Klein",),
        ),
        (
            "Daniel Moreau's comments on the stadium loan angered the council.",
            "comments on",
            "the stadium loan",
            ("Daniel Moreau",),
        ),
        (
            "Sarah Klein took a swipe at the harbour plan on Monday.",
            "swipe at",
            "the harbour plan",
            ("Sarah Klein",),
        ),
        (
            "Lena Ortiz is calling for the county to build a second pier.",
            "is calling",
            "the county to build a second pier",
            ("Lena Ortiz",),
        ),
        (
            "Daniel Moreau would vote for the harbour plan.",
            "would vote",
            "the harbour plan",
            ("Daniel Moreau",),
        ),
        (
            "Daniel Moreau's answer was that the county should pay for the pier.",
            "answer was",
            "that the county should pay for the pier",
            ("Daniel Moreau",),
        ),
        (
            "Sarah Klein is expected to win the mayoral race easily.",
            "is expected",
            "Sarah Klein is expected to win the mayoral race easily",
            (),
        ),
    ],
)
def test_parenthetical_stance_and_nominal_reports(
    text: str, cue: str, content: str, speakers: tuple[str, ...]
) -> None:
    quote = _quote(_extract(text), content)
    assert quote.kind == "indirect"
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.speakers == speakers


def test_colon_introduces_a_quote() -> None:
    ex = _extract('Sarah Klein listed her three demands: "A new pier, a school and a clinic."')
    quote = _quote(ex, "A new pier")
    assert quote.kind == "direct"
    assert quote.cue is not None and quote.cue.text == ":"
    assert quote.speakers == ("Sarah Klein",)
    assert quote.source is not None and quote.source.text == "Sarah Klein"


# --- session 3: typewriter marks, layout credits, stances, intentions, attribution facts ---


def test_typewriter_double_apostrophes_are_quote_marks() -> None:
    ex = _extract("''We will not back down,'' Lena Ortiz said on Monday.")
    quote = _quote(ex, "We will not back down")
    assert quote.kind == "direct"
    assert quote.content.text == "We will not back down,"
    assert quote.speakers == ("Lena Ortiz",)
    assert quote.cue is not None and quote.cue.text == "said"


def test_speaker_label_opens_a_transcript_turn() -> None:
    text = '"MOREAU: We will rebuild the pier this year. The money is there.'
    quote = _quote(_extract(text), "We will rebuild")
    assert quote.content.text == "We will rebuild the pier this year. The money is there."
    assert quote.cue is not None and quote.cue.text == ":"
    assert quote.source is not None and quote.source.text == "MOREAU"


def test_speaker_label_paragraph_without_marks_runs_to_the_paragraph_end() -> None:
    text = "KLEIN: The harbour plan is too costly. We should wait.\n\nThe hearing ended at noon."
    quote = _quote(_extract(text), "harbour plan")
    assert quote.content.text == "The harbour plan is too costly. We should wait"
    assert quote.source is not None and quote.source.text == "KLEIN"


def test_credit_line_after_a_quote_names_the_speaker() -> None:
    text = "“The new bridge is a disgrace to the whole valley.” ― Tomas Ferreira\n\nMore later."
    quote = _quote(_extract(text), "The new bridge is a disgrace")
    assert quote.cue is not None and quote.cue.text == "―"
    assert quote.source is not None and quote.source.text == "Tomas Ferreira"


@pytest.mark.parametrize(
    ("text", "cue", "content", "source"),
    [
        (
            "Senator Ada Brill is a staunch opponent of the toll plan.",
            "is a staunch opponent of",
            "the toll plan",
            "Senator Ada Brill",
        ),
        (
            "The council raised questions about the budget shortfall.",
            "raised questions about",
            "the budget shortfall",
            "The council",
        ),
        (
            "Lena Ortiz made the case for a second pier.",
            "made the case for",
            "a second pier",
            "Lena Ortiz",
        ),
        (
            "Daniel Moreau remained coy about his plans for the harbour.",
            "remained coy about",
            "his plans for the harbour",
            "Daniel Moreau",
        ),
        (
            "Sarah Klein's theory that the mill should close angered the union.",
            "theory",
            "that the mill should close",
            "Sarah Klein's",
        ),
    ],
)
def test_stance_nouns_and_adjectives(text: str, cue: str, content: str, source: str) -> None:
    quote = _quote(_extract(text), content)
    assert quote.kind == "indirect"
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.content.text == content
    assert quote.source is not None and quote.source.text == source


def test_stance_noun_nobody_holds_is_no_quote() -> None:
    ex = _extract("A plan for a new harbour road was on the agenda.")
    assert not [q for q in ex.quotes if "harbour road" in q.content.text]


@pytest.mark.parametrize(
    "text",
    [
        "Harlow Foods has agreed to acquire Pinecrest Dairy for two million dollars.",
        "Pinecrest Dairy plans to open a second plant in Eastvale.",
        "Lena Ortiz wants to run for governor next year.",
    ],
)
def test_intentions_are_not_quotes(text: str) -> None:
    ex = _extract(text)
    assert not ex.quotes, [(q.kind, q.content.text) for q in ex.quotes]
    assert not ex.attributions


def test_promise_is_still_reported_speech() -> None:
    quote = _quote(_extract("Lena Ortiz vowed to repeal the harbour tax."), "repeal")
    assert quote.kind == "indirect"
    assert quote.cue is not None and quote.cue.text == "vowed"
    assert quote.content.text == "to repeal the harbour tax"


def test_attribution_is_stored_as_a_says_fact() -> None:
    ex = _extract("According to the Eastvale Herald, the mill will close in June.")
    attribution = _attribution(ex, "the mill will close")
    facts = [f for f in ex.facts if f.relation == "says"]
    assert len(facts) == 1
    fact = facts[0]
    assert fact.subject == "Eastvale Herald"
    assert fact.object == attribution.content.text
    assert fact.sources == ("Eastvale Herald",)
    prov = fact.provenance[0]
    assert (prov.char_start, prov.char_end) == (
        attribution.content.char_start,
        attribution.content.char_end,
    )
    assert fact.valid_from is not None and fact.valid_from.value == DATE
    item = next(
        d.item for d in items_for(ex, recorded_at=datetime.now(UTC)) if d.item.type == "says"
    )
    assert item.kind == "fact" and item.summary.startswith("Eastvale Herald says the mill")


def test_only_stated_claims_become_facts() -> None:
    ex = _extract(
        "Harborview Robotics Inc. confirmed the figure on Monday. "
        "According to the company, the plant had shut. A spokesperson said it."
    )
    assert len(ex.attributions) == 3, [a.content.text for a in ex.attributions]
    claims = [f.object for f in ex.facts if f.relation == "says"]
    assert claims == ["the plant had shut"], claims


def test_clause_running_into_a_quoted_phrase_is_reported_speech() -> None:
    ex = _extract(
        'Sarah Klein said the plan is "a deep betrayal of every harbour worker in the county."'
    )
    indirect = [q for q in ex.quotes if q.kind == "indirect" and q.cue and q.cue.text == "said"]
    assert indirect, [(q.kind, q.content.text) for q in ex.quotes]
    assert indirect[0].content.text.startswith("the plan is")
    assert indirect[0].speakers == ("Sarah Klein",)


def test_trailing_participle_report_is_a_report_of_its_own() -> None:
    ex = _extract(
        "Daniel Moreau said the pier would cost too much, arguing that the county "
        "should repair the old one."
    )
    said = next(q for q in ex.quotes if q.cue is not None and q.cue.text == "said")
    assert said.content.text == "the pier would cost too much"
    arguing = next(q for q in ex.quotes if q.cue is not None and q.cue.text == "arguing")
    assert arguing.content.text == "that the county should repair the old one"


def test_trailing_aside_on_a_noun_is_the_writers() -> None:
    ex = _extract(
        "Lena Ortiz said she would ask Harborview Robotics for the money, "
        "which employs 400 people in the county."
    )
    said = next(q for q in ex.quotes if q.cue is not None and q.cue.text == "said")
    assert said.content.text == "she would ask Harborview Robotics for the money"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            "Sarah Klein praised the harbour volunteers, who cleared the pier in a week.",
            "praised",
            "the harbour volunteers",
        ),
        (
            "Sarah Klein criticized Mayor Lena Ortiz, a former ferry captain.",
            "criticized",
            "Mayor Lena Ortiz",
        ),
    ],
)
def test_trailing_aside_on_an_object_is_the_writers(text: str, cue: str, content: str) -> None:
    ex = _extract(text)
    found = next(q for q in ex.quotes if q.cue is not None and q.cue.text == cue)
    assert found.content.text == content


def test_closing_glyph_opening_a_paragraph_opens_a_quote() -> None:
    text = "Readers wrote in.\n\n\u201dThe pier is a disgrace. Fix it.\u201d \u2015 Ana Ruiz\n"
    ex = _extract(text)
    quote = _quote(ex, "The pier is a disgrace")
    assert quote.content.text == "The pier is a disgrace. Fix it."
    assert quote.source is not None and quote.source.text == "Ana Ruiz"


@pytest.mark.parametrize(
    "text",
    [
        "Earnings per share according to U.S. accounting principles were 1.20 dollars.",
        "The pier was built according to the plan the council approved.",
    ],
)
def test_according_to_a_norm_is_no_attribution(text: str) -> None:
    ex = _extract(text)
    assert not [a for a in ex.attributions if a.cue.text.lower() == "according to"]


def test_according_to_phrase_runs_to_its_comma() -> None:
    ex = _extract(
        "According to county figures from March last year, the harbour lost 2 million dollars."
    )
    attribution = _attribution(ex, "the harbour lost")
    assert attribution.content.text == "the harbour lost 2 million dollars"


def test_a_claim_must_be_a_clause_to_become_a_fact() -> None:
    ex = _extract(
        "A Harborview Robotics spokesperson offered support for a plan which would move "
        "the plant to Eastvale."
    )
    assert not [f for f in ex.facts if f.relation == "says"], [
        f.object for f in ex.facts if f.relation == "says"
    ]


@pytest.mark.parametrize(
    ("text", "cue", "content", "speakers"),
    [
        (
            "Daniel Moreau is convinced that the pier will open in May.",
            "is convinced",
            "that the pier will open in May",
            ("Daniel Moreau",),
        ),
        (
            "Sarah Klein hopes to win the harbour seat.",
            "hopes",
            "to win the harbour seat",
            ("Sarah Klein",),
        ),
        (
            "Lena Ortiz ordered the port authority to close the east pier.",
            "ordered",
            "to close the east pier",
            ("Lena Ortiz",),
        ),
        (
            "Harborview Robotics issued a statement about the layoffs.",
            "issued",
            "a statement about the layoffs",
            ("Harborview Robotics",),
        ),
    ],
)
def test_measured_lexicon(text: str, cue: str, content: str, speakers: tuple[str, ...]) -> None:
    quote = _quote(_extract(text), content)
    assert quote.kind == "indirect"
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.content.text == content
    assert quote.speakers == speakers


def test_evidential_has_no_source() -> None:
    ex = _extract("The harbour deal seems to be a real problem for the council.")
    quote = _quote(ex, "to be a real problem")
    assert quote.cue is not None and quote.cue.text == "seems"
    assert quote.content.text == "The harbour deal seems to be a real problem for the council"
    assert quote.source is None and quote.speakers == ()


def test_reason_clause_stays_in_the_reported_words() -> None:
    ex = _extract(
        "Daniel Moreau said the plan was unfair, because the council had ignored the east side."
    )
    said = next(q for q in ex.quotes if q.cue is not None and q.cue.text == "said")
    assert said.content.text == (
        "the plan was unfair, because the council had ignored the east side"
    )


def test_a_poll_vouches_for_its_figures() -> None:
    ex = _extract("In a poll released on Monday, Lena Ortiz led Sarah Klein by five points.")
    attribution = _attribution(ex, "Lena Ortiz led")
    assert attribution.cue.text == "In"
    assert attribution.source.text == "a poll released on Monday"
    assert attribution.content.text == "Lena Ortiz led Sarah Klein by five points"


def test_a_poll_inside_the_sentence_vouches_for_nothing() -> None:
    ex = _extract("Though she trails in the polls, Lena Ortiz opened an office on Main Street.")
    assert not [a for a in ex.attributions if a.cue.text == "in"], [
        (a.source.text, a.content.text) for a in ex.attributions
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Editor's note: The harbour board meets every Tuesday in the old customs house.",
        "Correction: An earlier version of this story misspelled the name of the pier.",
    ],
)
def test_publication_notes_before_a_colon_have_no_speaker(text: str) -> None:
    ex = _extract(text)
    assert not [q for q in ex.quotes if q.cue is not None and q.cue.text == ":"], [
        (q.cue, q.content.text) for q in ex.quotes
    ]
