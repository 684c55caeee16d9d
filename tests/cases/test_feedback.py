""" "Was this helpful?" is counted by intent only, on SQLite and PostgreSQL."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import AnswerFeedback
from tests.test_assistant_web import _token


def test_feedback_is_counted_by_intent_only(db_app: Flask) -> None:
    client = db_app.test_client()
    html = client.get("/en/england/assistant").get_data(as_text=True)
    token = _token(html)
    for helpful in ("yes", "yes", "no"):
        response = client.post(
            "/en/england/assistant/feedback",
            data={"intent": "appeal", "helpful": helpful, "csrf_token": token},
        )
        assert response.status_code == 302
    client.post(
        "/en/england/assistant/feedback",
        data={"intent": "not-an-intent", "helpful": "yes", "csrf_token": token},
    )
    with db_app.app_context():
        rows = db.session.scalars(select(AnswerFeedback)).all()
        assert [(r.intent, r.helpful, r.not_helpful) for r in rows] == [("appeal", 2, 1)]
    thanks = client.get("/en/england/assistant?feedback=thanks").get_data(as_text=True)
    assert "Thank you" in thanks
