"""The guide as the assistant sees it: page titles, section headings, links, and a small
search over sections for when no better search is injected.

Flask-free. Pages are ``content/<lang>/pages/<slug>.md`` with YAML front matter and
``## Heading {#anchor}`` sections; a missing page still gets a link and a humanised
title, so answers keep citing their section while pages are being written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.knowledge import AREA_TOKEN, CONTENT_DIR, DEFAULT_LANG
from bot.text import parse_yaml, read_yaml

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING = re.compile(r"^(#{2,3})\s+(.+?)\s*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)
TITLE_SEPARATOR = " – "


@dataclass(frozen=True)
class Section:
    page: str
    anchor: str
    heading: str
    text: str  # plain text of the section, for search


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    sections: tuple[Section, ...]


def humanise(slug: str) -> str:
    words = slug.replace("_", "-").split("-")
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def plain(markdown_text: str) -> str:
    text = AREA_TOKEN.sub("", markdown_text)
    text = re.sub(r"\{#[a-z0-9-]+\}", "", text)
    text = re.sub(r"\[\[[^\]]*\]\]", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return " ".join(re.sub(r"[#*_>`|]", " ", text).split())


def parse_page(path: Path) -> Page:
    raw = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(raw)
    meta: dict[str, Any] = {}
    body = raw
    if match:
        loaded = parse_yaml(match.group(1))
        meta = loaded if isinstance(loaded, dict) else {}
        body = raw[match.end() :]
    title = str(meta.get("title") or humanise(path.stem))
    headings = list(HEADING.finditer(body))
    sections = []
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(body)
        sections.append(
            Section(
                page=path.stem,
                anchor=heading.group(3),
                heading=plain(heading.group(2)),
                text=plain(body[heading.end() : end]),
            )
        )
    return Page(slug=path.stem, title=title, sections=tuple(sections))


@cache
def pages(lang: str, content_dir: Path = CONTENT_DIR) -> dict[str, Page]:
    folder = content_dir / lang / "pages"
    if not folder.is_dir():
        return {}
    return {p.stem: parse_page(p) for p in sorted(folder.glob("*.md"))}


def page(lang: str, slug: str, content_dir: Path = CONTENT_DIR) -> Page | None:
    """The page in the language, else in English, else None."""
    for candidate in dict.fromkeys((lang, DEFAULT_LANG)):
        found = pages(candidate, content_dir).get(slug)
        if found:
            return found
    return None


@cache
def section_map(content_dir: Path = CONTENT_DIR) -> dict[str, tuple[str, str]]:
    """``{intent: (page slug, anchor)}`` from ``content/sections.yml``."""
    raw = read_yaml(content_dir / "sections.yml") or {}
    return {str(k): (str(v["page"]), str(v["anchor"])) for k, v in raw.items()}


def url(lang: str, area: str, slug: str, anchor: str = "") -> str:
    """The guide's fixed URL scheme: ``/<lang>/<area>/<page-slug>#<anchor>``."""
    return f"/{lang}/{area}/{slug}" + (f"#{anchor}" if anchor else "")


def title(lang: str, slug: str, anchor: str = "", content_dir: Path = CONTENT_DIR) -> str:
    """ "Page title – Section heading", from the page's front matter when it exists."""
    found = page(lang, slug, content_dir)
    if found is None:
        return humanise(slug)
    heading = next((s.heading for s in found.sections if s.anchor == anchor), "")
    if heading and heading != found.title:
        return f"{found.title}{TITLE_SEPARATOR}{heading}"
    return found.title
