"""Ask the Rasa server (``ASSISTANT_BACKEND=rasa``, ``RASA_URL``) instead of the embedded engine.

Flask-free and standard library only. One call is one POST to Rasa's REST channel,
``{RASA_URL}/webhooks/rest/webhook``, with the family's area and language as message
metadata. Rasa classifies the question and its action server (``bot/rasa/actions``)
composes the authored answer with the same code as the embedded engine, returning it
as a custom payload that becomes the same :class:`bot.engine.Reply`.

Any failure (refused, timed out, HTTP error, unexpected payload) raises
:class:`RasaUnavailable`, so the caller can answer with the embedded engine instead.
No exception raised here carries the message text.

Emergency detection is not done here: the caller runs it first, whichever engine answers.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from dataclasses import fields
from typing import Any
from urllib.parse import urlsplit

from bot.engine import Reply, Source

DEFAULT_TIMEOUT = 3.0
# Written by bot/rasa/actions into the custom payload; bump both together.
REPLY_SCHEMA = "cp-guide-reply/1"
MAX_RESPONSE_BYTES = 1_000_000
WEBHOOK_PATH = "/webhooks/rest/webhook"


class RasaUnavailable(Exception):
    """Rasa did not give a usable answer; fall back to the embedded engine.

    ``reason`` is a short, fixed description safe to log (never the message text).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RasaClient:
    """A client for one Rasa server. Cheap to create; holds no connection."""

    def __init__(self, base_url: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("RASA_URL must be an http(s) URL, like http://127.0.0.1:5005")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def reply(self, message: str, lang: str, area: str, sender_id: str | None = None) -> Reply:
        """The assistant's reply through Rasa.

        Each call is its own conversation unless ``sender_id`` is given: the portal
        keeps no chat history, so a fresh random id links nothing to the person.
        """
        payload = {
            "sender": sender_id or f"portal-{uuid.uuid4().hex}",
            "message": message,
            "metadata": {"area": area, "lang": lang},
        }
        return reply_from_messages(self._post(WEBHOOK_PATH, payload))

    def _post(self, path: str, payload: dict[str, Any]) -> Any:
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            self.base_url + path,
            data=json.dumps(payload).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            # The scheme was checked in __init__: only http(s) reaches urlopen.
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as error:
            error.close()
            raise RasaUnavailable(f"HTTP {error.code} from Rasa") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise RasaUnavailable(f"cannot reach Rasa ({type(error).__name__})") from None
        if len(body) > MAX_RESPONSE_BYTES:
            raise RasaUnavailable("response from Rasa too large")
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise RasaUnavailable("response from Rasa is not JSON") from None


def reply_from_messages(messages: Any) -> Reply:
    """Find the action's reply payload among the bot messages of one turn."""
    if not isinstance(messages, list):
        raise RasaUnavailable("response from Rasa is not a list of messages")
    for message in messages:
        custom = message.get("custom") if isinstance(message, dict) else None
        if isinstance(custom, dict) and custom.get("schema") == REPLY_SCHEMA:
            return reply_from_payload(custom.get("reply"))
    # No payload: the action server is down or failed, or Rasa predicted no answer.
    raise RasaUnavailable(f"no answer in Rasa's response ({len(messages)} messages)")


def reply_from_payload(data: Any) -> Reply:
    if not isinstance(data, dict):
        raise RasaUnavailable("reply payload is not an object")
    values: dict[str, Any] = {}
    try:
        for field in fields(Reply):
            if field.name == "sources":
                values["sources"] = tuple(Source(**source) for source in data["sources"])
            elif field.name in data:
                values[field.name] = data[field.name]
        return Reply(**values)
    except (KeyError, TypeError, ValueError):
        raise RasaUnavailable("reply payload does not match Reply") from None
