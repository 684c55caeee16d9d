"""A practitioner sees only their organisation's cases: for every case route
in the URL map, another organisation's case id is a 404 and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import func, select

import portal.cases.views  # noqa: F401  (registers the routes on the blueprint)
from portal.cases import bp as cases_bp
from portal.cases.links import create_link
from portal.extensions import db
from portal.models import Case, SecureLink
from tests.dbsupport import add_case, add_organisation, add_practitioner, csrf_token, signed_in


def _routes(*, with_case_id: bool) -> list[tuple[str, str]]:
    """(rule, method) for the cases blueprint's routes, read from a URL map."""
    probe = Flask("probe")
    probe.register_blueprint(cases_bp)
    return sorted(
        (rule.rule, method)
        for rule in probe.url_map.iter_rules()
        if rule.endpoint.startswith("cases.") and (not with_case_id or "case_id" in rule.arguments)
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    )


CASE_ROUTES = _routes(with_case_id=True)
ALL_ROUTES = _routes(with_case_id=False)


def test_the_route_list_covers_every_case_action() -> None:
    paths = {rule for rule, _method in CASE_ROUTES}
    for suffix in ("", "/edit", "/delete", "/link", "/link/revoke", "/openings"):
        assert f"/practitioners/cases/<case_id>{suffix}" in paths
    assert len(CASE_ROUTES) >= 10


@pytest.fixture
def two_organisations(db_app: Flask) -> str:
    """Organisation A owns a case with a link; B has a practitioner of its own."""
    with db_app.app_context():
        ours = add_organisation("Organisation A")
        theirs = add_organisation("Organisation B")
        add_practitioner(ours, "a@example.org")
        add_practitioner(theirs, "b@example.org")
        case = add_case(ours, nickname="Sam")
        create_link(case, datetime.now(UTC), with_pin=False)
        db.session.commit()
        return case.public_id


def _state(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        cases = db.session.scalar(select(func.count(Case.id)))
        links = db.session.scalar(select(func.count(SecureLink.id)))
        live = db.session.scalar(
            select(func.count(SecureLink.id)).where(SecureLink.revoked_at.is_(None))
        )
        return cases or 0, links or 0, live or 0


@pytest.mark.parametrize(("rule", "method"), CASE_ROUTES)
def test_another_organisations_case_is_a_404(
    db_app: Flask, two_organisations: str, rule: str, method: str
) -> None:
    path = rule.replace("<case_id>", two_organisations)
    data = {
        "initial_conference-day": "1",
        "initial_conference-month": "2",
        "initial_conference-year": "2027",
        "area": "england",
        "language": "en",
        "pin": "yes",
    }
    before = _state(db_app)
    outsider, token = signed_in(db_app, "b@example.org")
    response = outsider.open(path, method=method, data={"csrf_token": token, **data})
    assert response.status_code == 404
    assert "Sam" not in response.get_data(as_text=True)
    assert _state(db_app) == before, "a refused request changed nothing"
    owner, owner_token = signed_in(db_app, "a@example.org")
    missing = owner.open(
        rule.replace("<case_id>", "no-such-case"), method=method, data={"csrf_token": owner_token}
    )
    assert missing.status_code == 404
    allowed = owner.open(path, method=method, data={"csrf_token": owner_token, **data})
    assert allowed.status_code in {200, 302}, "the owner can use the same route"


@pytest.mark.parametrize(("rule", "method"), ALL_ROUTES)
def test_every_case_route_needs_a_signed_in_practitioner(
    db_app: Flask, two_organisations: str, rule: str, method: str
) -> None:
    client = db_app.test_client()
    token = csrf_token(client.get("/practitioners/sign-in").get_data(as_text=True))
    response = client.open(
        rule.replace("<case_id>", two_organisations), method=method, data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/practitioners/sign-in")


def test_the_list_shows_only_the_organisations_own_cases(
    db_app: Flask, two_organisations: str
) -> None:
    with db_app.app_context():
        theirs = db.session.scalar(select(Case).where(Case.public_id == two_organisations))
        assert theirs is not None
        add_case(add_organisation("Organisation C"), nickname="Robin")
    outsider, _token = signed_in(db_app, "b@example.org")
    html = outsider.get("/practitioners/cases").get_data(as_text=True)
    assert "Sam" not in html and "Robin" not in html and two_organisations not in html
    owner, _token = signed_in(db_app, "a@example.org")
    html = owner.get("/practitioners/cases").get_data(as_text=True)
    assert "Sam" in html and "Robin" not in html
