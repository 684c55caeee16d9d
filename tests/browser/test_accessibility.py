"""axe-core in Debian's Chromium over every sitemap URL: zero violations.

Every URL is checked at phone width. Large print and desktop width are
checked on every URL of two councils (the national default and one council):
councils differ only in the text of their fact boxes, which share markup.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP, PHONE, new_context
from tests.conftest import sitemap_paths

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
FULL_AREAS = ("england", "waltham-forest")
axe = Axe()


def _violations(page: Page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    results = axe.run(page, options=AXE_OPTIONS)
    return [
        f"{url}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}"
        for v in results.response["violations"]
    ]


def _sweep(browser: Browser, base_url: str, paths: list[str], **context_args: object) -> list[str]:
    context = new_context(browser, base_url, **context_args)  # type: ignore[arg-type]
    page = context.new_page()
    found: list[str] = []
    try:
        for path in paths:
            found.extend(_violations(page, path))
    finally:
        context.close()
    return found


@pytest.fixture(scope="module")
def paths(client_module: FlaskClient) -> list[str]:
    return sitemap_paths(client_module)


@pytest.fixture(scope="module")
def client_module(app: object) -> Iterator[FlaskClient]:
    yield app.test_client()  # type: ignore[attr-defined]


def _subset(paths: list[str]) -> list[str]:
    return [
        p for p in paths if re.match(r"^/[a-z]+/$", p) or any(f"/{a}/" in p for a in FULL_AREAS)
    ]


def test_every_page_at_phone_width(browser: Browser, live_server: str, paths: list[str]) -> None:
    started = time.perf_counter()
    assert _sweep(browser, live_server, paths, viewport=PHONE) == []
    print(f"axe: {len(paths)} pages at 360px in {time.perf_counter() - started:.1f}s")


def test_large_print_at_phone_width(browser: Browser, live_server: str, paths: list[str]) -> None:
    assert _sweep(browser, live_server, _subset(paths), viewport=PHONE, large_print=True) == []


def test_desktop_width(browser: Browser, live_server: str, paths: list[str]) -> None:
    assert _sweep(browser, live_server, _subset(paths), viewport=DESKTOP) == []


def test_large_print_at_desktop_width(browser: Browser, live_server: str, paths: list[str]) -> None:
    assert _sweep(browser, live_server, _subset(paths), viewport=DESKTOP, large_print=True) == []
