"""Security headers and cookie attributes, pinned."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import create_app
from portal.config import ProductionConfig
from portal.security import is_safe_local_path


def test_security_headers_are_pinned(client: FlaskClient) -> None:
    response = client.get("/en/england/")
    h = response.headers
    csp = h["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert "form-action 'self'" in csp
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["X-Frame-Options"] == "DENY"
    assert h["Referrer-Policy"] == "same-origin"
    assert "camera=()" in h["Permissions-Policy"] and "geolocation=()" in h["Permissions-Policy"]
    assert h["Cache-Control"] == "no-store"
    assert h["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_nonce_changes_every_request(client: FlaskClient) -> None:
    first = client.get("/en/").headers["Content-Security-Policy"]
    second = client.get("/en/").headers["Content-Security-Policy"]
    assert first != second


def test_production_sends_hsts_and_secure_cookies(tmp_path: object) -> None:
    app = create_app(ProductionConfig, SECRET_KEY="x" * 40, SEARCH_INDEX_DIR=str(tmp_path))
    client = app.test_client()
    response = client.get("/en/waltham-forest/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies, "visiting a council page remembers the choice"
    for raw in cookies:
        lowered = raw.lower()
        assert "secure" in lowered and "httponly" in lowered and "samesite=lax" in lowered


@pytest.mark.parametrize("key", [None, "", "dev", "short"])
def test_production_refuses_a_missing_or_weak_secret(
    key: str | None, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("PORTAL_SECRET_KEY", raising=False)
    overrides = {} if key is None else {"SECRET_KEY": key}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, SEARCH_INDEX_DIR=str(tmp_path), **overrides)


def test_preference_cookies_are_httponly_and_samesite(client: FlaskClient) -> None:
    response = client.get("/en/cambridgeshire/")
    cookie = SimpleCookie()
    for raw in response.headers.getlist("Set-Cookie"):
        cookie.load(raw)
    assert cookie["area"].value == "cambridgeshire"
    assert cookie["area"]["httponly"]
    assert cookie["area"]["samesite"].lower() == "lax"


def test_static_assets_are_cached_for_good(client: FlaskClient) -> None:
    html = client.get("/en/").get_data(as_text=True)
    assert "/static/css/main.css?v=" in html
    response = client.get("/static/css/main.css")
    assert "immutable" in response.headers["Cache-Control"]
    response.close()


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/en/england/", True),
        ("//evil.example/", False),
        ("https://evil.example/", False),
        ("/\\evil.example", False),
        ("", False),
        ("en/", False),
        ("/en/\x00", False),
    ],
)
def test_only_local_paths_are_redirect_targets(target: str, safe: bool) -> None:
    assert is_safe_local_path(target) is safe


def test_forms_need_a_csrf_token(app: Flask) -> None:
    client = app.test_client()
    response = client.post("/en/display", data={"large_print": "1", "next": "/en/"})
    assert response.status_code == 400
    assert "Your page timed out" in response.get_data(as_text=True)
