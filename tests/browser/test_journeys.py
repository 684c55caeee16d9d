"""What a parent does, in a real browser: with the keyboard, without
JavaScript, in large print on a small phone, and what it costs to load."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from tests.browser.conftest import PHONE, new_context

pytestmark = pytest.mark.browser
BUDGET_BYTES = 60 * 1024


def test_keyboard_only_choose_council_and_open_a_page(phone: Page) -> None:
    phone.goto("/en/")
    phone.keyboard.press("Tab")
    expect(phone.locator(".govuk-skip-link")).to_be_focused()
    phone.keyboard.press("Enter")
    # Move to the first council radio and choose it with the keyboard.
    phone.locator("#area").focus()
    phone.keyboard.press("ArrowDown")
    focused = phone.evaluate("document.activeElement.value")
    assert focused
    phone.keyboard.press("Space")
    phone.locator("button[type=submit]", has_text="Continue").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_url(f"**/en/{focused}/")
    link = phone.locator("main ol a").first
    link.focus()
    phone.keyboard.press("Enter")
    expect(phone.locator("h1")).to_have_count(1)


def test_exit_this_page_leaves_at_once(phone: Page) -> None:
    phone.goto("/en/england/")
    button = phone.locator(".govuk-exit-this-page__button")
    expect(button).to_be_visible()
    assert button.get_attribute("href", timeout=2000) == "https://www.bbc.co.uk/weather"
    # The real destination cannot be reached from here; catch the navigation.
    phone.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="weather", status=200))
    button.click()
    phone.wait_for_url("https://www.bbc.co.uk/weather", timeout=5000)


def test_exit_this_page_with_shift_three_times(phone: Page) -> None:
    phone.goto("/en/england/")
    phone.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="weather", status=200))
    phone.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    phone.locator("h1").click()
    for _ in range(3):
        phone.keyboard.press("Shift")
    phone.wait_for_url("https://www.bbc.co.uk/weather", timeout=5000)


def test_large_print_without_javascript_doubles_text_without_sideways_scroll(
    browser: Browser, live_server: str
) -> None:
    context = new_context(
        browser, live_server, viewport={"width": 320, "height": 640}, javascript=False
    )
    page = context.new_page()
    page.goto("/en/waltham-forest/")
    normal = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    )
    page.get_by_role("button", name="Large print").click()
    page.wait_for_load_state()
    expect(page.get_by_role("button", name="Standard print")).to_be_visible()
    large = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)")
    assert large >= 1.8 * normal
    for path in ["/en/waltham-forest/", "/en/waltham-forest/glossary", "/en/"]:
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px in large print at 320px"
    # Remembered on the next page too.
    page.goto("/en/england/")
    assert "app-large-print" in (page.get_attribute("html", "class") or "")
    context.close()


def test_listen_button_appears_only_where_speech_exists(browser: Browser, live_server: str) -> None:
    context = new_context(browser, live_server, viewport=PHONE)
    page = context.new_page()
    page.goto("/en/england/")
    has_speech = page.evaluate("'speechSynthesis' in window")
    assert page.locator("[data-listen]").is_visible() == has_speech
    context.close()
    context = new_context(browser, live_server, viewport=PHONE)
    context.add_init_script(
        "delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;"
    )
    page = context.new_page()
    page.goto("/en/england/")
    expect(page.locator("[data-listen]")).to_be_hidden()
    context.close()


def test_pages_work_without_javascript(browser: Browser, live_server: str) -> None:
    context = new_context(browser, live_server, javascript=False)
    page = context.new_page()
    page.goto("/en/")
    page.locator("label[for=area]").click()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/en/*/")
    page.locator("#search-q").fill("solicitor")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("h1")).to_have_text("Search results")
    context.close()


@pytest.fixture(scope="module")
def counting_server(app: Flask) -> Iterator[tuple[str, list[tuple[str, bytes, str]]]]:
    """A second live server that records every response, to measure a page's cost."""
    seen: list[tuple[str, bytes, str]] = []

    def middleware(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        status_headers: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            status_headers["type"] = dict(headers).get("Content-Type", "")
            return start_response(status, headers, exc_info)

        iterable = app.wsgi_app(environ, capture)
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        seen.append((environ["PATH_INFO"], body, status_headers.get("type", "")))
        return [body]

    server = make_server("127.0.0.1", 0, middleware, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()


def test_guide_page_weight_budget_and_repeat_view(
    browser: Browser, counting_server: tuple[str, list[tuple[str, bytes, str]]]
) -> None:
    base_url, seen = counting_server
    context = new_context(browser, base_url)
    page = context.new_page()
    page.goto("/en/waltham-forest/")
    page.wait_for_load_state("networkidle")
    first = [(path, len(gzip.compress(body, 6))) for path, body, _type in seen]
    total = sum(size for _path, size in first if not path_is_icon(_path))
    print(f"first view: {len(first)} requests, {total} bytes gzip: {first}")
    assert total <= BUDGET_BYTES, f"first view {total} bytes gzip > {BUDGET_BYTES}"
    seen.clear()
    page.goto("/en/waltham-forest/")
    page.wait_for_load_state("networkidle")
    repeat = [path for path, _body, _type in seen]
    assert repeat == ["/en/waltham-forest/"], f"repeat view fetched {repeat}"
    context.close()


def path_is_icon(path: str) -> bool:
    return path.endswith(".ico")
