"""Compare candidate NLU pipelines on a question set (how config.yml was chosen).

    .rasa-venv/bin/python bot/rasa/compare.py [--questions ../shared/eval/dev_questions.tsv]

Needs ``make rasa-data`` first. For each candidate it trains an NLU-only model on
``data/generated/nlu.yml`` (into a temporary folder), parses every question in
process, and reports training time, accuracy (the intent, or one of the listed
alternatives), out-of-scope recall and the classifier's own emergency recall, for a
range of fallback thresholds (a question whose best confidence is below the threshold
is answered "not covered", which counts as ``out_of_scope``).

Scored as ``python -m bot evaluate --engine rasa`` scores: the emergency patterns
(``bot/emergency.py``) run first, as they do in service whichever engine answers.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
NLU = HERE / "data" / "generated" / "nlu.yml"
DEFAULT_QUESTIONS = HERE.parent.parent.parent / "shared" / "eval" / "dev_questions.tsv"
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)

NORMALISED = {"name": "bot.rasa.components.NormalisingTokenizer"}
WORD = {"name": "CountVectorsFeaturizer"}
WORD12 = {"name": "CountVectorsFeaturizer", "min_ngram": 1, "max_ngram": 2}
CHAR14 = {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4}
CHAR25 = {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 2, "max_ngram": 5}
DIET = {"name": "DIETClassifier", "entity_recognition": False, "constrain_similarities": True,
        "random_seed": 42}
LOGREG = {"name": "LogisticRegressionClassifier", "max_iter": 500, "random_state": 42}
RAW = {"name": "WhitespaceTokenizer"}
TUNED = {"name": "bot.rasa.components.TunableLogisticRegressionClassifier", "max_iter": 1000,
         "random_state": 42}
WORD13 = {"name": "CountVectorsFeaturizer", "min_ngram": 1, "max_ngram": 3}
TFIDF_WORD = {"name": "bot.rasa.components.TfidfFeaturizer", "analyzer": "word",
              "min_ngram": 1, "max_ngram": 2, "alias": "tfidf-word"}
TFIDF_CHAR = {"name": "bot.rasa.components.TfidfFeaturizer", "analyzer": "char_wb",
              "min_ngram": 2, "max_ngram": 5, "alias": "tfidf-char"}
SVM = {"name": "bot.rasa.components.LinearSVMClassifier", "C": 1.0, "temperature": 10.0}
RULES = {"name": "bot.rasa.components.GuideRules"}
CANDIDATES: dict[str, list[dict[str, Any]]] = {
    "raw word logreg": [RAW, WORD, LOGREG],
    "raw word+char1-4 logreg": [RAW, WORD, CHAR14, LOGREG],
    "raw word+char1-4 diet-40": [RAW, WORD, CHAR14, {**DIET, "epochs": 40}],
    "norm word1-2 logreg": [NORMALISED, WORD12, LOGREG],
    "norm word1-2 logreg C=3": [NORMALISED, WORD12, {**TUNED, "C": 3}],
    "norm word1-2 logreg C=3 +rules": [NORMALISED, WORD12, {**TUNED, "C": 3}, RULES],
    "norm word1-2 diet-0layers-60": [NORMALISED, WORD12,
                                     {**DIET, "epochs": 60, "number_of_transformer_layers": 0}],
    "norm tfidf word1-2+char2-5 logreg C=10 +rules": [NORMALISED, TFIDF_WORD, TFIDF_CHAR,
                                                       {**TUNED, "C": 10}, RULES],
    "norm tfidf word1-2+char2-5 svm": [NORMALISED, TFIDF_WORD, TFIDF_CHAR, SVM],
    "norm tfidf word1-2+char2-5 svm +rules": [NORMALISED, TFIDF_WORD, TFIDF_CHAR, SVM, RULES],
    "norm tfidf word1-2 svm +rules": [NORMALISED, TFIDF_WORD, SVM, RULES],
    "norm tfidf word1-2+char2-5 svm C=3 +rules": [NORMALISED, TFIDF_WORD, TFIDF_CHAR,
                                                   {**SVM, "C": 3.0}, RULES],
}


def read_questions(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        row["accepted"] = {row["intent"], *filter(None, (row.get("alternatives") or "").split(","))}
    return rows


def score(rows: list[dict[str, Any]], predictions: list[tuple[str, float]], threshold: float
          ) -> dict[str, float]:
    """As ``python -m bot evaluate --engine rasa`` scores: the emergency patterns first."""
    from bot import emergency

    correct = oos_total = oos_hit = emerg_total = emerg_hit = 0
    for row, (intent, confidence) in zip(rows, predictions, strict=True):
        predicted = intent if confidence >= threshold else "out_of_scope"
        if emergency.is_emergency(row["question"], "en"):
            predicted = "emergency_help"
        correct += predicted in row["accepted"]
        if row["intent"] == "out_of_scope":
            oos_total += 1
            oos_hit += predicted == "out_of_scope"
        if row["intent"] == "emergency_help":
            emerg_total += 1
            emerg_hit += predicted == "emergency_help"
    return {
        "accuracy": round(correct / len(rows), 3),
        "out_of_scope_recall": round(oos_hit / oos_total, 3) if oos_total else float("nan"),
        "emergency_recall": round(emerg_hit / emerg_total, 3) if emerg_total else float("nan"),
    }


async def parse_all(model: str, texts: list[str]) -> list[tuple[str, float]]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    out = []
    for text in texts:
        result = await agent.parse_message(text)
        out.append((result["intent"]["name"], float(result["intent"]["confidence"])))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--only", nargs="*", help="candidate names")
    args = parser.parse_args()
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("RASA_MAX_CACHE_SIZE", "0")
    from rasa.model_training import train_nlu
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)

    rows = read_questions(args.questions)
    results = {}
    for name, pipeline in CANDIDATES.items():
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp) / "config.yml"
            config.write_text(yaml.safe_dump({"recipe": "default.v1", "language": "en",
                                              "pipeline": pipeline, "policies": []}))
            start = time.monotonic()
            model = train_nlu(str(config), str(NLU), tmp, fixed_model_name=name)
            seconds = round(time.monotonic() - start, 1)
            predictions = asyncio.run(parse_all(str(model), [r["question"] for r in rows]))
        results[name] = {"train_seconds": seconds,
                         **{f"threshold {t}": score(rows, predictions, t) for t in THRESHOLDS}}
        best = max(THRESHOLDS, key=lambda t: results[name][f"threshold {t}"]["accuracy"])
        print(f"{name:40} train {seconds:6.1f}s  " + "  ".join(
            "{t}: acc {accuracy:.3f} oos {out_of_scope_recall:.3f} emerg {emergency_recall:.3f}"
            .format(t=t, **results[name][f"threshold {t}"]) for t in THRESHOLDS), flush=True)
        print(f"{'':40} best threshold {best}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
