"""Measure every model variant in :data:`bot.classifier.SPECS`:
``python -m bot compare FILE.tsv [FILE.tsv ...]``.

For each variant: training time; 5-fold cross-validated accuracy on the training data
(no threshold: how well it generalises across our own wording); then, for each question
file, accuracy / emergency recall / out-of-scope recall at a range of confidence
thresholds. The emergency check runs first, as in production.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sklearn.model_selection import StratifiedKFold

from bot import emergency
from bot.answers import EMERGENCY, OUT_OF_SCOPE
from bot.classifier import SPECS, IntentClassifier, KeywordRules, ModelSpec, decide, read_nlu
from bot.evaluate import Outcome, Row, read_rows, score
from bot.text import DATA_DIR, clean, normaliser

THRESHOLDS = (0.0, 0.3, 0.4, 0.5)
NOVELTY_FLOORS = (0.0, 0.2, 0.22, 0.25)


def cross_validated(
    spec: ModelSpec, texts: Sequence[str], labels: Sequence[str], lang: str, folds: int = 5
) -> float:
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    rules = KeywordRules.load(DATA_DIR / lang / "rules.yml")
    correct = 0
    for train, test in splitter.split(list(texts), list(labels)):
        model = IntentClassifier(spec, normaliser(lang), rules).fit(
            [texts[i] for i in train], [labels[i] for i in train]
        )
        correct += sum(model.rank(texts[i], top=1)[0][0] == labels[i] for i in test)
    return correct / len(texts)


def measure_file(
    model: IntentClassifier, spec: ModelSpec, rows: Sequence[Row], lang: str
) -> list[str]:
    flagged = [emergency.is_emergency(r.question, lang) for r in rows]
    analyses = [model.analyse(clean(r.question)) for r in rows]
    lines = []
    for floor in NOVELTY_FLOORS:
        for threshold in THRESHOLDS:
            varied = replace(spec, threshold=threshold, novelty_floor=floor)
            outcomes = []
            for row, is_emergency, analysis in zip(rows, flagged, analyses, strict=True):
                if is_emergency:
                    outcomes.append(Outcome(row, EMERGENCY, True, False))
                    continue
                decision = decide(analysis, varied)
                predicted = OUT_OF_SCOPE if decision.fallback else decision.intent
                outcomes.append(Outcome(row, predicted, predicted == EMERGENCY, decision.fallback))
            lines.append(
                f"    floor {floor:.2f} threshold {threshold:.2f}: {score(outcomes).line()}"
            )
    return lines


def compare(paths: Sequence[Path], lang: str = "en", cv: bool = True) -> int:
    files = [(path, read_rows(path)) for path in paths]
    pairs = read_nlu(DATA_DIR / lang / "nlu.yml")
    texts, labels = [t for t, _ in pairs], [i for _, i in pairs]
    print(
        f"{len(pairs)} training examples; "
        + ", ".join(f"{p.name}: {len(r)}" for p, r in files)
        + "\n"
    )
    for spec in SPECS:
        began = time.perf_counter()
        rules = KeywordRules.load(DATA_DIR / lang / "rules.yml")
        model = IntentClassifier(spec, normaliser(lang), rules).fit(texts, labels)
        trained = time.perf_counter() - began
        cv_text = (
            f", 5-fold CV accuracy {cross_validated(spec, texts, labels, lang):.3f}" if cv else ""
        )
        print(f"{spec.name}  (train {trained:.2f}s{cv_text})")
        for path, rows in files:
            print(f"  {path.name}")
            print("\n".join(measure_file(model, spec, rows, lang)))
    return 0
