"""Bad input gets a safe, clear reply; nothing the user typed reaches the answer."""

from __future__ import annotations

import html

import pytest

from bot.engine import Assistant
from bot.text import MAX_CHARS, clean

MARKER = "Zqxjkvw"  # a word no answer contains


@pytest.mark.parametrize("message", ["", "   ", "\n\t  \n", "\x00\x01\x1b", "\u200b\u200e"])
def test_empty_input_gets_a_friendly_prompt(assistant: Assistant, message: str) -> None:
    reply = assistant.reply(message)
    assert reply.intent == "out_of_scope" and reply.fallback and not reply.emergency
    assert "type a question" in reply.answer_text.lower()
    assert reply.sources


def test_clean_strips_controls_collapses_whitespace_and_caps() -> None:
    assert clean("can\x00 I\x1b bring\t\tmy   mum?\r\n\r\n") == "can I bring my mum?"
    assert clean("a" * 6000) == "a" * MAX_CHARS
    assert clean("line one\n\n\nline two") == "line one\nline two"


def test_very_long_message_is_answered_safely(assistant: Assistant) -> None:
    message = ("can i bring my solicitor to the conference " * 200)[:6000]
    reply = assistant.reply(message)
    assert reply.intent == "bring_solicitor"
    assert "only read the first part" in reply.answer_text


def test_danger_after_the_first_5000_characters_is_not_lost_in_the_answer(
    assistant: Assistant,
) -> None:
    message = "x " * 2600 + "he is hitting me right now"
    reply = assistant.reply(message)
    # Only the first 5000 characters are read; the answer still says where to get help.
    assert "999" in reply.answer_text or reply.emergency


@pytest.mark.parametrize(
    "message",
    [
        f"<script>alert('{MARKER}')</script> can I bring my solicitor",
        f"<img src=x onerror=alert(1)> {MARKER} how long does a plan last",
        f"[{MARKER}](javascript:alert(1)) who will be at the conference",
        f"**{MARKER}** <b>bold</b> can they take my kids",
        f"{MARKER} he is hitting me now <script>x</script>",
        f"{MARKER} how do I apply for a passport <iframe>",
        f"{MARKER}",
    ],
)
def test_user_text_never_appears_in_answers(assistant: Assistant, message: str) -> None:
    reply = assistant.reply(message, area="bath-ne-somerset")
    for field in (reply.answer_markdown, reply.answer_html, reply.answer_text):
        assert MARKER not in field
        assert "<script" not in field and "onerror" not in field and "javascript:" not in field
    for source in reply.sources:
        assert MARKER not in source.title and MARKER not in source.url


def test_answer_html_is_rendered_from_markdown(assistant: Assistant) -> None:
    reply = assistant.reply("can i bring my solicitor", area="kingston-richmond")
    assert reply.answer_html.startswith("<p>")
    text = html.unescape(reply.answer_html)
    assert "solicitor" in text


def test_control_characters_do_not_change_the_answer(assistant: Assistant) -> None:
    plain = assistant.reply("can i bring my solicitor")
    noisy = assistant.reply("can\x00 i\x07 bring\u200b my\x1b solicitor\x7f")
    assert noisy.intent == plain.intent


def test_classify_returns_an_intent_and_probability(assistant: Assistant) -> None:
    intent, confidence = assistant.classify("how long do cp plans last")
    assert intent == "plan_duration" and 0.0 < confidence <= 1.0
    assert assistant.classify("   ") == ("out_of_scope", 0.0)
