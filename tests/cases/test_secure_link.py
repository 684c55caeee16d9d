"""The parent's secure link: a 256-bit token stored only as its hash, that
expires, can be revoked or replaced, records openings (time only), may ask
for a PIN, and whose every response is noindex, no-store and no-referrer."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, inspect, literal_column, select

from portal.cases.links import PIN_MAX_TRIES, create_link
from portal.config import ProductionConfig
from portal.extensions import db
from portal.models import Case, LinkOpening, SecureLink
from tests.conftest import nonce_of
from tests.dbsupport import (
    add_case,
    add_organisation,
    add_practitioner,
    csrf_token,
    dispose,
    make_app,
    signed_in,
)
from tests.invariants import check_page

PRIVATE_TEXT = ("Sam", "Civic Centre", "Bring the letter", "Kingston")


@pytest.fixture
def case_id(db_app: Flask) -> str:
    with db_app.app_context():
        organisation = add_organisation()
        add_practitioner(organisation)
        case = add_case(
            organisation,
            nickname="Sam",
            conference_place="Civic Centre, Room 4",
            note="Bring the letter from school.",
        )
        return case.public_id


def _make_link(app: Flask, case_id: str, *, pin: bool = False) -> tuple[str, str | None]:
    """Through the practitioner's page, as for real: returns the token and PIN shown once."""
    client, token = signed_in(app)
    data = {"csrf_token": token, **({"pin": "yes"} if pin else {})}
    response = client.post(f"/practitioners/cases/{case_id}/link", data=data)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    html = response.get_data(as_text=True)
    url = re.search(r'id="secure-link" href="([^"]+)"', html)
    assert url, "the link is shown once"
    shown_pin = re.search(r'id="pin">(\d+)<', html)
    return url.group(1).rsplit("/", 1)[1], shown_pin.group(1) if shown_pin else None


def _link(app: Flask, token: str) -> SecureLink:
    with app.app_context():
        digest = hashlib.sha256(token.encode()).hexdigest()
        link = db.session.scalar(select(SecureLink).where(SecureLink.token_hash == digest))
        assert link is not None
        db.session.expunge(link)
        return link


def _dump(app: Flask) -> str:
    """Every value in every table, as text: what someone with the database sees."""
    with app.app_context():
        rows = []
        for table in db.metadata.sorted_tables:
            raw = select(literal_column("*")).select_from(table)  # no type processing: raw values
            rows += [repr(tuple(r)) for r in db.session.execute(raw)]
        return "\n".join(rows)


def _assert_private(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["X-Robots-Tag"] == "noindex, nofollow"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_the_token_has_256_bits_and_only_its_hash_is_stored(db_app: Flask, case_id: str) -> None:
    token, _pin = _make_link(db_app, case_id)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token)  # 32 random bytes, base64url
    link = _link(db_app, token)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in _dump(db_app)
    client, _csrf = signed_in(db_app)
    assert token not in client.get(f"/practitioners/cases/{case_id}").get_data(as_text=True)


def test_tokens_differ_every_time(db_app: Flask, case_id: str) -> None:
    tokens = {_make_link(db_app, case_id)[0] for _ in range(5)}
    assert len(tokens) == 5


def test_the_parent_sees_their_timeline_in_their_language(db_app: Flask, case_id: str) -> None:
    token, _pin = _make_link(db_app, case_id)
    client = db_app.test_client()
    short = client.get(f"/t/{token}")
    assert short.status_code == 302 and short.headers["Location"] == f"/en/t/{token}"
    _assert_private(short)
    response = client.get(f"/en/t/{token}")
    assert response.status_code == 200
    _assert_private(response)
    html = response.get_data(as_text=True)
    facts = check_page(html, nonce_of(response.headers), "en")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Bring the letter from school." in html and "Civic Centre, Room 4" in html
    assert "Exit this page" in html
    assert f"/en/t/{token}/calendar.ics" in facts.links
    assert f"/en/t/{token}/print?size=large" in facts.links
    assert 'hreflang="en"' in html and f'href="/en/t/{token}"' in html  # the language switcher


def test_every_response_behind_a_link_is_private(db_app: Flask, case_id: str) -> None:
    token, _pin = _make_link(db_app, case_id)
    client = db_app.test_client()
    for path in (
        f"/en/t/{token}",
        f"/en/t/{token}/print",
        f"/en/t/{token}/print?size=large",
        f"/en/t/{token}/calendar.ics",
        f"/t/{token}",
        "/en/t/" + "A" * 43,
        "/t/nonsense",
    ):
        _assert_private(client.get(path))


def test_the_print_view_in_normal_and_large_print(db_app: Flask, case_id: str) -> None:
    token, _pin = _make_link(db_app, case_id)
    client = db_app.test_client()
    normal = client.get(f"/en/t/{token}/print")
    large = client.get(f"/en/t/{token}/print?size=large")
    for response in (normal, large):
        assert response.status_code == 200
        check_page(response.get_data(as_text=True), nonce_of(response.headers), "en")
    assert "app-large-print" not in normal.get_data(as_text=True)
    assert "app-large-print" in large.get_data(as_text=True)


@pytest.mark.parametrize("how", ["expired", "revoked", "replaced"])
def test_a_link_that_stopped_working_says_so_and_nothing_else(
    db_app: Flask, case_id: str, how: str
) -> None:
    token, _pin = _make_link(db_app, case_id)
    client, csrf = signed_in(db_app)
    if how == "expired":
        with db_app.app_context():
            link = db.session.get(SecureLink, _link(db_app, token).id)
            assert link is not None
            link.expires_at = datetime.now(UTC) - timedelta(seconds=1)
            db.session.commit()
    elif how == "revoked":
        assert (
            client.post(
                f"/practitioners/cases/{case_id}/link/revoke", data={"csrf_token": csrf}
            ).status_code
            == 302
        )
    else:
        new_token, _pin = _make_link(db_app, case_id)
        assert db_app.test_client().get(f"/en/t/{new_token}").status_code == 200
    parent = db_app.test_client()
    for path in (
        f"/en/t/{token}",
        f"/t/{token}",
        f"/en/t/{token}/calendar.ics",
        f"/en/t/{token}/print",
    ):
        response = parent.get(path)
        assert response.status_code == 410, path
        _assert_private(response)
        html = response.get_data(as_text=True)
        check_page(html, nonce_of(response.headers), "en")
        assert "This link no longer works" in html
        for secret in PRIVATE_TEXT:
            assert secret not in html
    with db_app.app_context():
        assert db.session.scalar(select(func.count(LinkOpening.id))) == (
            1 if how == "replaced" else 0
        )


@pytest.mark.parametrize("token", ["A" * 43, "short", "A" * 42 + "!", "%00" * 10])
def test_an_unknown_link_is_a_kind_404(db_app: Flask, case_id: str, token: str) -> None:
    response = db_app.test_client().get(f"/en/t/{token}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    check_page(html, nonce_of(response.headers), "en")
    assert "This link does not work" in html


def test_links_expire_after_the_configured_lifetime(db_app: Flask, case_id: str) -> None:
    token, _pin = _make_link(db_app, case_id)
    link = _link(db_app, token)
    assert link.expires_at - link.created_at == timedelta(days=183)
    db_app.config["SECURE_LINK_LIFETIME_DAYS"] = 7
    token, _pin = _make_link(db_app, case_id)
    link = _link(db_app, token)
    assert link.expires_at - link.created_at == timedelta(days=7)


def test_openings_are_recorded_with_the_time_only(db_app: Flask, case_id: str) -> None:
    token, _pin = _make_link(db_app, case_id)
    client = db_app.test_client()
    headers = {"User-Agent": "Mozilla/5.0 UniqueAgent/9.9", "X-Forwarded-For": "203.0.113.77"}
    before = datetime.now(UTC)
    for _ in range(2):
        client.get(f"/en/t/{token}", headers=headers, environ_base={"REMOTE_ADDR": "198.51.100.23"})
    with db_app.app_context():
        columns = {c["name"] for c in inspect(db.engine).get_columns("link_openings")}
        assert columns == {"id", "link_id", "opened_at"}
        times = db.session.scalars(select(LinkOpening.opened_at)).all()
        assert len(times) == 2 and all(before <= t <= datetime.now(UTC) for t in times)
    dump = _dump(db_app)
    for trace in ("203.0.113.77", "198.51.100.23", "UniqueAgent"):
        assert trace not in dump
    practitioner, _csrf = signed_in(db_app)
    page = practitioner.get(f"/practitioners/cases/{case_id}/openings")
    assert page.get_data(as_text=True).count('<tr class="govuk-table__row">') == 3  # header + 2


def _pin_post(client: FlaskClient, token: str, pin: str, **kwargs: object) -> object:
    form = client.get(f"/en/t/{token}", **kwargs)  # type: ignore[arg-type]
    csrf = csrf_token(form.get_data(as_text=True))
    return client.post(f"/en/t/{token}", data={"csrf_token": csrf, "pin": pin}, **kwargs)  # type: ignore[arg-type]


def test_a_pin_guards_the_timeline(db_app: Flask, case_id: str) -> None:
    token, pin = _make_link(db_app, case_id, pin=True)
    assert pin is not None and re.fullmatch(r"\d{6}", pin)
    stored = _link(db_app, token).pin_hash
    assert stored is not None and stored.startswith("$argon2id$") and pin not in stored
    client = db_app.test_client()
    form = client.get(f"/en/t/{token}")
    html = form.get_data(as_text=True)
    check_page(html, nonce_of(form.headers), "en")
    _assert_private(form)
    assert "Enter your PIN" in html
    for secret in PRIVATE_TEXT:
        assert secret not in html
    for blocked in (f"/en/t/{token}/calendar.ics", f"/en/t/{token}/print"):
        assert client.get(blocked).status_code == 302
    wrong = _pin_post(client, token, "000000" if pin != "000000" else "111111")
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    assert "The PIN is not right" in wrong.get_data(as_text=True)  # type: ignore[attr-defined]
    right = _pin_post(client, token, pin)
    assert right.status_code == 302  # type: ignore[attr-defined]
    assert "Bring the letter from school." in client.get(f"/en/t/{token}").get_data(as_text=True)
    assert client.get(f"/en/t/{token}/calendar.ics").status_code == 200
    with db_app.app_context():
        assert db.session.scalar(select(func.count(LinkOpening.id))) == 1  # not the PIN form views
    assert "Enter your PIN" in db_app.test_client().get(f"/en/t/{token}").get_data(as_text=True)


def test_five_wrong_pins_lock_the_link_for_a_while(db_app: Flask, case_id: str) -> None:
    token, pin = _make_link(db_app, case_id, pin=True)
    assert pin is not None
    wrong_pin = "000000" if pin != "000000" else "111111"
    client = db_app.test_client()
    statuses = [_pin_post(client, token, wrong_pin).status_code for _ in range(PIN_MAX_TRIES)]  # type: ignore[attr-defined]
    assert statuses == [400] * (PIN_MAX_TRIES - 1) + [429]
    locked = _pin_post(client, token, pin)
    assert locked.status_code == 429  # type: ignore[attr-defined]
    assert "Too many wrong tries" in locked.get_data(as_text=True)  # type: ignore[attr-defined]
    page = client.get(f"/en/t/{token}")
    check_page(page.get_data(as_text=True), nonce_of(page.headers), "en")
    assert "Bring the letter" not in page.get_data(as_text=True)
    with db_app.app_context():
        link = db.session.get(SecureLink, _link(db_app, token).id)
        assert link is not None and link.pin_locked_until is not None
        assert link.pin_locked_until - datetime.now(UTC) <= timedelta(minutes=15)
        link.pin_locked_until = datetime.now(UTC) - timedelta(seconds=1)
        db.session.commit()
    assert _pin_post(client, token, pin).status_code == 302  # type: ignore[attr-defined]


def test_the_pin_form_needs_its_csrf_token(db_app: Flask, case_id: str) -> None:
    token, pin = _make_link(db_app, case_id, pin=True)
    client = db_app.test_client()
    client.get(f"/en/t/{token}")
    response = client.post(f"/en/t/{token}", data={"pin": pin})
    assert response.status_code == 400
    assert "Your page timed out" in response.get_data(as_text=True)


def test_the_pin_form_works_over_https_without_a_referer(
    db_url: str, search_dir: object, case_id: str
) -> None:
    """Pages behind a link send no Referer (no-referrer), so the CSRF check must not need one."""
    settings = {
        k: getattr(ProductionConfig, k)
        for k in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME", "HSTS", "WTF_CSRF_SSL_STRICT")
    }
    app = make_app(db_url, search_dir, SECRET_KEY="p" * 40, **settings)  # type: ignore[arg-type]
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.public_id == case_id))
        assert case is not None
        new = create_link(case, datetime.now(UTC), with_pin=True)
        db.session.commit()
    client = app.test_client()
    https = {"base_url": "https://portal.example"}
    assert _pin_post(client, new.token, new.pin or "", **https).status_code == 302  # type: ignore[attr-defined]
    page = client.get(f"/en/t/{new.token}", **https)
    assert page.status_code == 200 and "Bring the letter" in page.get_data(as_text=True)
    toggle = client.post(
        "/en/display",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "large_print": "1",
            "next": f"/en/t/{new.token}",
        },
        **https,
    )
    assert toggle.status_code == 302, "large print works from a page that sends no Referer"
    dispose(app)


def test_secure_links_are_rate_limited(db_app: Flask, case_id: str) -> None:
    client = db_app.test_client()
    statuses = [client.get("/en/t/" + "B" * 43).status_code for _ in range(61)]
    assert statuses[:60] == [404] * 60 and statuses[60] == 429
