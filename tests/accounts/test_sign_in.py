"""Signing in and out: one answer for every failure, lockout, rate limit,
CSRF, session rotation and expiry. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie

import pytest
from flask import Flask
from itsdangerous import TimestampSigner

from portal.accounts import auth
from portal.config import ProductionConfig
from portal.extensions import db
from portal.models import Practitioner
from tests.conftest import nonce_of
from tests.dbsupport import (
    PASSWORD,
    add_organisation,
    add_practitioner,
    csrf_token,
    dispose,
    make_app,
    sign_in,
)
from tests.invariants import check_page

FAILURE = "The email address or password is not right"


@pytest.fixture
def worker(db_app: Flask) -> int:
    with db_app.app_context():
        return add_practitioner(add_organisation()).id


def _failure_text(html: str) -> str:
    start = html.index(FAILURE)
    return html[start : html.index("<", start)]


def test_sign_in_page_meets_the_invariants(db_app: Flask) -> None:
    response = db_app.test_client().get("/practitioners/sign-in")
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    html = response.get_data(as_text=True)
    check_page(html, nonce_of(response.headers), "en")
    assert 'autocomplete="current-password"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_sign_in_then_out(db_app: Flask, worker: int) -> None:
    client = db_app.test_client()
    response = sign_in(client, "  Worker@Example.org ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/practitioners/cases"
    page = client.get("/practitioners/cases")
    assert page.status_code == 200
    check_page(page.get_data(as_text=True), nonce_of(page.headers), "en")
    out = client.post(
        "/practitioners/sign-out", data={"csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert out.status_code == 302
    assert (
        client.get("/practitioners/cases").headers["Location"].startswith("/practitioners/sign-in")
    )


def test_signed_out_visitors_are_sent_to_sign_in(db_app: Flask) -> None:
    response = db_app.test_client().get("/practitioners/cases")
    assert response.status_code == 302
    assert response.headers["Location"] == "/practitioners/sign-in?next=/practitioners/cases"
    assert (
        db_app.test_client().get("/practitioners/").headers["Location"] == "/practitioners/sign-in"
    )


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/en/england/"])
def test_sign_in_only_returns_to_practitioner_pages(
    db_app: Flask, worker: int, target: str
) -> None:
    client = db_app.test_client()
    token = csrf_token(client.get("/practitioners/sign-in").get_data(as_text=True))
    response = client.post(
        "/practitioners/sign-in",
        data={
            "csrf_token": token,
            "email": "worker@example.org",
            "password": PASSWORD,
            "next": target,
        },
    )
    assert response.headers["Location"] == "/practitioners/cases"


def test_unknown_email_and_wrong_password_get_the_same_answer(db_app: Flask, worker: int) -> None:
    wrong_password = sign_in(db_app.test_client(), password="not the password at all")
    unknown_email = sign_in(db_app.test_client(), email="nobody@example.org")
    assert wrong_password.status_code == unknown_email.status_code == 400
    first, second = wrong_password.get_data(as_text=True), unknown_email.get_data(as_text=True)
    assert _failure_text(first) == _failure_text(second)
    assert "govuk-error-summary" in first
    check_page(first, nonce_of(wrong_password.headers), "en")


def test_every_failure_costs_a_hash_check(
    db_app: Flask, worker: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Timing: an unknown email, a locked or closed account still run argon2."""
    burned: list[str] = []
    monkeypatch.setattr(auth, "burn_equal_time", burned.append)
    sign_in(db_app.test_client(), email="nobody@example.org", password="guess-one-two")
    assert burned == ["guess-one-two"]
    with db_app.app_context():
        practitioner = db.session.get(Practitioner, worker)
        assert practitioner is not None
        practitioner.active = False
        db.session.commit()
    sign_in(db_app.test_client(), password=PASSWORD)
    assert burned == ["guess-one-two", PASSWORD]


def test_five_wrong_passwords_lock_the_account_for_15_minutes(db_app: Flask, worker: int) -> None:
    for _ in range(auth.MAX_FAILED_ATTEMPTS):
        assert sign_in(db_app.test_client(), password="wrong password here").status_code == 400
    with db_app.app_context():
        practitioner = db.session.get(Practitioner, worker)
        assert practitioner is not None and practitioner.locked_until is not None
        remaining = practitioner.locked_until - datetime.now(UTC)
        assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
    locked = sign_in(db_app.test_client())  # the right password, while locked
    assert locked.status_code == 400
    assert FAILURE in locked.get_data(as_text=True)
    with db_app.app_context():
        practitioner = db.session.get(Practitioner, worker)
        assert practitioner is not None
        practitioner.locked_until = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert sign_in(db_app.test_client()).status_code == 302
    with db_app.app_context():
        practitioner = db.session.get(Practitioner, worker)
        assert practitioner is not None
        assert practitioner.failed_attempts == 0 and practitioner.locked_until is None


def test_sign_in_is_rate_limited(db_app: Flask, worker: int) -> None:
    client = db_app.test_client()
    token = csrf_token(client.get("/practitioners/sign-in").get_data(as_text=True))
    statuses = [
        client.post(
            "/practitioners/sign-in",
            data={
                "csrf_token": token,
                "email": f"n{i}@example.org",
                "password": "whatever-you-like",
            },
        ).status_code
        for i in range(11)
    ]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429


def test_sign_in_needs_the_csrf_token(db_app: Flask, worker: int) -> None:
    client = db_app.test_client()
    client.get("/practitioners/sign-in")
    response = client.post(
        "/practitioners/sign-in", data={"email": "worker@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "Your page timed out" in response.get_data(as_text=True)
    signed_in = sign_in(client)
    assert signed_in.status_code == 302
    page = client.get("/practitioners/cases")
    assert client.post("/practitioners/sign-out").status_code == 400  # no token: still signed in
    assert client.get("/practitioners/cases").status_code == 200
    assert page.status_code == 200


def test_production_settings_over_https(db_url: str, search_dir: object, worker: int) -> None:
    """Secure __Host- cookie; the CSRF token is checked without needing a Referer."""
    app = make_app(
        db_url,
        search_dir,
        SECRET_KEY="p" * 40,
        TESTING=False,  # type: ignore[arg-type]
        **{
            k: getattr(ProductionConfig, k)
            for k in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME", "HSTS", "WTF_CSRF_SSL_STRICT")
        },
    )
    client = app.test_client()
    response = sign_in(client, base_url="https://portal.example")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    cookie = SimpleCookie()
    for raw in response.headers.getlist("Set-Cookie"):
        cookie.load(raw)
    session_cookie = cookie["__Host-session"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax" and session_cookie["path"] == "/"
    assert not session_cookie["domain"]
    forged = app.test_client().post(
        "/practitioners/sign-in",
        base_url="https://portal.example",
        data={"email": "worker@example.org", "password": PASSWORD},
    )
    assert forged.status_code == 400
    dispose(app)


def test_signing_in_starts_a_fresh_session(db_app: Flask, worker: int) -> None:
    client = db_app.test_client()
    client.get("/practitioners/sign-in")
    with client.session_transaction() as before:
        old_token = before["csrf_token"]
        before["left_over"] = "from before sign-in"
    assert sign_in(client).status_code == 302
    with client.session_transaction() as after:
        assert "left_over" not in after
        assert after.get("csrf_token") != old_token
        assert after.permanent
        assert set(after) <= {auth.SESSION_KEY, auth.SIGNED_IN_AT, "csrf_token", "_permanent"}


def test_sessions_expire_after_two_idle_hours(
    db_app: Flask, worker: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = db_app.test_client()
    sign_in(client)
    assert client.get("/practitioners/cases").status_code == 200
    assert db_app.permanent_session_lifetime == timedelta(hours=2)
    later = int(time.time()) + 2 * 60 * 60 + 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    response = client.get("/practitioners/cases")
    assert response.status_code == 302 and "/practitioners/sign-in" in response.headers["Location"]


def test_sessions_end_after_twelve_hours_however_busy(
    db_app: Flask, worker: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = db_app.test_client()
    sign_in(client)
    monkeypatch.setattr(auth, "now", lambda: datetime.now(UTC) + timedelta(hours=12, minutes=1))
    assert client.get("/practitioners/cases").status_code == 302


def test_a_closed_account_is_signed_out_at_once(db_app: Flask, worker: int) -> None:
    client = db_app.test_client()
    sign_in(client)
    with db_app.app_context():
        practitioner = db.session.get(Practitioner, worker)
        assert practitioner is not None
        practitioner.active = False
        db.session.commit()
    assert client.get("/practitioners/cases").status_code == 302
