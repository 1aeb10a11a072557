"""Events beyond the predicate: typed roles, modality, nominal events, stated orderings.

Sentences are our own, about the fictional people of the sample corpus.
"""

from __future__ import annotations

from datetime import date

import pytest

import dateline
from dateline.model import Event, when_for_value
from dateline.nlp.anchor import ordered_time
from dateline.nlp.lexicon import NOMINAL_EVENTS, event_class, event_type


def events(text: str) -> list[Event]:
    return list(dateline.extract(f"date 2024-05-01 {text}").events)


def find(found: list[Event], predicate: str) -> Event:
    matches = [e for e in found if e.predicate == predicate]
    assert matches, [(e.predicate, e.summary) for e in found]
    return matches[0]


@pytest.mark.model
def test_co_agent_and_organisation_roles() -> None:
    ev = find(
        events("Dana Whitlock co-founded Brightwater Foundation alongside Rosa Lindqvist in 2011."),
        "co-found",
    )
    assert ("co-agent", "Rosa Lindqvist") in ev.roles
    assert ("organisation", "Brightwater Foundation") in ev.roles


@pytest.mark.model
def test_charge_role() -> None:
    ev = find(events("Victor Hale was convicted of bribery on January 22, 2024."), "convict")
    assert ("charge", "bribery") in ev.roles and ev.patients == ("Victor Hale",)


@pytest.mark.model
def test_a_wish_is_not_an_acquittal() -> None:
    found = events("Victor Hale wanted Derek Saul to be found innocent.")
    assert not [e for e in found if e.predicate == "acquit" and e.modality == "asserted"]
    assert not dateline.extract(
        "date 2024-05-01 Victor Hale wanted Derek Saul to be found innocent."
    ).facts


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "predicate", "modality", "polarity"),
    [
        ("Port Alder Mariners FC may fire Teodor Vukic.", "fire", "hypothetical", "positive"),
        (
            "Victor Hale denied that he took money from Linwood Parking.",
            "take",
            "denied",
            "positive",
        ),
        (
            "Victor Hale was accused of accepting money from Linwood Parking.",
            "accept",
            "alleged",
            "positive",
        ),
        (
            "Victor Hale did not resign from Port Alder City Council.",
            "resign",
            "asserted",
            "negative",
        ),
    ],
)
def test_modality_and_polarity(text: str, predicate: str, modality: str, polarity: str) -> None:
    ev = find(events(text), predicate)
    assert (ev.modality, ev.polarity) == (modality, polarity)


@pytest.mark.model
def test_commitment_verbs_name_the_event() -> None:
    ev = find(
        events("Harborview Robotics agreed to acquire Quayside Sensors on Monday."), "acquire"
    )
    assert ev.type == "business" and "Quayside Sensors" in ev.entities


@pytest.mark.model
def test_nominal_event_with_its_participant() -> None:
    ev = find(events("Victor Hale's conviction was upheld in 2024."), "convict")
    assert ev.form == "nominal" and ev.patients == ("Victor Hale",)
    assert ev.when is not None and ev.when.value == "2024"


@pytest.mark.model
def test_stated_orderings() -> None:
    ev = find(
        events("Victor Hale resigned from Port Alder City Council before his sentencing hearing."),
        "resign",
    )
    assert ev.ordering == (("before", "his sentencing hearing"),)
    fired = find(
        events("Port Alder Mariners FC fired Teodor Vukic after the team lost to Kestrel Rovers."),
        "fire",
    )
    [(relation, target)] = fired.ordering
    assert relation == "after" and target.startswith("ev")


def test_ordered_time_bounds() -> None:
    hearing = when_for_value("2024-03-18")
    before = ordered_time("before", hearing)
    assert before is not None and before.end == date(2024, 3, 17) and before.start is None
    assert before.mod == "BEFORE" and before.basis == "ordering"
    after = ordered_time("after", when_for_value("2024-03"))
    assert after is not None and after.start == date(2024, 4, 1) and after.mod == "AFTER"


def test_lexicon() -> None:
    assert event_type("convict") == "legal" and event_type("co-found") == "role"
    assert event_type("whittle") == "whittle"  # unmapped predicates keep their lemma
    assert event_class("sack") == event_class("fire") == "dismissal"
    assert event_class("exchange") == "marriage" and event_class("whittle") == "whittle"
    assert event_type(NOMINAL_EVENTS["conviction"]) == "legal"
    assert event_type(NOMINAL_EVENTS["resignation"]) == "role"
    assert event_type(NOMINAL_EVENTS["wedding"]) == "personal"


@pytest.mark.model
def test_a_former_role_bounds_the_role_before_the_article() -> None:
    facts = dateline.extract(
        "date 2024-05-01 Marcus Feld, the former Harborview Robotics chief executive, spoke "
        "at the opening."
    ).facts
    ended = [f for f in facts if f.subject == "Marcus Feld" and f.object == "Harborview Robotics"]
    assert ended and ended[0].valid_from is None
    assert ended[0].valid_to is not None and ended[0].valid_to.value == "PAST_REF"
    assert ended[0].valid_to.end == date(2024, 5, 1)


@pytest.mark.model
def test_a_two_word_name_as_object_is_the_patient() -> None:
    """The name's first word ("Owen", a compound) came first in the clause and put the name
    among the other participants; its head is the verb's object."""
    [event] = [
        e
        for e in dateline.extract(
            "date 2022-10-04 Simone Achterberg replaces Owen Pryce as head coach."
        ).events
        if e.predicate == "replace"
    ]
    assert (event.agents, event.patients) == (("Simone Achterberg",), ("Owen Pryce",))
