"""The event keys of timescales.md and what each one means.

Numbers, triggers and sources are area data (``timescales:`` in
``content/areas/<slug>.yml``). What does not vary by council lives here: what
kind of date an event is, what marks it done, whether it only exists while a
plan is running, and what a parent can do when it is late.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Inputs a rule can count from. ``latest_conference`` is the most recent
# conference entered (the initial one, or the last review held);
# ``latest_review`` the last review held; ``review_conference`` each review
# held, one event per review.
INPUT_TRIGGERS = (
    "strategy_discussion",
    "initial_conference",
    "minutes_received",
    "plan_ended",
    "move_notified",
)
DERIVED_TRIGGERS = ("latest_conference", "latest_review", "review_conference")
TRIGGERS = INPUT_TRIGGERS + DERIVED_TRIGGERS

# ``deadline``: someone else should do something by the date; once it passes
# without being marked done it is ``overdue``, meaning "if it has not
# happened, ask". ``milestone``: a date the parent should know (a window
# closing, a minimum period ending); nothing is late when it passes.
Kind = Literal["deadline", "milestone"]

# What marks an event done: an actual date the user entered.
DoneBy = Literal["initial_conference", "first_review", "following_review", "minutes_received"]

# Who the parent can ask. The portal turns these into words and, where the
# rule names a contact, into that contact's details.
Ask = Literal["social_worker", "conference_chair", "new_council", "complaints_team"]


@dataclass(frozen=True)
class EventDef:
    key: str
    kind: Kind
    triggers: tuple[str, ...]  # triggers an area's rule may use for this event
    guidance: str  # message key for "what you can do", see text.GUIDANCE
    ask: Ask
    # For "before" events: the guidance once the conference itself has passed.
    guidance_after: str | None = None
    done_by: DoneBy | None = None
    # Only meaningful while a plan runs: not shown once the plan has ended
    # (or the family has moved) unless already done.
    needs_plan: bool = False
    # Paperwork for the initial conference stops mattering once a review has
    # been held; the timeline then follows the latest conference.
    superseded_by_review: bool = False


EVENT_DEFS: dict[str, EventDef] = {
    e.key: e
    for e in (
        EventDef(
            "initial_conference_due",
            "deadline",
            ("strategy_discussion",),
            "ask_when_conference",
            "social_worker",
            done_by="initial_conference",
        ),
        EventDef(
            "reports_before_first_conference",
            "deadline",
            ("initial_conference",),
            "ask_for_reports",
            "social_worker",
            guidance_after="ask_for_report_copies",
            superseded_by_review=True,
        ),
        EventDef(
            "reports_before_review",
            "deadline",
            ("latest_review",),
            "ask_for_reports",
            "social_worker",
            guidance_after="ask_for_report_copies",
        ),
        EventDef(
            "decision_summary_sent",
            "deadline",
            ("latest_conference", "initial_conference"),
            "ask_for_summary",
            "conference_chair",
        ),
        EventDef(
            "minutes_sent",
            "deadline",
            ("latest_conference", "initial_conference"),
            "ask_for_minutes",
            "social_worker",
            done_by="minutes_received",
        ),
        EventDef(
            "first_core_group",
            "deadline",
            ("initial_conference",),
            "ask_about_core_group",
            "social_worker",
            needs_plan=True,
            superseded_by_review=True,
        ),
        EventDef(
            "first_review_conference",
            "deadline",
            ("initial_conference",),
            "ask_about_review",
            "social_worker",
            done_by="first_review",
            needs_plan=True,
        ),
        EventDef(
            "next_review_conference",
            "deadline",
            ("review_conference",),
            "ask_about_review",
            "social_worker",
            done_by="following_review",
            needs_plan=True,
        ),
        EventDef(
            "social_worker_visit",
            "deadline",
            ("initial_conference",),
            "ask_about_visits",
            "social_worker",
            needs_plan=True,
        ),
        EventDef(
            "complaint_deadline",
            "milestone",
            ("minutes_received",),
            "complaint_window",
            "conference_chair",
        ),
        EventDef(
            "child_in_need_until",
            "milestone",
            ("plan_ended",),
            "ask_about_support",
            "social_worker",
        ),
        EventDef(
            "transfer_conference_due",
            "deadline",
            ("move_notified",),
            "ask_new_council",
            "new_council",
        ),
        EventDef(
            "two_year_review_point",
            "milestone",
            ("initial_conference",),
            "ask_what_is_left",
            "social_worker",
            needs_plan=True,
        ),
    )
}

# Contract order, used to break ties between events on the same date.
EVENT_ORDER: dict[str, int] = {key: n for n, key in enumerate(EVENT_DEFS)}
