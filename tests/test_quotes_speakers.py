"""Golden cases from session 10's error analysis on PolNeAR ``train/``: who speaks for a
participle or an adjective of "be", where a source stops, and what completes an object.
Passages are our own words; like tests/test_quotes_golden.py, every case runs with the
rules alone and with the attribution tagger on (the ``quote_mode`` fixture imported from
there).
"""

from __future__ import annotations

import pytest
from test_quotes_golden import _extract, _quote, quote_mode

pytestmark = pytest.mark.model

__all__ = ["quote_mode"]  # the autouse fixture, imported so that it runs here too


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        (
            "Donors gave $4 million to a group backing Lena Ortiz for mayor.",
            "Lena Ortiz for mayor",
            "a group",
        ),
        (
            "Residents opposing the new toll gathered outside the town hall on Monday.",
            "the new toll",
            "Residents",
        ),
    ],
)
def test_a_present_participle_speaks_for_the_noun_it_modifies(
    text: str, content: str, source: str
) -> None:
    """ "a group backing X": the noun the participle modifies holds the stance."""
    quote = _quote(_extract(text), content)
    assert quote.source is not None and quote.source.text == source


def test_an_adjective_of_be_leads_to_the_speaker() -> None:
    """ "voters are more likely to say …": the subject of "be" says it."""
    ex = _extract(
        "In the survey, younger voters were more likely to say that the harbour plan had failed."
    )
    quote = _quote(ex, "that the harbour plan had failed")
    assert quote.source is not None and quote.source.text == "younger voters"


def test_a_relative_clause_that_reports_is_not_part_of_the_source() -> None:
    """ "Ana Ruiz, who said she voted for him, said …": the relative clause is a report of
    its own, so the source of the main report is the name alone."""
    ex = _extract(
        "Ana Ruiz, who said she had voted for Ortiz twice, said the council had lost her trust."
    )
    quote = _quote(ex, "the council had lost her trust")
    assert quote.source is not None and quote.source.text == "Ana Ruiz"


def test_a_relative_clause_that_reports_nothing_stays_in_the_source() -> None:
    """ "Ana Ruiz, who runs the bakery, said …": PolNeAR's annotators keep such a clause
    about as often as not, so it stays (docs/quotes.md, "Speakers")."""
    ex = _extract("Ana Ruiz, who runs the bakery on Quay Street, said the rent had doubled.")
    quote = _quote(ex, "the rent had doubled")
    assert quote.source is not None
    assert quote.source.text == "Ana Ruiz, who runs the bakery on Quay Street"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Sarah Klein compared the new bridge toll to highway robbery.",
            "the new bridge toll to highway robbery",
        ),
        (
            "Ortiz praised the volunteers' work to rebuild the pier after the storm.",
            "the volunteers' work to rebuild the pier after the storm",
        ),
        (
            "Daniel Moreau pointed to the new harbour as proof that the plan works.",
            "the new harbour as proof that the plan works",
        ),
    ],
)
def test_what_completes_an_object_stays_in_the_content(text: str, content: str) -> None:
    """A "to" phrase, an infinitive or an "as" phrase right after the object belongs to
    what was said, though the parser hangs it on the verb."""
    quote = _quote(_extract(text), content)
    assert quote.content.text == content


def test_whom_a_topic_was_raised_with_is_not_the_content() -> None:
    ex = _extract("Lena Ortiz spoke about the harbour plan to reporters on Monday.")
    contents = [q.content.text for q in ex.quotes]
    assert "the harbour plan" in contents, contents  # the topic is still read
    assert not [c for c in contents if "reporters" in c], contents


def test_a_list_after_a_comma_is_not_an_aside() -> None:
    """The parser may call the second item of a list an apposition ("on the harbour, the
    new toll and …"); a gloss heads no coordination, so the list stays in the content,
    while a true apposition is still cut."""
    ex = _extract(
        "Ortiz said she and Klein differ on the harbour, the new toll and the future of "
        "the library."
    )
    listed = "she and Klein differ on the harbour, the new toll and the future of the library"
    assert _quote(ex, listed).content.text == listed
    ex = _extract("Ortiz said the council had hired Tom Ferreira, a former harbour master.")
    hired = _quote(ex, "the council had hired Tom Ferreira")
    assert hired.content.text == "the council had hired Tom Ferreira"


def test_the_speaker_before_a_colon_is_not_the_quotes_own_subject() -> None:
    """The parser may run the sentence on into the quote after a colon and make the
    quote's verb its root; the speaker is still the subject of the words before the
    colon, never a subject inside the quote."""
    ex = _extract('Lena Ortiz put it bluntly: "The council has run out of money and out of time."')
    quote = _quote(ex, "The council has run out of money")
    assert quote.cue is not None and quote.cue.text == ":"
    assert quote.source is not None and quote.source.text == "Lena Ortiz"


def test_a_participle_after_a_comma_is_not_part_of_the_source() -> None:
    """ "Ana Ruiz, speaking to reporters outside the court, said …": the participle tells
    where and how she spoke, not who she is."""
    ex = _extract("Ana Ruiz, speaking to reporters outside the court, said she would appeal.")
    quote = _quote(ex, "she would appeal")
    assert quote.source is not None and quote.source.text == "Ana Ruiz"


@pytest.mark.parametrize(
    ("text", "content", "cue"),
    [
        (
            "The campaign reported raising $9 million in March.",
            "raising $9 million in March",
            "reported",
        ),
        (
            "Lena Ortiz denied receiving any money from the developer.",
            "receiving any money from the developer",
            "denied",
        ),
        (
            "The mayor admitted taking gifts from the firm.",
            "taking gifts from the firm",
            "admitted",
        ),
    ],
)
def test_a_gerund_clause_is_what_was_reported(text: str, content: str, cue: str) -> None:
    """ "denied receiving any money": the gerund clause is the reported content."""
    quote = _quote(_extract(text), content)
    assert quote.content.text == content
    assert quote.cue is not None and quote.cue.text == cue


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        (
            "As the Eastvale Herald noted, the council raised more than $1 million from "
            "developers.",
            "the council raised more than $1 million from developers",
            "the Eastvale Herald",
        ),
        (
            "But as Ortiz noted, those voters will come back if the pier reopens.",
            "those voters will come back if the pier reopens",
            "Ortiz",
        ),
        (
            "The council raised more than $1 million, as the Herald reported last week.",
            "The council raised more than $1 million",
            "the Herald",
        ),
    ],
)
def test_an_as_clause_vouches_for_the_clause_it_hangs_on(
    text: str, content: str, source: str
) -> None:
    """ "As the Herald noted, …": like a parenthetical report, the clause around it is
    the content, and the "as" clause is not part of it."""
    quote = _quote(_extract(text), content)
    assert quote.content.text == content
    assert quote.source is not None and quote.source.text == source


def test_as_expected_reports_nothing() -> None:
    ex = _extract("As expected, the council voted for the harbour plan, Lena Ortiz said.")
    assert not [q for q in ex.quotes if q.cue is not None and q.cue.text == "expected"]
    assert _quote(ex, "the council voted").cue is not None  # the report around it is read


def test_a_second_that_clause_of_the_same_report_is_in_the_content() -> None:
    """ "said X, but that Y": the parser may hang the second clause on "said"; both are
    the reported words."""
    ex = _extract(
        "Lena Ortiz said the council needs to fix the pier, but that she would not support "
        "a new toll."
    )
    both = "the council needs to fix the pier, but that she would not support a new toll"
    assert _quote(ex, "the council needs to fix the pier").content.text == both


def test_a_wire_dateline_is_not_the_speaker() -> None:
    """ "PORT ALDER (Reuters) — Lena Ortiz … said": the parser may give the verb two
    subjects, the dateline's place and the name; the one nearest the verb speaks."""
    ex = _extract(
        "PORT ALDER (Reuters) — Lena Ortiz, the mayor, said on Monday that the pier would "
        "reopen in May."
    )
    quote = _quote(ex, "that the pier would reopen in May")
    assert quote.source is not None and quote.source.text == "Lena Ortiz, the mayor"


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        (
            'Ortiz spoke for an hour. "We feel good about the towns we are visiting and the '
            'time we can spend there." She noted a planned rally on Saturday in Port Alder.',
            "noted",
            "a planned rally on Saturday in Port Alder",
        ),
        (
            "\"It is like a family reunion, 'we are all friends here.'\" Sarah Klein described "
            "the crowd as calm and cheerful.",
            "described",
            "the crowd as calm and cheerful",
        ),
    ],
)
def test_a_verb_after_a_quote_with_words_of_its_own_is_not_its_cue(
    text: str, cue: str, content: str, quote_mode: str
) -> None:
    """A speech verb after a quote that reports an object or clause of its own reads those
    words; the rules do not take it as the cue of the quote before it (the tagger may
    still give the quote, left with no cue, the nearest tagged one)."""
    ex = _extract(text)
    reading = _quote(ex, content)
    assert reading.content.text == content
    assert reading.cue is not None and reading.cue.text == cue
    if quote_mode == "rules":
        assert not [q for q in ex.quotes if q.kind == "direct" and q.cue and q.cue.text == cue]


def test_told_after_a_quote_is_still_its_cue() -> None:
    ex = _extract('"We will rebuild the pier," Lena Ortiz told reporters on Monday.')
    quote = _quote(ex, "We will rebuild the pier")
    assert quote.cue is not None and quote.cue.text == "told"


def test_a_title_case_headline_verb_is_a_cue() -> None:
    """ "Klein Slams Council Over Toll Plan": the tagger reads the capitalised verb as part
    of a name; in a headline of its own its "-s" form is the cue."""
    ex = _extract("Klein Slams Council Over Toll Plan\n\nSarah Klein spoke on Monday.")
    quote = _quote(ex, "Council Over Toll Plan")
    assert quote.cue is not None and quote.cue.text == "Slams"
    assert quote.source is not None and quote.source.text == "Klein"


def test_a_sentence_in_title_case_inside_a_paragraph_is_no_headline() -> None:
    ex = _extract(
        "Harbour Trust Supports Ortiz\n\n"
        "Sarah Klein spoke on Monday. Harbour Trust Supports Ortiz. The vote is on Friday."
    )
    # only the headline, a paragraph of its own, is read as an attribution
    supports = [q for q in ex.quotes if q.cue is not None and q.cue.text == "Supports"]
    assert [q.content.char_start for q in supports] == [23], supports


def test_a_title_in_marks_stays_in_the_source() -> None:
    """ "Tom Pryce, author of “The Salt Road,” said …": the marks hold a title inside the
    source's phrase, not a quote the parser hung on it, so the source is not cut there."""
    ex = _extract('Tom Pryce, author of "The Salt Road," said the harbour had changed.')
    quote = _quote(ex, "the harbour had changed")
    assert quote.source is not None
    assert quote.source.text == 'Tom Pryce, author of "The Salt Road,"'


def test_a_speaker_hung_on_the_phrase_before_still_speaks() -> None:
    """ "In a statement about the harbour, her adviser, Tom Pryce, said …": the parser
    makes "adviser" an apposition of "harbour", leaving "said" with no subject."""
    ex = _extract(
        "In a statement about the harbour, her senior policy adviser, Tom Pryce, said: "
        '"The council will act."'
    )
    quote = _quote(ex, "The council will act.")
    assert quote.source is not None
    assert quote.source.text == "her senior policy adviser, Tom Pryce"
    assert quote.speakers == ("Tom Pryce",)


def test_an_unresolved_source_of_its_own_is_not_the_last_speaker() -> None:
    """The sample corpus credited the couple with their representative's words: the quote's
    own cue named "the representative", and the speaker came from the sentence before."""
    ex = _extract(
        "Noah Brandt and Elise Marin were photographed together in Port Alder last Tuesday. "
        "The pair have been filming since April.\n\n"
        "\u201cThey met on this show and they're very happy,\u201d the representative told "
        "Metro Wire."
    )
    quote = _quote(ex, "very happy")
    assert quote.speakers == () and quote.source is not None, quote
    assert quote.source.text == "the representative"


def test_a_wire_bracket_is_not_the_subject_nearest_the_verb() -> None:
    """ "<Harbor Leisure Group Plc> said": the parser gives "said" two subjects, the name and
    the closing bracket, and the nearest, the bracket, spoke for no one."""
    ex = _extract("<Harbor Leisure Group Plc> said its <Tern Air> unit was in advanced talks.")
    quote = _quote(ex, "advanced talks")
    assert quote.speakers == ("Harbor Leisure Group Plc",), quote


@pytest.mark.parametrize(
    "text",
    [
        "Pell Oil Corp posted a first-quarter loss of 12 million dollars on Tuesday.",
        "Marsh Petroleum posted prices one dollar a barrel higher on Monday.",
    ],
)
def test_a_figure_posted_is_no_statement(text: str) -> None:
    """Financial wires "post" losses and prices: the figure was read as what was said; a
    statement posted is still one."""
    assert [q for q in _extract(text).quotes if q.cue and q.cue.text == "posted"] == []
    ex = _extract("Pell Oil Corp posted a statement on its website on Tuesday.")
    posted = [q.content.text for q in ex.quotes if q.cue and q.cue.text == "posted"]
    assert [c.split()[:2] for c in posted] == [["a", "statement"]], posted


def test_whom_one_thanks_is_no_content() -> None:
    """ "Helen Ward thanked Peter Lang" was a report with content "Peter Lang"; thanking
    him for something still reports what for."""
    assert not _extract("Helen Ward thanked Peter Lang on Monday.").quotes
    ex = _extract("Helen Ward thanked Peter Lang for his years of service.")
    assert _quote(ex, "years of service").cue is not None


def test_a_published_work_is_no_statement() -> None:
    """ "published her first novel" was a report whose content was the novel; a report
    published still reports what it says."""
    ex = _extract("Ana Ruiz published her first novel in 2019.")
    assert not [q for q in ex.quotes if q.cue and q.cue.text == "published"], ex.quotes
    ex = _extract("The council published a report saying the road was unsafe.")
    assert _quote(ex, "a report saying").cue is not None
