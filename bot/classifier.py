"""Intent classification: text features and a linear model, trained at start-up.

The model is chosen by measurement (``bot/MODEL_NOTES.md``); :data:`DEFAULT_SPEC` is
the winner, and the other specs stay here so the measurement can be repeated with
``python -m bot compare``.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import scipy.sparse as sp  # type: ignore[import-untyped]  # no stubs installed
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.text import Normaliser, closest, fold, read_yaml

OUT_OF_SCOPE = "out_of_scope"
ModelKind = Literal["logreg", "svm", "svm-cal", "sgd", "nb"]


@dataclass(frozen=True)
class ModelSpec:
    name: str
    model: ModelKind = "logreg"
    word_ngrams: tuple[int, int] | None = (1, 2)
    char_ngrams: tuple[int, int] | None = (2, 5)
    normalise: bool = True
    spell: bool = False
    c: float = 1.0
    temperature: float = 10.0  # svm: probabilities are softmax(temperature * margin)
    threshold: float = 0.3
    class_weight: str | None = "balanced"
    rules: bool = True  # keyword rules from bot/data/<lang>/rules.yml
    # The emergency patterns own emergencies: the model's emergency_help counts only at or
    # above this probability; below it, the next intent is used. Above 1: never.
    emergency_floor: float = 1.1
    # Out of scope when the message is this unlike every in-scope training example
    # (cosine similarity to the nearest one, 0-1).
    novelty_floor: float = 0.0
    notes: str = field(default="", compare=False)


# Chosen by measurement (bot/MODEL_NOTES.md): linear SVM, word 1-2 + char 2-5 grams,
# slang normalised, C=3; fallback below 0.3 (softmax of 10 x margin); no novelty floor.
DEFAULT_SPEC = ModelSpec("svm word1-2+char2-5 norm C=3", model="svm", c=3.0, threshold=0.3)

# Variants measured for bot/MODEL_NOTES.md (python -m bot compare FILE.tsv).
SPECS: tuple[ModelSpec, ...] = (
    ModelSpec("svm word1-2 raw", model="svm", char_ngrams=None, normalise=False),
    ModelSpec("svm char2-5 raw", model="svm", word_ngrams=None, normalise=False),
    ModelSpec("svm word1-2+char2-5 raw", model="svm", normalise=False),
    ModelSpec("svm word1-2+char2-5 norm C=1", model="svm"),
    ModelSpec("svm word1-2+char2-5 norm+spell", model="svm", spell=True),
    ModelSpec("svm word1-2+char2-5 norm C=0.3", model="svm", c=0.3),
    DEFAULT_SPEC,
    ModelSpec("svm word1-2+char2-5 norm C=10", model="svm", c=10.0),
    ModelSpec("svm word1-2+char1-4 norm", model="svm", char_ngrams=(1, 4)),
    ModelSpec("svm word1-3+char3-6 norm", model="svm", word_ngrams=(1, 3), char_ngrams=(3, 6)),
    ModelSpec("svm-cal word1-2+char2-5 norm", model="svm-cal"),
    ModelSpec("sgd-log word1-2+char2-5 norm", model="sgd"),
    ModelSpec("logreg word1-2+char2-5 norm C=10", model="logreg", c=10.0),
    ModelSpec("complementNB word1-2+char2-5 norm", model="nb"),
)


EMERGENCY = "emergency_help"


@dataclass(frozen=True)
class Analysis:
    """The classifier's view of one message."""

    ranked: tuple[tuple[str, float], ...]  # intents with probabilities, best first
    similarity: float  # cosine similarity to the nearest in-scope training example


@dataclass(frozen=True)
class Decision:
    intent: str
    confidence: float
    fallback: bool
    danger_hint: bool  # the model's best guess was emergency_help (the patterns disagreed)


def decide(analysis: Analysis, spec: ModelSpec) -> Decision:
    """What to answer for a message the emergency patterns did not flag.

    The patterns own emergencies: the model's emergency_help counts only at or above
    ``spec.emergency_floor`` (off by default, see MODEL_NOTES.md); otherwise the next
    intent is used and ``danger_hint`` is set.
    """
    ranked = analysis.ranked
    intent, confidence = ranked[0] if ranked else (OUT_OF_SCOPE, 0.0)
    hint = False
    if intent == EMERGENCY and confidence < spec.emergency_floor:
        hint = True
        intent, confidence = next(
            ((i, c) for i, c in ranked[1:] if i != EMERGENCY), (OUT_OF_SCOPE, 0.0)
        )
    fallback = (
        intent == OUT_OF_SCOPE
        or confidence < spec.threshold
        or analysis.similarity < spec.novelty_floor
    )
    return Decision(intent, confidence, fallback, hint)


def read_nlu(path: Path) -> list[tuple[str, str]]:
    """(example, intent) pairs from a Rasa NLU YAML file (``version: "3.1"``)."""
    raw = read_yaml(path) or {}
    pairs: list[tuple[str, str]] = []
    for item in raw.get("nlu") or []:
        if "intent" not in item:
            continue  # synonyms, regexes and lookups are for Rasa
        for line in str(item.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- ") and line[2:].strip():
                pairs.append((line[2:].strip(), str(item["intent"])))
    return pairs


@dataclass(frozen=True)
class KeywordRules:
    """Out of scope when another country's system is named (see ``rules.yml``)."""

    other_jurisdictions: tuple[str, ...] = ()
    unless_any: tuple[str, ...] = ()
    confidence: float = 0.9

    @classmethod
    def load(cls, path: Path) -> KeywordRules:
        if not path.exists():
            return cls()
        raw = read_yaml(path) or {}
        return cls(
            tuple(fold(str(t)) for t in raw.get("other_jurisdictions") or ()),
            tuple(fold(str(t)) for t in raw.get("unless_any") or ()),
        )

    def out_of_scope(self, folded: str) -> bool:
        padded = f" {folded} "
        if not any(f" {term} " in padded for term in self.other_jurisdictions):
            return False
        return not any(f" {term} " in padded for term in self.unless_any)


class SpellFixer:
    """Corrects words the training data never uses to the nearest word it does."""

    def __init__(self, texts: Iterable[str]) -> None:
        counts = Counter(word for text in texts for word in text.split())
        self.vocabulary = frozenset(counts)
        self.long_words = tuple(
            sorted((w for w in counts if len(w) >= 4), key=lambda w: -counts[w])
        )
        self._cache: dict[str, str] = {}

    def word(self, word: str) -> str:
        if word in self.vocabulary or len(word) < 5 or word.isdigit():
            return word
        if word not in self._cache:
            limit = 2 if len(word) >= 8 else 1
            self._cache[word] = closest(word, self.long_words, limit) or word
            if len(self._cache) > 50_000:  # bounded: unseen words are unbounded
                self._cache.clear()
        return self._cache[word]

    def __call__(self, text: str) -> str:
        return " ".join(self.word(w) for w in text.split())


class IntentClassifier:
    def __init__(
        self,
        spec: ModelSpec = DEFAULT_SPEC,
        normaliser: Normaliser | None = None,
        rules: KeywordRules | None = None,
    ) -> None:
        self.spec = spec
        self.rules = rules if spec.rules and rules is not None else None
        self.normaliser = normaliser if spec.normalise and normaliser is not None else None
        self.spell: SpellFixer | None = None
        self.labels: tuple[str, ...] = ()
        self._features: tuple[TfidfVectorizer, ...] = ()
        self._model: Any = None
        self._in_scope: Any = None  # training rows of in-scope intents, for similarity
        self._blocks = 1

    def prepare(self, text: str) -> str:
        prepared = self.normaliser(text) if self.normaliser else fold(text)
        return self.spell(prepared) if self.spell else prepared

    def _vectorizers(self) -> tuple[TfidfVectorizer, ...]:
        parts: list[TfidfVectorizer] = []
        if self.spec.word_ngrams:
            parts.append(
                TfidfVectorizer(
                    ngram_range=self.spec.word_ngrams,
                    sublinear_tf=True,
                    # Text arrives folded: tokens are whatever lies between spaces (marks kept).
                    token_pattern=r"\S+",  # noqa: S106 - a regex, not a password
                    dtype=np.float32,
                )
            )
        if self.spec.char_ngrams:
            parts.append(
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=self.spec.char_ngrams,
                    sublinear_tf=True,
                    dtype=np.float32,
                )
            )
        return tuple(parts)

    def _transform(self, texts: Sequence[str]) -> Any:
        return sp.hstack([v.transform(texts) for v in self._features], format="csr")

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> IntentClassifier:
        prepared = [self.normaliser(t) if self.normaliser else fold(t) for t in texts]
        if self.spec.spell:
            self.spell = SpellFixer(prepared)
        self._features = self._vectorizers()
        matrix = sp.hstack([v.fit_transform(prepared) for v in self._features], format="csr")
        self._blocks = len(self._features)
        in_scope = [i for i, label in enumerate(labels) if label not in (OUT_OF_SCOPE, EMERGENCY)]
        self._in_scope = matrix[in_scope].T.tocsr() if in_scope else None
        model = self._estimator()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=UserWarning)  # tiny classes in CV folds
            model.fit(matrix, list(labels))
        self._model = model
        self.labels = tuple(str(c) for c in model.classes_)
        return self

    def _estimator(self) -> Any:
        # Only the chosen model is imported: sklearn's other modules are slow to import.
        if self.spec.model == "svm":
            return LinearSVC(C=self.spec.c, class_weight=self.spec.class_weight)
        if self.spec.model == "svm-cal":
            from sklearn.calibration import CalibratedClassifierCV

            return CalibratedClassifierCV(
                LinearSVC(C=self.spec.c, class_weight=self.spec.class_weight),
                cv=3,
                method="sigmoid",
            )
        if self.spec.model == "logreg":
            from sklearn.linear_model import LogisticRegression

            return LogisticRegression(
                C=self.spec.c, max_iter=2000, class_weight=self.spec.class_weight
            )
        if self.spec.model == "sgd":
            from sklearn.linear_model import SGDClassifier

            return SGDClassifier(
                loss="log_loss", alpha=1e-4, class_weight=self.spec.class_weight, random_state=0
            )
        from sklearn.naive_bayes import ComplementNB

        return ComplementNB(alpha=0.3)

    def rank(self, text: str, top: int = 3) -> list[tuple[str, float]]:
        """The ``top`` intents with their probabilities, best first."""
        return list(self.analyse(text, top).ranked)

    def analyse(self, text: str, top: int = 5) -> Analysis:
        if not self._features or self._model is None:
            raise RuntimeError("the classifier has not been trained")
        vector = self._transform([self.prepare(text)])
        similarity = 0.0
        if self._in_scope is not None:
            similarity = float((vector @ self._in_scope).max()) / self._blocks
        return Analysis(tuple(self._rank(text, vector)[:top]), similarity)

    def _rank(self, text: str, vector: Any) -> list[tuple[str, float]]:
        probabilities = self._probabilities(vector)
        ranked = [
            (self.labels[int(i)], float(probabilities[int(i)]))
            for i in np.argsort(-probabilities, kind="stable")
        ]
        if self.rules and OUT_OF_SCOPE in self.labels and self.rules.out_of_scope(fold(text)):
            rest = [(label, p) for label, p in ranked if label != OUT_OF_SCOPE]
            ranked = [(OUT_OF_SCOPE, max(self.rules.confidence, dict(ranked)[OUT_OF_SCOPE])), *rest]
        return ranked

    def _probabilities(self, vector: Any) -> Any:
        if self.spec.model == "svm":
            margins = np.asarray(self._model.decision_function(vector))[0] * self.spec.temperature
            exp = np.exp(margins - margins.max())
            return exp / exp.sum()
        return np.asarray(self._model.predict_proba(vector))[0]
