"""Properties that must hold for any dates from 2024 to 2030, in every area."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import areas
from portal.timeline import TimelineInputs, check_inputs, compute_timeline, parse_inputs
from portal.timeline.events import EVENT_DEFS
from portal.timeline.workdays import (
    add_months,
    add_working_days,
    is_working_day,
    working_day_on_or_before,
    working_days_between,
)

FAST = settings(max_examples=200, deadline=None, database=None)
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
NATIONS = st.sampled_from(["ENG", "WLS", "SCT", "NIR"])
AREAS = st.sampled_from(sorted(areas()))


@FAST
@given(DAYS, st.integers(1, 40), NATIONS)
def test_working_day_counts(start: date, count: int, nation: str) -> None:
    after = add_working_days(start, count, nation)
    before = add_working_days(start, -count, nation)
    assert is_working_day(after, nation) and is_working_day(before, nation)
    assert before < start < after
    # Exactly count working days: count - 1 strictly between, the deadline itself the count-th.
    assert working_days_between(start, after, nation) == count - 1
    assert working_days_between(before, start, nation) == count - 1


@FAST
@given(DAYS, st.integers(1, 36), NATIONS)
def test_within_months_is_never_after_the_calendar_target(
    start: date, months: int, nation: str
) -> None:
    target = add_months(start, months)
    deadline = working_day_on_or_before(target, nation)
    assert deadline <= target and is_working_day(deadline, nation)
    assert all(
        not is_working_day(deadline + timedelta(days=n), nation)
        for n in range(1, (target - deadline).days + 1)
    )
    clamped = target.day < start.day and (target + timedelta(days=1)).day == 1
    assert target.day == start.day or clamped


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, TimelineInputs, date]:
    """A valid case: an area, dates in a possible order, and a today."""
    initial = draw(DAYS)
    today = draw(
        st.dates(
            min_value=max(date(2024, 1, 1), initial - timedelta(days=400)),
            max_value=min(date(2030, 12, 31), initial + timedelta(days=1100)),
        )
    )
    strategy = draw(st.none() | st.dates(initial - timedelta(days=90), initial))
    past = st.none() if today < initial else st.none() | st.dates(initial, today)
    plan_ended, move, minutes = draw(past), draw(past), draw(past)
    reviews: list[date] = []
    if today > initial:
        last = min(today, plan_ended or today)
        if last > initial:
            reviews = draw(st.lists(st.dates(initial + timedelta(days=1), last), max_size=6))
    inputs = TimelineInputs(initial, strategy, minutes, plan_ended, move, tuple(reviews))
    assert check_inputs(inputs, today) == []
    return draw(AREAS), inputs, today


@FAST
@given(cases())
def test_timeline_properties(case: tuple[str, TimelineInputs, date]) -> None:
    slug, inputs, today = case
    timeline = compute_timeline(slug, inputs, today)
    events = timeline.events
    nation = areas()[slug].nation
    assert [e.date for e in events] == sorted(e.date for e in events)
    assert len({e.uid for e in events}) == len(events)
    soon = add_working_days(today, 5, nation)
    for event in events:
        rule = event.rule
        # Deadlines land where the counting rules say.
        if rule.repeat:
            assert event.deadline >= today
            assert event.deadline == add_working_days(
                event.trigger_date, rule.count * event.occurrence, nation
            )
        elif rule.unit == "working_days":
            assert is_working_day(event.deadline, nation)
            if rule.direction == "after":
                assert event.deadline > event.trigger_date
            else:
                assert event.deadline < event.trigger_date
        elif rule.unit == "days":
            step = timedelta(days=rule.count)
            assert event.deadline - event.trigger_date == (
                step if rule.direction == "after" else -step
            )
        else:
            target = add_months(event.trigger_date, rule.count)
            assert event.deadline <= target
            if rule.bound == "by":
                assert is_working_day(event.deadline, nation)
            else:
                assert event.deadline == target
        # Statuses agree with today.
        milestone = EVENT_DEFS[event.key].kind == "milestone"
        if event.actual is not None:
            assert (event.status, event.date) == ("done", event.actual)
            assert event.actual <= today
        else:
            assert event.date == event.deadline
            expected = (
                ("done" if milestone else "overdue")
                if event.deadline < today
                else ("due_soon" if event.deadline <= soon else "upcoming")
            )
            assert event.status == expected, event
        assert (event.what_you_can_do is not None) == (event.status == "overdue" or event.passed)
        assert not (milestone and event.status == "overdue")
    # Events whose inputs are missing are left out.
    keys = {e.key for e in events}
    if inputs.strategy_discussion is None:
        assert "initial_conference_due" not in keys
    if inputs.minutes_received is None:
        assert "complaint_deadline" not in keys
        assert all(e.status != "done" for e in events if e.key == "minutes_sent")
    if inputs.plan_ended is None:
        assert "child_in_need_until" not in keys
    if inputs.move_notified is None:
        assert "transfer_conference_due" not in keys
    if not inputs.review_conferences:
        assert not keys & {"next_review_conference", "reports_before_review"}
        assert all(e.status != "done" for e in events if e.key == "first_review_conference")
    else:
        assert not keys & {"reports_before_first_conference", "first_core_group"}
        done_reviews = [
            e.actual for e in events if e.key.endswith("review_conference") and e.actual is not None
        ]
        assert done_reviews == list(inputs.review_conferences)
    json.dumps(timeline.to_dict())


@FAST
@given(cases())
def test_parse_inputs_reads_back_what_it_is_given(case: tuple[str, TimelineInputs, date]) -> None:
    slug, inputs, today = case
    mapping: dict[str, Any] = {
        name: day.isoformat()
        for name in (
            "initial_conference",
            "strategy_discussion",
            "minutes_received",
            "plan_ended",
            "move_notified",
        )
        if (day := inputs.get(name)) is not None
    }
    mapping["review_conference"] = [day.isoformat() for day in inputs.review_conferences]
    mapping["area"] = slug
    result = parse_inputs(mapping, today)
    assert result == TimelineInputs(**{**inputs.__dict__, "area": slug})


TEXT = st.text(max_size=30) | DAYS.map(date.isoformat)
VALUE = TEXT | st.lists(TEXT, max_size=4) | st.none() | st.integers()
FIELDS = st.sampled_from(
    [
        "initial_conference",
        "strategy_discussion",
        "minutes_received",
        "plan_ended",
        "move_notified",
        "review_conference",
        "review_conferences",
        "area",
        "other",
    ]
)


@FAST
@given(st.dictionaries(FIELDS, VALUE), DAYS)
def test_parse_inputs_never_raises(mapping: dict[str, Any], today: date) -> None:
    result = parse_inputs(mapping, today)
    if isinstance(result, list):
        assert result and all(error.message for error in result)
    else:
        assert check_inputs(result, today) == []
        compute_timeline(result.area or "england", result, today)
