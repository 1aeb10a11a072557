"""Golden cases from session 9's probing sweep: news-style passages we wrote ourselves, each
a pattern a journalist meets that the quote stage got wrong before (cue after a question
mark, venues by medium and setting, anonymous phrases, and writers' phrases that are no
reports). Like tests/test_quotes_golden.py, every case runs with the rules alone and with
the attribution tagger on (the ``quote_mode`` fixture imported from there).
"""

from __future__ import annotations

import pytest
from test_quotes_golden import _attribution, _extract, _quote, quote_mode

pytestmark = pytest.mark.model

__all__ = ["quote_mode"]  # the autouse fixture, imported so that it runs here too


@pytest.mark.parametrize(
    ("text", "content", "cue", "speakers"),
    [
        (
            '"Why would we stop now?" Lena Ortiz asked.',
            "Why would we stop now?",
            "asked",
            ("Lena Ortiz",),
        ),
        (
            '"Is this the end?" asked Sarah Klein, the union leader.',
            "Is this the end?",
            "asked",
            ("Sarah Klein",),
        ),
        (
            'Daniel Moreau stood up. "Get out of my office!" he shouted at the clerk.',
            "Get out of my office!",
            "shouted",
            ("Daniel Moreau",),
        ),
    ],
)
def test_cue_after_a_question_or_exclamation_mark(
    text: str, content: str, cue: str, speakers: tuple[str, ...]
) -> None:
    """The parser ends the sentence at "?" or "!" inside the quote; the short sentence
    right after the closing mark still holds the quote's cue and speaker."""
    quote = _quote(_extract(text), content)
    assert quote.kind == "direct"
    assert quote.content.text == content
    assert quote.cue is not None and quote.cue.text == cue
    assert quote.speakers == speakers


def test_quote_after_a_question_continues_its_cue() -> None:
    ex = _extract('"Why would we stop now?" Lena Ortiz asked. "Why not last year?"')
    second = _quote(ex, "Why not last year?")
    assert second.cue is not None and second.cue.text == "asked"
    assert second.speakers == ("Lena Ortiz",)


def test_a_sentence_after_a_question_that_reports_nothing_is_no_cue() -> None:
    ex = _extract('"Are you ready?" The crowd roared back.')
    quote = _quote(ex, "Are you ready?")
    assert quote.cue is None and quote.speakers == ()


@pytest.mark.parametrize(
    "text",
    [
        "That said, the harbour remains busy in summer.",
        "Having said that, the harbour remains busy in summer.",
        'The so-called "reform" package passed the council on Monday.',
        'The so called "reform" package passed the council on Monday.',
    ],
)
def test_writers_phrases_with_said_or_called_are_no_reports(text: str) -> None:
    ex = _extract(text)
    assert not [q for q in ex.quotes if q.cue is not None], [
        (q.cue, q.content.text) for q in ex.quotes
    ]
    assert not ex.attributions


@pytest.mark.parametrize(
    ("text", "content", "venue"),
    [
        (
            'Sarah Klein wrote on Twitter that the council had "lost its mind."',
            "that the council had",
            "Twitter",
        ),
        ('"We will be back," Sarah Klein posted on Instagram.', "We will be back", "Instagram"),
        (
            "At a news conference on Monday, Lena Ortiz said the city would sue.",
            "the city would sue",
            "news conference",
        ),
        (
            "Writing in the Eastvale Herald, Sarah Klein argued that the tax was unfair.",
            "that the tax was unfair",
            "Eastvale Herald",
        ),
        (
            "Speaking on Harbour Radio Live, Daniel Moreau said the pier would open in May.",
            "the pier would open in May",
            "Harbour Radio Live",
        ),
    ],
)
def test_venue_by_medium_setting_and_outlet(text: str, content: str, venue: str) -> None:
    assert _quote(_extract(text), content).venue == venue


def test_a_setting_not_of_the_statement_is_no_venue() -> None:
    ex = _extract(
        "Police arrested Daniel Moreau at a rally on Monday. He said he had done nothing wrong."
    )
    quote = _quote(ex, "he had done nothing wrong")
    assert quote.venue is None


@pytest.mark.parametrize(
    ("text", "claim", "source"),
    [
        (
            "People familiar with the matter said the merger could be announced this week.",
            "the merger could be announced this week",
            "People familiar with the matter",
        ),
        (
            "According to two people briefed on the talks, the bid was rejected.",
            "the bid was rejected",
            "two people briefed on the talks",
        ),
        (
            "Two senior officials, who spoke on condition of anonymity, said the talks had "
            "stalled.",
            "the talks had stalled",
            "Two senior officials, who spoke on condition of anonymity",
        ),
    ],
)
def test_unnamed_sources_are_anonymous(text: str, claim: str, source: str) -> None:
    attribution = _attribution(_extract(text), claim)
    assert attribution.source.text == source
    assert attribution.source_entity is None
    assert attribution.anonymous is True


def test_people_who_are_not_vouched_for_are_not_anonymous_sources() -> None:
    attribution = _attribution(
        _extract("Many people believe the harbour tax is unfair."), "harbour tax"
    )
    assert attribution.anonymous is False


def test_agent_of_a_passive_cue_is_the_speaker() -> None:
    """ "described as “reckless” by Moreau": the parser hangs "by" on the quoted word; the
    passive subject is what was spoken of, the agent speaks."""
    ex = _extract('The plan was described as "reckless" by Daniel Moreau.')
    partial = _quote(ex, "reckless")
    assert partial.kind == "partial" and partial.speakers == ("Daniel Moreau",)
    indirect = next(q for q in ex.quotes if q.kind == "indirect")
    assert indirect.speakers == ("Daniel Moreau",)
    assert indirect.content.text == 'The plan was described as "reckless"'


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'Sarah Klein wrote on Twitter that the council had "lost its mind."',
            'that the council had "lost its mind."',
        ),
        (
            'In letters to the judge, friends of Daniel Moreau described him as "a generous '
            'neighbour."',
            'him as "a generous neighbour."',
        ),
    ],
)
def test_reported_words_running_into_a_quote_keep_its_closing_mark(text: str, content: str) -> None:
    ex = _extract(text)
    indirect = next(q for q in ex.quotes if q.kind == "indirect")
    assert indirect.content.text == content


def test_reversed_curly_pair_closes_the_quote() -> None:
    quote = _quote(_extract("\u201dWe are done here,\u201c Daniel Moreau said."), "done here")
    assert quote.content.text == "We are done here,"
    assert quote.speakers == ("Daniel Moreau",)
    assert quote.cue is not None and quote.cue.text == "said"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            'Sarah Klein said she loved the book. Her new novel, "The Salt Road," comes out '
            "in May.",
            "The Salt Road",
        ),
        ('The report, titled "Harbour at Risk," was published on Monday.', "Harbour at Risk"),
        ('The film "Lights" won three awards at the festival.', "Lights"),
    ],
)
def test_a_title_in_marks_is_nobodys_words(text: str, title: str) -> None:
    """A title is no statement: not ``direct``, and no speaker of the sentence before."""
    quote = _quote(_extract(text), title)
    assert quote.kind == "partial"
    assert quote.speakers == () and quote.cue is None and quote.source is None


def test_a_quote_that_is_its_whole_sentence_is_no_title() -> None:
    """Capitalised words standing as a sentence of their own are a statement."""
    quote = _quote(_extract('Daniel Moreau said he would go. "Never Again."'), "Never Again")
    assert quote.kind == "direct"
    assert quote.speakers == ("Daniel Moreau",)


def test_the_time_of_a_statement_is_not_what_it_is_about() -> None:
    ex = _extract("Northwind Shipping said in a statement on Friday that it had fired the captain.")
    assert not [q for q in ex.quotes if q.content.text == "Friday"]
    said = _quote(ex, "fired the captain")
    assert said.venue == "statement"


def test_a_tweeted_quote_was_made_on_twitter() -> None:
    quote = _quote(_extract('"Shame on the council," Sarah Klein tweeted.'), "Shame")
    assert quote.cue is not None and quote.cue.text == "tweeted"
    assert quote.venue == "Twitter"


@pytest.mark.parametrize(
    ("text", "content", "venue"),
    [
        (
            "Sarah Klein wrote in her memoir that the harbour saved her life.",
            "the harbour saved her life",
            "memoir",
        ),
        (
            "Northwind Shipping said in a court filing that the claims were false.",
            "the claims were false",
            "filing",
        ),
        (
            "In a video posted on Friday, Lena Ortiz said the pier would reopen.",
            "the pier would reopen",
            "video",
        ),
    ],
)
def test_venue_by_document(text: str, content: str, venue: str) -> None:
    assert _quote(_extract(text), content).venue == venue


def test_a_document_speaks_for_whoever_issued_it() -> None:
    ex = _extract("A statement from Northwind Shipping said the captain had been fired.")
    quote = _quote(ex, "the captain had been fired")
    assert quote.speakers == ("Northwind Shipping",)
    assert quote.source is not None
    assert quote.source.text == "A statement from Northwind Shipping"
    according = _attribution(
        _extract("According to a report by the Eastvale Herald, the mill had lost money."),
        "the mill had lost money",
    )
    assert according.source_entity == "Eastvale Herald"


def test_a_quote_over_paragraphs_takes_the_cue_of_a_later_part() -> None:
    text = (
        "Lena Ortiz spoke last.\n\n"
        '"The first part of the plan is done.\n\n'
        '"The second part will take a year," she said.'
    )
    ex = _extract(text)
    first = _quote(ex, "The first part")
    assert first.cue is not None and first.cue.text == "said"
    assert first.source is not None and first.source.text == "she"
    assert first.speakers == ("Lena Ortiz",)


def test_a_closed_quote_does_not_take_the_next_paragraphs_cue() -> None:
    text = '"The pier is closed."\n\n"We will reopen it," Lena Ortiz said.'
    first = _quote(_extract(text), "The pier is closed")
    assert first.cue is None


def test_asked_opening_a_clause_is_not_the_main_subjects_question() -> None:
    ex = _extract('Asked whether he would resign, Daniel Moreau said: "Never."')
    asked = [q for q in ex.quotes if q.cue is not None and q.cue.text == "Asked"]
    assert asked  # the question is read, so the check below can fail
    assert all(q.speakers == () and q.source is None for q in asked)
    assert _quote(ex, "Never").speakers == ("Daniel Moreau",)


def test_according_to_after_a_report_is_not_part_of_the_reported_words() -> None:
    ex = _extract("Sarah Klein said Friday she would not run, according to two aides.")
    said = _quote(ex, "she would not run")
    assert said.content.text == "she would not run"
    assert _attribution(ex, "she would not run").anonymous is True


def test_a_date_after_speaking_on_is_no_venue() -> None:
    ex = _extract("Lena Ortiz, speaking to reporters on Monday, said the pier was safe.")
    quote = _quote(ex, "the pier was safe")
    assert quote.venue is None
    assert quote.when is not None and quote.when.value == "2024-03-04"


def test_remarks_to_an_audience_are_not_about_it() -> None:
    ex = _extract('"I did nothing wrong," Daniel Moreau said in remarks to reporters on Thursday.')
    assert not [q for q in ex.quotes if q.content.text == "reporters"], [
        (q.cue, q.content.text) for q in ex.quotes
    ]
    assert _quote(ex, "I did nothing wrong").venue == "remark"
    objection = _quote(_extract("Sarah Klein's objection to the toll angered Ortiz."), "toll")
    assert objection.content.text == "the toll"


@pytest.mark.parametrize(
    "text",
    [
        'Daniel Moreau said the plan was dead. The "reform" was never popular in the town.',
        '"We lost," Sarah Klein said. The "reform" failed in the end.',
    ],
)
def test_a_scare_quote_is_not_the_last_speakers(text: str) -> None:
    quote = _quote(_extract(text), "reform")
    assert quote.kind == "partial"
    assert quote.speakers == () and quote.cue is None and quote.source is None


def test_in_her_words_credits_the_quoted_phrase() -> None:
    ex = _extract('Sarah Klein said the plan was flawed. It was, in her words, "a betrayal."')
    assert _quote(ex, "a betrayal").speakers == ("Sarah Klein",)


def test_a_citing_aside_before_that_is_the_reporters() -> None:
    ex = _extract(
        "The Eastvale Herald reported, citing two officials, that the talks had collapsed."
    )
    reported = _quote(ex, "the talks had collapsed")
    assert reported.content.text == "that the talks had collapsed"
    citing = next(q for q in ex.quotes if q.cue is not None and q.cue.text == "citing")
    assert citing.speakers == ("Eastvale Herald",)


def test_a_headline_name_before_a_quote_in_marks_is_its_speaker() -> None:
    ex = _extract('Lena Ortiz: "We will rebuild the pier."')
    found = [q for q in ex.quotes if "We will rebuild" in q.content.text]
    assert len(found) == 1, [(q.kind, q.content.text) for q in found]  # one record, not two
    quote = found[0]
    assert quote.kind == "direct"
    assert quote.cue is not None and quote.cue.text == ":"
    assert quote.source is not None and quote.source.text == "Lena Ortiz"
    assert quote.speakers == ("Lena Ortiz",)


def test_capitalised_words_after_a_colon_are_a_quote_not_a_title() -> None:
    quote = _quote(_extract('Sarah Klein had one reply: "No Comment."'), "No Comment")
    assert quote.kind == "direct"
    assert quote.cue is not None and quote.cue.text == ":"
    assert quote.speakers == ("Sarah Klein",)


def test_the_outlet_that_quoted_someone_is_the_venue() -> None:
    ex = _extract("Daniel Moreau was quoted by the Eastvale Herald as saying the vote was rigged.")
    quote = _quote(ex, "the vote was rigged")
    assert quote.speakers == ("Daniel Moreau",)
    assert quote.venue == "Eastvale Herald"


def test_a_statement_speaking_through_that_is_its_issuers() -> None:
    """ "a short statement that thanked Vukic": the source span stays "that", as annotators
    mark it, but the speaker is the club that issued the statement, not nobody (the
    timeline showed the item "via that")."""
    ex = _extract(
        "Port Alder Mariners FC fired manager Teodor Vukic on Sunday.\n\n"
        "The club confirmed the decision in a short statement that thanked Vukic for "
        '"his commitment and his work with our young players."'
    )
    [quote] = [q for q in ex.quotes if q.content.text.startswith("Vukic for")]
    assert quote.source is not None and quote.source.text == "that"
    assert quote.speakers == ("Port Alder Mariners FC",)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # a date as the object of "agreed on", "took charge in": when, not what was said
        (
            "Kestrel Foods agreed on Thursday to buy the grocer Hollins & Webb for $1.2 billion.",
            "Thursday",
        ),
        ("Teodor Vukic took charge in the summer of 2021 and led the club to promotion.", None),
        # "to be dismissed" of a person is losing a job, not a view rejected
        ("Supporters' groups had called for Vukic to be dismissed since January.", "Vukic"),
    ],
)
def test_dates_and_sackings_are_not_what_was_said(text: str, wrong: str | None) -> None:
    ex = _extract(text)
    contents = [q.content.text for q in ex.quotes] + [a.content.text for a in ex.attributions]
    if wrong is None:
        assert contents == [], contents
    else:
        assert not [c for c in contents if c == wrong or c.startswith(wrong + " to buy")], contents
