"""The Store read methods the web API added, on both backends with the sample corpus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dateline.store import open_store
from dateline.store.base import Store


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    target = request.getfixturevalue(
        "sample_db" if request.param == "sqlite" else "sample_postgres"
    )
    opened = open_store(target, create=False)
    try:
        yield opened
    finally:
        opened.close()


def test_backend_implements_the_protocol(store: Store) -> None:
    assert isinstance(store, Store)


def test_entity_by_id_matches_the_listing(store: Store) -> None:
    top = store.entities(limit=3)
    for info in top:
        assert store.entity(info.id) == info
    assert store.entity(10**9) is None


def test_entities_by_id_in_the_order_asked(store: Store) -> None:
    listed = store.entities(limit=500)
    assert len(listed) > 20
    asked = [info.id for info in reversed(listed)]
    unknown = list(range(10**9, 10**9 + 450))  # the ids span several pages of round trips
    found = store.entities_by_id([*unknown[:200], *asked, asked[0], *unknown[200:]])
    assert found == list(reversed(listed))
    assert found[:3] == [store.entity(i) for i in asked[:3]]
    assert store.entities_by_id([]) == []


def test_related_entities_share_items(store: Store) -> None:
    okafor = store.find_entity("Lena Okafor")
    assert okafor is not None
    related = store.related_entities(okafor.id, limit=5)
    assert 0 < len(related) <= 5
    counts = [n for _, n in related]
    assert counts == sorted(counts, reverse=True) and all(n > 0 for n in counts)
    mine = {i.id for i in store.timeline_items(okafor.id)}
    other, shared = related[0]
    assert other.id != okafor.id
    assert len(mine & {i.id for i in store.timeline_items(other.id)}) == shared


def test_item_roles_cover_the_timeline(store: Store) -> None:
    okafor = store.find_entity("Lena Okafor")
    assert okafor is not None
    roles = store.entity_item_roles(okafor.id)
    assert set(roles) == {i.id for i in store.timeline_items(okafor.id)}
    assert {"speaker", "agent"} <= set(roles.values())


def test_recent_articles_newest_first(store: Store) -> None:
    recent = store.recent_articles(limit=4)
    assert len(recent) == 4
    dates = [a.published_at for a in recent]
    assert dates == sorted(dates, reverse=True)
    newest = max(a.extraction.article.published_at for a in store.articles())
    assert recent[0].published_at == newest
    assert recent[0].snippet and "\n" not in recent[0].snippet


def test_article_mentions_are_spans_of_the_text(store: Store) -> None:
    article = next(iter(store.articles(limit=1))).extraction.article
    mentions = store.article_mentions(article.id)
    assert mentions
    stored = store.article(article.id)
    assert stored is not None
    names = {m.text for e in stored.extraction.entities for m in e.mentions}
    for entity_id, start, end in mentions:
        assert store.entity(entity_id) is not None
        assert article.text[start:end] in names
    assert store.article_mentions("no-such-article") == []


def test_search_with_a_nul_character_is_not_an_error(store: Store) -> None:
    """Found by the API fuzz: FTS5 saw an unterminated string at the NUL."""
    assert store.search("0\x00", limit=1) == store.search("0", limit=1)
    assert store.search("council\x00", limit=3) == store.search("council", limit=3)
