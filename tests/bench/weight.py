"""Bytes a phone downloads for a page, first and repeat view, against what a
standard GOV.UK Frontend build would send (its full default CSS and JS)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

from portal import create_app
from portal.config import TestConfig
from tests.bench.dates import timeline_query

ROOT = Path(__file__).resolve().parents[2]
GOVUK_DIST = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
PAGES = {
    "guide page": "/en/waltham-forest/on-the-day",
    "chat page": "/en/waltham-forest/assistant",
    # A parent's own timeline, from a first conference five weeks ago.
    "timeline page": "/en/waltham-forest/your-dates?" + timeline_query(),
}
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def measure() -> dict[str, Any]:
    app = create_app(
        TestConfig,
        SEARCH_INDEX_DIR=str(ROOT / "instance" / "bench-search"),
        RATELIMIT_ENABLED=False,
    )
    client = app.test_client()
    results: dict[str, Any] = {}
    full_css = _gz((GOVUK_DIST / "govuk-frontend.min.css").read_bytes())
    full_js = _gz((GOVUK_DIST / "govuk-frontend.min.js").read_bytes())
    for name, path in PAGES.items():
        response = client.get(path)
        if response.status_code != 200:
            results[name] = {"path": path, "status": response.status_code}
            continue
        html = response.get_data()
        assets = ASSET.findall(html.decode())
        asset_bytes = 0
        for url in assets:
            asset = client.get(url)
            asset_bytes += _gz(asset.get_data())
            asset.close()
        # app.mjs imports GOV.UK Frontend's module: one more request.
        module = client.get("/static/govuk/govuk-frontend.min.js")
        asset_bytes += _gz(module.get_data())
        module.close()
        results[name] = {
            "path": path,
            "first_view_gzip_bytes": _gz(html) + asset_bytes,
            "first_view_requests": 1 + len(assets) + 1,
            "repeat_view_gzip_bytes": _gz(html),
            "repeat_view_requests": 1,
            "html_gzip_bytes": _gz(html),
            "comparison_full_govuk_frontend_gzip_bytes": _gz(html) + full_css + full_js,
        }
    return results


def print_table(results: dict[str, Any]) -> None:
    print(
        "\nPage weight (gzip)          first view   requests   repeat view   full GOV.UK Frontend"
    )
    for name, row in results.items():
        if "first_view_gzip_bytes" not in row:
            print(f"  {name:<26} HTTP {row['status']}")
            continue
        print(
            f"  {name:<26} {row['first_view_gzip_bytes'] / 1024:8.1f} KB"
            f" {row['first_view_requests']:8d}"
            f" {row['repeat_view_gzip_bytes'] / 1024:10.1f} KB"
            f" {row['comparison_full_govuk_frontend_gzip_bytes'] / 1024:12.1f} KB"
        )
