"""The guide's pages: Markdown with front matter under ``content/<lang>/pages``.

A page is parsed once at start-up. Rendering for a council (area) swaps each
``[[area:KEY]]`` line for that council's fact, links the first use of each
glossary term and adds GOV.UK classes; the result is cached per
(language, area, page) because it never changes while the app runs.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import markdown
import yaml
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from bot.knowledge import AREA_TOKEN, CONTENT_DIR, DEFAULT_LANG, Fact, load_yaml
from bot.text import MARKS

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
HEADING_ID = re.compile(r"^(#{2,3})\s+(.+?)\s*\{#([a-z0-9-]+)\}\s*$", re.MULTILINE)
GOVUK_CLASSES = {
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "blockquote": "govuk-inset-text",
}


class PageError(ValueError):
    """A content file is malformed; raised at start-up, never per request."""


@dataclass(frozen=True)
class Section:
    anchor: str
    heading: str
    level: int


@dataclass(frozen=True)
class Page:
    slug: str
    lang: str
    title: str
    summary: str
    group: str
    order: int
    sources: tuple[str, ...]
    last_checked: str
    revision: int
    body: str
    sections: tuple[Section, ...]
    meta: dict[str, Any] = field(compare=False, hash=False)

    @property
    def translates(self) -> dict[str, Any] | None:
        value = self.meta.get("translates")
        return value if isinstance(value, dict) else None

    @property
    def translation_checked(self) -> bool:
        return bool(self.meta.get("translation_checked", self.lang == DEFAULT_LANG))

    def plain_text(self) -> str:
        """Body text without Markdown syntax or area tokens, for search and readability."""
        text = AREA_TOKEN.sub("", self.body)
        text = re.sub(r"\{#[a-z0-9-]+\}", "", text)
        text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
        return re.sub(r"[#*_>`|]", "", text)

    def section_texts(self) -> Iterator[tuple[Section | None, str]]:
        """(section, Markdown source) pairs; the text before the first heading has None."""
        chunks = re.split(r"^(?=#{2}\s)", self.body, flags=re.MULTILINE)
        by_heading = {s.anchor: s for s in self.sections}
        for chunk in chunks:
            match = HEADING_ID.match(chunk)
            yield (by_heading.get(match.group(3)) if match else None), chunk


def parse_page(path: Path, lang: str) -> Page:
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        raise PageError(f"{path}: missing front matter")
    meta = yaml.safe_load(match.group(1)) or {}
    body = text[match.end() :]
    for required in ("title", "summary", "group", "order", "sources", "last_checked", "revision"):
        if required not in meta:
            raise PageError(f"{path}: front matter lacks {required!r}")
    sections = tuple(
        Section(anchor=m.group(3), heading=m.group(2).strip(), level=len(m.group(1)))
        for m in HEADING_ID.finditer(body)
    )
    anchors = [s.anchor for s in sections]
    if len(anchors) != len(set(anchors)):
        raise PageError(f"{path}: repeated section anchor")
    return Page(
        slug=path.stem,
        lang=lang,
        title=str(meta["title"]),
        summary=str(meta["summary"]),
        group=str(meta["group"]),
        order=int(meta["order"]),
        sources=tuple(str(s) for s in meta["sources"]),
        last_checked=str(meta["last_checked"]),
        revision=int(meta["revision"]),
        body=body,
        sections=sections,
        meta=meta,
    )


@cache
def pages(lang: str, content_dir: Path = CONTENT_DIR) -> dict[str, Page]:
    """Every page in a language, ordered as the guide's contents list."""
    folder = content_dir / lang / "pages"
    found = [parse_page(p, lang) for p in sorted(folder.glob("*.md"))]
    found.sort(key=lambda p: (p.order, p.slug))
    return {p.slug: p for p in found}


def page(lang: str, slug: str) -> Page | None:
    """A page in the language, or the English page when no translation exists yet."""
    return pages(lang).get(slug) or pages(DEFAULT_LANG).get(slug)


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    definition: str
    aliases: tuple[str, ...] = ()


@cache
def glossary(lang: str, content_dir: Path = CONTENT_DIR) -> tuple[GlossaryTerm, ...]:
    path = content_dir / lang / "glossary.yml"
    if not path.exists():
        path = content_dir / DEFAULT_LANG / "glossary.yml"
    raw = (load_yaml(path) if path.exists() else None) or {}
    terms = [
        GlossaryTerm(t["id"], t["term"], t["definition"].strip(), tuple(t.get("aliases", [])))
        for t in raw.get("terms", [])
    ]
    return tuple(sorted(terms, key=lambda t: t.term.casefold()))


class _GovukClasses(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            css = GOVUK_CLASSES.get(element.tag)
            if css and not element.get("class"):
                element.set("class", css)


class GovukExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_GovukClasses(md), "govuk_classes", 0)


def markdown_to_html(text: str) -> str:
    """Authored (trusted) Markdown to HTML with GOV.UK classes. Never user text."""
    md = markdown.Markdown(extensions=["attr_list", "tables", "sane_lists", GovukExtension()])
    return md.convert(text)


_TAG = re.compile(r"(<[^>]+>)")
_NO_LINK_INSIDE = {"a", "h1", "h2", "h3", "h4", "button", "summary", "label"}


def link_glossary_terms(
    html: str, terms: tuple[GlossaryTerm, ...], href: Callable[[str], str]
) -> str:
    """Link the first use of each glossary term on a page, outside headings and links."""
    patterns: list[tuple[GlossaryTerm, re.Pattern[str]]] = []
    for term in sorted(terms, key=lambda t: -len(t.term)):
        words = "|".join(re.escape(w) for w in (term.term, *term.aliases))
        # Combining marks count as part of a word, and trailing ones (a Bengali vowel
        # sign ending an inflected form) go inside the link rather than split it.
        patterns.append(
            (
                term,
                re.compile(
                    rf"(?<![\w{MARKS}-])((?:{words})[{MARKS}]*)(?![\w{MARKS}-])", re.IGNORECASE
                ),
            )
        )
    done: set[str] = set()
    depth = 0
    out: list[str] = []
    for token in _TAG.split(html):
        if token.startswith("<"):
            name = re.match(r"</?([a-zA-Z0-9]+)", token)
            if name and name.group(1).lower() in _NO_LINK_INSIDE:
                depth += -1 if token.startswith("</") else 1
            out.append(token)
            continue
        if depth == 0 and token.strip():
            for term, pattern in patterns:
                if term.id in done:
                    continue
                match = pattern.search(token)
                if match:
                    done.add(term.id)
                    link = (
                        f'<a class="govuk-link app-glossary-term" href="{escape(href(term.id))}">'
                        f"{match.group(1)}</a>"
                    )
                    token = token[: match.start()] + link + token[match.end() :]
                    # The new tag must not be scanned again for shorter terms.
                    head, _, tail = token.partition(link)
                    out.append(head + link)
                    token = tail
        out.append(token)
    return "".join(out)


def split_area_tokens(body: str) -> list[tuple[str, str]]:
    """('md', text) and ('fact', key) parts, in order."""
    parts: list[tuple[str, str]] = []
    last = 0
    for match in AREA_TOKEN.finditer(body):
        parts.append(("md", body[last : match.start()]))
        parts.append(("fact", match.group(1)))
        last = match.end()
    parts.append(("md", body[last:]))
    return parts


def render_body(
    body: str,
    render_fact: Callable[[str], Fact | None],
    fact_html: Callable[[Fact], str],
) -> str:
    html: list[str] = []
    for kind, value in split_area_tokens(body):
        if kind == "md":
            html.append(markdown_to_html(value))
            continue
        found = render_fact(value)
        if found is None:
            raise PageError(f"no fact {value!r} in any area")
        html.append(fact_html(found))
    return "\n".join(html)
