"""The parents' self-service timeline: dates in the query string, nothing stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask.testing import FlaskClient

from portal import create_app
from portal.config import TestConfig
from tests.conftest import nonce_of
from tests.invariants import check_page

TODAY = datetime.now(UTC).date()
PAGE = "/en/kingston-richmond/your-dates"


def _date_args(name: str, day: date) -> dict[str, str]:
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


def test_the_empty_form_meets_the_invariants_and_is_private(client: FlaskClient) -> None:
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    check_page(html, nonce_of(response.headers), "en")
    assert 'method="get"' in html and "Nothing you enter is saved" in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_dates_give_the_councils_timeline(client: FlaskClient) -> None:
    start = TODAY - timedelta(days=30)
    response = client.get(PAGE, query_string=_date_args("initial_conference", start))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    check_page(html, nonce_of(response.headers), "en")
    assert "Should have happened by now" in html  # Kingston's plan within 1 working day
    assert "First review conference" in html
    assert "/en/kingston-richmond/after-the-conference#reviews" in html
    assert "your-dates/calendar.ics?" in html


def test_bad_dates_are_named_in_an_error_summary(client: FlaskClient) -> None:
    start = _date_args("initial_conference", TODAY - timedelta(days=30))
    not_real = {**start, "review_1-day": "30", "review_1-month": "2", "review_1-year": "2026"}
    response = client.get(PAGE, query_string=not_real)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    check_page(html, nonce_of(response.headers), "en")
    assert 'href="#review_1-day"' in html and "must be a real date" in html
    # Real dates that do not fit together: the rules engine says which and why.
    future = {**start, **_date_args("minutes_received", TODAY + timedelta(days=20))}
    html = client.get(PAGE, query_string=future).get_data(as_text=True)
    assert 'href="#minutes_received-day"' in html and "today or in the past" in html


def test_no_first_conference_is_asked_for(client: FlaskClient) -> None:
    response = client.get(PAGE, query_string={"strategy_discussion-day": "3"})
    assert response.status_code == 400
    assert "#initial_conference-day" in response.get_data(as_text=True)


def test_calendar_file_from_the_same_dates(client: FlaskClient) -> None:
    args = _date_args("initial_conference", TODAY - timedelta(days=5))
    response = client.get(PAGE + "/calendar.ics", query_string=args)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.count("BEGIN:VEVENT") >= 2
    again = client.get(PAGE + "/calendar.ics", query_string=args).get_data(as_text=True)
    uids = [line for line in body.split("\r\n") if line.startswith("UID:")]
    assert uids == [line for line in again.split("\r\n") if line.startswith("UID:")]
    bad = client.get(PAGE + "/calendar.ics", query_string={"initial_conference-day": "40"})
    assert bad.status_code == 400


def test_linked_from_the_contents_page(client: FlaskClient) -> None:
    html = client.get("/en/kingston-richmond/").get_data(as_text=True)
    assert 'href="/en/kingston-richmond/your-dates"' in html
    assert 'href="/en/kingston-richmond/assistant"' in html


def test_working_out_dates_is_rate_limited_but_the_empty_form_is_not(tmp_path: Path) -> None:
    app = create_app(TestConfig, SEARCH_INDEX_DIR=str(tmp_path), TIMELINE_RATE_LIMIT="3/minute")
    client = app.test_client()
    for _ in range(5):
        assert client.get(PAGE).status_code == 200
    args = _date_args("initial_conference", TODAY - timedelta(days=5))
    codes = [client.get(PAGE, query_string=args).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
