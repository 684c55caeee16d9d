"""Lighthouse (npm, pinned) driving Debian's Chromium: mobile performance and
accessibility for the three pages. Installed on first use into .bench-tools/."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.bench.dates import timeline_query

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / ".bench-tools"
LIGHTHOUSE = "lighthouse@13.5.0"
PAGES = {
    "guide page": "/en/waltham-forest/on-the-day",
    "chat page": "/en/waltham-forest/assistant",
    # A parent's own timeline, from a first conference five weeks ago.
    "timeline page": "/en/waltham-forest/your-dates?" + timeline_query(),
}
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync"
)


def _binary() -> Path:
    binary = TOOLS / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS), LIGHTHOUSE],
            check=True,
            capture_output=True,
        )
    return binary


def lighthouse(base_url: str) -> dict[str, Any]:
    binary = _binary()
    results: dict[str, Any] = {}
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")}
    for name, path in PAGES.items():
        completed = subprocess.run(
            [
                str(binary),
                base_url + path,
                "--quiet",
                "--output=json",
                "--form-factor=mobile",
                "--only-categories=performance,accessibility",
                f"--chrome-flags={FLAGS}",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=180,
        )
        if completed.returncode != 0:
            results[name] = {"error": completed.stderr.strip().splitlines()[-1:]}
            continue
        report = json.loads(completed.stdout)
        audits = report["audits"]
        results[name] = {
            "performance": round(report["categories"]["performance"]["score"] * 100),
            "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
            "first_contentful_paint_ms": round(audits["first-contentful-paint"]["numericValue"]),
            "largest_contentful_paint_ms": round(
                audits["largest-contentful-paint"]["numericValue"]
            ),
            "total_byte_weight": audits["total-byte-weight"]["numericValue"],
        }
    return results


def print_table(results: dict[str, Any]) -> None:
    print("\nLighthouse (mobile, Debian Chromium)")
    for name, row in results.items():
        if "error" in row:
            print(f"  {name:<16} error: {row['error']}")
            continue
        print(
            f"  {name:<16} performance {row['performance']:>3}"
            f"  accessibility {row['accessibility']:>3}"
            f"  FCP {row['first_contentful_paint_ms']} ms"
            f"  LCP {row['largest_contentful_paint_ms']} ms"
            f"  bytes {row['total_byte_weight']:.0f}"
        )
