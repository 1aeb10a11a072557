"""The SemEval-2015 TimeLine metric on small timelines we write by hand."""

from __future__ import annotations

import pytest

from dateline.errors import DatelineError
from dateline.eval.semeval_timeline import (
    BEFORE,
    SIMULTANEOUS,
    Relation,
    Score,
    TimeGraph,
    Timeline,
    anchor_node,
    evaluate,
    format_timeline,
    micro,
    parse_timeline,
    score_timeline,
    timeline_filename,
    timeline_relations,
)


def tl(text: str) -> Timeline:
    """A timeline from lines written with spaces for tabs: 'position date event...'."""
    lines = [line.strip() for line in text.strip().splitlines()]
    return parse_timeline("\n".join([lines[0], *("\t".join(r.split()) for r in lines[1:])]))


GOLD = tl(
    """
    Nora Vell
    1 2010 1-2-founded
    2 2011-05 1-4-hired
    3 2012-03-04 2-3-resigned
    """
)


def test_identical_timelines_score_one() -> None:
    score = score_timeline(GOLD, GOLD)
    assert score.precision == score.recall == score.f1 == 1.0
    # three anchors and two BEFOREs between consecutive positions
    assert score.system_total == score.gold_total == 5


def test_precision_uses_the_gold_closure() -> None:
    system = tl(
        """
        Nora Vell
        1 2010 1-2-founded
        2 2012-03-04 2-3-resigned
        """
    )
    score = score_timeline(GOLD, system)
    # founded BEFORE resigned is not a gold TLINK, but follows from founded < hired < resigned
    assert score.precision_matched == score.system_total == 3
    # gold's hired anchor and both BEFOREs through hired are missing from the system closure
    assert (score.recall_matched, score.gold_total) == (2, 5)


def test_recall_uses_the_system_closure() -> None:
    system = tl(
        """
        Nora Vell
        1 XXXX-XX-XX 1-2-founded
        2 XXXX-XX-XX 1-4-hired
        3 XXXX-XX-XX 2-3-resigned
        """
    )
    reverse = score_timeline(system, GOLD)
    # the system's two BEFOREs are found in gold; gold's anchors are not in the system
    assert (reverse.recall_matched, reverse.gold_total) == (2, 2)
    assert (reverse.precision_matched, reverse.system_total) == (2, 5)


def test_reduction_drops_implied_relations() -> None:
    timeline = tl(
        """
        Nora Vell
        1 2010-01-01 1-1-met 1-2-met
        1 2010-01-01 3-1-talked
        2 XXXX-XX-XX 4-1-left
        """
    )
    relations = timeline_relations(timeline)
    graph = TimeGraph.build(relations)
    reduced = graph.reduced()
    # same position: met(1-1) = met(1-2) = talked, and one anchor links the class to the date
    sims = [r for r in reduced if r.rel == SIMULTANEOUS]
    befores = [r for r in reduced if r.rel == BEFORE]
    assert len(sims) == 3
    # three BEFOREs into 'left' were generated, one survives
    assert len([r for r in relations if r.rel == BEFORE]) == 3
    assert len(befores) == 1
    assert graph.holds(Relation(BEFORE, "e:3-1-talked", "e:4-1-left"))
    assert graph.holds(Relation(SIMULTANEOUS, "t:2010-01-01", "e:1-2-met"))
    assert not graph.holds(Relation(BEFORE, "e:4-1-left", "e:1-1-met"))


def test_position_zero_is_ignored() -> None:
    with_unordered = Timeline(
        GOLD.entity,
        (*parse_timeline("Nora Vell\n0\tXXXX-XX-XX\t5-1-said\n").entries, *GOLD.entries),
    )
    assert score_timeline(GOLD, with_unordered) == score_timeline(GOLD, GOLD)
    assert all("5-1-said" not in r.source + r.target for r in timeline_relations(with_unordered))


def test_simultaneity_versus_order() -> None:
    system = tl(
        """
        Nora Vell
        1 XXXX-XX-XX 1-2-founded 1-4-hired
        """
    )
    gold = tl(
        """
        Nora Vell
        1 XXXX-XX-XX 1-2-founded
        2 XXXX-XX-XX 1-4-hired
        """
    )
    score = score_timeline(gold, system)
    assert score.precision_matched == 0 and score.system_total == 1
    assert score.recall_matched == 0 and score.gold_total == 1


def test_same_date_at_two_positions_is_a_violation_kept_in_the_reduced_graph() -> None:
    timeline = tl(
        """
        Nora Vell
        1 2010-01-01 1-1-met
        2 2010-01-01 1-2-signed
        """
    )
    graph = TimeGraph.build(timeline_relations(timeline))
    assert graph.violated == [Relation(BEFORE, "e:1-1-met", "e:1-2-signed")]
    assert len(graph.reduced()) == 3
    assert graph.holds(Relation(SIMULTANEOUS, "e:1-1-met", "e:1-2-signed"))


def test_partial_dates_are_one_node() -> None:
    assert anchor_node("2009") == anchor_node("2009-XX-XX") == "t:2009-XX-XX"
    assert anchor_node("2008-03") == anchor_node("2008-03-XX") == "t:2008-03-XX"
    assert anchor_node("XXXX-XX-XX") is None and anchor_node("XXX-XX-XX") is None


def test_micro_average_sums_counts() -> None:
    a, b = Score(1, 2, 1, 4), Score(3, 3, 0, 4)
    total = micro([a, b])
    assert (total.precision, total.recall) == (4 / 5, 1 / 8)
    assert total.f1 == pytest.approx(2 * 0.8 * 0.125 / 0.925)
    gold = {"nora_vell.txt": GOLD}
    overall, per = evaluate(gold, {})
    assert overall.system_total == 0 and overall.gold_total == 5 and overall.f1 == 0.0
    assert set(per) == {"nora_vell.txt"}


def test_file_format_round_trip_and_name() -> None:
    text = "Nora Vell\n1\t2010\t1-2-founded\t2-3-founding\n2\t2011-05-XX\t1-4-hired\n"
    assert format_timeline(parse_timeline(text)) == text
    assert timeline_filename("Nora  Vell Studio") == "nora_vell_studio.txt"
    with pytest.raises(DatelineError, match="expected position"):
        parse_timeline("Nora Vell\nfirst\t2010\t1-2-founded\n")
    with pytest.raises(DatelineError, match="first line"):
        parse_timeline("\n1\t2010\t1-2-founded\n")
