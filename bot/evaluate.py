"""Measure the assistant on a question file.

TSV with a header: ``question``, ``intent``, optional ``alternatives`` (comma-separated
intents also accepted as correct); other columns are ignored.

A reply counts as its intent; a fallback counts as ``out_of_scope``. Emergency recall is
the share of ``emergency_help`` rows whose reply is flagged emergency; out-of-scope recall
the share of ``out_of_scope`` rows answered with the fallback. The last line printed is
always ``accuracy=A emergency_recall=E out_of_scope_recall=O n=N``.

``--engine rasa`` asks a running Rasa server (``/model/parse``) for the intent, after the
same emergency check the portal runs first.
"""

from __future__ import annotations

import csv
import json
import sys
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from bot.answers import EMERGENCY, OUT_OF_SCOPE

RASA_FALLBACK = "nlu_fallback"


class EvaluationError(Exception):
    """The question file or the engine cannot be used; the message says why."""


@dataclass(frozen=True)
class Row:
    question: str
    intent: str
    alternatives: frozenset[str]

    def accepts(self, intent: str) -> bool:
        return intent == self.intent or intent in self.alternatives


@dataclass(frozen=True)
class Outcome:
    row: Row
    predicted: str
    emergency: bool
    fallback: bool

    @property
    def correct(self) -> bool:
        return self.row.accepts(self.predicted)


@dataclass(frozen=True)
class Scores:
    accuracy: float
    emergency_recall: float
    out_of_scope_recall: float
    n: int

    def line(self) -> str:
        return (
            f"accuracy={self.accuracy:.3f} emergency_recall={self.emergency_recall:.3f} "
            f"out_of_scope_recall={self.out_of_scope_recall:.3f} n={self.n}"
        )


Predictor = Callable[[str], tuple[str, bool, bool]]  # question -> (intent, emergency, fallback)


def read_rows(path: Path) -> list[Row]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            fields = set(reader.fieldnames or ())
            if not {"question", "intent"} <= fields:
                raise EvaluationError(
                    f"{path}: needs a header with 'question' and 'intent' columns"
                )
            rows = []
            for record in reader:
                question = (record.get("question") or "").strip()
                intent = (record.get("intent") or "").strip()
                if not question or not intent:
                    continue
                alternatives = frozenset(
                    a.strip() for a in (record.get("alternatives") or "").split(",") if a.strip()
                )
                rows.append(Row(question, intent, alternatives))
    except OSError as error:
        raise EvaluationError(f"cannot read {path}: {error.strerror or error}") from None
    if not rows:
        raise EvaluationError(f"{path}: no questions")
    return rows


def run(rows: Sequence[Row], predict: Predictor) -> list[Outcome]:
    outcomes = []
    for row in rows:
        intent, is_emergency, fallback = predict(row.question)
        outcomes.append(Outcome(row, OUT_OF_SCOPE if fallback else intent, is_emergency, fallback))
    return outcomes


def score(outcomes: Sequence[Outcome]) -> Scores:
    def share(hits: int, total: int) -> float:
        return hits / total if total else 1.0

    emergencies = [o for o in outcomes if o.row.intent == EMERGENCY]
    out_of_scope = [o for o in outcomes if o.row.intent == OUT_OF_SCOPE]
    return Scores(
        accuracy=share(sum(o.correct for o in outcomes), len(outcomes)),
        emergency_recall=share(sum(o.emergency for o in emergencies), len(emergencies)),
        out_of_scope_recall=share(
            sum(o.fallback or o.predicted == OUT_OF_SCOPE for o in out_of_scope), len(out_of_scope)
        ),
        n=len(outcomes),
    )


def report(outcomes: Sequence[Outcome], out: TextIO | None = None) -> Scores:
    out = out or sys.stdout
    by_intent: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_intent.setdefault(outcome.row.intent, []).append(outcome)
    width = max([len("intent"), *map(len, by_intent)])
    print(f"{'intent':<{width}}  {'n':>4}  {'correct':>7}  {'recall':>6}", file=out)
    for intent in sorted(by_intent):
        group = by_intent[intent]
        correct = sum(o.correct for o in group)
        print(
            f"{intent:<{width}}  {len(group):>4}  {correct:>7}  {correct / len(group):>6.3f}",
            file=out,
        )
    confusions = Counter((o.row.intent, o.predicted) for o in outcomes if not o.correct)
    print("\nconfusions (expected -> predicted: count)", file=out)
    if not confusions:
        print("  none", file=out)
    for (expected, predicted), count in confusions.most_common():
        print(f"  {expected} -> {predicted}: {count}", file=out)
    scores = score(outcomes)
    print(scores.line(), file=out)
    return scores


# -- engines --------------------------------------------------------------------------


def embedded_predictor(lang: str, area: str = "england") -> Predictor:
    from bot.engine import Assistant

    assistant = Assistant.load([lang])

    def predict(question: str) -> tuple[str, bool, bool]:
        reply = assistant.reply(question, lang=lang, area=area)
        return reply.intent, reply.emergency, reply.fallback

    return predict


def rasa_parse(base_url: str, text: str, timeout: float = 10.0) -> dict[str, Any]:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise EvaluationError("--rasa-url must be an http(s) URL, like http://127.0.0.1:5005")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        base_url.rstrip("/") + "/model/parse",
        data=json.dumps({"text": text}).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        error.close()
        raise EvaluationError(f"Rasa at {base_url} answered HTTP {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise EvaluationError(
            f"cannot reach Rasa at {base_url} ({reason}); start it with `make rasa-run`"
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EvaluationError(f"Rasa at {base_url} did not answer with JSON") from None
    if not isinstance(data, dict):
        raise EvaluationError(f"Rasa at {base_url} gave an unexpected answer")
    return data


def rasa_predictor(base_url: str, lang: str, threshold: float) -> Predictor:
    from bot import emergency

    rasa_parse(base_url, "hello")  # fail fast, before the first question

    def predict(question: str) -> tuple[str, bool, bool]:
        if emergency.is_emergency(question, lang):
            return EMERGENCY, True, False
        data = rasa_parse(base_url, question)
        intent_data = data.get("intent") or {}
        intent = str(intent_data.get("name") or OUT_OF_SCOPE)
        confidence = float(intent_data.get("confidence") or 0.0)
        fallback = intent in (RASA_FALLBACK, OUT_OF_SCOPE) or confidence < threshold
        return (OUT_OF_SCOPE if fallback else intent), intent == EMERGENCY, fallback

    return predict
