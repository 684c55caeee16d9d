"""GET /api/timeline: the case's dates from the council's rules, or a 400 naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from flask.testing import FlaskClient

TODAY = datetime.now(UTC).date()


def _get(client: FlaskClient, **args: str | list[str]) -> tuple[int, dict[str, object]]:
    response = client.get("/api/timeline", query_string=args)
    assert response.mimetype == "application/json"
    return response.status_code, response.get_json()


def test_events_in_date_order_with_rule_and_source(client: FlaskClient) -> None:
    start = TODAY - timedelta(days=20)
    status, body = _get(
        client,
        area="waltham-forest",
        initial_conference=start.isoformat(),
        strategy_discussion=(start - timedelta(days=10)).isoformat(),
    )
    assert status == 200
    assert body["area"] == "waltham-forest"
    events = body["events"]
    assert isinstance(events, list) and len(events) >= 4
    days = [date.fromisoformat(e["date"]) for e in events]
    assert days == sorted(days)
    for event in events:
        assert {"key", "date", "status", "rule", "source"} <= set(event)
        assert event["status"] in {"done", "upcoming", "due_soon", "overdue"}
    core = next(e for e in events if e["key"] == "first_core_group")
    assert core["source"] == "002" and "10" in core["rule"]


def test_reviews_repeat(client: FlaskClient) -> None:
    start = TODAY - timedelta(days=300)
    reviews = [(start + timedelta(days=90)).isoformat(), (start + timedelta(days=270)).isoformat()]
    status, body = _get(
        client, area="england", initial_conference=start.isoformat(), review_conference=reviews
    )
    assert status == 200
    keys = [e["key"] for e in body["events"]]
    assert "next_review_conference" in keys


@pytest.mark.parametrize(
    ("args", "field"),
    [
        ({"initial_conference": "2027-02-30"}, "initial_conference"),
        ({"initial_conference": "next tuesday"}, "initial_conference"),
        ({"initial_conference": "2039-01-01"}, "initial_conference"),
        ({}, "initial_conference"),
        (
            {"initial_conference": "2026-10-01", "review_conference": "2026-09-01"},
            "review_conference",
        ),
        ({"initial_conference": "2026-10-01", "area": "atlantis"}, "area"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    client: FlaskClient, args: dict[str, str], field: str
) -> None:
    query = {"area": "cambridgeshire", **args}
    status, body = _get(client, **query)
    assert status == 400
    assert body["error"] == "invalid_input"
    assert body["field"] == field
    assert isinstance(body["message"], str) and body["message"][:1].isupper()


def test_unknown_language_is_a_400(client: FlaskClient) -> None:
    status, body = _get(client, area="england", initial_conference=TODAY.isoformat(), lang="xx")
    assert status == 400 and body["field"] == "lang"
