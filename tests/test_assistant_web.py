"""The assistant as a parent meets it: the chat page without JavaScript, the JSON
API, and "was this helpful?" counted by intent only."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from tests.conftest import nonce_of
from tests.invariants import check_page


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def test_chat_page_answers_without_javascript(client: FlaskClient) -> None:
    page = client.get("/en/kingston-richmond/assistant")
    html = page.get_data(as_text=True)
    check_page(html, nonce_of(page.headers), "en")
    assert 'aria-live="polite"' in html and "<label" in html
    response = client.post(
        "/en/kingston-richmond/assistant",
        data={"message": "can my solicitor talk for me", "csrf_token": _token(html)},
    )
    assert response.status_code == 200
    answer = response.get_data(as_text=True)
    check_page(answer, nonce_of(response.headers), "en")
    assert "can my solicitor talk for me" in answer  # what they asked, escaped, shown back
    assert "/en/kingston-richmond/on-the-day#solicitors" in answer  # the cited section
    assert "Was this helpful?" in answer


def test_chat_page_shows_emergency_help_first(client: FlaskClient) -> None:
    html = client.get("/en/england/assistant").get_data(as_text=True)
    response = client.post(
        "/en/england/assistant",
        data={"message": "he is hitting me right now", "csrf_token": _token(html)},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert text.index("999") < text.index("Answer from the guide") or "999" in text


def test_chat_form_needs_a_question_and_its_csrf_token(client: FlaskClient) -> None:
    html = client.get("/en/england/assistant").get_data(as_text=True)
    empty = client.post("/en/england/assistant", data={"message": " ", "csrf_token": _token(html)})
    assert empty.status_code == 400 and "Type your question" in empty.get_data(as_text=True)
    forged = client.post("/en/england/assistant", data={"message": "hello"})
    assert forged.status_code == 400


def test_user_text_is_escaped(client: FlaskClient) -> None:
    html = client.get("/en/england/assistant").get_data(as_text=True)
    response = client.post(
        "/en/england/assistant",
        data={
            "message": "<script>alert(1)</script> can I bring a friend",
            "csrf_token": _token(html),
        },
    )
    body = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_api_answers_with_sources(client: FlaskClient) -> None:
    response = client.post(
        "/api/assistant",
        json={"message": "how do i complain", "lang": "en", "area": "waltham-forest"},
    )
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) >= {
        "intent",
        "confidence",
        "fallback",
        "emergency",
        "answer_html",
        "answer_text",
        "sources",
    }
    assert body["intent"] == "complain" and not body["emergency"] and not body["fallback"]
    assert "28 days" in body["answer_text"]  # Waltham Forest's own complaint window
    assert body["sources"][0]["url"].startswith("/en/waltham-forest/")


def test_api_emergency_comes_first(client: FlaskClient) -> None:
    body = client.post(
        "/api/assistant", json={"message": "my son has taken an overdose, what is a core group"}
    ).get_json()
    assert body["emergency"] is True
    assert body["answer_text"].index("999") < 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"message": ""}, "message"),
        ({"message": 42}, "message"),
        ({"message": "hi", "area": "narnia"}, "area"),
        ({"message": "hi", "lang": "xx"}, "lang"),
        ({"message": "x" * 6000}, "message"),
    ],
)
def test_api_bad_input_is_a_clear_400(
    client: FlaskClient, payload: dict[str, object], field: str
) -> None:
    response = client.post("/api/assistant", json=payload)
    assert response.status_code == 400
    assert response.get_json()["field"] == field


def test_api_refuses_non_json(client: FlaskClient) -> None:
    response = client.post("/api/assistant", data=b"\xff\xfe", content_type="application/json")
    assert response.status_code == 400 and response.get_json()["field"] == "body"
