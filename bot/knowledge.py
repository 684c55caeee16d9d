"""Readers for the data in ``content/``: languages, council areas and their facts.

Kept free of Flask so that the portal, the embedded assistant and the Rasa
action server all read the same files. Everything here is immutable after load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
DEFAULT_AREA = "england"
DEFAULT_LANG = "en"
AREA_TOKEN = re.compile(r"^\[\[area:([a-z_]+)\]\]\s*$", re.MULTILINE)


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # the language's name written in itself, for the switcher
    english_name: str
    direction: str = "ltr"
    locale: str = ""  # Babel locale for dates and numbers, e.g. en_GB
    # False while the assistant has no training data, answers or danger patterns in
    # this language: the chat page then says it reads English only, for now.
    assistant: bool = True

    @property
    def babel_locale(self) -> str:
        return self.locale or self.code


@dataclass(frozen=True)
class Contact:
    id: str
    org: str
    phone: str = ""
    email: str = ""
    address: str = ""
    url: str = ""
    hours: str = ""
    source: str = ""


@dataclass(frozen=True)
class Fact:
    key: str
    text: str  # Markdown, authored in our own words
    source: str  # seed id, e.g. "002", or "national" for national guidance
    area: str  # the area the fact was found in (may be the national default)


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    short_name: str
    nation: str
    seeds: tuple[str, ...]
    last_checked: str
    contacts: tuple[Contact, ...]
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_national(self) -> bool:
        return self.slug == DEFAULT_AREA


@cache
def languages(content_dir: Path = CONTENT_DIR) -> dict[str, Language]:
    """Languages the service offers, in the order of ``content/languages.yml``."""
    rows = load_yaml(content_dir / "languages.yml")
    return {
        row["code"]: Language(
            row["code"],
            row["name"],
            row["english_name"],
            row.get("dir", "ltr"),
            row.get("locale", ""),
            bool(row.get("assistant", True)),
        )
        for row in rows
    }


@cache
def areas(content_dir: Path = CONTENT_DIR) -> dict[str, Area]:
    """Council areas, national default first, then alphabetical by name."""
    found: dict[str, Area] = {}
    for path in sorted((content_dir / "areas").glob("*.yml")):
        raw = load_yaml(path)
        contacts = tuple(Contact(**c) for c in raw.get("contacts", []))
        found[raw["slug"]] = Area(
            slug=raw["slug"],
            name=raw["name"],
            short_name=raw.get("short_name", raw["name"]),
            nation=raw.get("nation", "ENG"),
            seeds=tuple(str(s) for s in raw.get("seeds", [])),
            last_checked=str(raw["last_checked"]),
            contacts=contacts,
            data=raw,
        )
    ordered = sorted(found.values(), key=lambda a: (not a.is_national, a.name))
    return {a.slug: a for a in ordered}


@cache
def _area_text(lang: str, slug: str, content_dir: Path = CONTENT_DIR) -> dict[str, Any]:
    path = content_dir / lang / "areas" / f"{slug}.yml"
    if not path.exists():
        return {}
    return load_yaml(path) or {}


@cache
def area_in(slug: str, lang: str = DEFAULT_LANG) -> Area | None:
    """The area with its names in the language. Councils' names are organisations'
    names and stay as they are; only an area file's own ``name``/``short_name`` (the
    national default, "England") changes them."""
    area = areas().get(slug)
    if area is None:
        return None
    text = _area_text(lang, slug)
    return replace(
        area,
        name=str(text.get("name") or area.name),
        short_name=str(text.get("short_name") or area.short_name),
    )


def fact(key: str, area_slug: str, lang: str = DEFAULT_LANG) -> Fact | None:
    """The area's version of a fact, else the national default; English if untranslated."""
    for candidate_lang in dict.fromkeys((lang, DEFAULT_LANG)):
        for slug in dict.fromkeys((area_slug, DEFAULT_AREA)):
            raw = _area_text(candidate_lang, slug).get("facts", {}).get(key)
            if raw:
                return Fact(key, raw["text"].strip(), str(raw.get("source", "")), slug)
    return None


def contact_description(contact_id: str, area_slug: str, lang: str = DEFAULT_LANG) -> str:
    for candidate_lang in dict.fromkeys((lang, DEFAULT_LANG)):
        text = _area_text(candidate_lang, area_slug).get("contacts", {}).get(contact_id)
        if text:
            return str(text)
    return ""


@cache
def sources(content_dir: Path = CONTENT_DIR) -> dict[str, dict[str, str]]:
    """The seed leaflets and public guidance that facts are taken from."""
    raw = load_yaml(content_dir / "sources.yml")
    return {str(k): v for k, v in raw.items()}
