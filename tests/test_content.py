"""The guide's content: every intent has its section, every page is plain
English and says where its facts come from, and translations keep up."""

from __future__ import annotations

import re
from datetime import date

import pytest
import textstat

from bot.knowledge import CONTENT_DIR, areas, fact, languages, load_yaml, sources
from portal.content import AREA_TOKEN, glossary, pages

FACT_KEYS = (
    "reports_timing",
    "supporter",
    "solicitor",
    "child_attend",
    "recording",
    "decision",
    "minutes",
    "core_group",
    "visits",
    "review",
    "after_plan",
    "appeal",
    "complaint",
    "removal",
    "accessible_formats",
    "advocacy",
    "must_cooperate",
)
INTENTS_WITHOUT_SECTIONS = {"greet", "goodbye", "thanks"}
ENGLISH = pages("en")


def test_every_intent_is_answered_by_a_page_section() -> None:
    sections = load_yaml(CONTENT_DIR / "sections.yml")
    intents_md = CONTENT_DIR.parent.parent / "shared" / "assistant" / "intents.md"
    if intents_md.exists():
        listed = set(re.findall(r"^\| `([a-z_0-9]+)`", intents_md.read_text(), re.MULTILINE))
        assert listed - INTENTS_WITHOUT_SECTIONS <= set(sections), listed - set(sections)
    for intent, where in sections.items():
        page = ENGLISH.get(where["page"])
        assert page is not None, f"{intent}: no page {where['page']}"
        assert where["anchor"] in {s.anchor for s in page.sections}, (
            f"{intent}: no #{where['anchor']}"
        )


@pytest.mark.parametrize("slug", sorted(ENGLISH))
def test_english_pages_are_plain_english(slug: str) -> None:
    text = ENGLISH[slug].plain_text()
    score = textstat.flesch_reading_ease(text)
    assert score >= 60, f"{slug}: Flesch reading ease {score:.1f} < 60"


@pytest.mark.parametrize("slug", sorted(ENGLISH))
def test_pages_name_their_sources_and_when_checked(slug: str) -> None:
    page = ENGLISH[slug]
    assert page.sources and all(s in sources() for s in page.sources), page.sources
    checked = date.fromisoformat(page.last_checked)
    assert checked <= date.today()


def test_national_default_defines_every_fact_and_councils_cite_their_leaflet() -> None:
    for key in FACT_KEYS:
        found = fact(key, "england", "en")
        assert found is not None and found.area == "england", key
    for slug, area in areas().items():
        raw = load_yaml(CONTENT_DIR / "en" / "areas" / f"{slug}.yml") or {}
        for key, value in (raw.get("facts") or {}).items():
            assert key in FACT_KEYS, f"{slug}: unknown fact {key}"
            assert str(value["source"]) in sources(), f"{slug}.{key}: unknown source"
            if not area.is_national:
                assert str(value["source"]) in area.seeds, (
                    f"{slug}.{key} cites another council's leaflet"
                )


def test_area_tokens_in_pages_name_known_facts() -> None:
    for lang in languages():
        for page in pages(lang).values():
            for key in AREA_TOKEN.findall(page.body):
                assert key in FACT_KEYS, f"{lang}/{page.slug}: [[area:{key}]]"


def test_councils_differ_where_their_leaflets_do() -> None:
    appeal = {slug: fact("appeal", slug, "en") for slug in areas()}
    assert appeal["bath-ne-somerset"] and appeal["bath-ne-somerset"].area == "bath-ne-somerset"
    assert appeal["waltham-forest"] and appeal["waltham-forest"].area == "waltham-forest"
    assert appeal["bath-ne-somerset"].text != appeal["waltham-forest"].text


def test_no_council_phone_numbers_in_prose() -> None:
    numbers = {
        c.phone for a in areas().values() for c in a.contacts if c.phone and not a.is_national
    }
    for page in ENGLISH.values():
        for number in numbers:
            assert number not in page.body, f"{page.slug} repeats {number}: keep it in area data"


def test_glossary_has_plain_definitions() -> None:
    terms = glossary("en")
    assert len(terms) >= 25
    ids = [t.id for t in terms]
    assert len(ids) == len(set(ids))
    for term in terms:
        assert 5 <= len(term.definition.split()) <= 60, term.id


@pytest.mark.parametrize("lang", [code for code in languages() if code != "en"])
def test_translations_keep_up_with_english(lang: str) -> None:
    translated = pages(lang)
    assert set(translated) == set(ENGLISH), f"{lang}: missing {set(ENGLISH) - set(translated)}"
    for slug, page in translated.items():
        source = ENGLISH[slug]
        meta = page.translates
        assert meta, f"{lang}/{slug}: front matter lacks `translates`"
        assert meta.get("page") == slug
        assert int(meta.get("revision", 0)) == source.revision, (
            f"{lang}/{slug} lags the English revision"
        )
        assert [s.anchor for s in page.sections] == [s.anchor for s in source.sections], (
            f"{lang}/{slug} anchors"
        )
        assert sorted(AREA_TOKEN.findall(page.body)) == sorted(AREA_TOKEN.findall(source.body)), (
            f"{lang}/{slug}: council facts differ from English"
        )
        assert "translation_checked" in page.meta
