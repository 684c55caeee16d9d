"""Input hygiene and normalisation shared by the emergency check and the classifier.

``clean`` makes any user text safe to process: no control characters, collapsed
whitespace, at most :data:`MAX_CHARS` characters. ``fold`` lowercases and reduces text
to plain word tokens (apostrophes dropped: "he's" -> "hes"). ``Normaliser`` rewrites
slang and common misspellings from ``bot/data/<lang>/normalise.yml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge import DEFAULT_LANG

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_CHARS = 5000

_KEEP_CONTROLS = {"\n", "\t"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster
_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u0060\u00b4']")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_REPEATS = re.compile(r"(\w)\1{2,}", re.UNICODE)
_SPACES = re.compile(r"[ \t\r\f\v]+")


def read_yaml(path: Path) -> Any:
    """Parse a YAML file safely (libyaml's C loader when installed)."""
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_LOADER)  # noqa: S506 - a safe loader


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader


def clean(message: str, limit: int = MAX_CHARS) -> str:
    """Strip control and format characters, collapse whitespace, cap the length."""
    text = unicodedata.normalize("NFKC", message)
    text = "".join(
        " "
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
        and ch not in _KEEP_CONTROLS
        else ch
        for ch in text
    )
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\t", " ").split("\n")]
    text = "\n".join(line for line in lines if line)
    return text[:limit].strip()


def fold(text: str) -> str:
    """Lowercase word tokens separated by single spaces ("He's HERE!!" -> "hes here").

    Runs of three or more of the same letter shrink to two ("pleeease" -> "plees").
    """
    text = _APOSTROPHES.sub("", text.casefold())
    text = _REPEATS.sub(r"\1\1", text)
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def words(text: str) -> list[str]:
    return fold(text).split()


@dataclass(frozen=True)
class Normaliser:
    """Whole-word phrase replacements (slang, abbreviations, misspellings)."""

    replacements: Mapping[str, str]

    @classmethod
    def from_mapping(cls, raw: Mapping[str, str]) -> Normaliser:
        return cls({fold(str(k)): fold(str(v)) for k, v in raw.items() if fold(str(k))})

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        return _compile_alternatives(tuple(sorted(self.replacements, key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        folded = fold(text)
        pattern = self._pattern
        if pattern is None:
            return folded
        return pattern.sub(lambda m: self.replacements[m.group(0)], folded)


@cache
def _compile_alternatives(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")


@cache
def normaliser(lang: str, data_dir: Path = DATA_DIR) -> Normaliser:
    """The language's normaliser; English's when the language has no file of its own."""
    for candidate in dict.fromkeys((lang, DEFAULT_LANG)):
        path = data_dir / candidate / "normalise.yml"
        if path.exists():
            raw = read_yaml(path) or {}
            return Normaliser.from_mapping(raw.get("replacements") or {})
    return Normaliser({})


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions), stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def closest(word: str, vocabulary: Iterable[str], limit: int) -> str | None:
    """The vocabulary word nearest to ``word`` within ``limit`` edits (ties: first found)."""
    best: tuple[int, str] | None = None
    for candidate in vocabulary:
        if abs(len(candidate) - len(word)) > limit or candidate[0] != word[0]:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None
