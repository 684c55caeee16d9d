"""The rules engine: a case's dates in, the events that should follow out.

``compute_timeline`` applies the area's rules (``config.rules_for``) to the
inputs, counting working days with the bank holidays of the area's nation.

What it shows, and why:

* An event whose inputs are missing is left out, never guessed. In
  particular the next review's *date* is unknown (only its latest date), so
  "reports before a review" is only worked out for a review already held.
* ``date`` is the actual date when one was entered (``done``), else the
  deadline. Both are also given separately, with ``late`` when the actual
  date came after the deadline.
* ``overdue`` means "should have happened by now": the service cannot see
  whether a report arrived, so overdue guidance reads "if you have not had
  it, ask". Milestones (a complaint window, the end of a minimum period, the
  two-year point) are never overdue: once passed they are ``done`` with
  ``passed`` set, and still say what the parent can do.
* Paperwork follows the latest conference: once a review has been held, the
  reports and core group of the initial conference drop out, and the summary
  and minutes are those of the last review.
* Plan events (core group, reviews, visits, the two-year point) stop at the
  end of the plan: ``plan_ended``, or ``move_notified`` since a permanent move
  ends the plan (seed 003). Ones already done stay, as history.
* Repeating events: a review within 6 months of each review held (one event
  per review, done when the following review was held); visits "at least
  every N working days" are shown as the next checkpoint on or after
  ``today``, counted from the initial conference. Visit dates are not
  entered, so earlier checkpoints cannot honestly be marked done or missed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from bot.knowledge import CONTENT_DIR
from portal.timeline.config import Rule, area_nation, rules_for
from portal.timeline.events import EVENT_DEFS, EVENT_ORDER, Ask, EventDef, Kind
from portal.timeline.inputs import TimelineInputs
from portal.timeline.text import GUIDANCE, describe, rule_kind
from portal.timeline.workdays import add_months, add_working_days, working_day_on_or_before
from portal.timeline.workdays import working_days_between as _between

Status = Literal["done", "upcoming", "due_soon", "overdue"]
DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class Guidance:
    """What a parent can do: a message key, who to ask, and the guide section."""

    key: str
    ask: Ask
    page: str
    anchor: str
    contact: str | None = None  # a contact id of the area, when the rule names one

    @property
    def text(self) -> str:
        return GUIDANCE[self.key]

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "ask": self.ask,
            "contact": self.contact,
            "page": self.page,
            "anchor": self.anchor,
            "text": self.text,
        }


@dataclass(frozen=True)
class Event:
    key: str
    date: dt.date  # the actual date if done, else the deadline
    status: Status
    rule: Rule
    trigger_date: dt.date
    deadline: dt.date
    actual: dt.date | None = None
    # Which one of its key: the n-th visit checkpoint, the review it follows,
    # or the conference the paperwork is for (1 = initial). With the key it
    # makes a stable ``uid`` for calendar files.
    occurrence: int = 1
    what_you_can_do: Guidance | None = None

    @property
    def definition(self) -> EventDef:
        return EVENT_DEFS[self.key]

    @property
    def kind(self) -> Kind:
        return self.definition.kind

    @property
    def source(self) -> str:
        return self.rule.source

    @property
    def rule_text(self) -> str:
        return describe(self.rule)

    @property
    def uid(self) -> str:
        return f"{self.key}-{self.occurrence}"

    @property
    def late(self) -> bool:
        return self.actual is not None and self.actual > self.deadline

    @property
    def passed(self) -> bool:
        """A milestone whose date has gone by (status ``done``, nothing entered)."""
        return self.status == "done" and self.actual is None

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule
        return {
            "key": self.key,
            "date": self.date.isoformat(),
            "status": self.status,
            "rule": self.rule_text,
            "source": rule.source,
            "uid": self.uid,
            "occurrence": self.occurrence,
            "kind": self.kind,
            "deadline": self.deadline.isoformat(),
            "actual": self.actual.isoformat() if self.actual else None,
            "late": self.late,
            "passed": self.passed,
            "wording": rule.wording,
            "basis": rule.basis,
            "needs_plan": self.definition.needs_plan,
            "rule_parts": {
                "kind": rule_kind(rule),
                "count": rule.count,
                "unit": rule.unit,
                "trigger": rule.trigger,
                "trigger_date": self.trigger_date.isoformat(),
            },
            "guide": {"topic": rule.topic, "page": rule.page, "anchor": rule.anchor},
            "what_you_can_do": self.what_you_can_do.to_dict() if self.what_you_can_do else None,
        }


@dataclass(frozen=True)
class Timeline:
    area: str
    nation: str
    today: date
    events: tuple[Event, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "today": self.today.isoformat(),
            "events": [event.to_dict() for event in self.events],
        }


def deadline_for(rule: Rule, start: date, nation: str, steps: int = 1) -> date:
    """Where ``steps`` counts of the rule from ``start`` land (timescales.md, Counting)."""
    count = rule.count * steps
    if rule.unit == "working_days":
        return add_working_days(start, count if rule.direction == "after" else -count, nation)
    if rule.unit == "days":
        return start + timedelta(days=count if rule.direction == "after" else -count)
    target = add_months(start, count)
    return working_day_on_or_before(target, nation) if rule.bound == "by" else target


def next_in_series(rule: Rule, start: date, today: date, nation: str) -> tuple[int, date]:
    """The first point of a repeating rule on or after ``today``: (its number, its date)."""
    steps = 1
    if rule.unit == "working_days" and today > start:
        # The m-th working day after start is on/after today once m passes the
        # working days strictly between them; jump straight to that multiple.
        steps = _between(start, today, nation) // rule.count + 1
    elif rule.unit == "days" and today > start:
        steps = max(1, -(-(today - start).days // rule.count))
    while (day := deadline_for(rule, start, nation, steps)) < today:
        steps += 1
    return steps, day


def _triggers(rule: Rule, inputs: TimelineInputs) -> list[tuple[int, date]]:
    """(occurrence, trigger date) for each event the rule makes."""
    reviews = inputs.review_conferences
    if rule.trigger == "review_conference":
        return list(enumerate(reviews, start=1))
    if rule.trigger == "latest_review":
        return [(len(reviews) + 1, reviews[-1])] if reviews else []
    if rule.trigger == "latest_conference":
        return [(len(reviews) + 1, reviews[-1] if reviews else inputs.initial_conference)]
    day = inputs.get(rule.trigger)
    return [(1, day)] if day else []


def _actual(
    definition: EventDef, inputs: TimelineInputs, occurrence: int, trigger: date, today: date
) -> date | None:
    """The entered date that shows the event happened, if there is one."""
    reviews = inputs.review_conferences
    if definition.done_by == "initial_conference":
        return inputs.initial_conference if inputs.initial_conference <= today else None
    if definition.done_by == "first_review":
        return reviews[0] if reviews else None
    if definition.done_by == "following_review":
        return reviews[occurrence] if occurrence < len(reviews) else None
    if definition.done_by == "minutes_received":
        received = inputs.minutes_received
        return received if received is not None and received >= trigger else None
    return None


def _status(
    definition: EventDef, day: date, actual: date | None, today: date, nation: str
) -> Status:
    if actual is not None:
        return "done"
    if day < today:
        return "overdue" if definition.kind == "deadline" else "done"
    if day <= add_working_days(today, DUE_SOON_WORKING_DAYS, nation):
        return "due_soon"
    return "upcoming"


def _guidance(definition: EventDef, rule: Rule, trigger: date, today: date) -> Guidance:
    key = definition.guidance
    if definition.guidance_after and trigger < today:
        key = definition.guidance_after
    return Guidance(key, rule.ask or definition.ask, rule.page, rule.anchor, rule.contact)


def compute_timeline(
    area_slug: str, inputs: TimelineInputs, today: date, *, content_dir: Path = CONTENT_DIR
) -> Timeline:
    """The case's events in date order. Raises ``config.UnknownArea`` for an
    unknown slug (``parse_inputs`` reports that as an input error first)."""
    rules = rules_for(area_slug, content_dir)
    nation = area_nation(area_slug, content_dir)
    ends = [day for day in (inputs.plan_ended, inputs.move_notified) if day is not None]
    plan_end = min(ends) if ends else None
    events: list[Event] = []
    for key, rule in rules.items():
        definition = EVENT_DEFS[key]
        if definition.superseded_by_review and inputs.review_conferences:
            continue
        for occurrence, trigger in _triggers(rule, inputs):
            if rule.repeat:
                occurrence, deadline = next_in_series(rule, trigger, today, nation)
            else:
                deadline = deadline_for(rule, trigger, nation)
            actual = _actual(definition, inputs, occurrence, trigger, today)
            if (
                definition.needs_plan
                and plan_end is not None
                and actual is None
                and deadline > plan_end
            ):
                continue
            status = _status(definition, deadline, actual, today, nation)
            late_or_passed = status == "overdue" or (actual is None and deadline < today)
            events.append(
                Event(
                    key=key,
                    date=actual or deadline,
                    status=status,
                    rule=rule,
                    trigger_date=trigger,
                    deadline=deadline,
                    actual=actual,
                    occurrence=occurrence,
                    what_you_can_do=_guidance(definition, rule, trigger, today)
                    if late_or_passed
                    else None,
                )
            )
    events.sort(key=lambda e: (e.date, EVENT_ORDER[e.key], e.occurrence))
    return Timeline(area_slug, nation, today, tuple(events))
