"""make screenshots: the README's pictures, taken in Debian's Chromium at phone width.

    python -m tests.screenshots [--out docs/screenshots] [NAME=PATH ...]

Serves the app on loopback (test configuration, its own search index) and saves
one PNG per page. With no arguments it takes the README's set.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app
from portal.config import TestConfig
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

ROOT = Path(__file__).resolve().parent.parent
README_SET = {
    "guide-en-phone": "/en/waltham-forest/on-the-day",
    "guide-ur-phone": "/ur/waltham-forest/on-the-day",
    "guide-pl-phone": "/pl/waltham-forest/on-the-day",
    "assistant-en-phone": "/en/waltham-forest/assistant",
    "large-print-en-phone": "/en/cambridgeshire/can-my-child-be-taken-away",
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="make screenshots")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--full-page", action="store_true")
    parser.add_argument("pages", nargs="*", help="NAME=PATH pairs (default: the README set)")
    args = parser.parse_args()
    wanted = dict(p.split("=", 1) for p in args.pages) if args.pages else README_SET
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_app(TestConfig, SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="shots-"))
    app.config["RATELIMIT_ENABLED"] = False
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path in wanted.items():
                context = browser.new_context(viewport=PHONE, device_scale_factor=1)
                if "large-print" in name:  # the toggle's cookie, as a parent's browser keeps it
                    context.add_cookies([{"name": "large_print", "value": "1", "url": base}])
                page = context.new_page()
                page.goto(base + path)
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target), full_page=args.full_page)
                print(f"{target}  {path}")
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
