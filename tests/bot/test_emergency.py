"""The emergency check: catches danger (also inside long messages), ignores ordinary
questions about the past or about categories of harm, and always answers first."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import emergency
from bot.engine import Assistant
from tests.bot.emergency_cases import EMERGENCIES, NOT_EMERGENCIES

EMERGENCY_NUMBERS = ("999", "0808 800 5000", "0800 1111", "116 123")


@pytest.mark.parametrize("message", EMERGENCIES)
def test_danger_is_detected(message: str) -> None:
    assert emergency.is_emergency(message), message


@pytest.mark.parametrize("message", NOT_EMERGENCIES)
def test_ordinary_questions_are_not_emergencies(message: str) -> None:
    found = emergency.detect(message)
    assert not found.is_emergency, (message, found.signals)


@pytest.mark.parametrize(
    ("message", "signal"),
    [
        ("he is hitting me now", "violence_now"),
        ("my son is missing", "child_missing"),
        ("i want to end my life", "self_harm"),
        ("my baby is not breathing", "medical"),
        ("my daughter just told me her uncle touched her", "abuse_disclosed"),
        ("im drunk and alone with the baby", "intoxicated_carer"),
    ],
)
def test_each_kind_of_danger_has_its_signal(message: str, signal: str) -> None:
    assert signal in emergency.detect(message).signals


def test_misspelt_danger_words_are_tolerated() -> None:
    for message in (
        "i keep thinking about suicde",
        "my baby is not breathng",
        "i took an overdoes",
    ):
        assert emergency.is_emergency(message), message


def test_past_markers_only_defuse_nearby_words() -> None:
    assert not emergency.is_emergency("he used to hit me")
    assert emergency.is_emergency("he used to hit me years ago, but now he is hitting me again")


def test_an_emergency_deep_inside_a_long_message_is_found() -> None:
    filler = "we have a review conference coming up and I want to know about the minutes. " * 40
    assert emergency.is_emergency(filler + "My partner is beating me right now. " + filler)


def test_the_rest_of_the_message_is_kept_for_a_second_answer() -> None:
    found = emergency.detect(
        "He is hitting me right now. Can I bring my solicitor to the conference?"
    )
    assert found.is_emergency
    assert "solicitor" in found.remainder()
    assert "hitting" not in found.remainder()


def test_unknown_language_uses_english_patterns() -> None:
    assert emergency.is_emergency("i want to kill myself", lang="xx")


def test_pattern_file_errors_are_reported_at_load(tmp_path: Path) -> None:
    bad = tmp_path / "emergency.yml"
    bad.write_text("en:\n  signals:\n    - name: x\n      any: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(emergency.EmergencyDataError):
        emergency.detector("en", bad)


def test_emergency_reply_puts_help_numbers_first(assistant: Assistant) -> None:
    reply = assistant.reply("my baby isnt breathing", area="waltham-forest")
    assert reply.emergency and reply.intent == "emergency_help" and not reply.fallback
    first_lines = reply.answer_text[:400]
    positions = [first_lines.find(number) for number in EMERGENCY_NUMBERS]
    assert all(p >= 0 for p in positions), first_lines
    assert positions == sorted(positions)
    assert reply.sources and reply.sources[0].url == "/en/waltham-forest/getting-help#emergency"


def test_emergency_with_another_question_answers_both_danger_first(assistant: Assistant) -> None:
    reply = assistant.reply(
        "Sorry for the long message. We have the conference on Friday. He is hitting me right "
        "now. Can I bring my solicitor to the conference?",
        area="kingston-richmond",
    )
    assert reply.emergency and reply.intent == "emergency_help"
    assert reply.answer_text.index("999") < reply.answer_text.index("solicitor")
    urls = [s.url for s in reply.sources]
    assert urls[0].endswith("#emergency")
    assert "/en/kingston-richmond/on-the-day#solicitors" in urls


def test_model_alone_does_not_turn_ordinary_questions_into_emergencies(
    assistant: Assistant,
) -> None:
    for message in NOT_EMERGENCIES:
        reply = assistant.reply(message)
        assert not reply.emergency, (message, reply.intent, reply.confidence)
