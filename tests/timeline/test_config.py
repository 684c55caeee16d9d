"""Timescales as data: every area's block follows the schema, the numbers are
the ones timescales.md lists, and overrides work as documented."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from bot.knowledge import CONTENT_DIR, areas, load_yaml, sources
from portal.timeline import TimescaleError, rules_for
from portal.timeline.events import EVENT_DEFS, TRIGGERS
from portal.timeline.text import GUIDANCE, TRIGGER_PHRASES

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))
TIMESCALES_MD = SHARED / "timeline" / "timescales.md"


def test_event_keys_are_the_public_contract() -> None:
    if not TIMESCALES_MD.exists():
        pytest.skip("timescales.md is not beside the project")
    listed = re.findall(r"^\| `([a-z_0-9]+)` \|", TIMESCALES_MD.read_text(), re.MULTILINE)
    assert listed == list(EVENT_DEFS)


def test_definitions_are_complete() -> None:
    for event in EVENT_DEFS.values():
        assert set(event.triggers) <= set(TRIGGERS), event.key
        assert event.guidance in GUIDANCE, event.key
        assert event.guidance_after is None or event.guidance_after in GUIDANCE
    assert set(TRIGGER_PHRASES) == set(TRIGGERS)


@pytest.mark.parametrize("slug", sorted(areas()))
def test_every_area_loads_and_cites_real_sources_and_sections(slug: str) -> None:
    sections = load_yaml(CONTENT_DIR / "sections.yml")
    for key, rule in rules_for(slug).items():
        assert rule.key == key
        assert rule.source in sources()
        assert (rule.page, rule.anchor) == (
            sections[rule.topic]["page"],
            sections[rule.topic]["anchor"],
        )
        # A council's own rule cites its own leaflet (or national guidance).
        if rule.area != "england":
            assert rule.area == slug and rule.source in (*areas()[slug].seeds, "national")


def summary(slug: str) -> dict[str, tuple[str, int, str, str, str]]:
    return {
        key: (r.trigger, r.count, r.unit, r.direction, r.source)
        for key, r in rules_for(slug).items()
    }


def test_national_defaults() -> None:
    assert summary("england") == {
        "initial_conference_due": ("strategy_discussion", 15, "working_days", "after", "national"),
        "reports_before_first_conference": (
            "initial_conference",
            2,
            "working_days",
            "before",
            "national",
        ),
        "first_core_group": ("initial_conference", 10, "working_days", "after", "national"),
        "first_review_conference": ("initial_conference", 3, "months", "after", "national"),
        "next_review_conference": ("review_conference", 6, "months", "after", "national"),
        "transfer_conference_due": ("move_notified", 15, "working_days", "after", "national"),
        "two_year_review_point": ("initial_conference", 24, "months", "after", "003"),
    }
    assert rules_for("england")["reports_before_first_conference"].basis == "practice"
    assert rules_for("england")["two_year_review_point"].bound == "on"
    assert rules_for("england")["first_review_conference"].bound == "by"


def test_council_overrides_from_the_seeds() -> None:
    kingston = summary("kingston-richmond")
    assert kingston["reports_before_first_conference"] == (
        "initial_conference",
        2,
        "working_days",
        "before",
        "001",
    )
    assert kingston["reports_before_review"] == (
        "latest_review",
        5,
        "working_days",
        "before",
        "001",
    )
    assert kingston["decision_summary_sent"] == (
        "latest_conference",
        1,
        "working_days",
        "after",
        "001",
    )
    assert kingston["social_worker_visit"] == (
        "initial_conference",
        10,
        "working_days",
        "after",
        "001",
    )
    assert rules_for("kingston-richmond")["social_worker_visit"].repeat
    bath = summary("bath-ne-somerset")
    assert bath["reports_before_first_conference"] == (
        "initial_conference",
        2,
        "days",
        "before",
        "000",
    )
    assert bath["minutes_sent"] == ("latest_conference", 10, "working_days", "after", "000")
    waltham = summary("waltham-forest")
    assert waltham["first_core_group"] == ("initial_conference", 10, "working_days", "after", "002")
    assert waltham["complaint_deadline"] == ("minutes_received", 28, "days", "after", "002")
    cambs = summary("cambridgeshire")
    assert cambs["child_in_need_until"] == ("plan_ended", 6, "months", "after", "004")
    assert rules_for("cambridgeshire")["child_in_need_until"].bound == "at_least"
    for slug in areas():
        assert summary(slug)["first_review_conference"][:4] == (
            "initial_conference",
            3,
            "months",
            "after",
        )
        has_reports_before_review = "reports_before_review" in summary(slug)
        assert has_reports_before_review == (slug == "kingston-richmond")


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the content data whose area files a test may change."""
    shutil.copytree(CONTENT_DIR / "areas", tmp_path / "areas")
    for name in ("sections.yml", "sources.yml"):
        shutil.copy(CONTENT_DIR / name, tmp_path / name)
    return tmp_path


def add_block(content: Path, slug: str, block: str) -> None:
    path = content / "areas" / f"{slug}.yml"
    text = re.sub(r"\ntimescales:\n(  .*\n?)*", "\n", path.read_text(encoding="utf-8"))
    path.write_text(text + "\ntimescales:\n" + block, encoding="utf-8")


def test_a_council_can_remove_or_replace_a_national_rule(content: Path) -> None:
    add_block(
        content,
        "cambridgeshire",
        "  two_year_review_point: null\n"
        "  first_core_group: {trigger: initial_conference, count: 5, unit: working_days,"
        " direction: after, source: '004', topic: core_group}\n",
    )
    rules = rules_for("cambridgeshire", content)
    assert "two_year_review_point" not in rules
    core_group = rules["first_core_group"]
    assert (core_group.count, core_group.area) == (5, "cambridgeshire")
    assert "two_year_review_point" in rules_for("waltham-forest", content)


@pytest.mark.parametrize(
    ("rule", "complaint"),
    [
        ("not_an_event: {trigger: initial_conference}", "not an event key"),
        (
            "first_core_group: {trigger: initial_conference, count: 0, unit: working_days,"
            " direction: after, source: national, topic: core_group}",
            "count",
        ),
        (
            "first_core_group: {trigger: plan_ended, count: 10, unit: working_days,"
            " direction: after, source: national, topic: core_group}",
            "trigger",
        ),
        (
            "first_core_group: {trigger: initial_conference, count: 10, unit: weeks,"
            " direction: after, source: national, topic: core_group}",
            "unit",
        ),
        (
            "first_core_group: {trigger: initial_conference, count: 10, unit: working_days,"
            " direction: after, source: '999', topic: core_group}",
            "sources.yml",
        ),
        (
            "first_core_group: {trigger: initial_conference, count: 10, unit: working_days,"
            " direction: after, source: national, topic: nowhere}",
            "sections.yml",
        ),
        (
            "first_core_group: {trigger: initial_conference, count: 10, unit: working_days,"
            " direction: after, source: national}",
            "missing topic",
        ),
        (
            "first_core_group: {trigger: initial_conference, count: 10, unit: working_days,"
            " direction: after, source: national, topic: core_group, colour: red}",
            "unknown fields",
        ),
        (
            "first_core_group: {trigger: initial_conference, count: 10, unit: working_days,"
            " direction: after, source: national, topic: core_group, contact: nobody}",
            "contact",
        ),
        (
            "first_core_group: {trigger: initial_conference, count: 10, unit: working_days,"
            " direction: after, source: national, topic: core_group, bound: at_least}",
            "bound",
        ),
        (
            "first_review_conference: {trigger: initial_conference, count: 3, unit: months,"
            " direction: before, source: national, topic: review_timing}",
            "forwards",
        ),
    ],
)
def test_bad_rules_are_refused_with_a_reason(content: Path, rule: str, complaint: str) -> None:
    add_block(content, "waltham-forest", f"  {rule}\n")
    with pytest.raises(TimescaleError, match=complaint) as caught:
        rules_for("waltham-forest", content)
    assert "waltham-forest.yml timescales." in str(caught.value)
