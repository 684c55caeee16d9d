"""Checks every HTML page must pass, whatever it shows."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bot.knowledge import languages

SITE_NAME = "Child protection conference: a guide for parents"


@dataclass
class PageFacts:
    html_lang: str = ""
    html_dir: str = ""
    title: str = ""
    h1: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    forms: list[dict[str, str | None]] = field(default_factory=list)
    scripts: list[dict[str, str | None]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    inline_styles: int = 0
    inline_handlers: int = 0


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.facts.html_lang = a.get("lang") or ""
            self.facts.html_dir = a.get("dir") or ""
        if a.get("id"):
            self.facts.ids.append(a["id"] or "")
        if tag == "form":
            self.facts.forms.append(a)
        if tag == "script":
            self.facts.scripts.append(a)
        if tag == "a" and a.get("href"):
            self.facts.links.append(a["href"] or "")
        if "style" in a:
            self.facts.inline_styles += 1
        if any(name.startswith("on") for name in a):
            self.facts.inline_handlers += 1
        if tag in {"title", "h1"}:
            self._in.append(tag)
            if tag == "h1":
                self.facts.h1.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if "title" in self._in:
            self.facts.title += data
        if "h1" in self._in:
            self.facts.h1[-1] += data


def parse(html: str) -> PageFacts:
    collector = _Collector()
    collector.feed(html)
    return collector.facts


def check_page(html: str, nonce: str | None, lang: str) -> PageFacts:
    """Assert the invariants; returns the parsed facts for further checks."""
    facts = parse(html)
    assert facts.html_lang == lang, f"lang={facts.html_lang!r}, expected {lang!r}"
    assert facts.html_dir == languages()[lang].direction
    assert len(facts.h1) == 1, f"{len(facts.h1)} h1 elements"
    heading = " ".join(facts.h1[0].split())
    title = " ".join(facts.title.split())
    if "govuk-error-summary" in html:
        # GOV.UK's pattern: a page showing errors starts its title with "Error: ".
        prefix, sep, rest = title.partition(": ")
        assert sep and len(prefix.split()) <= 2, f"error page title {title!r} lacks its prefix"
        title = rest
    assert title.startswith(heading), f"title {title!r} does not start with h1 {heading!r}"
    duplicates = [i for i, n in Counter(facts.ids).items() if n > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    for form in facts.forms:
        assert form.get("action"), f"form without action: {form}"
        assert (form.get("method") or "get").lower() in {"get", "post"}
    for script in facts.scripts:
        assert nonce and script.get("nonce") == nonce, f"script without the CSP nonce: {script}"
    assert facts.inline_styles == 0, "inline style attributes break the CSP"
    assert facts.inline_handlers == 0, "inline event handlers break the CSP"
    return facts
