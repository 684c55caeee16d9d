"""Shared fixtures for the assistant's tests: one trained engine per test session."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bot.engine import Assistant

ROOT = Path(__file__).resolve().parents[2]
INTENTS_MD = ROOT.parent / "shared" / "assistant" / "intents.md"
DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "dev_questions.tsv"


def dev_questions_path() -> Path:
    return Path(os.environ.get("DEV_QUESTIONS") or DEFAULT_DEV)


def contract_intents() -> list[str]:
    """Intent names from the public contract (intents.md), else from answers.yml."""
    if INTENTS_MD.exists():
        text = INTENTS_MD.read_text(encoding="utf-8")
        names = re.findall(r"^\| `([a-z_0-9]+)`", text, re.MULTILINE)
        names += re.findall(r"`([a-z_]+)`", text.split("| `out_of_scope`")[-1].splitlines()[1])
        return sorted(set(names))
    from bot.answers import book

    return sorted(book("en").answers)


@pytest.fixture(scope="session")
def assistant() -> Assistant:
    return Assistant.load(["en"])
