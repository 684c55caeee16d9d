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
