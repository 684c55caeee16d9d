"""bot/rasa/build.py: Rasa's training files come from bot/data, never a second copy.

Runs in the portal's environment (PyYAML only); no Rasa needed, so not marked ``rasa``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rasa_build", ROOT / "bot" / "rasa" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["rasa_build"] = module
    spec.loader.exec_module(module)
    return module


build = load_build()

EN = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - hello
    - hi there
- intent: bring_solicitor
  examples: |
    - can I bring a solicitor
    - can my lawyer come
- synonym: solicitor
  examples: |
    - lawyer
"""
CY = """version: "3.1"
nlu:
- intent: greet
  examples: |
    - helo
    - hello
- intent: bring_solicitor
  examples: |
    - ga i ddod â chyfreithiwr
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    for lang, text in (("en", EN), ("cy", CY)):
        (tmp_path / "data" / lang).mkdir(parents=True)
        (tmp_path / "data" / lang / "nlu.yml").write_text(text, encoding="utf-8")
    return tmp_path / "data"


def test_languages_are_merged_per_intent(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build.build(data_dir, out)
    nlu = yaml.safe_load((out / "nlu.yml").read_text(encoding="utf-8"))
    by_intent = {i["intent"]: i["examples"] for i in nlu["nlu"] if "intent" in i}
    # cy comes before en (sorted), duplicates across languages are kept once
    assert by_intent["greet"] == "- helo\n- hello\n- hi there\n"
    assert by_intent["bring_solicitor"] == (
        "- ga i ddod â chyfreithiwr\n- can I bring a solicitor\n- can my lawyer come\n"
    )
    assert {"synonym": "solicitor", "examples": "- lawyer\n"} in nlu["nlu"]


def test_every_intent_gets_a_rule_and_a_domain_entry(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build.build(data_dir, out)
    rules = yaml.safe_load((out / "rules.yml").read_text(encoding="utf-8"))["rules"]
    assert [r["steps"] for r in rules] == [
        [{"intent": "bring_solicitor"}, {"action": "action_answer"}],
        [{"intent": "greet"}, {"action": "action_answer"}],
    ]
    domain = yaml.safe_load((out / "domain.yml").read_text(encoding="utf-8"))
    assert domain["intents"] == ["bring_solicitor", "greet", "nlu_fallback"]
    assert {"area", "lang", "pending_intent"} <= set(domain["slots"])
    assert domain["forms"]["area_form"]["required_slots"] == ["area"]


def test_fingerprint_changes_with_the_data_only(data_dir: Path, tmp_path: Path) -> None:
    first = build.build(data_dir, tmp_path / "a")
    assert build.build(data_dir, tmp_path / "b", write=False) == first
    assert (tmp_path / "a" / "fingerprint").read_text().strip() == first
    path = data_dir / "en" / "nlu.yml"
    path.write_text(EN.replace("- hi there", "- hiya"), encoding="utf-8")
    assert build.build(data_dir, tmp_path / "c") != first


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("version: '3.1'\nnlu:\n- intent: x\n  examples: |\n    hello\n", "does not start with"),
        ("version: '3.1'\nnlu:\n- intent: x\n  examples: ''\n", "without examples"),
        ("version: '3.1'\nnlu:\n- something: x\n", "unknown NLU item"),
        ("version: '3.1'\nnlu: {}\n", "must be a list"),
    ],
)
def test_bad_training_data_is_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "nlu.yml").write_text(text, encoding="utf-8")
    with pytest.raises(build.BuildError, match=message):
        build.build(tmp_path, tmp_path / "out")


def test_no_training_data_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(build.BuildError, match="no training data"):
        build.build(tmp_path, tmp_path / "out")


def test_committed_domain_lists_no_intents() -> None:
    """Intents come from the training data only (one source of truth)."""
    domain = yaml.safe_load((ROOT / "bot" / "rasa" / "domain.yml").read_text(encoding="utf-8"))
    assert "intents" not in domain
    assert "responses" not in domain  # every answer is authored content, via action_answer
