"""Turning a content page into HTML for one council and language."""

from __future__ import annotations

import re
from functools import cache

from flask import render_template
from flask_babel import gettext as _
from markupsafe import Markup

from bot.knowledge import Fact, areas, contact_description, fact
from portal.content import glossary, link_glossary_terms, markdown_to_html, page, render_body


def _fact_html(found: Fact, area_slug: str) -> str:
    area = areas()[area_slug]
    return render_template(
        "guide/_area_fact.html",
        fact=found,
        area=area,
        from_area=found.area == area_slug and not area.is_national,
        text_html=Markup(markdown_to_html(found.text)),  # noqa: S704 - authored content
    )


def _contacts_html(area_slug: str, lang: str) -> str:
    chosen = areas()[area_slug]
    national = areas()["england"]
    local = [(c, contact_description(c.id, area_slug, lang)) for c in chosen.contacts]
    shown = {c.org for c, _d in local}
    wider = [
        (c, contact_description(c.id, "england", lang))
        for c in national.contacts
        if c.org not in shown
    ]
    return render_template("guide/_contacts.html", area=chosen, local=local, national=wider)


@cache
def render_page(lang: str, area_slug: str, slug: str) -> Markup:
    """The page body as HTML. Cached: content is fixed while the app runs, and
    the cache key includes everything the output depends on."""
    found = page(lang, slug)
    assert found is not None
    body = re.sub(r"^\[\[contacts\]\]\s*$", "[[area:__contacts__]]", found.body, flags=re.MULTILINE)

    def lookup(key: str) -> Fact | None:
        if key == "__contacts__":
            return Fact(key, "", "", area_slug)
        return fact(key, area_slug, lang)

    def to_html(found_fact: Fact) -> str:
        if found_fact.key == "__contacts__":
            return _contacts_html(area_slug, lang)
        return _fact_html(found_fact, area_slug)

    html = render_body(body, lookup, to_html)
    html = link_glossary_terms(html, glossary(lang), lambda term_id: f"glossary#{term_id}")
    return Markup(html)  # noqa: S704 - authored content, rendered by us


def fact_label(area_name: str) -> str:
    return str(_("In %(area)s", area=area_name))
