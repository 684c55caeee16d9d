"""The emergency check: runs on every message before anything else classifies it.

High recall by design and independent of the statistical model: hand-written patterns
from ``bot/data/emergency.yml`` (per language; English is the fallback), applied to
folded text after fixing common misspellings and tolerating small spelling slips in
long danger words. A match is set aside only when the words right before it make it
past or hypothetical ("he used to hit me", "what happens if he hits") and nothing
around it says it is happening now.

Nothing here logs or keeps the message.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.knowledge import DEFAULT_LANG
from bot.text import DATA_DIR, clean, closest, fold, fold_letters, mark_safe, read_yaml

EMERGENCY_FILE = DATA_DIR / "emergency.yml"
# Full stops and question marks of the scripts we serve too: Arabic ؟ ؛, Urdu ۔, Bengali ।.
_SENTENCE_BREAK = re.compile(
    r"[.!?;:\n\u061f\u061b\u06d4\u0964\u0965]+|\s+-\s+|\bbut\b|\bhowever\b", re.IGNORECASE
)
_VAR = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


class EmergencyDataError(ValueError):
    """The pattern file is malformed (raised at load, never per message)."""


@dataclass(frozen=True)
class Signal:
    name: str
    any: tuple[re.Pattern[str], ...]
    all: tuple[re.Pattern[str], ...]
    defusable: bool
    extra_defuse_before: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Hit:
    """One danger signal found: which one, and the sentence it is in (folded)."""

    signal: str
    sentence_index: int


@dataclass(frozen=True)
class Detection:
    hits: tuple[Hit, ...]
    sentences: tuple[str, ...]  # the message split into sentences (cleaned, not folded)

    @property
    def is_emergency(self) -> bool:
        return bool(self.hits)

    @property
    def signals(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hit.signal for hit in self.hits))

    def remainder(self) -> str:
        """The message without the sentences that raised the alarm (what else was asked)."""
        flagged = {hit.sentence_index for hit in self.hits}
        return " ".join(s for i, s in enumerate(self.sentences) if i not in flagged).strip()


def _expand(pattern: str, variables: Mapping[str, str]) -> str:
    for _ in range(5):  # vars may use vars; a small bound stops accidental loops
        expanded = _VAR.sub(lambda m: variables.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    return pattern


def _compile_all(raw: Any, variables: Mapping[str, str], where: str) -> tuple[re.Pattern[str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise EmergencyDataError(f"{where}: expected a list of patterns")
    compiled = []
    for item in raw:
        # Letters folded as messages are; \b aware of combining marks (Bengali).
        text = mark_safe(fold_letters(_expand(str(item), variables)))
        if _VAR.search(text):
            raise EmergencyDataError(f"{where}: unknown variable in {item!r}")
        try:
            compiled.append(re.compile(text))
        except re.error as error:
            raise EmergencyDataError(f"{where}: bad pattern {item!r}: {error}") from None
    return tuple(compiled)


@dataclass(frozen=True)
class EmergencyDetector:
    """Danger-signal patterns for one language."""

    lang: str
    signals: tuple[Signal, ...]
    spelling: Mapping[str, str]
    fuzzy: tuple[str, ...]
    protect: frozenset[str]
    defuse_before: tuple[re.Pattern[str], ...]
    defuse_around: tuple[re.Pattern[str], ...]
    immediate: tuple[re.Pattern[str], ...]
    window: int = 8
    before_window: int = 6
    tight_window: int = 3

    @classmethod
    def from_config(cls, lang: str, raw: Mapping[str, Any]) -> EmergencyDetector:
        variables = {str(k): str(v) for k, v in (raw.get("vars") or {}).items()}
        signals = []
        for item in raw.get("signals") or []:
            name = str(item["name"])
            where = f"{lang}.{name}"
            patterns = _compile_all(item.get("any"), variables, where)
            if not patterns:
                raise EmergencyDataError(f"{where}: no patterns")
            signals.append(
                Signal(
                    name=name,
                    any=patterns,
                    all=_compile_all(item.get("all"), variables, where),
                    defusable=bool(item.get("defusable", True)),
                    extra_defuse_before=_compile_all(
                        item.get("extra_defuse_before"), variables, where
                    ),
                )
            )
        if not signals:
            raise EmergencyDataError(f"{lang}: no signals")
        return cls(
            lang=lang,
            signals=tuple(signals),
            spelling={fold(str(k)): fold(str(v)) for k, v in (raw.get("spelling") or {}).items()},
            fuzzy=tuple(fold(str(t)) for t in raw.get("fuzzy") or ()),
            protect=frozenset(fold(str(t)) for t in raw.get("protect") or ()),
            defuse_before=_compile_all(
                raw.get("defuse_before"), variables, f"{lang}.defuse_before"
            ),
            defuse_around=_compile_all(
                raw.get("defuse_around"), variables, f"{lang}.defuse_around"
            ),
            immediate=_compile_all(raw.get("immediate"), variables, f"{lang}.immediate"),
            window=int(raw.get("window", 8)),
            before_window=int(raw.get("before_window", 6)),
            tight_window=int(raw.get("tight_window", 3)),
        )

    # -- text preparation -------------------------------------------------------------

    def _correct(self, token: str) -> str:
        if token in self.spelling:
            return self.spelling[token]
        if len(token) < 6 or token in self.protect or token in self.fuzzy:
            return token
        limit = 2 if len(token) >= 10 else 1
        return closest(token, self.fuzzy, limit) or token

    def prepare(self, sentence: str) -> str:
        """Fold one sentence and fix misspellings of danger words."""
        return " ".join(self._correct(token) for token in fold(sentence).split())

    # -- matching ---------------------------------------------------------------------

    def _defused(self, signal: Signal, text: str, match: re.Match[str]) -> bool:
        if not signal.defusable:
            return False
        before_words = text[: match.start()].split()
        after_words = text[match.end() :].split()
        before = " ".join(before_words[-self.before_window :])
        around = " ".join(
            [*before_words[-self.window :], match.group(0), *after_words[: self.window]]
        )
        tight = " ".join(
            [*before_words[-self.tight_window :], match.group(0), *after_words[: self.tight_window]]
        )
        if any(p.search(tight) for p in self.defuse_around) and not any(
            p.search(tight) for p in self.immediate
        ):
            return True  # "... an overdose years ago, and now ..." is in the past
        if any(p.search(around) for p in self.immediate):
            return False
        if any(p.search(before) for p in (*self.defuse_before, *signal.extra_defuse_before)):
            return True
        return any(p.search(around) for p in self.defuse_around)

    def _signal_fires(self, signal: Signal, text: str) -> bool:
        if signal.all and not all(p.search(text) for p in signal.all):
            return False
        for pattern in signal.any:
            for match in pattern.finditer(text):
                if not self._defused(signal, text, match):
                    return True
        return False

    def detect(self, message: str) -> Detection:
        sentences = tuple(
            part.strip() for part in _SENTENCE_BREAK.split(clean(message)) if part and part.strip()
        )
        hits: list[Hit] = []
        for index, sentence in enumerate(sentences):
            text = self.prepare(sentence)
            if not text:
                continue
            hits.extend(Hit(s.name, index) for s in self.signals if self._signal_fires(s, text))
        return Detection(tuple(hits), sentences)

    def is_emergency(self, message: str) -> bool:
        return self.detect(message).is_emergency


@cache
def _config(path: Path = EMERGENCY_FILE) -> Mapping[str, Any]:
    """English (and any language kept inline) from ``path``; other languages from
    ``bot/data/<lang>/emergency.yml`` beside it, one block per file."""
    raw = dict(read_yaml(path) or {})
    if DEFAULT_LANG not in raw:
        raise EmergencyDataError(f"{path}: needs a block for {DEFAULT_LANG!r}")
    for own in sorted(path.parent.glob("*/emergency.yml")):
        block = read_yaml(own)
        if not isinstance(block, dict):
            raise EmergencyDataError(f"{own}: expected a mapping")
        raw[own.parent.name] = block
    return raw


@cache
def _language_detector(code: str, path: Path) -> EmergencyDetector:
    return EmergencyDetector.from_config(code, _config(path)[code])


@dataclass(frozen=True)
class CombinedDetector:
    """The language's own patterns, then English's: parents mix in English words,
    and a message may arrive in English whatever language the page is in."""

    lang: str
    parts: tuple[EmergencyDetector, ...]

    def detect(self, message: str) -> Detection:
        first = self.parts[0].detect(message)
        for part in self.parts[1:]:
            if first.is_emergency:
                break
            other = part.detect(message)
            if other.is_emergency:
                return other
        return first

    def is_emergency(self, message: str) -> bool:
        return self.detect(message).is_emergency


@cache
def detector(lang: str = DEFAULT_LANG, path: Path = EMERGENCY_FILE) -> CombinedDetector:
    """The language's detector, backed by English's; English alone when the language
    has no patterns yet."""
    raw = _config(path)
    own = _language_detector(lang if lang in raw else DEFAULT_LANG, path)
    if own.lang == DEFAULT_LANG:
        return CombinedDetector(lang, (own,))
    return CombinedDetector(lang, (own, _english_backup(path)))


@cache
def _english_backup(path: Path) -> EmergencyDetector:
    """English's patterns for English words in another language's message, without the
    guesses that only make sense for English: short spelling fixes ("od" is overdose in
    English and "from" in Polish) and fuzzy matching against English danger words."""
    english = _language_detector(DEFAULT_LANG, path)
    spelling = {k: v for k, v in english.spelling.items() if len(k) >= 4}
    return dataclasses.replace(english, spelling=spelling, fuzzy=())


def detect(message: str, lang: str = DEFAULT_LANG) -> Detection:
    return detector(lang).detect(message)


def is_emergency(message: str, lang: str = DEFAULT_LANG) -> bool:
    return detector(lang).is_emergency(message)


def languages_with_patterns(path: Path = EMERGENCY_FILE) -> Sequence[str]:
    return tuple(_config(path))
