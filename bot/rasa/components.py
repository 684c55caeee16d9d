"""Rasa NLU components that see text the way the embedded engine does (config.yml).

Rasa's built-in pipelines reached 0.55-0.74 accuracy on the development questions
(README.md, "Choosing the pipeline"); these four, on the same training data, match the
embedded engine. Each is a normal Rasa graph component, trained and persisted in the
Rasa model (arrays and JSON, no pickle):

``NormalisingTokenizer``
    Rasa's WhitespaceTokenizer after the embedded engine's normalisation (``bot.text``:
    lowercase, apostrophes dropped, slang and misspellings from
    ``bot/data/<lang>/normalise.yml`` rewritten: "ss" -> "social services").
``TfidfFeaturizer``
    Sublinear TF-IDF sentence features of word or character n-grams.
``LinearSVMClassifier``
    A linear SVM; confidences are softmax(temperature x margin), as in the embedded engine.
``GuideRules``
    The embedded engine's corrections after the classifier, from the same data files:
    another country's system named -> ``out_of_scope``; a weak ``emergency_help`` guess
    gives way to the next intent.

They read the same files through the same code as the embedded engine (``bot.text``,
``bot.classifier.KeywordRules``), so the two engines do not drift apart. Referenced as
``bot.rasa.components.<Name>``; the project root must be on PYTHONPATH when training and
serving (``make rasa-train`` and ``make rasa-run`` set it). Token offsets refer to the
normalised text: fine for intent classification, the only NLU task here.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.classifier import KeywordRules
from bot.text import DATA_DIR, fold, normaliser


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class NormalisingTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer over text normalised with every language's rules."""

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        # One model serves every language and /model/parse does not say which language
        # a message is in, so every language's rules apply (English's first).
        codes = sorted(p.parent.name for p in DATA_DIR.glob("*/normalise.yml"))
        codes.sort(key=lambda code: code != "en")
        self.normalisers = [normaliser(code) for code in codes or ["en"]]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "NormalisingTokenizer":
        return cls(config)

    def normalise(self, text: Text) -> Text:
        for rules in self.normalisers:
            text = rules(text)
        return text

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        if attribute != TEXT:
            return super().tokenize(message, attribute)
        original = message.get(attribute) or ""
        text = self.normalise(original)
        words = text.split()
        if not words:
            # Nothing left (only punctuation or emoji): Rasa's tokenizer decides.
            return super().tokenize(message, attribute)
        return self._apply_token_pattern(self._convert_words_to_tokens(words, text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TunableLogisticRegressionClassifier(LogisticRegressionClassifier):
    """Rasa's LogisticRegressionClassifier with its regularisation ``C`` configurable.

    Rasa fixes C at scikit-learn's default (1.0); on this data a weaker regularisation
    separates the 39 intents better (see README.md, "Choosing the pipeline").
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0}

    def __init__(
        self,
        config: Dict[Text, Any],
        name: Text,
        model_storage: ModelStorage,
        resource: Resource,
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))


def _document(message: Message) -> Text:
    """The message as the tokenizer left it (normalised words), for the vectorizers."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return " ".join(token.text for token in tokens) or (message.get(TEXT) or "")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class TfidfFeaturizer(SparseFeaturizer, GraphComponent):
    """Sentence features: TF-IDF (sublinear) of word or character n-grams.

    Like Rasa's CountVectorsFeaturizer, but weighted by TF-IDF as the embedded engine
    is, so that common words ("can", "I", "social services") count for less. Sentence
    features only (enough for the classifiers used here). Persisted as vocabulary and
    IDF weights (JSON and .npy), no pickle.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **SparseFeaturizer.get_default_config(),
            "analyzer": "word",  # or "char_wb"
            "min_ngram": 1,
            "max_ngram": 2,
            "sublinear_tf": True,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        vectorizer: Optional[TfidfVectorizer] = None,
    ) -> None:
        super().__init__(execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self.vectorizer = vectorizer

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if config.get("analyzer") not in ("word", "char_wb"):
            raise ValueError("TfidfFeaturizer: analyzer must be 'word' or 'char_wb'")

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TfidfFeaturizer":
        return cls(config, model_storage, resource, execution_context)

    def _new_vectorizer(self, vocabulary: Optional[Dict[Text, int]] = None) -> TfidfVectorizer:
        word = self._config["analyzer"] == "word"
        return TfidfVectorizer(
            analyzer=self._config["analyzer"],
            ngram_range=(int(self._config["min_ngram"]), int(self._config["max_ngram"])),
            sublinear_tf=bool(self._config["sublinear_tf"]),
            lowercase=False,  # the tokenizer has folded the text already
            token_pattern=r"(?u)\b\w+\b" if word else None,
            vocabulary=vocabulary,
            dtype=np.float64,
        )

    def train(self, training_data: TrainingData) -> Resource:
        documents = [_document(m) for m in training_data.training_examples if m.get(TEXT)]
        self.vectorizer = self._new_vectorizer()
        self.vectorizer.fit(documents)
        with self._model_storage.write_to(self._resource) as directory:
            vocabulary = {term: int(i) for term, i in self.vectorizer.vocabulary_.items()}
            (directory / "vocabulary.json").write_text(json.dumps(vocabulary), encoding="utf-8")
            np.save(directory / "idf.npy", self.vectorizer.idf_, allow_pickle=False)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TfidfFeaturizer":
        component = cls(config, model_storage, resource, execution_context)
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
                idf = np.load(directory / "idf.npy", allow_pickle=False)
        except ValueError:  # not trained (no training data)
            return component
        component.vectorizer = component._new_vectorizer(vocabulary)
        component.vectorizer.idf_ = idf
        return component

    def process(self, messages: List[Message]) -> List[Message]:
        if self.vectorizer is None:
            return messages
        for message in messages:
            if message.get(TEXT):
                sentence = self.vectorizer.transform([_document(message)]).tocoo()
                self.add_features_to_message(None, sentence, TEXT, message)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data


def _sentence_matrix(messages: List[Message]) -> scipy.sparse.csr_matrix:
    rows = []
    for message in messages:
        _sequence, sentence = message.get_sparse_features(TEXT)
        rows.append(scipy.sparse.csr_matrix(sentence.features) if sentence else None)
    width = max((r.shape[1] for r in rows if r is not None), default=0)
    return scipy.sparse.vstack(
        [r if r is not None else scipy.sparse.csr_matrix((1, width)) for r in rows]
    ).tocsr()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearSVMClassifier(IntentClassifier, GraphComponent):
    """A linear support vector machine over the sparse sentence features.

    Confidences are a softmax of the margins scaled by ``temperature``, as the embedded
    engine computes them, so the same fallback threshold means the same thing in both.
    Persisted as plain arrays (.npy), no pickle.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"C": 1.0, "temperature": 10.0, "class_weight": "balanced", "ranking_length": 10}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        weights: Optional[np.ndarray] = None,
        intercepts: Optional[np.ndarray] = None,
        labels: Optional[List[Text]] = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.weights = weights
        self.intercepts = intercepts
        self.labels = labels or []

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearSVMClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        if not examples:
            return self._resource
        svm = LinearSVC(C=float(self.config["C"]), class_weight=self.config["class_weight"])
        svm.fit(_sentence_matrix(examples), [m.get(INTENT) for m in examples])
        self.weights = np.asarray(svm.coef_, dtype=np.float64)
        self.intercepts = np.asarray(svm.intercept_, dtype=np.float64)
        self.labels = [str(c) for c in svm.classes_]
        with self._model_storage.write_to(self._resource) as directory:
            np.save(directory / "weights.npy", self.weights, allow_pickle=False)
            np.save(directory / "intercepts.npy", self.intercepts, allow_pickle=False)
            (directory / "labels.json").write_text(json.dumps(self.labels), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearSVMClassifier":
        try:
            with model_storage.read_from(resource) as directory:
                weights = np.load(directory / "weights.npy", allow_pickle=False)
                intercepts = np.load(directory / "intercepts.npy", allow_pickle=False)
                labels = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
        except ValueError:
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, weights, intercepts, labels)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.weights is None or self.intercepts is None:
            return messages
        for message in messages:
            if not message.get(TEXT):
                continue
            features = _sentence_matrix([message])
            if features.shape[1] != self.weights.shape[1]:
                continue
            margins = np.asarray(features @ self.weights.T).ravel() + self.intercepts
            if len(self.labels) == 2:  # binary LinearSVC has one weight row
                margins = np.array([-margins[0], margins[0]])
            scaled = margins * float(self.config["temperature"])
            probabilities = np.exp(scaled - scaled.max())
            probabilities /= probabilities.sum()
            order = np.argsort(-probabilities, kind="stable")
            ranking = [
                {"name": self.labels[int(i)], "confidence": float(probabilities[int(i)])}
                for i in order[: int(self.config["ranking_length"])]
            ]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class GuideRules(GraphComponent):
    """The embedded engine's two corrections after the classifier, from the same data.

    1. A message naming another country's child protection system (Scotland's
       "children's hearing", "Glasgow", ...: ``bot/data/<lang>/rules.yml``) and not about
       moving is ``out_of_scope``: this guide covers England only.
    2. The model's ``emergency_help`` below ``emergency_floor`` (by default always, as in
       the embedded engine) gives way to the next intent: the emergency patterns
       (``bot/emergency.py``, run first by the portal and by action_answer) own
       emergencies. It stays in the ranking with its confidence, so action_answer can
       add the one-line danger reminder the embedded engine adds.

    Put it after the classifier and before the FallbackClassifier.
    """

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"emergency_floor": 1.1, "out_of_scope_confidence": 0.9}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = {**self.get_default_config(), **config}
        codes = sorted(p.parent.name for p in DATA_DIR.glob("*/rules.yml"))
        self.rules = [KeywordRules.load(DATA_DIR / code / "rules.yml") for code in codes]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "GuideRules":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = list(message.get("intent_ranking") or [])
            if not message.get(TEXT) or not ranking:
                continue
            folded = fold(message.get(TEXT))
            if any(rules.out_of_scope(folded) for rules in self.rules):
                found = next((r for r in ranking if r["name"] == "out_of_scope"), None)
                confidence = max(float(self.config["out_of_scope_confidence"]),
                                 found["confidence"] if found else 0.0)
                ranking = [{"name": "out_of_scope", "confidence": confidence},
                           *(r for r in ranking if r["name"] != "out_of_scope")]
            elif (ranking[0]["name"] == "emergency_help"
                  and ranking[0]["confidence"] < float(self.config["emergency_floor"])):
                ranking = [*ranking[1:], ranking[0]]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
