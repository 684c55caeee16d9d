"""Every intent has an authored answer, in every area, citing its guide section."""

from __future__ import annotations

import re

import pytest

from bot import guide
from bot.answers import OUT_OF_SCOPE, Reply, book, compose
from bot.classifier import read_nlu
from bot.engine import Assistant
from bot.knowledge import CONTENT_DIR, areas, fact
from bot.text import DATA_DIR
from tests.bot.conftest import contract_intents

INTENTS = contract_intents()
AREAS = sorted(areas())
URL = re.compile(r"^/en/(?P<area>[a-z-]+)/(?P<slug>[a-z0-9-]+)(#(?P<anchor>[a-z0-9-]+))?$")


def test_every_contract_intent_has_an_answer_and_nothing_else_does() -> None:
    answers = set(book("en").answers)
    assert set(INTENTS) <= answers, set(INTENTS) - answers
    assert answers <= set(INTENTS), answers - set(INTENTS)


def test_every_contract_intent_has_enough_training_examples() -> None:
    counts: dict[str, int] = {}
    for _text, intent in read_nlu(DATA_DIR / "en" / "nlu.yml"):
        counts[intent] = counts.get(intent, 0) + 1
    for intent in INTENTS:
        assert counts.get(intent, 0) >= 25, (intent, counts.get(intent, 0))
    assert counts["out_of_scope"] >= 60
    assert counts["emergency_help"] >= 40
    assert set(counts) <= set(INTENTS), set(counts) - set(INTENTS)


@pytest.mark.parametrize("area", AREAS)
@pytest.mark.parametrize("intent", INTENTS)
def test_each_intent_is_answered_with_a_source_in_every_area(
    assistant: Assistant, intent: str, area: str
) -> None:
    reply = assistant.answer(intent, lang="en", area=area)
    assert reply.answer_markdown.strip() and reply.answer_html.strip() and reply.answer_text.strip()
    assert "[[" not in reply.answer_markdown, reply.answer_markdown
    assert reply.sources, intent
    for source in reply.sources:
        match = URL.match(source.url)
        assert match and match.group("area") == area, source.url
        assert source.title.strip()
    slug, anchor = book("en").section(intent)
    assert reply.sources[0].url == guide.url("en", area, slug, anchor)
    assert reply.intent == intent
    assert reply.emergency == (intent == "emergency_help")
    assert reply.fallback == (intent == OUT_OF_SCOPE)
    dependent = book("en").depends_on_area(intent)
    assert reply.needs_area == (dependent and area == "england")


def test_cited_sections_exist_in_the_guide() -> None:
    pages = guide.pages("en", CONTENT_DIR)
    for intent in INTENTS:
        slug, anchor = book("en").section(intent)
        if slug in pages:  # pages are written by colleagues; when present, anchors must match
            assert anchor in {s.anchor for s in pages[slug].sections}, (intent, slug, anchor)


def test_source_titles_are_page_title_and_section_heading() -> None:
    pages = guide.pages("en", CONTENT_DIR)
    if "your-rights" not in pages:
        pytest.skip("the your-rights page is not written yet")
    source = compose("appeal", "en", "waltham-forest").sources[0]
    assert source.title.startswith(pages["your-rights"].title + " – ")


def test_council_facts_are_filled_in_and_differ_by_council() -> None:
    texts = {area: compose("appeal", "en", area).answer_markdown for area in AREAS}
    assert len(set(texts.values())) > 1
    for area in AREAS:
        found = fact("appeal", area, "en")
        assert found is not None and found.text.strip() in texts[area]


def test_without_a_council_dependent_answers_offer_to_choose_one() -> None:
    note = book("en").message("area_note")
    national = compose("bring_solicitor", "en", "england")
    assert national.needs_area and note in national.answer_markdown
    local = compose("bring_solicitor", "en", "kingston-richmond")
    assert not local.needs_area and note not in local.answer_markdown
    fixed = compose("what_is_conference", "en", "england")
    assert not fixed.needs_area and note not in fixed.answer_markdown


def test_fallback_says_so_offers_pages_and_a_person(assistant: Assistant) -> None:
    reply = assistant.reply("how do i claim universal credit", area="cambridgeshire")
    assert reply.fallback and reply.intent == OUT_OF_SCOPE
    assert "does not cover" in reply.answer_text
    assert "0808 801 0366" in reply.answer_text
    assert 2 <= len(reply.sources) <= 4
    assert all(s.url.startswith("/en/cambridgeshire/") for s in reply.sources)


def test_injected_search_is_used_for_the_closest_pages(assistant: Assistant) -> None:
    from bot.answers import Source

    calls: list[tuple[str, str, int]] = []

    def search(query: str, lang: str, limit: int) -> list[Source]:
        calls.append((query, lang, limit))
        return [Source("Injected", "/en/england/injected#here")]

    reply = assistant.reply("how do i get a divorce", search=search)
    assert reply.fallback and calls and calls[0][1:] == ("en", 3)
    assert reply.sources[0] == Source("Injected", "/en/england/injected#here")


def test_a_failing_search_falls_back_to_the_built_in_ranking(assistant: Assistant) -> None:
    def broken(query: str, lang: str, limit: int) -> list[Reply]:
        raise RuntimeError("index missing")

    reply = assistant.reply("how do i get a divorce", search=broken)  # type: ignore[arg-type]
    assert reply.fallback and reply.sources


def test_unknown_language_and_area_fall_back_to_english_and_england(assistant: Assistant) -> None:
    reply = assistant.reply("can i bring my solicitor", lang="xx", area="atlantis")
    assert reply.intent == "bring_solicitor"
    assert reply.sources[0].url.startswith("/en/england/")


def test_answers_are_short_and_plain() -> None:
    for intent, answer in book("en").answers.items():
        words = len(answer.text.split())
        assert 10 <= words <= 170, (intent, words)
