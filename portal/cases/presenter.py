"""What the parent's page shows: the case's own dates and the rules engine's
deadlines, as steps in the parent's language, each linked to the guide."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache

from flask import url_for
from flask_babel import gettext as _

from bot.knowledge import CONTENT_DIR, DEFAULT_AREA, DEFAULT_LANG, areas, load_yaml
from portal.cases import ics
from portal.cases.wording import guidance_text
from portal.content import pages
from portal.models import Case
from portal.timeline import TimelineInputs, compute_timeline

# Which part of the guide explains each step: keys of content/sections.yml.
SECTION_OF = {
    "strategy_discussion": "section47_investigation",
    "initial_conference": "what_is_conference",
    "initial_conference_due": "what_is_conference",
    "reports_before_first_conference": "reports_before_conference",
    "reports_before_review": "reports_before_conference",
    "decision_summary_sent": "minutes_and_plan_copy",
    "minutes_sent": "minutes_and_plan_copy",
    "minutes_received": "minutes_and_plan_copy",
    "first_core_group": "core_group",
    "first_review_conference": "review_timing",
    "next_review_conference": "review_timing",
    "review_conference": "review_timing",
    "social_worker_visit": "social_worker_visits",
    "complaint_deadline": "complain",
    "plan_ended": "ending_plan",
    "child_in_need_until": "after_plan_child_in_need",
    "move_notified": "moving_area",
    "transfer_conference_due": "moving_area",
    "two_year_review_point": "plan_duration",
}


def step_titles() -> dict[str, Callable[[], str]]:
    """Plain words for each step, in the reader's language."""
    return {
        "strategy_discussion": lambda: _("Strategy discussion between the professionals"),
        "initial_conference": lambda: _("Initial child protection conference"),
        "initial_conference_due": lambda: _("Initial child protection conference"),
        "reports_before_first_conference": lambda: _("You get the reports before the conference"),
        "reports_before_review": lambda: _("You get the reports before the review conference"),
        "decision_summary_sent": lambda: _("You get a summary of the decision and the plan"),
        "minutes_sent": lambda: _("You get the notes (minutes) of the conference"),
        "minutes_received": lambda: _("You received the notes (minutes) of the conference"),
        "first_core_group": lambda: _("First core group meeting"),
        "first_review_conference": lambda: _("First review conference"),
        "next_review_conference": lambda: _("Next review conference"),
        "review_conference": lambda: _("Review conference"),
        "social_worker_visit": lambda: _("Visit from your social worker"),
        "complaint_deadline": lambda: _("Last day to complain about the conference"),
        "plan_ended": lambda: _("The child protection plan ended"),
        "child_in_need_until": lambda: _("Child in need support continues until at least"),
        "move_notified": lambda: _("Your new council was told you moved"),
        "transfer_conference_due": lambda: _("Conference in your new council's area"),
        "two_year_review_point": lambda: _("Two years on the plan: ask what still needs to change"),
    }


@dataclass(frozen=True)
class Step:
    key: str
    day: date
    status: str  # done, upcoming, due_soon, overdue
    title: str
    guide_url: str | None = None
    what_to_do: str | None = None
    is_law: bool = False


@dataclass
class ParentTimeline:
    area: str
    happened: list[Step] = field(default_factory=list)
    overdue: list[Step] = field(default_factory=list)
    coming: list[Step] = field(default_factory=list)
    next_conference: date | None = None

    @property
    def dated(self) -> list[Step]:
        """Steps worth a calendar entry: everything not yet done."""
        return [*self.overdue, *self.coming]


@cache
def _sections() -> dict[str, dict[str, str]]:
    raw = load_yaml(CONTENT_DIR / "sections.yml") or {}
    return {str(k): {"page": str(v["page"]), "anchor": str(v["anchor"])} for k, v in raw.items()}


def guide_url(key: str, lang: str, area: str, *, external: bool = False) -> str | None:
    """The guide's section for a step, if that page exists (content still grows)."""
    section = _sections().get(SECTION_OF.get(key, ""))
    if section is None or section["page"] not in pages(DEFAULT_LANG):
        return None
    url = url_for("guide.show_page", lang=lang, area=area, slug=section["page"], _external=external)
    return f"{url}#{section['anchor']}"


def _title(key: str) -> str:
    titles = step_titles()
    return titles[key]() if key in titles else key.replace("_", " ")


def case_inputs(case: Case) -> TimelineInputs:
    return TimelineInputs(
        initial_conference=case.initial_conference,
        strategy_discussion=case.strategy_discussion,
        minutes_received=case.minutes_received,
        plan_ended=case.plan_ended,
        move_notified=case.move_notified,
        review_conferences=tuple(case.review_dates),
        area=case.area,
    )


def _entered(inputs: TimelineInputs) -> list[tuple[str, date]]:
    found = [
        (name, inputs.get(name))
        for name in (
            "strategy_discussion",
            "initial_conference",
            "minutes_received",
            "plan_ended",
            "move_notified",
        )
    ]
    found += [("review_conference", day) for day in inputs.review_conferences]
    return [(key, day) for key, day in found if day is not None]


def build(case: Case, lang: str, today: date) -> ParentTimeline:
    return build_from_inputs(case_inputs(case), case.area, lang, today)


def build_from_inputs(
    inputs: TimelineInputs, area_slug: str, lang: str, today: date
) -> ParentTimeline:
    """The dates entered, then every deadline the council's rules give, sorted into
    what has happened, what should have happened by now, and what comes next."""
    area = area_slug if area_slug in areas() else DEFAULT_AREA
    timeline = ParentTimeline(area=area)
    for key, day in _entered(inputs):
        status = "done" if day <= today else "upcoming"
        step = Step(key, day, status, _title(key), guide_url(key, lang, area))
        (timeline.happened if status == "done" else timeline.coming).append(step)
    for event in compute_timeline(area, inputs, today).events:
        if event.actual is not None:
            continue  # marked done by a date already shown above
        advice = event.what_you_can_do
        what_to_do = (
            guidance_text(advice.key)
            if advice and (event.status == "overdue" or event.passed)
            else None
        )
        step = Step(
            event.key,
            event.date,
            event.status,
            _title(event.key),
            guide_url(event.key, lang, area),
            what_to_do,
            is_law=event.rule.basis == "law",
        )
        if event.status == "overdue":
            timeline.overdue.append(step)
        elif event.status == "done":
            timeline.happened.append(step)
        else:
            timeline.coming.append(step)
    conferences = [
        s.day for s in timeline.coming if s.key in {"initial_conference", "review_conference"}
    ]
    timeline.next_conference = min(conferences) if conferences else None
    timeline.happened.sort(key=lambda s: s.day, reverse=True)
    timeline.coming.sort(key=lambda s: s.day)
    timeline.overdue.sort(key=lambda s: s.day)
    return timeline


def calendar_file(
    timeline: ParentTimeline, lang: str, *, seed: str, host: str, conference_place: str = ""
) -> bytes:
    """The timeline's coming dates as an iCalendar file in the reader's language.

    ``seed`` names the case, so each step keeps its UID and importing the file again
    updates the phone's calendar rather than doubling it.
    """
    events = []
    for step in timeline.dated:
        key = f"{seed}:{step.key}:{step.day.isoformat()}"
        guide = guide_url(step.key, lang, timeline.area, external=True)
        events.append(
            ics.CalendarEvent(
                uid=f"{hashlib.sha256(key.encode()).hexdigest()[:32]}@{host}",
                day=step.day,
                summary=step.title,
                description=_("More about this step: %(url)s", url=guide) if guide else "",
                location=conference_place if step.day == timeline.next_conference else "",
            )
        )
    return ics.calendar(events, name=_("Child protection timeline"), now=datetime.now(UTC))
