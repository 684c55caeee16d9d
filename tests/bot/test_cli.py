"""``python -m bot evaluate|ask``: the report format other tools parse."""

from __future__ import annotations

import io
import re
import socket
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from bot import evaluate
from bot.__main__ import main

LAST_LINE = re.compile(
    r"^accuracy=\d\.\d{3} emergency_recall=\d\.\d{3} out_of_scope_recall=\d\.\d{3} n=\d+$"
)


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "questions.tsv"
    path.write_text(
        "question\tintent\talternatives\textra\n"
        "can i bring my solicitor\tbring_solicitor\t\tx\n"
        "how long do plans last\tplan_duration\tending_plan,review_timing\tx\n"
        "he is hitting me right now\temergency_help\t\tx\n"
        "how do i claim universal credit\tout_of_scope\t\tx\n",
        encoding="utf-8",
    )
    return path


def test_evaluate_prints_a_table_and_the_summary_last(questions: Path) -> None:
    code, out, _ = run(["evaluate", str(questions)])
    assert code == 0
    lines = out.rstrip("\n").splitlines()
    assert LAST_LINE.match(lines[-1]), lines[-1]
    assert lines[-1] == "accuracy=1.000 emergency_recall=1.000 out_of_scope_recall=1.000 n=4"
    assert lines[0].split() == ["intent", "n", "correct", "recall"]
    assert "confusions" in out


def test_alternatives_are_accepted_and_confusions_listed(tmp_path: Path) -> None:
    rows = [evaluate.Row("q", "appeal", frozenset({"complain"}))]
    outcome = evaluate.run(rows, lambda _q: ("complain", False, False))
    assert evaluate.score(outcome).accuracy == 1.0
    wrong = evaluate.run(rows, lambda _q: ("legal_aid", False, False))
    out = io.StringIO()
    scores = evaluate.report(wrong, out)
    assert scores.accuracy == 0.0 and "appeal -> legal_aid: 1" in out.getvalue()


def test_a_fallback_counts_as_out_of_scope() -> None:
    rows = [evaluate.Row("q", "out_of_scope", frozenset())]
    outcome = evaluate.run(rows, lambda _q: ("appeal", False, True))
    scores = evaluate.score(outcome)
    assert scores.accuracy == 1.0 and scores.out_of_scope_recall == 1.0


def test_a_file_without_the_columns_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("text\tlabel\nhello\tgreet\n", encoding="utf-8")
    code, _, err = run(["evaluate", str(bad)])
    assert code == 2 and "question" in err
    code, _, err = run(["evaluate", str(tmp_path / "missing.tsv")])
    assert code == 2 and "cannot read" in err


def test_rasa_engine_unreachable_is_a_clear_error(questions: Path) -> None:
    with socket.socket() as probe:  # a free local port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, out, err = run(
        ["evaluate", str(questions), "--engine", "rasa", "--rasa-url", f"http://127.0.0.1:{port}"]
    )
    assert code == 2 and "cannot reach Rasa" in err and out == ""
    code, _, err = run(["evaluate", str(questions), "--engine", "rasa", "--rasa-url", "ftp://x"])
    assert code == 2 and "http" in err


def test_ask_prints_the_answer_and_its_source() -> None:
    code, out, _ = run(["ask", "can i bring my solicitor", "--area", "waltham-forest"])
    assert code == 0
    assert out.startswith("intent=bring_solicitor")
    assert "/en/waltham-forest/on-the-day#solicitors" in out
