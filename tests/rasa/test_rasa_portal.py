"""The portal answering through Rasa: POST /api/assistant with ASSISTANT_BACKEND=rasa.

Every intent, for two councils and (when landed) two languages, is answered through
the running Rasa server with the same authored answer the embedded engine gives.
Emergencies are caught by the portal before Rasa is asked.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.answers import compose
from portal import create_app
from portal.config import TestConfig
from tests.rasa.test_rasa_live import COUNCILS, INTENTS, LANGS, examples

pytestmark = pytest.mark.rasa
PORTAL_LANGS = LANGS[:2] if len(LANGS) > 1 else LANGS


@pytest.fixture(scope="module")
def rasa_app(rasa_url: str) -> Iterator[Flask]:
    app = create_app(
        TestConfig,
        SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="rasa-portal-"),
        ASSISTANT_BACKEND="rasa",
        RASA_URL=rasa_url,
        RASA_TIMEOUT=10.0,
        RATELIMIT_ENABLED=False,
    )
    yield app


@pytest.fixture
def portal(rasa_app: Flask) -> FlaskClient:
    return rasa_app.test_client()


@pytest.mark.parametrize("lang", PORTAL_LANGS)
@pytest.mark.parametrize("area", COUNCILS)
def test_every_intent_through_the_portal(portal: FlaskClient, lang: str, area: str) -> None:
    wrong = []
    for intent in INTENTS:
        if intent in {"out_of_scope", "emergency_help"}:
            continue
        message = examples(lang)[intent][0]
        body = portal.post(
            "/api/assistant", json={"message": message, "lang": lang, "area": area}
        ).get_json()
        if body["emergency"]:
            continue  # caught by the portal first, by design
        if body["intent"] != intent:
            wrong.append((intent, body["intent"]))
            continue
        expected = compose(intent, lang, area)
        assert body["answer_text"] == expected.answer_text, (lang, area, intent)
        assert body["sources"][0]["url"].startswith(f"/{lang}/{area}/"), (lang, area, intent)
    # Training examples should come back as themselves through Rasa's model.
    assert len(wrong) <= len(INTENTS) // 10, wrong


def test_emergency_is_answered_by_the_portal_first(portal: FlaskClient) -> None:
    body = portal.post(
        "/api/assistant", json={"message": "he is strangling me now", "area": "cambridgeshire"}
    ).get_json()
    assert body["emergency"] is True and "999" in body["answer_text"][:200]
