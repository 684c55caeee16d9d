"""The embedded assistant: emergency check, intent classification, authored answers.

    assistant = Assistant.load()                 # trains from bot/data/<lang>/nlu.yml (< 2 s)
    reply = assistant.reply("can they take my kids", lang="en", area="waltham-forest")

Order for every message: clean the input, run the emergency check (patterns, never the
model alone), classify, then compose the authored answer for the council and language.
Flask-free: the portal and the Rasa action server import it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot import emergency
from bot.answers import (
    EMERGENCY,
    OUT_OF_SCOPE,
    SMALL_TALK,
    AnswerBook,
    Reply,
    Source,
    valid_area,
)
from bot.classifier import DEFAULT_SPEC, IntentClassifier, KeywordRules, ModelSpec, decide, read_nlu
from bot.knowledge import CONTENT_DIR, DEFAULT_AREA, DEFAULT_LANG, areas, languages
from bot.search import SectionSearch
from bot.text import DATA_DIR, MAX_CHARS, clean, normaliser

SCAN_LIMIT = 20_000  # characters the emergency check reads (the classifier reads MAX_CHARS)

__all__ = ["Assistant", "Reply", "Source"]


def _warm(language: _Language) -> None:
    emergency.detector(language.code)
    language.section_search()
    for slug in areas():
        for intent in language.book.answers:
            language.book.markdown(intent, slug)


log = logging.getLogger(__name__)

Search = Callable[[str, str, int], list[Source]]
FALLBACK_LIMIT = 3
LANGUAGE_WAIT_SECONDS = 30.0
# Below this many words, what is left of an emergency message is not worth answering too.
MIN_REMAINDER_WORDS = 3


@dataclass
class _Language:
    code: str
    classifier: IntentClassifier
    book: AnswerBook
    examples: dict[str, list[str]]
    _search: SectionSearch | None = None

    def section_search(self) -> SectionSearch:
        if self._search is None:
            self._search = SectionSearch(self.book, self.examples)
        return self._search


class Assistant:
    """One trained model and answer book per language. Thread-safe after ``load``."""

    def __init__(self, languages_: dict[str, _Language], spec: ModelSpec) -> None:
        self._languages = languages_
        self._pending: dict[str, threading.Event] = {}
        self.spec = spec
        self.threshold = spec.threshold

    # -- construction ----------------------------------------------------------------

    @classmethod
    def load(
        cls,
        lang_codes: Iterable[str] | None = None,
        spec: ModelSpec = DEFAULT_SPEC,
        data_dir: Path = DATA_DIR,
        content_dir: Path = CONTENT_DIR,
        warm: bool = True,
        background: bool = False,
    ) -> Assistant:
        """Train a model for each language that has training data (English always).

        ``warm`` also builds what the first replies would otherwise build (emergency
        patterns, section search, council facts), so no request pays for it.
        ``background`` trains English now and the other languages in a thread, so a
        server starts answering within the model's load time of one language.
        """
        # By default, the languages whose assistant has landed (``assistant: true``); the
        # others are answered by English's model, with their own danger patterns.
        wanted = (
            list(lang_codes)
            if lang_codes is not None
            else [c for c, lang in languages(content_dir).items() if lang.assistant]
        )
        codes = [
            c for c in dict.fromkeys([DEFAULT_LANG, *wanted]) if (data_dir / c / "nlu.yml").exists()
        ]
        if DEFAULT_LANG not in codes:
            raise FileNotFoundError(f"no training data at {data_dir / DEFAULT_LANG / 'nlu.yml'}")

        def build(code: str) -> _Language:
            pairs = read_nlu(data_dir / code / "nlu.yml")
            rules = KeywordRules.load(data_dir / code / "rules.yml")
            classifier = IntentClassifier(spec, normaliser(code, data_dir), rules).fit(
                [text for text, _ in pairs], [intent for _, intent in pairs]
            )
            examples: dict[str, list[str]] = {}
            for text, intent in pairs:
                examples.setdefault(intent, []).append(text)
            book = AnswerBook.load(
                code if (content_dir / code / "answers.yml").exists() else DEFAULT_LANG,
                content_dir,
                data_dir,
            )
            language = _Language(code, classifier, book, examples)
            if warm:
                _warm(language)
            return language

        first = [DEFAULT_LANG] if background else codes
        assistant = cls({code: build(code) for code in first}, spec)
        rest = [code for code in codes if code not in first]
        if rest:
            assistant._start_background(rest, build)
        return assistant

    def _start_background(self, codes: list[str], build: Callable[[str], _Language]) -> None:
        """Train the other languages after start-up: English answers at once, and a
        request in a language still training waits for it (see ``_lang``)."""
        self._pending = {code: threading.Event() for code in codes}

        def run() -> None:
            for code in codes:
                try:
                    self._languages[code] = build(code)
                except Exception:  # a broken language must not take English down
                    log.exception("could not build the assistant for %s", code)
                finally:
                    self._pending[code].set()

        threading.Thread(target=run, name="assistant-languages", daemon=True).start()

    def wait_until_ready(self, timeout: float | None = None) -> bool:
        """True once every language is trained (at once when none was left to train)."""
        return all(event.wait(timeout) for event in self._pending.values())

    def warm(self) -> None:
        for language in list(self._languages.values()):
            _warm(language)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._languages)

    def _lang(self, lang: str) -> _Language:
        found = self._languages.get(lang)
        if found is None and lang in self._pending:
            # Still training just after start-up: wait rather than answer in English.
            self._pending[lang].wait(LANGUAGE_WAIT_SECONDS)
            found = self._languages.get(lang)
        return found or self._languages[DEFAULT_LANG]

    # -- the steps, public so the portal and Rasa can use them separately ---------------

    def is_emergency(self, message: str, lang: str = DEFAULT_LANG) -> bool:
        # The language's own patterns even before its model lands (English's back them up).
        return emergency.is_emergency(message, lang)

    def classify(self, message: str, lang: str = DEFAULT_LANG) -> tuple[str, float]:
        """The most likely intent and its probability (no threshold, no emergency check)."""
        text = clean(message)
        if not text:
            return OUT_OF_SCOPE, 0.0
        intent, confidence = self._lang(lang).classifier.rank(text, top=1)[0]
        return intent, confidence

    def answer(
        self,
        intent: str,
        lang: str = DEFAULT_LANG,
        area: str = DEFAULT_AREA,
        confidence: float = 1.0,
        fallback: bool = False,
        query: str = "",
        search: Search | None = None,
    ) -> Reply:
        """The authored reply for an intent decided elsewhere (e.g. by Rasa)."""
        language = self._lang(lang)
        area = valid_area(area)
        if intent == EMERGENCY:
            return language.book.emergency_reply(area, confidence=confidence)
        closest: list[Source] = []
        if fallback or intent == OUT_OF_SCOPE or not language.book.has(intent):
            closest = self._closest(query, language, area, search)
        return language.book.reply(intent, area, confidence, fallback, closest)

    # -- the whole turn ----------------------------------------------------------------

    def reply(
        self,
        message: str,
        lang: str = DEFAULT_LANG,
        area: str = DEFAULT_AREA,
        search: Search | None = None,
    ) -> Reply:
        language = self._lang(lang)
        area = valid_area(area)
        text = clean(message)
        too_long = len(clean(message, limit=MAX_CHARS + 1)) > MAX_CHARS
        if not text:
            return language.book.prompt_reply(area)

        # Danger is looked for further than the classifier reads.
        detection = emergency.detect(clean(message, limit=SCAN_LIMIT), lang)
        if detection.is_emergency:
            also = None
            remainder = detection.remainder()[:MAX_CHARS]
            if len(remainder.split()) >= MIN_REMAINDER_WORDS:
                other = self._answer_text(remainder, language, area, search, hint=False)
                if other.intent not in (EMERGENCY, *SMALL_TALK) and not other.fallback:
                    also = other
            return language.book.emergency_reply(area, also)

        reply = self._answer_text(text, language, area, search)
        if reply.intent == EMERGENCY:
            # No pattern fired but the model is sure this is an emergency: help comes first.
            reply = language.book.emergency_reply(area, confidence=reply.confidence)
        return language.book.with_note(reply, "too_long") if too_long else reply

    def _answer_text(
        self, text: str, language: _Language, area: str, search: Search | None, hint: bool = True
    ) -> Reply:
        decision = decide(language.classifier.analyse(text), self.spec)
        if decision.intent == EMERGENCY:
            return language.book.reply(EMERGENCY, area, decision.confidence)
        closest = self._closest(text, language, area, search) if decision.fallback else []
        reply = language.book.reply(
            decision.intent, area, decision.confidence, decision.fallback, closest
        )
        # The model smelt danger where the patterns found none: a one-line reminder.
        if hint and decision.danger_hint:
            return language.book.with_note(reply, "danger_hint")
        return reply

    def _closest(
        self, query: str, language: _Language, area: str, search: Search | None
    ) -> list[Source]:
        if not query.strip():
            return []
        if search is not None:
            try:
                return list(search(query, language.code, FALLBACK_LIMIT))[:FALLBACK_LIMIT]
            except Exception as error:  # an injected search must never break a reply
                # The type only: the query is what the parent typed and is never logged.
                log.warning("search failed (%s); using the built-in ranking", type(error).__name__)
        return language.section_search()(query, area, FALLBACK_LIMIT)
