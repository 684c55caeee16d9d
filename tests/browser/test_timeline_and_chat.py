"""The parent's secure-link timeline, their own worked-out dates, and the chat with
JavaScript, in Debian's Chromium: axe in every language, with and without JavaScript."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from flask_migrate import upgrade
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from bot.knowledge import languages
from portal.cases.links import create_link
from portal.extensions import db
from tests.browser.conftest import PHONE, new_context
from tests.dbsupport import add_case, add_organisation, dispose, make_app

pytestmark = pytest.mark.browser
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
axe = Axe()
TODAY = datetime.now(UTC).date()


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A server with one case and its secure link: (base URL, token)."""
    folder = tmp_path_factory.mktemp("browser-db")
    app: Flask = make_app(f"sqlite:///{folder / 'portal.db'}", folder / "search")
    app.config["RATELIMIT_ENABLED"] = False
    with app.app_context():
        upgrade()
        case = add_case(
            add_organisation(),
            area="waltham-forest",
            language="ur",
            initial_conference=TODAY - timedelta(days=40),
            nickname="Sam",
            note="Bring the school letter.",
            conference_place="Town Hall, Room 2",
        )
        token = create_link(case, datetime.now(UTC), with_pin=False).token
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", token
    server.shutdown()
    thread.join(timeout=5)
    dispose(app)


def _violations(page: Page) -> list[str]:
    results = axe.run(page, options=AXE_OPTIONS)
    return [f"{v['id']} {v['nodes'][0]['target']}" for v in results.response["violations"]]


@pytest.mark.parametrize("javascript", [True, False])
def test_parent_timeline_in_every_language(
    browser: Browser, linked: tuple[str, str], javascript: bool
) -> None:
    base, token = linked
    context = new_context(browser, base, viewport=PHONE, javascript=javascript)
    page = context.new_page()
    found = []
    try:
        for lang in languages():
            response = page.goto(f"/{lang}/t/{token}")
            assert response is not None and response.status == 200, lang
            assert page.locator("html").get_attribute("dir") == languages()[lang].direction
            # The rules engine's steps are on the page: a late one and a coming one.
            assert page.locator("h2").count() >= 3, lang
            assert page.get_by_text("Bring the school letter.").is_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{lang}: {width}px wide"
            if javascript:  # axe runs as a script; without JavaScript the markup is the same
                found += [f"{lang}: {v}" for v in _violations(page)]
    finally:
        context.close()
    assert found == []


def test_own_dates_result_passes_axe_in_every_language(browser: Browser, live_server: str) -> None:
    start: date = TODAY - timedelta(days=40)
    query = (
        f"initial_conference-day={start.day}&initial_conference-month={start.month}"
        f"&initial_conference-year={start.year}"
    )
    context = new_context(browser, live_server, viewport=PHONE)
    page = context.new_page()
    found = []
    try:
        for lang in languages():
            response = page.goto(f"/{lang}/kingston-richmond/your-dates?{query}")
            assert response is not None and response.status == 200, lang
            found += [f"{lang}: {v}" for v in _violations(page)]
            bad = page.goto(f"/{lang}/kingston-richmond/your-dates?initial_conference-day=40")
            assert bad is not None and bad.status == 400
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            found += [f"{lang} (errors): {v}" for v in _violations(page)]
    finally:
        context.close()
    assert found == []


def test_chat_with_javascript_adds_the_answer_and_keeps_focus(
    browser: Browser, live_server: str
) -> None:
    context = new_context(browser, live_server, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto("/en/waltham-forest/assistant")
        page.locator("#message").fill("how do I complain about the conference")
        page.locator("form[data-chat-form] button[type=submit]").click()
        log = page.locator("[data-chat-log]")
        expect(log).to_contain_text("28 days", timeout=10_000)  # Waltham Forest's window
        assert page.url.endswith("/en/waltham-forest/assistant")  # answered in place
        # Focus moves to the new answer, so a screen reader reads it next.
        assert page.evaluate("document.activeElement.closest('[data-chat-log]') !== null")
        assert _violations(page) == []
    finally:
        context.close()


def test_chat_shows_emergency_help_in_urdu(browser: Browser, live_server: str) -> None:
    context = new_context(browser, live_server, viewport=PHONE, javascript=False)
    page = context.new_page()
    try:
        page.goto("/ur/england/assistant")
        page.locator("#message").fill("وہ ابھی مجھے مار رہا ہے")
        page.locator("form[data-chat-form] button[type=submit]").click()
        text = page.locator("[data-chat-log]").inner_text()
        assert "999" in text[:300]
    finally:
        context.close()
