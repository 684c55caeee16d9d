"""Start-up trains English first and the other languages in a thread."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.answers import compose
from bot.engine import Assistant
from bot.text import DATA_DIR


def test_a_request_in_a_language_still_training_waits_for_it() -> None:
    assistant = Assistant.load(["en", "ur"], background=True)
    reply = assistant.reply("kya social services mere bachay le ja sakti hai", lang="ur")
    assert reply.intent == "removal_of_child"
    assert reply.answer_text == compose("removal_of_child", "ur").answer_text
    assert assistant.wait_until_ready(30) and set(assistant.languages) == {"en", "ur"}


def test_a_broken_language_does_not_take_english_down(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "ur" / "nlu.yml").write_text("nlu: [this is not, valid", encoding="utf-8")
    assistant = Assistant.load(["en", "ur"], data_dir=data, background=True)
    assert assistant.wait_until_ready(30)
    assert assistant.languages == ("en",)
    reply = assistant.reply("can i bring a friend with me", lang="ur")
    assert reply.intent == "bring_support_person"  # answered by English's model
