"""The web pages in real headless Chromium (Debian's package) driven by Playwright.

Skips only when /usr/bin/chromium is absent, and never on CI (CI=true), where .ci/run
installs it: a missing browser there is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from api_support import live_server

import dateline
from dateline.api import Settings, create_app

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"  # ignored by git; screenshots land here too
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
XSS_TEXT = (
    "The Gullhaven harbour board said on Monday that its website had shown "
    "<script>window.__xss = 1; document.title = 'owned';</script> to visitors, "
    'and an image tag <img src=x onerror="window.__xss = 2"> as well. '
    "Harbour master Ruth Abernathy said the page was fixed within the hour.\n"
)

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing on CI; .ci/run must install Debian chromium")
    pytest.skip(
        f"{CHROMIUM} not installed (apt-get install chromium); .ci/run installs it on CI",
        allow_module_level=True,
    )

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sample_db: Path) -> Iterator[dict[str, Any]]:
    """A real uvicorn server over a copy of the sample store plus one hostile article."""
    import sqlite3
    from contextlib import closing

    db = tmp_path_factory.mktemp("browser") / "site.db"
    with closing(sqlite3.connect(sample_db)) as src, closing(sqlite3.connect(db)) as dst:
        src.backup(dst)
    with dateline.connect(db, create=False) as dl:
        article = dateline.Article(
            text=XSS_TEXT, published_at=datetime(2024, 3, 4, tzinfo=UTC), title="<b>Harbour</b>"
        )
        report = dl.ingest_articles([article])
        assert report.ingested == 1
        with live_server(create_app(dl, settings=Settings())) as url:
            yield {"url": url, "xss_id": article.id}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    new_page = context.new_page()
    errors: list[str] = []
    new_page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield new_page
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _okafor_page(page: Page, url: str) -> int:
    page.goto(url + "/")
    box = page.get_by_role("combobox", name="Search people, organisations and articles")
    box.press_sequentially("okaf", delay=30)
    option = page.get_by_role("option", name=re.compile("Lena Okafor"))
    expect(option).to_be_visible()
    box.press("ArrowDown")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/entities/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lena Okafor")
    return int(page.url.rsplit("/", 1)[1])


def test_search_entity_timeline_item_to_highlighted_sentence(
    page: Page, site: dict[str, Any]
) -> None:
    entity_id = _okafor_page(page, site["url"])
    items = page.locator("#timeline li.item")
    assert items.count() > 5
    expect(page.locator("svg.axis")).to_be_visible()
    # a quote: its link carries the sentence and the quoted words
    quote = page.locator("#timeline li.kind-quote").first
    item_id = quote.get_attribute("data-item")
    timeline = page.request.get(f"{site['url']}/api/entities/{entity_id}/timeline").json()
    expected = next(i for i in timeline if i["id"] == item_id)
    quote.locator("a.summary").click()
    page.wait_for_url(re.compile(r"/articles/"))
    index = expected["provenance"]["sentence_index"]
    assert page.url.endswith(f"#s-{index}")
    highlighted = page.locator(".sentence.highlighted")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_have_attribute("id", f"s-{index}")
    assert " ".join(highlighted.inner_text().split()) == " ".join(expected["sentence"].split())
    expect(highlighted).to_be_focused()
    focus = page.locator(".hl.focus").first
    expect(focus).to_be_visible()
    # every entity in the text links back to its entity page
    link = page.locator("#article-text a.hl.entity").first
    href = link.get_attribute("href") or ""
    link.click()
    page.wait_for_url(re.compile(re.escape(href) + "$"))


def test_as_of_picker_changes_what_is_shown(page: Page, site: dict[str, Any]) -> None:
    entity_id = _okafor_page(page, site["url"])
    before = page.locator("#timeline li.item").count()
    page.get_by_label("As of", exact=True).fill("2019-06-01")  # fires change: auto-applied
    page.wait_for_url(re.compile(r"as_of=2019-06-01"))
    after = page.locator("#timeline li.item").count()
    assert 0 < after < before
    expect(page.locator("#count")).to_contain_text("as of 2019-06-01")
    facts = page.request.get(
        f"{site['url']}/api/entities/{entity_id}/timeline", params={"as_of": "2019-06-01"}
    ).json()
    assert after == sum(1 for i in facts if i["when"] is not None)
    # the kind filter, from the keyboard: untick events and quotes, apply
    page.get_by_label("events").uncheck()
    page.get_by_label("quotes").uncheck()
    page.get_by_role("button", name="Apply").press("Enter")
    page.wait_for_url(re.compile(r"kind=fact"))
    kinds = set(
        page.locator("#timeline li.item").evaluate_all("els => els.map(e => e.dataset.kind)")
    )
    assert kinds == {"fact"}


def test_article_text_is_escaped_and_runs_nothing(page: Page, site: dict[str, Any]) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{site['url']}/articles/{site['xss_id']}")
    text = page.locator("#article-text").inner_text()
    assert "<script>window.__xss = 1; document.title = 'owned';</script>" in text
    assert '<img src=x onerror="window.__xss = 2">' in text
    expect(page.get_by_role("heading", level=1)).to_have_text("<b>Harbour</b>")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.title() != "owned"
    assert page.locator("#article-text script, #article-text img, h1 b").count() == 0
    assert not dialogs


def test_entity_page_screenshot_keyboard_and_phone_width(
    browser: Browser, site: dict[str, Any], tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        entity_id = _okafor_page(page, site["url"])
        OUTPUT.mkdir(exist_ok=True)
        shots = [tmp_path / "entity-page.png", OUTPUT / "entity-page.png"]
        for shot in shots:
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
        # every form control has a label
        unlabeled = page.evaluate(
            """() => [...document.querySelectorAll('input')].filter(
                 i => !(i.labels && i.labels.length) && !i.getAttribute('aria-label')
               ).map(i => i.name)"""
        )
        assert unlabeled == []
        # keyboard: the first Tab reaches the skip link
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
        # phone width: nothing wider than the screen
        page.set_viewport_size({"width": 360, "height": 780})
        page.goto(f"{site['url']}/entities/{entity_id}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        page.screenshot(path=str(OUTPUT / "entity-page-phone.png"), full_page=True)
    finally:
        context.close()
