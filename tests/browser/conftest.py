"""A live server and Debian's Chromium driven by Playwright.

Never `playwright install`: it downloads a browser, which fails here and is not
what parents use anyway. CHROMIUM_PATH overrides the Debian path.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import BaseWSGIServer, make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    app.config["RATELIMIT_ENABLED"] = False  # one browser makes many requests quickly
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def new_context(
    browser: Browser,
    base_url: str,
    *,
    viewport: dict[str, int] = PHONE,
    large_print: bool = False,
    javascript: bool = True,
) -> BrowserContext:
    context = browser.new_context(
        viewport=viewport, base_url=base_url, java_script_enabled=javascript
    )  # type: ignore[arg-type]
    if large_print:
        context.add_cookies([{"name": "large_print", "value": "1", "url": base_url}])
    return context


@pytest.fixture
def phone(browser: Browser, live_server: str) -> Iterator[Page]:
    context = new_context(browser, live_server)
    page = context.new_page()
    yield page
    context.close()
