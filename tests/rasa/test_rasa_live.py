"""The Rasa path end to end, against running servers (``make rasa-run``; ``RASA_URL``).

Every intent is answered through Rasa's REST channel for two councils in every
language that has training data, and must be the same authored answer the embedded
engine gives for that intent, council and language. A second language is picked up
automatically when ``bot/data/<lang>/nlu.yml`` appears.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from bot.answers import book
from bot.classifier import read_nlu
from bot.emergency import is_emergency
from bot.engine import Assistant, Reply
from bot.knowledge import DEFAULT_AREA, languages
from bot.rasa_client import RasaClient
from tests.conftest import SHARED

pytestmark = pytest.mark.rasa

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "bot" / "data"
# Two councils whose rules differ (appeals, who may attend, report timings).
COUNCILS = ("kingston-richmond", "waltham-forest")
LANGS = tuple(code for code in languages() if (DATA / code / "nlu.yml").exists())
DEV_QUESTIONS = SHARED / "eval" / "dev_questions.tsv"


@cache
def examples(lang: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for text, intent in read_nlu(DATA / lang / "nlu.yml"):
        found.setdefault(intent, []).append(text)
    return found


INTENTS = sorted({intent for lang in LANGS for intent in examples(lang)})


@pytest.fixture(scope="session")
def client(rasa_url: str) -> RasaClient:
    return RasaClient(rasa_url, timeout=10)


@pytest.fixture(scope="session")
def embedded() -> Assistant:
    return Assistant.load()


def post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def parse(rasa_url: str, text: str) -> tuple[str, float]:
    result = post(f"{rasa_url}/model/parse", {"text": text})
    return result["intent"]["name"], float(result["intent"]["confidence"])


@cache
def question_for(rasa_url: str, lang: str, intent: str) -> str:
    """A training example Rasa recognises as the intent (the first such one)."""
    if intent == "emergency_help":
        # The emergency patterns own emergencies (the model's guess never counts).
        found = [e for e in examples(lang)[intent] if is_emergency(e, lang)]
        assert found, f"no {lang} emergency example trips the emergency patterns"
        return found[0]
    candidates = [e for e in examples(lang).get(intent, []) if not is_emergency(e, lang)]
    for text in candidates[:20]:
        if parse(rasa_url, text)[0] == intent:
            return text
    pytest.fail(f"none of the first 20 {lang} examples of {intent} is recognised by Rasa")


def test_the_languages_under_test_are_those_with_training_data() -> None:
    assert "en" in LANGS
    assert set(LANGS) <= set(languages())


@pytest.mark.parametrize("area", COUNCILS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_is_answered_as_the_embedded_engine_answers_it(
    client: RasaClient, embedded: Assistant, rasa_url: str, intent: str, lang: str, area: str
) -> None:
    question = question_for(rasa_url, lang, intent)
    reply = client.reply(question, lang=lang, area=area)

    if intent == "emergency_help":
        assert reply.emergency
        expected = embedded.reply(question, lang=lang, area=area)
    elif intent == "out_of_scope":
        assert reply.fallback
        expected = embedded.answer(intent, lang, area, reply.confidence, True, query=question)
    else:
        assert (reply.intent, reply.fallback, reply.emergency) == (intent, False, False)
        expected = embedded.answer(intent, lang, area, reply.confidence, False, query=question)
    assert reply.answer_markdown.strip()
    assert reply.answer_markdown == expected.answer_markdown
    assert reply.answer_html == expected.answer_html
    assert reply.answer_text == expected.answer_text
    assert reply.sources == expected.sources
    assert reply.sources and reply.sources[0].url.startswith(f"/{lang}/{area}/")
    assert reply.needs_area is False  # a council was given
    assert 0.0 <= reply.confidence <= 1.0


@pytest.mark.parametrize("lang", LANGS)
def test_the_council_changes_the_answer(client: RasaClient, rasa_url: str, lang: str) -> None:
    dependent = [i for i in INTENTS if book(lang).depends_on_area(i)]
    assert dependent, "answers.yml marks no answer as area_dependent"
    differs = []
    for intent in dependent:
        question = question_for(rasa_url, lang, intent)
        first, second = (client.reply(question, lang=lang, area=a) for a in COUNCILS)
        differs.append(first.answer_markdown != second.answer_markdown)
    assert any(differs)


@pytest.mark.parametrize("lang", LANGS)
def test_without_a_council_the_national_answer_offers_to_choose_one(
    client: RasaClient, rasa_url: str, lang: str
) -> None:
    intent = next(i for i in INTENTS if book(lang).depends_on_area(i))
    reply = client.reply(question_for(rasa_url, lang, intent), lang=lang, area=DEFAULT_AREA)
    assert reply.intent == intent
    assert reply.needs_area
    assert reply.sources[0].url.startswith(f"/{lang}/{DEFAULT_AREA}/")


def test_an_unknown_language_or_council_gets_the_english_national_answer(
    client: RasaClient, rasa_url: str
) -> None:
    question = question_for(rasa_url, "en", "bring_solicitor")
    reply = client.reply(question, lang="xx", area="atlantis")
    assert reply.intent == "bring_solicitor"
    assert reply.sources[0].url.startswith(f"/en/{DEFAULT_AREA}/")


def test_nonsense_gets_the_fallback_with_closest_pages(client: RasaClient) -> None:
    reply = client.reply("qwzx plorb vintage tractor carburettor", lang="en", area=COUNCILS[0])
    assert (reply.intent, reply.fallback, reply.emergency) == ("out_of_scope", True, False)
    assert reply.sources


def test_an_emergency_reaching_rasa_gets_emergency_help_first(client: RasaClient) -> None:
    """The portal checks first; Rasa checks too (SMS has no portal in front of it)."""
    reply = client.reply(
        "he is hitting me right now and the kids are here", lang="en", area=COUNCILS[1]
    )
    assert reply.emergency
    assert "999" in reply.answer_text


# -- the council question (area_form), over the REST channel ---------------------------


def webhook(rasa_url: str, sender: str, message: str, **extra: Any) -> list[dict[str, Any]]:
    body = {"sender": sender, "message": message, **extra}
    result = post(f"{rasa_url}/webhooks/rest/webhook", body)
    assert isinstance(result, list)
    return result


def only_text(messages: list[dict[str, Any]]) -> str:
    assert len(messages) == 1 and "text" in messages[0], messages
    return str(messages[0]["text"])


def only_reply(messages: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(messages) == 1 and "custom" in messages[0], messages
    return dict(messages[0]["custom"]["reply"])


def dependent_question(rasa_url: str) -> tuple[str, str]:
    intent = next(i for i in INTENTS if book("en").depends_on_area(i))
    return intent, question_for(rasa_url, "en", intent)


@pytest.mark.parametrize("answer", ["Waltham Forest", "I live in waltham forest", "4"])
def test_without_a_council_rasa_asks_for_it_then_answers(rasa_url: str, answer: str) -> None:
    intent, question = dependent_question(rasa_url)
    sender = f"test-{uuid.uuid4().hex}"
    asked = only_text(webhook(rasa_url, sender, question))
    assert "Waltham Forest" in asked and "Cambridgeshire" in asked
    reply = only_reply(webhook(rasa_url, sender, answer))
    assert reply["intent"] == intent
    assert reply["sources"][0]["url"].startswith("/en/waltham-forest/")
    # The council is remembered for the next question.
    again = only_reply(webhook(rasa_url, sender, question))
    assert again["sources"][0]["url"].startswith("/en/waltham-forest/")


def test_an_answer_that_is_not_a_council_is_asked_again(rasa_url: str) -> None:
    intent, question = dependent_question(rasa_url)
    sender = f"test-{uuid.uuid4().hex}"
    first = only_text(webhook(rasa_url, sender, question))
    assert only_text(webhook(rasa_url, sender, "purple elephants")) == first
    reply = only_reply(webhook(rasa_url, sender, "not sure"))
    assert reply["intent"] == intent
    assert reply["sources"][0]["url"].startswith(f"/en/{DEFAULT_AREA}/")


def test_an_emergency_while_asked_for_the_council_gets_help_first(rasa_url: str) -> None:
    _intent, question = dependent_question(rasa_url)
    sender = f"test-{uuid.uuid4().hex}"
    only_text(webhook(rasa_url, sender, question))
    reply = only_reply(webhook(rasa_url, sender, "he has a knife and is threatening me now"))
    assert reply["emergency"]


# -- SMS and WhatsApp (Twilio) ----------------------------------------------------------


def test_sms_answers_are_short_with_a_link_to_the_page(rasa_url: str) -> None:
    _intent, question = dependent_question(rasa_url)
    text = only_text(
        webhook(
            rasa_url,
            f"sms-{uuid.uuid4().hex}",
            question,
            input_channel="twilio",
            metadata={"area": "cambridgeshire"},
        )
    )
    body, link = text.rsplit("\n", 1)
    assert len(body) <= 320
    assert "\n\n" not in text  # Twilio would send each part as its own text
    assert re.search(r"/en/cambridgeshire/[a-z0-9-]+(#[a-z0-9-]+)?$", link)


def test_sms_emergency_help_is_never_shortened(rasa_url: str) -> None:
    text = only_text(
        webhook(
            rasa_url, f"sms-{uuid.uuid4().hex}", "ending it all tonight", input_channel="twilio"
        )
    )
    for number in ("999", "0808 800 5000", "0800 1111", "116 123"):
        assert number in text


TWILIO_ON = bool(os.environ.get("TWILIO_ACCOUNT_SID"))


def twilio_post(rasa_url: str, params: dict[str, str], signature: str | None) -> int:
    """POST like Twilio does; the HTTP status."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/twilio/webhook",
        data=urllib.parse.urlencode(params).encode(),
        headers=headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's request signature: HMAC-SHA1 of the URL and the sorted parameters."""
    payload = url + "".join(key + params[key] for key in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


SMS = {"From": "+447700900000", "Body": "can I bring my solicitor"}


def test_the_twilio_webhook_refuses_unsigned_requests(rasa_url: str) -> None:
    """403 when the Twilio channel is configured (``make rasa-ci`` configures it with
    made-up credentials); without TWILIO_* the channel is not served at all (404).
    Never an open webhook that texts whatever number a request names."""
    expected = 403 if TWILIO_ON else 404
    assert twilio_post(rasa_url, SMS, None) == expected
    assert twilio_post(rasa_url, SMS, "bm90IGEgc2lnbmF0dXJl") == expected


def test_the_twilio_webhook_accepts_requests_signed_by_twilio(rasa_url: str) -> None:
    """Signed with the auth token over TWILIO_WEBHOOK_URL: accepted (204; the outgoing
    text then fails, as the credentials are made up and nothing leaves the machine)."""
    token = os.environ.get("TWILIO_AUTH_TOKEN", "")
    url = os.environ.get("TWILIO_WEBHOOK_URL", "")
    signature = twilio_signature(token, url, SMS)
    assert twilio_post(rasa_url, SMS, signature) == (204 if TWILIO_ON else 404)


# -- the evaluation -----------------------------------------------------------------------


def test_evaluation_on_the_development_questions(rasa_url: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "evaluate",
            str(DEV_QUESTIONS),
            "--engine",
            "rasa",
            "--rasa-url",
            rasa_url,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    scores = dict(pair.split("=") for pair in last.split())
    assert float(scores["accuracy"]) >= 0.85, result.stdout
    assert float(scores["emergency_recall"]) == 1.0, result.stdout


def test_replies_are_the_reply_type(client: RasaClient) -> None:
    assert isinstance(client.reply("hello", lang="en", area=COUNCILS[0]), Reply)
