"""When Rasa is stopped the client raises RasaUnavailable, so the portal falls back.

``make rasa-ci`` runs this file a second time after ``make rasa-stop`` with
``RASA_SERVERS_STOPPED=1``: the client then talks to the real, stopped ``RASA_URL``.
While the servers run, a loopback port nothing listens on stands in for them.
"""

from __future__ import annotations

import os
import socket

import pytest

from bot.rasa_client import RasaClient, RasaUnavailable

pytestmark = pytest.mark.rasa
QUESTION = "can they take my children away"


def stopped_url() -> str:
    if os.environ.get("RASA_SERVERS_STOPPED") == "1":
        return os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_the_client_raises_when_rasa_is_stopped() -> None:
    with pytest.raises(RasaUnavailable) as caught:
        RasaClient(stopped_url()).reply(QUESTION, lang="en", area="england")
    assert "cannot reach Rasa" in caught.value.reason
    assert QUESTION not in str(caught.value)


def test_the_portal_answers_with_the_embedded_engine_and_logs_no_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    import tempfile

    from portal import create_app
    from portal.config import TestConfig

    app = create_app(
        TestConfig,
        SEARCH_INDEX_DIR=tempfile.mkdtemp(prefix="rasa-stopped-"),
        ASSISTANT_BACKEND="rasa",
        RASA_URL=stopped_url(),
        RASA_TIMEOUT=2.0,
    )
    with caplog.at_level("WARNING"):
        response = app.test_client().post(
            "/api/assistant", json={"message": QUESTION, "area": "cambridgeshire"}
        )
    assert response.status_code == 200
    body = response.get_json()
    assert body["intent"] == "removal_of_child" and not body["fallback"]
    assert "rasa unavailable" in caplog.text
    assert QUESTION not in caplog.text
