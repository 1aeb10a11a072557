"""The span scorer: brat reading, exact and overlap matching, source given content."""

from __future__ import annotations

from pathlib import Path

from dateline.eval.attribution import (
    AttributionSpans,
    read_brat,
    read_polnear,
    score,
)

TEXT = "Mayor Ortiz said that the bridge would reopen in May, officials confirmed."
#      0         1         2         3         4         5         6         7
ANN = (
    "T1\tSource 0 11\tMayor Ortiz\n"
    "T2\tCue 12 16\tsaid\n"
    "T3\tContent 17 52\tthat the bridge would reopen in May\n"
    "T4\tAttribution 12 16\tsaid\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    "T5\tContent 0 5;6 11\tMayor Ortiz\n"
    "T6\tAttribution 54 63\tofficials\n"
    "E2\tAttribution-no-source:T6 Content:T5\n"
    "#1\tAnnotatorNotes T1\tignored\n"
)


def test_read_brat_links_spans_and_fragments() -> None:
    gold = read_brat(ANN)
    assert gold[0] == AttributionSpans(content=((17, 52),), cue=((12, 16),), source=((0, 11),))
    assert gold[1] == AttributionSpans(content=((0, 5), (6, 11)))


def test_exact_ignores_punctuation_and_overlap_needs_half_the_words() -> None:
    gold = [read_brat(ANN)[0]]
    # content without "that" (7 of 6+1 words: Jaccard 6/7), source with a comma
    predicted = [AttributionSpans(content=((22, 53),), cue=((12, 16),), source=((0, 12),))]
    result = score([(TEXT, predicted, gold)])
    assert result.spans["source"].exact == 1 and result.spans["cue"].exact == 1
    assert result.spans["content"].exact == 0 and result.spans["content"].overlap == 1
    assert result.source_given_content() == 1.0
    p, r, f = result.spans["content"].overlap_prf()
    assert (p, r, f) == (1.0, 1.0, 1.0)


def test_a_small_part_is_no_overlap_and_each_gold_pairs_once() -> None:
    gold = [read_brat(ANN)[0]]
    predicted = [
        AttributionSpans(content=((45, 52),)),  # "in May": 2 of 7 words
        AttributionSpans(content=((17, 52),), source=((54, 63),)),
    ]
    result = score([(TEXT, predicted, gold)])
    content = result.spans["content"]
    assert (content.predicted, content.gold, content.exact, content.overlap) == (2, 1, 1, 1)
    assert content.overlap_prf()[0] == 0.5
    assert result.source_given_content() == 0.0  # right content, wrong source


def test_a_lower_threshold_counts_a_small_part_but_never_disjoint_spans() -> None:
    """``threshold=0.0`` is "any shared word": "in May" (2 of 7 words) then overlaps the
    content, while a source that shares no word with the gold one is still wrong."""
    gold = [read_brat(ANN)[0]]
    predicted = [AttributionSpans(content=((45, 52),), source=((54, 63),))]
    strict, loose = (
        score([(TEXT, predicted, gold)]),
        score([(TEXT, predicted, gold)], threshold=0.0),
    )
    assert strict.spans["content"].overlap == 0 and loose.spans["content"].overlap == 1
    assert loose.spans["source"].overlap == 0
    assert loose.content_matched == 1 and loose.source_given_content() == 0.0


def test_read_polnear_uses_first_annotation_and_metadata_date(tmp_path: Path) -> None:
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    (split / "text" / "paper_2016-01-02_story.txt").write_text(TEXT, encoding="utf-8")
    (split / "attributions" / "paper_2016-01-02_story_bbbb.ann").write_text("", encoding="utf-8")
    (split / "attributions" / "paper_2016-01-02_story_aaaa.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "metadata.tsv").write_text(
        "compartment\tfilename\tpublication_date\ndev\tpaper_2016-01-02_story\t2016-01-03\n",
        encoding="utf-8",
    )
    (doc,) = read_polnear(split)
    assert doc.published == "2016-01-03"
    assert len(doc.attributions) == 2
