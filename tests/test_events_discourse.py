"""Discourse readings added for the sample corpus, on texts written for these tests."""

from __future__ import annotations

import pytest

import dateline
from dateline.model import Event

pytestmark = pytest.mark.model


def _events(text: str) -> list[Event]:
    return list(dateline.extract(f"date 2024-05-08 {text}").events)


def _one(events: list[Event], predicate: str) -> Event:
    return next(e for e in events if e.predicate == predicate)


def test_news_peg_dates_undated_simple_past_but_not_pluperfect() -> None:
    events = _events(
        "Corvane Motors opened its new depot in Wexley on Monday, the company said.\n\n"
        "Ada Pellow, the chief executive, drove the first truck herself.\n\n"
        "Pellow had driven trucks for the firm as a student."
    )
    drive = [e for e in events if e.predicate == "drive"]
    assert drive[0].when is not None and drive[0].when.value == "2024-05-06"
    assert drive[0].when.basis == "discourse"
    assert drive[1].when is None  # "had driven": before the occasion, date unknown


def test_no_peg_when_the_lead_is_not_recent() -> None:
    events = _events(
        "Corvane Motors opened its first depot in Wexley in 2019.\n\n"
        "Ada Pellow drove the first truck herself."
    )
    assert _one(events, "drive").when is None


def test_definite_event_noun_is_about_the_previous_sentence_first_names() -> None:
    events = _events(
        "Actors Tova Brask and Ilan Mered are divorced, their agents confirmed yesterday. "
        "The divorce was finalised on Monday."
    )
    divorce = next(e for e in events if e.predicate == "divorce" and e.form == "nominal")
    assert len(divorce.agents) == 2 and "Tova Brask" in divorce.agents
    assert divorce.when is not None and divorce.when.value == "2024-05-06"


def test_a_title_is_not_part_of_the_name() -> None:
    extraction = dateline.extract(
        "date 2024-05-08 Councillor Rufus Teague led the opposition on Monday."
    )
    assert "Rufus Teague" in {e.name for e in extraction.entities if e.label == "PERSON"}


def test_n_days_later_dates_the_event_it_introduces() -> None:
    """ "Three days later" is a TimeML DURATION, but the event still gets the day it reaches."""
    events = _events(
        "Corvane Motors sued Ada Pellow on March 3, 2024. "
        "Three days later, Pellow sued Corvane Motors."
    )
    sued = [e for e in events if e.predicate == "sue"]
    assert [e.when.value if e.when else None for e in sued] == ["2024-03-03", "2024-03-06"]


def test_since_after_a_superlative_dates_no_event() -> None:
    """ "the lowest since 1998" measures from 1998; it dated the next sentence's event, and
    "rose to their highest level since 2008" was dated 2008."""
    events = _events(
        "Turnout in Eastbrook was 41 percent, the lowest since 1998. Priya Natarajan "
        "expected a recount.\n\n"
        "Shares in Lumen Rail rose 8 percent to their highest level since 2008. It was the "
        "first time since 2016 that the company paid a dividend.\n\n"
        "Maria Okafor has lived in Leeds since 2008."
    )
    for predicate in ("expect", "rise", "pay"):
        when = _one(events, predicate).when
        assert when is None or when.value not in {"1998", "2008", "2016"}, (predicate, when)
    lived = _one(events, "live").when
    assert lived is not None and lived.value == "2008"  # a plain "since" still dates


def test_a_future_event_takes_no_past_date_from_the_sentence_before() -> None:
    events = _events(
        "Teodor Vukic took charge in the summer of 2021. Rhys Doyle will take over until a "
        "replacement is named."
    )
    when = _one(events, "take over").when
    assert when is not None and when.value == "FUTURE_REF", when


def test_a_future_event_takes_no_past_date_from_its_own_sentence() -> None:
    """ "said on Monday that she will become ...": Monday is when it was said, and the
    becoming was dated Monday, before the article."""
    events = _events(
        "Harlow Freight said on Monday that Ruth Okonjo will become its chief executive."
    )
    when = _one(events, "become").when
    assert when is not None and when.value == "FUTURE_REF", when


def test_the_event_noun_is_the_event_of_its_kind_just_told() -> None:
    """ "The acquisition" after "Keller Foods agreed to buy Marsh Dairies" made the buyer
    the one acquired (the first name of the previous sentence, as for "the divorce")."""
    events = _events(
        "Keller Foods agreed to buy Marsh Dairies for $40 million on Monday. The acquisition "
        "is expected to close in June."
    )
    acquisition = _one(events, "acquire")
    assert (acquisition.agents, acquisition.patients) == (("Keller Foods",), ("Marsh Dairies",))


def test_a_future_seen_from_the_past_takes_no_date_of_the_saying() -> None:
    """ "said in January that she would step down" dated the stepping down January."""
    events = _events(
        "Harlow Freight said in January that Ruth Okonjo would step down as chief executive."
    )
    assert _one(events, "step down").when is None


def test_a_past_event_takes_no_coming_date_from_the_sentence_before() -> None:
    """ "... which opens in September. Brandt has signed on to a film" dated the signing
    September, after the article."""
    events = _events(
        "Elise Marin will next appear in a play at the Harbour Playhouse, which opens in "
        "September. Noah Brandt has signed on to a film that begins shooting later this summer."
    )
    when = _one(events, "sign on").when
    assert when is None or (when.end is not None and when.end.isoformat() <= "2024-05-08"), when


@pytest.mark.parametrize(
    ("text", "predicate", "modality"),
    [
        # a question about what was done is no wish that it be done
        ("Anna Cole asked why Acme Corp had fired Tom Reed in January.", "fire", "asserted"),
        ("Lawmakers demanded to know why John Smith had been sacked.", "sack", "asserted"),
        # what followed, with a verb of its own, was done
        (
            "Mary Hill was asked to join the board in 2019 and served until 2023.",
            "serve",
            "asserted",
        ),
        ("Shareholders called for Ruth Okonjo to step down.", "step down", "wished"),
    ],
)
def test_only_an_infinitive_pressed_for_is_wished(text: str, predicate: str, modality: str) -> None:
    assert _one(_events(text), predicate).modality == modality


def test_a_narratives_would_keeps_the_storys_date() -> None:
    events = _events("Mary Hill was hired by Acme Corp in 1998 and would lead it for two decades.")
    when = _one(events, "lead").when
    assert when is not None and when.value == "1998", when
