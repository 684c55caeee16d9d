from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import create_app
from portal.config import TestConfig

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(__import__("os").environ.get("SHARED_DIR", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    index_dir = tmp_path_factory.mktemp("search")
    application = create_app(TestConfig, SEARCH_INDEX_DIR=str(index_dir))
    yield application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def nonce_of(response_headers: dict[str, str] | object) -> str | None:
    csp = response_headers.get("Content-Security-Policy", "")  # type: ignore[attr-defined]
    match = re.search(r"'nonce-([^']+)'", csp)
    return match.group(1) if match else None


def sitemap_paths(client: FlaskClient) -> list[str]:
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    return [re.sub(r"^https?://[^/]+", "", u) for u in re.findall(r"<loc>([^<]+)</loc>", xml)]
