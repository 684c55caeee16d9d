"""bot/rasa_client.py against a stand-in HTTP server: no Rasa needed, so not marked.

The real servers are exercised by test_rasa_live.py (marked ``rasa``).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.engine import Reply, Source
from bot.rasa_client import REPLY_SCHEMA, RasaClient, RasaUnavailable, reply_from_messages

SECRET_QUESTION = "my partner hit me can they take my kids"
Handler = Callable[[BaseHTTPRequestHandler, dict[str, Any]], None]


def sample_reply() -> Reply:
    values: dict[str, Any] = {}
    for field in fields(Reply):
        values[field.name] = {
            "intent": "bring_solicitor",
            "confidence": 0.93,
            "fallback": False,
            "emergency": False,
            "answer_markdown": "You can bring a **solicitor**.",
            "answer_html": "<p>You can bring a <strong>solicitor</strong>.</p>",
            "answer_text": "You can bring a solicitor.",
            "sources": (Source(title="Who can come with you", url="/en/cambridgeshire/support"),),
            "needs_area": False,
        }.get(field.name)
    return Reply(**values)


def payload(reply: Reply) -> dict[str, Any]:
    return {"schema": REPLY_SCHEMA, "reply": json.loads(json.dumps(asdict(reply)))}


def send_json(handler: BaseHTTPRequestHandler, status: int, body: Any) -> None:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class StubRasa:
    """A loopback HTTP server that answers POSTs with ``self.handler``."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.handler: Handler = lambda h, body: send_json(h, 200, [])
        stub = self

        class RequestHandler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length))
                stub.requests.append({"path": self.path, "body": body})
                stub.handler(self, body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), RequestHandler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def stub() -> Iterator[StubRasa]:
    server = StubRasa()
    yield server
    server.close()


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_reply_comes_back_as_the_engines_reply_type(stub: StubRasa) -> None:
    expected = sample_reply()
    stub.handler = lambda h, body: send_json(
        h, 200, [{"recipient_id": body["sender"], "custom": payload(expected)}]
    )
    reply = RasaClient(stub.url).reply("can I bring my solicitor", lang="en", area="cambridgeshire")
    assert reply == expected
    assert isinstance(reply.sources[0], Source)


def test_request_carries_area_and_language_and_a_fresh_sender(stub: StubRasa) -> None:
    stub.handler = lambda h, body: send_json(h, 200, [{"custom": payload(sample_reply())}])
    client = RasaClient(stub.url + "/")
    client.reply("question one", lang="en", area="waltham-forest")
    client.reply("question two", lang="cy", area="england")
    first, second = (r["body"] for r in stub.requests)
    assert [r["path"] for r in stub.requests] == ["/webhooks/rest/webhook"] * 2
    assert first["message"] == "question one"
    assert first["metadata"] == {"area": "waltham-forest", "lang": "en"}
    assert second["metadata"] == {"area": "england", "lang": "cy"}
    assert first["sender"] != second["sender"]
    client.reply("question three", lang="en", area="england", sender_id="sms-thread")
    assert stub.requests[-1]["body"]["sender"] == "sms-thread"


def test_other_messages_are_ignored_in_favour_of_the_payload(stub: StubRasa) -> None:
    expected = sample_reply()
    stub.handler = lambda h, body: send_json(
        h, 200, [{"text": "hello"}, {"custom": {"other": 1}}, {"custom": payload(expected)}]
    )
    assert RasaClient(stub.url).reply("q", lang="en", area="england") == expected


def slow(handler: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
    time.sleep(0.6)
    send_json(handler, 200, [{"custom": payload(sample_reply())}])


@pytest.mark.parametrize(
    ("handler", "reason"),
    [
        # The action server is down or failed: Rasa answers 200 with no messages.
        (lambda h, body: send_json(h, 200, []), "no answer"),
        (lambda h, body: send_json(h, 200, [{"text": "Which council?"}]), "no answer"),
        (lambda h, body: send_json(h, 500, {"error": "boom"}), "HTTP 500"),
        (lambda h, body: send_json(h, 200, b"<html>not json"), "not JSON"),
        (lambda h, body: send_json(h, 200, {"not": "a list"}), "not a list"),
        (
            lambda h, body: send_json(h, 200, [{"custom": {"schema": REPLY_SCHEMA, "reply": 3}}]),
            "not an object",
        ),
        (
            lambda h, body: send_json(
                h, 200, [{"custom": {"schema": REPLY_SCHEMA, "reply": {"intent": "x"}}}]
            ),
            "does not match",
        ),
        (slow, "cannot reach Rasa"),
    ],
)
def test_any_failure_raises_rasa_unavailable(stub: StubRasa, handler: Handler, reason: str) -> None:
    stub.handler = handler
    with pytest.raises(RasaUnavailable, match=reason) as caught:
        RasaClient(stub.url, timeout=0.3).reply(SECRET_QUESTION, lang="en", area="england")
    # What the portal logs on fallback never contains what the parent typed.
    assert SECRET_QUESTION not in str(caught.value)
    # ... nor does a chained exception (which could carry the request) show in a traceback.
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_server_not_running_raises_rasa_unavailable() -> None:
    with pytest.raises(RasaUnavailable, match="cannot reach Rasa"):
        RasaClient(closed_port_url()).reply(SECRET_QUESTION, lang="en", area="england")


def test_oversized_response_is_refused(stub: StubRasa) -> None:
    stub.handler = lambda h, body: send_json(h, 200, [{"text": "x" * 1_100_000}])
    with pytest.raises(RasaUnavailable, match="too large"):
        RasaClient(stub.url).reply("q", lang="en", area="england")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://host", "127.0.0.1:5005", ""])
def test_only_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(ValueError, match="http"):
        RasaClient(url)


def test_reply_from_messages_ignores_non_dict_items() -> None:
    with pytest.raises(RasaUnavailable, match="no answer"):
        reply_from_messages(["text", 3, None])
