"""A Rasa tokenizer that sees text the way the embedded engine does.

``NormalisingTokenizer`` is Rasa's WhitespaceTokenizer applied after the embedded
engine's own normalisation (``bot.text``: lowercase, apostrophes dropped, slang and
common misspellings from ``bot/data/<lang>/normalise.yml`` rewritten, e.g. "ss" ->
"social services", "cpp" -> "child protection plan"). The same rules, from the same
files, so the two engines do not drift apart.

Used in config.yml as ``bot.rasa.components.NormalisingTokenizer``; needs the project
root on PYTHONPATH when training and serving (``make rasa-train``/``rasa-run`` set it).
Token offsets refer to the normalised text: fine for intent classification, which is
all this assistant does (no entity extraction).
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.text import DATA_DIR, normaliser


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
