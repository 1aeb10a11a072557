"""Facts across articles, combined at query time: intervals, conflicts, as-of and known-on.

Pure logic over stored items (no model): each case builds the per-article fact items an
ingest would store and checks the combined account, in every order of the items.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import pytest

from dateline.io.codec import to_json
from dateline.model import Provenance, interval, when_for_value
from dateline.query.facts import combine_facts, holds_on
from dateline.store.base import TimelineItem


def fact(
    article: str,
    published: str,
    subject: str,
    relation: str,
    obj: str,
    start: str | None = None,
    end: str | None = None,
    *,
    sources: tuple[str, ...] = (),
    start_basis: str = "timex",
) -> TimelineItem:
    day = date.fromisoformat(published)
    start_when = when_for_value(start, dct=day, basis=start_basis) if start else None
    end_when = when_for_value(end, dct=day, basis="article") if end else None
    payload: dict[str, Any] = {
        "subject": subject,
        "relation": relation,
        "object": obj,
        "valid_from": to_json(start_when) if start_when else None,
        "valid_to": to_json(end_when) if end_when else None,
    }
    return TimelineItem(
        id=f"{article}:f1",
        kind="fact",
        type=relation,
        summary=f"{subject} {relation} {obj}",
        sentence="",
        when=interval(start_when, end_when) if start_when or end_when else None,
        entities=(subject, obj),
        sources=sources,
        provenance=Provenance(article, 0, 0, 1),
        published_at=datetime.fromisoformat(published).replace(tzinfo=UTC),
        recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
        payload=payload,
    )


def summary(items: list[TimelineItem]) -> set[tuple[str, str | None, str | None]]:
    return {
        (
            i.summary,
            i.when.start_value if i.when else None,
            i.when.end_value if i.when else None,
        )
        for i in items
    }


CEO_STORY = [
    fact("a2018", "2018-02-14", "Marcus Feld", "founder of", "Harborview", "2009"),
    fact("a2021", "2021-03-05", "Marcus Feld", "role at", "Harborview", None, "2021-03-04"),
    fact("a2021b", "2021-11-15", "Marcus Feld", "role at", "Harborview", None, "2021-03"),
    fact("a2024", "2024-09-17", "Marcus Feld", "role at", "Harborview", None, "2022"),
]


def test_start_in_one_article_end_in_another() -> None:
    combined = combine_facts(CEO_STORY)
    assert summary(combined) == {
        ("Marcus Feld founder of Harborview", "2009", "2021-03-04"),
        ("Marcus Feld role at Harborview", None, "2022"),
    }
    founder = next(i for i in combined if i.type == "founder of")
    # the start and both compatible end reports are its mentions
    assert {m.id for m in founder.mentions} == {"a2018:f1", "a2021:f1", "a2021b:f1"}
    assert founder.published_at.date() == date(2018, 2, 14)
    assert founder.payload["valid_to"]["value"] == "2021-03-04"


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(CEO_STORY)))))
def test_result_does_not_depend_on_order(order: tuple[int, ...]) -> None:
    items = [CEO_STORY[i] for i in order]
    assert summary(combine_facts(items)) == summary(combine_facts(CEO_STORY))


def test_conflicting_starts_are_kept_with_their_sources() -> None:
    items = [
        fact("a1", "2018-02-14", "Marcus Feld", "founder of", "Harborview", "2009"),
        fact("a2", "2021-02-08", "Marcus Feld", "founder of", "Harborview", "2009"),
        fact(
            "a3",
            "2023-06-06",
            "Marcus Feld",
            "founder of",
            "Harborview",
            "2010",
            sources=("Metro Wire",),
        ),
    ]
    [combined] = combine_facts(items)
    assert combined.when is not None and combined.when.start_value == "2009"
    [dispute] = combined.disagreements
    assert dispute.attribute == "start"
    assert [v for v, _, _ in dispute.values] == ["2009", "2010"]
    assert dispute.values[1][1] == ("a3:f1",) and dispute.values[1][2] == ("Metro Wire",)


def test_compatible_starts_are_one_start_the_narrowest_kept() -> None:
    items = [
        fact("a1", "2021-03-05", "Lena Okafor", "role at", "Harborview", "2021-03-04"),
        fact("a2", "2022-05-12", "Lena Okafor", "role at", "Harborview", "2021-03"),
        fact("a3", "2024-09-17", "Lena Okafor", "role at", "Harborview", "2021"),
    ]
    [combined] = combine_facts(items)
    assert combined.when is not None and combined.when.start_value == "2021-03-04"
    assert not combined.disagreements and len(combined.mentions) == 3


def test_vague_end_closes_only_when_no_dated_end_does() -> None:
    start = fact("a1", "2018-06-18", "Teodor Vukic", "role at", "Mariners", "2018-06-15")
    vague = fact("a2", "2023-08-14", "Teodor Vukic", "role at", "Mariners", None, "PAST_REF")
    dated = fact("a3", "2021-04-12", "Teodor Vukic", "role at", "Mariners", None, "2021-04-11")
    [only_vague] = combine_facts([start, vague])
    assert only_vague.when is not None and only_vague.when.end == date(2023, 8, 14)
    [both] = combine_facts([vague, dated, start])
    assert both.when is not None and both.when.end_value == "2021-04-11"


def test_known_on_uses_only_what_was_published() -> None:
    # on 2020-01-01 only the start was known: the role was open
    [known] = combine_facts(CEO_STORY, known_on=date(2020, 1, 1))
    assert known.when is not None and known.when.end_value is None
    assert holds_on(known, date(2020, 6, 1))
    later = combine_facts(CEO_STORY)
    founder = next(i for i in later if i.type == "founder of")
    assert not holds_on(founder, date(2021, 6, 1)) and holds_on(founder, date(2020, 6, 1))


def test_legal_facts_from_several_articles_are_one() -> None:
    items = [
        fact("a1", "2023-02-07", "Victor Hale", "charged with", "bribery", "2023-02-06"),
        fact("a2", "2024-01-23", "Victor Hale", "charged with", "Bribery", "2023-02-06"),
    ]
    [combined] = combine_facts(items)
    assert len(combined.mentions) == 2 and combined.when is not None
    assert combined.when.start_value == "2023-02-06"


def test_a_role_held_twice_is_two_spells_not_a_conflict() -> None:
    items = [
        fact("a1", "2021-11-15", "Marcus Feld", "role at", "Brightwater", "2021-11-11"),
        fact("a2", "2022-07-19", "Marcus Feld", "role at", "Brightwater", "2022-06"),
        fact("a3", "2025-02-10", "Marcus Feld", "role at", "Brightwater", None, "2025-02-07"),
    ]
    combined = combine_facts(items)
    assert summary(combined) == {
        ("Marcus Feld role at Brightwater", "2021-11-11", None),
        ("Marcus Feld role at Brightwater", "2022-06", "2025-02-07"),
    }
    assert not any(i.disagreements for i in combined)


def test_a_combined_says_fact_keeps_the_basis_of_its_time() -> None:
    said = [
        fact(
            a,
            "2024-05-08",
            "Metro Wire",
            "says",
            "the deal is off",
            "2024-05-08",
            start_basis="article",
        )
        for a in ("a1", "a2")
    ]
    for order in itertools.permutations(said):
        (item,) = combine_facts(order)
        assert item.when is not None and item.when.basis == "article", item.when
    dated = fact("a3", "2024-05-08", "Ada Pellow", "role at", "Corvane Motors", "2021")
    (item,) = combine_facts([dated])
    assert item.when is not None and item.when.basis == "timex"


def test_a_marriage_and_its_divorce_told_the_other_way_round_are_one_spell() -> None:
    items = [
        fact("m1", "2006-01-10", "Demi Moore", "married to", "Ashton Kutcher", "2005"),
        fact("m2", "2013-11-27", "Ashton Kutcher", "married to", "Demi Moore", None, "2013"),
        fact("m3", "2016-02-01", "Ashton Kutcher", "married to", "Mila Kunis", "2015"),
    ]
    for order in itertools.permutations(items):
        combined = combine_facts(list(order))
        assert summary(combined) == {
            ("Ashton Kutcher married to Demi Moore", "2005", "2013"),
            ("Ashton Kutcher married to Mila Kunis", "2015", None),
        }
        moore = next(i for i in combined if "Moore" in i.summary)
        assert not holds_on(moore, date(2014, 6, 1)) and holds_on(moore, date(2010, 6, 1))


def test_a_divorce_with_no_wedding_is_a_marriage_that_ended_not_a_role() -> None:
    [item] = combine_facts(
        [fact("m2", "2013-11-27", "Ashton Kutcher", "married to", "Demi Moore", None, "2013")]
    )
    assert item.type == "married to" and item.summary == "Ashton Kutcher married to Demi Moore"


def test_a_vague_end_alone_is_a_role_that_ended_before_the_article() -> None:
    """ "Okonjo has stepped down as chief executive": the only claim about the role was
    dropped, so `dateline facts` said "no facts"."""
    vague = fact("a1", "2024-03-05", "Ruth Okonjo", "role at", "Gable Freight", None, "PAST_REF")
    later = fact("a2", "2024-06-01", "Ruth Okonjo", "role at", "Gable Freight", None, "PAST_REF")
    for items in itertools.permutations([vague, later]):
        [ended] = combine_facts(items)
        assert ended.when is not None and ended.when.end == date(2024, 3, 5), ended.when
        assert ended.when.start is None
