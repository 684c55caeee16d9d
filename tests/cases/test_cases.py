"""Creating, changing and deleting a case through the practitioner's pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.cases.links import create_link, record_opening
from portal.extensions import db
from portal.models import Case, LinkOpening, Organisation, ReviewConference, SecureLink
from tests.conftest import nonce_of
from tests.dbsupport import add_case, add_organisation, add_practitioner, signed_in
from tests.invariants import check_page


@pytest.fixture
def practitioner(db_app: Flask) -> None:
    with db_app.app_context():
        add_practitioner(add_organisation())


# Dates relative to today: the rules engine refuses reviews in the future and
# dates more than five years away, so fixed dates would age out of validity.
TODAY = datetime.now(UTC).date()
INITIAL = TODAY - timedelta(days=120)
REVIEW_1 = TODAY - timedelta(days=30)
REVIEW_2 = TODAY - timedelta(days=2)


def _parts(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def _form(token: str, **changes: str) -> dict[str, str]:
    data = {
        "csrf_token": token,
        "area": "kingston-richmond",
        "language": "en",
        "nickname": "Sam",
        **_parts("initial_conference", INITIAL),
        **_parts("review_1", REVIEW_1),
        "conference_time": "2:30pm",
        "conference_place": "Civic Centre, Room 4",
        "conference_link": "https://meet.example.org/abc-def",
        "note": "Bring the letter from school.\nI will call on Monday.",
    }
    data.update(changes)
    return data


def _only_case(app: Flask) -> Case:
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert case is not None
        _ = case.reviews, case.nickname, case.note, case.conference_place, case.conference_link
        db.session.expunge(case)
        return case


def test_new_case_form_meets_the_invariants(db_app: Flask, practitioner: None) -> None:
    client, _token = signed_in(db_app)
    response = client.get("/practitioners/cases/new")
    html = response.get_data(as_text=True)
    check_page(html, nonce_of(response.headers), "en")
    assert "Do not enter a full name" in html
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.headers["Cache-Control"] == "no-store"


def test_create_a_case(db_app: Flask, practitioner: None) -> None:
    client, token = signed_in(db_app)
    response = client.post("/practitioners/cases/new", data=_form(token))
    assert response.status_code == 302, response.get_data(as_text=True)
    case = _only_case(db_app)
    assert len(case.public_id) >= 16 and not case.public_id.isdigit()
    assert response.headers["Location"].startswith(f"/practitioners/cases/{case.public_id}")
    assert case.initial_conference == INITIAL
    assert [r.held_on for r in case.reviews] == [REVIEW_1]
    assert case.conference_time == time(14, 30)
    assert case.note == "Bring the letter from school.\nI will call on Monday."
    page = client.get(response.headers["Location"])
    html = page.get_data(as_text=True)
    check_page(html, nonce_of(page.headers), "en")
    assert "The case has been saved" in html and "Civic Centre, Room 4" in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {
                "initial_conference-day": "",
                "initial_conference-month": "",
                "initial_conference-year": "",
            },
            "initial_conference-day",
            "Enter the date of the initial child protection conference",
        ),
        (
            {"initial_conference-day": "30", "initial_conference-month": "2"},
            "initial_conference-day",
            "Date of the initial child protection conference must be a real date",
        ),
        (
            {"initial_conference-year": ""},
            "initial_conference-day",
            "must include a day, month and year",
        ),
        (
            {
                "strategy_discussion-day": "x",
                "strategy_discussion-month": "1",
                "strategy_discussion-year": "2026",
            },
            "strategy_discussion-day",
            "Date of the strategy discussion must be a real date",
        ),
        (
            {"review_1-year": "27"},
            "review_1-day",
            "Date of review conference 1 must be a real date",
        ),
        ({"conference_time": "25:00"}, "conference_time", "Enter the time like 10:30 or 2:30pm"),
        ({"conference_link": "http://meet.example.org/x"}, "conference_link", "starting https://"),
        ({"note": "x" * 1001}, "note", "Use 1000 characters or fewer"),
        ({"nickname": "x" * 41}, "nickname", "Use 40 characters or fewer"),
        ({"area": "atlantis"}, "area", "Choose the family&#39;s council"),
        ({"language": "xx"}, "language", "Choose the parent&#39;s language"),
    ],
)
def test_mistakes_are_named_in_an_error_summary(
    db_app: Flask, practitioner: None, changes: dict[str, str], field: str, message: str
) -> None:
    client, token = signed_in(db_app)
    response = client.post("/practitioners/cases/new", data=_form(token, **changes))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    check_page(html, nonce_of(response.headers), "en")
    assert 'class="govuk-error-summary"' in html
    assert f'href="#{field}"' in html
    assert message in html
    assert f'id="{field}"' in html, "the summary links to a real field"
    with db_app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 0
    if field != "note":
        assert "Bring the letter from school." in html, "what was typed is kept"


def test_edit_a_case_and_add_reviews(db_app: Flask, practitioner: None) -> None:
    client, token = signed_in(db_app)
    client.post("/practitioners/cases/new", data=_form(token))
    case = _only_case(db_app)
    edit_page = client.get(f"/practitioners/cases/{case.public_id}/edit").get_data(as_text=True)
    assert 'name="review_2-day"' in edit_page and f'value="{REVIEW_1.day}"' in edit_page
    changed = _form(
        token,
        nickname="",
        note="",
        **_parts("review_2", REVIEW_2),
    )
    response = client.post(f"/practitioners/cases/{case.public_id}/edit", data=changed)
    assert response.status_code == 302
    case = _only_case(db_app)
    assert case.nickname is None and case.note is None
    assert [r.held_on for r in case.reviews] == [REVIEW_1, REVIEW_2]
    with db_app.app_context():
        assert db.session.scalar(select(func.count(ReviewConference.id))) == 2


def test_delete_a_case_takes_its_links_and_openings(db_app: Flask, practitioner: None) -> None:
    with db_app.app_context():
        organisation = db.session.scalar(select(Organisation))
        assert organisation is not None
        case = add_case(organisation)
        case.reviews.append(ReviewConference(held_on=date(2027, 3, 19)))
        new = create_link(case, datetime.now(UTC), with_pin=False)
        db.session.commit()
        record_opening(new.link, datetime.now(UTC))
        case_id = case.public_id
    client, token = signed_in(db_app)
    confirm = client.get(f"/practitioners/cases/{case_id}/delete")
    check_page(confirm.get_data(as_text=True), nonce_of(confirm.headers), "en")
    response = client.post(f"/practitioners/cases/{case_id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    with db_app.app_context():
        for model in (Case, ReviewConference, SecureLink, LinkOpening):
            assert db.session.scalar(select(func.count(model.id))) == 0, model.__name__
    assert client.get(f"/practitioners/cases/{case_id}").status_code == 404
    assert "The case has been deleted" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_every_practitioner_page_meets_the_invariants(db_app: Flask, practitioner: None) -> None:
    client, token = signed_in(db_app)
    client.post("/practitioners/cases/new", data=_form(token))
    case = _only_case(db_app)
    made = client.post(f"/practitioners/cases/{case.public_id}/link", data={"csrf_token": token})
    pages: list[Any] = [made]
    for suffix in ("", "/edit", "/delete", "/link", "/link/revoke", "/openings"):
        pages.append(client.get(f"/practitioners/cases/{case.public_id}{suffix}"))
    pages.append(client.get("/practitioners/cases"))
    for response in pages:
        assert response.status_code == 200
        check_page(response.get_data(as_text=True), nonce_of(response.headers), "en")
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
