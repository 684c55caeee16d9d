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


def _mark_class() -> str:
    r"""A regex class body of every combining mark in the Basic Multilingual Plane.

    Python's ``\w`` excludes marks, but Bengali vowel signs and viramas are marks
    inside words: without them "বাচ্চা" would fall apart into letters.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


MARKS = _mark_class()
WORD = rf"[\w{MARKS}]"  # a word character, marks included
# In folded text every character but the single spaces is part of a word, so a word
# boundary is simply where a space meets a non-space: cheap, and right for marks.
FOLDED_BOUNDARY = r"(?:(?<!\S)(?=\S)|(?<=\S)(?!\S))"
_NON_WORD = re.compile(rf"[^\w{MARKS}]+")
# Letters only: "pleeease" shrinks, but 999 and phone numbers keep their digits.
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
# Optional Arabic-script diacritics (harakat, superscript alef) and the tatweel
# stretcher: phones add them inconsistently, so they never decide a match.
_ARABIC_OPTIONAL = re.compile("[\u0640\u064b-\u065f\u0670]")
# Letter forms typed interchangeably on Arabic and Urdu keyboards, mapped to one form.
_LETTER_FORMS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ی", "ي": "ی", "ك": "ک", "ه": "ہ", "ۀ": "ہ"}
)
# Invisible format characters (joiners, bidi marks) are dropped, not turned into spaces,
# so they never split a word.
_DROP_FORMAT = {"Cf"}
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
    parts = []
    for ch in text:
        category = unicodedata.category(ch)
        if category in _DROP_FORMAT:
            continue
        if category in ("Cc", "Cs", "Co", "Zl", "Zp") and ch not in _KEEP_CONTROLS:
            parts.append(" ")
        else:
            parts.append(ch)
    text = "".join(parts)
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\t", " ").split("\n")]
    text = "\n".join(line for line in lines if line)
    return text[:limit].strip()


def fold(text: str) -> str:
    """Lowercase word tokens separated by single spaces ("He's HERE!!" -> "hes here").

    Runs of three or more of the same letter shrink to two ("pleeease" -> "plees").
    """
    text = fold_letters(_APOSTROPHES.sub("", text.casefold()))
    text = _REPEATS.sub(r"\1\1", text)
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def fold_letters(text: str) -> str:
    """The letter-level part of :func:`fold`, safe to apply to a regular expression."""
    return _ARABIC_OPTIONAL.sub("", text.translate(_LETTER_FORMS))


def mark_safe(pattern: str) -> str:
    """A pattern for folded text whose ``\\b`` also treats combining marks as part of a
    word. ASCII patterns keep ``\\b``, which is faster and means the same for them."""
    return pattern if pattern.isascii() else pattern.replace(r"\b", FOLDED_BOUNDARY)


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
    # Applied to folded text: whole words are runs of non-spaces.
    return re.compile(r"(?<!\S)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\S)")


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
