"""Translated pages are really translated: no English interface text leaks through.

Every sitemap URL in every language is rendered; the visible text must hold none
of the interface's English sentences (msgids of three words or more), and a page's
heading must differ from the English page's.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from bot.knowledge import languages
from tests.conftest import ROOT, sitemap_paths

OTHER = [code for code in languages() if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


class _Text(HTMLParser):
    """Visible text, leaving out anything marked lang="en" (links to the English page)."""

    SKIP = frozenset({"script", "style", "title"})
    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        hidden = tag in self.SKIP or dict(attrs).get("lang") == "en"
        self._stack.append(hidden or (bool(self._stack) and self._stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_sentences() -> list[str]:
    with (ROOT / "translations" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        ident = message.id if isinstance(message.id, str) else message.id[0]
        if not ident:
            continue
        fixed = max(PLACEHOLDER.split(ident), key=len).strip(" .:,")
        if len(fixed.split()) >= 3:
            found.append(fixed)
    return found


@pytest.mark.parametrize("lang", OTHER)
def test_no_english_interface_text_on_translated_pages(client: FlaskClient, lang: str) -> None:
    sentences = english_sentences()
    assert len(sentences) > 50
    paths = [p for p in sitemap_paths(client) if p.startswith(f"/{lang}/")]
    assert len(paths) > 20
    leaks: dict[str, list[str]] = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True))
        found = [s for s in sentences if s in text]
        if found:
            leaks[path] = found
    assert not leaks, f"{lang}: English on {len(leaks)} pages, e.g. {next(iter(leaks.items()))}"


@pytest.mark.parametrize("lang", OTHER)
def test_translated_page_headings_are_not_english(client: FlaskClient, lang: str) -> None:
    h1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
    for path in sitemap_paths(client):
        if not path.startswith("/en/"):
            continue
        own = client.get(f"/{lang}/" + path[len("/en/") :]).get_data(as_text=True)
        english = client.get(path).get_data(as_text=True)
        mine, theirs = h1.search(own), h1.search(english)
        assert mine and theirs, path
        assert mine.group(1).strip() != theirs.group(1).strip(), f"/{lang}{path[3:]}"


@pytest.mark.parametrize("lang", OTHER)
def test_national_area_is_named_in_the_language_councils_keep_their_names(
    client: FlaskClient, lang: str
) -> None:
    # (The English page is all lang="en", which visible_text leaves out by design.)
    english = client.get("/en/england/").get_data(as_text=True)
    own = visible_text(client.get(f"/{lang}/england/").get_data(as_text=True))
    assert "England" in english and "England" not in own
    council = visible_text(client.get(f"/{lang}/waltham-forest/").get_data(as_text=True))
    assert "Waltham Forest" in council
