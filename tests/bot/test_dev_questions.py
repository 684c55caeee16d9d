"""The bars on the development questions, and no training on them.

The dev set measures; it never trains. ``DEV_QUESTIONS`` points at another copy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot import evaluate
from bot.classifier import read_nlu
from bot.engine import Assistant
from bot.text import DATA_DIR
from tests.bot.conftest import dev_questions_path

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout_en.tsv"


def key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def training_keys() -> set[str]:
    return {
        key(text)
        for lang in DATA_DIR.iterdir()
        if (lang / "nlu.yml").exists()
        for text, _ in read_nlu(lang / "nlu.yml")
    }


def dev_rows() -> list[evaluate.Row]:
    path = dev_questions_path()
    if not path.exists():
        pytest.skip(f"no development questions at {path}")
    return evaluate.read_rows(path)


def predictor(assistant: Assistant) -> evaluate.Predictor:
    def predict(question: str) -> tuple[str, bool, bool]:
        reply = assistant.reply(question)
        return reply.intent, reply.emergency, reply.fallback

    return predict


def test_dev_questions_meet_the_bars(assistant: Assistant) -> None:
    scores = evaluate.score(evaluate.run(dev_rows(), predictor(assistant)))
    assert scores.accuracy >= 0.85, scores.line()
    assert scores.emergency_recall == 1.0, scores.line()
    assert scores.out_of_scope_recall >= 0.80, scores.line()


def test_no_training_example_is_a_dev_question() -> None:
    overlap = training_keys() & {key(row.question) for row in dev_rows()}
    assert not overlap, overlap


def test_our_held_out_questions_are_not_trained_on_and_do_well(assistant: Assistant) -> None:
    rows = evaluate.read_rows(HELDOUT)
    assert not training_keys() & {key(row.question) for row in rows}
    scores = evaluate.score(evaluate.run(rows, predictor(assistant)))
    assert scores.accuracy >= 0.85 and scores.emergency_recall == 1.0, scores.line()
    assert scores.out_of_scope_recall >= 0.80, scores.line()


def test_training_data_is_rasa_nlu_yaml() -> None:
    from bot.text import read_yaml

    raw = read_yaml(DATA_DIR / "en" / "nlu.yml")
    assert str(raw["version"]) == "3.1"
    for item in raw["nlu"]:
        assert set(item) == {"intent", "examples"}
        assert all(line.startswith("- ") for line in item["examples"].splitlines() if line)
