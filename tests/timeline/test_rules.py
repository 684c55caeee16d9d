"""The rules engine on hand-worked cases, starting with timescales.md's own."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest

from portal.timeline import (
    Timeline,
    TimelineInputs,
    UnknownArea,
    compute_timeline,
)
from portal.timeline.rules import Event
from portal.timeline.workdays import add_working_days, is_working_day

CONFERENCE = date(2026, 12, 21)  # timescales.md's worked example: a Monday


def by_key(timeline: Timeline) -> dict[str, list[Event]]:
    found: dict[str, list[Event]] = {}
    for event in timeline.events:
        found.setdefault(event.key, []).append(event)
    return found


def one(timeline: Timeline, key: str) -> Event:
    events = by_key(timeline)[key]
    assert len(events) == 1, events
    return events[0]


def test_worked_example_kingston_richmond() -> None:
    timeline = compute_timeline(
        "kingston-richmond", TimelineInputs(CONFERENCE), today=date(2026, 12, 1)
    )
    dates = {e.key: e.date for e in timeline.events}
    assert dates["reports_before_first_conference"] == date(2026, 12, 17)
    assert dates["decision_summary_sent"] == date(2026, 12, 22)
    assert dates["first_core_group"] == date(2027, 1, 7)
    assert dates["first_review_conference"] == date(2027, 3, 19)
    assert one(timeline, "first_review_conference").rule_text == (
        "within 3 months of the initial conference"
    )
    assert one(timeline, "first_core_group").source == "national"
    assert one(timeline, "reports_before_first_conference").source == "001"


def test_worked_example_as_json() -> None:
    timeline = compute_timeline(
        "kingston-richmond", TimelineInputs(CONFERENCE), today=date(2026, 12, 18)
    )
    data = json.loads(json.dumps(timeline.to_dict()))
    assert data["area"] == "kingston-richmond"
    first = data["events"][0]
    assert {"key", "date", "status", "rule", "source"} <= set(first)
    assert first == first | {
        "key": "reports_before_first_conference",
        "date": "2026-12-17",
        "status": "overdue",
        "rule": "2 working days before the initial conference",
        "source": "001",
        "uid": "reports_before_first_conference-1",
        "rule_parts": {
            "kind": "before",
            "count": 2,
            "unit": "working_days",
            "trigger": "initial_conference",
            "trigger_date": "2026-12-21",
        },
        "guide": {
            "topic": "reports_before_conference",
            "page": "before-the-conference",
            "anchor": "reports",
        },
    }
    # Before the conference: "if you have not had them, ask now".
    assert first["what_you_can_do"]["key"] == "ask_for_reports"
    assert first["what_you_can_do"]["ask"] == "social_worker"
    assert first["what_you_can_do"]["text"].startswith("If you have not had the reports")


def test_statuses_relative_to_today() -> None:
    inputs = TimelineInputs(CONFERENCE)
    on = {
        day: {e.key: e.status for e in compute_timeline("kingston-richmond", inputs, day).events}
        for day in (
            date(2026, 12, 1),
            date(2026, 12, 10),
            date(2026, 12, 17),
            date(2026, 12, 18),
            date(2027, 1, 7),
            date(2027, 1, 8),
        )
    }
    assert on[date(2026, 12, 1)]["reports_before_first_conference"] == "upcoming"
    # 10 Dec + 5 working days = 17 Dec: due soon includes the fifth working day.
    assert on[date(2026, 12, 10)]["reports_before_first_conference"] == "due_soon"
    assert on[date(2026, 12, 17)]["reports_before_first_conference"] == "due_soon"
    assert on[date(2026, 12, 18)]["reports_before_first_conference"] == "overdue"
    assert on[date(2027, 1, 7)]["first_core_group"] == "due_soon"
    assert on[date(2027, 1, 8)]["first_core_group"] == "overdue"


def test_overdue_events_say_what_to_do() -> None:
    timeline = compute_timeline(
        "bath-ne-somerset", TimelineInputs(CONFERENCE), today=date(2027, 2, 1)
    )
    for event in timeline.events:
        assert (event.what_you_can_do is not None) == (event.status == "overdue"), event.key
    minutes = one(timeline, "minutes_sent")
    assert minutes.status == "overdue" and minutes.what_you_can_do is not None
    assert minutes.what_you_can_do.contact == "safeguarding_admin"
    assert (minutes.what_you_can_do.page, minutes.what_you_can_do.anchor) == (
        "after-the-conference",
        "minutes-and-plan",
    )
    # After the conference the reports guidance changes: ask for copies.
    reports = one(timeline, "reports_before_first_conference")
    assert reports.what_you_can_do is not None
    assert reports.what_you_can_do.key == "ask_for_report_copies"


def test_bath_reports_are_two_calendar_days_before() -> None:
    timeline = compute_timeline("bath-ne-somerset", TimelineInputs(CONFERENCE), date(2026, 12, 1))
    reports = one(timeline, "reports_before_first_conference")
    assert reports.date == date(2026, 12, 19)  # a Saturday: calendar days
    assert reports.rule_text == "2 days before the initial conference"
    assert one(timeline, "minutes_sent").date == add_working_days(CONFERENCE, 10)


def test_events_without_their_inputs_are_left_out() -> None:
    for slug in (
        "england",
        "kingston-richmond",
        "waltham-forest",
        "bath-ne-somerset",
        "cambridgeshire",
    ):
        keys = set(by_key(compute_timeline(slug, TimelineInputs(CONFERENCE), date(2027, 1, 4))))
        assert not keys & {
            "initial_conference_due",
            "complaint_deadline",
            "child_in_need_until",
            "transfer_conference_due",
            "next_review_conference",
            "reports_before_review",
        }, slug
        assert {"first_core_group", "first_review_conference"} <= keys


def test_only_areas_with_a_rule_get_the_event() -> None:
    def keys(slug: str) -> set[str]:
        inputs = TimelineInputs(
            CONFERENCE, minutes_received=date(2027, 1, 4), plan_ended=date(2027, 6, 1)
        )
        return set(by_key(compute_timeline(slug, inputs, date(2027, 6, 2))))

    assert "complaint_deadline" in keys("waltham-forest")
    assert "complaint_deadline" not in keys("england")
    assert "child_in_need_until" in keys("cambridgeshire")
    assert "child_in_need_until" not in keys("kingston-richmond")
    assert "minutes_sent" in keys("bath-ne-somerset") and "minutes_sent" not in keys("england")
    assert "decision_summary_sent" in keys("kingston-richmond")
    assert "decision_summary_sent" not in keys("waltham-forest")


def test_initial_conference_due_from_the_strategy_discussion() -> None:
    strategy = date(2026, 11, 30)
    due = add_working_days(strategy, 15)
    assert due == date(2026, 12, 21)
    inputs = TimelineInputs(date(2027, 1, 5), strategy)
    before = compute_timeline("england", inputs, date(2026, 12, 1))
    event = one(before, "initial_conference_due")
    assert (event.status, event.date, event.actual) == ("upcoming", due, None)
    # The conference is set for later than guidance; once the deadline passes it is overdue.
    late = compute_timeline("england", inputs, date(2026, 12, 22))
    assert one(late, "initial_conference_due").status == "overdue"
    # Once held it is done, on the date it was held, and flagged late.
    held = compute_timeline("england", inputs, date(2027, 1, 5))
    event = one(held, "initial_conference_due")
    assert (event.status, event.date, event.deadline, event.late) == (
        "done",
        date(2027, 1, 5),
        due,
        True,
    )


def test_reviews_held_and_the_next_one_due() -> None:
    reviews = (date(2027, 9, 10), date(2027, 3, 18))  # any order
    inputs = TimelineInputs(CONFERENCE, review_conferences=reviews)
    timeline = compute_timeline("kingston-richmond", inputs, date(2027, 10, 1))
    first = one(timeline, "first_review_conference")
    assert (first.status, first.date, first.deadline, first.late) == (
        "done",
        date(2027, 3, 18),
        date(2027, 3, 19),
        False,
    )
    nexts = by_key(timeline)["next_review_conference"]
    assert [(e.occurrence, e.status, e.date, e.deadline) for e in nexts] == [
        (1, "done", date(2027, 9, 10), date(2027, 9, 17)),  # 18 Sep 2027 is a Saturday
        (2, "upcoming", date(2028, 3, 10), date(2028, 3, 10)),
    ]
    assert nexts[1].rule_text == "within 6 months of the previous review conference"
    # Paperwork now follows the last review: the initial conference's drops out.
    keys = set(by_key(timeline))
    assert "reports_before_first_conference" not in keys and "first_core_group" not in keys
    reports = one(timeline, "reports_before_review")
    assert (reports.date, reports.status, reports.occurrence) == (date(2027, 9, 3), "overdue", 3)
    assert reports.what_you_can_do is not None
    assert reports.what_you_can_do.key == "ask_for_report_copies"
    summary = one(timeline, "decision_summary_sent")
    assert (summary.date, summary.trigger_date) == (date(2027, 9, 13), date(2027, 9, 10))
    assert summary.rule_text == "1 working day after the conference"


def test_a_review_held_late_is_flagged() -> None:
    inputs = TimelineInputs(CONFERENCE, review_conferences=(date(2027, 4, 20),))
    event = one(compute_timeline("england", inputs, date(2027, 5, 1)), "first_review_conference")
    assert event.status == "done" and event.late


def test_plan_events_stop_when_the_plan_ends() -> None:
    inputs = TimelineInputs(
        CONFERENCE, review_conferences=(date(2027, 3, 18),), plan_ended=date(2027, 3, 18)
    )
    timeline = compute_timeline("kingston-richmond", inputs, date(2027, 4, 1))
    keys = set(by_key(timeline))
    assert "first_review_conference" in keys  # done: history stays
    assert not keys & {"next_review_conference", "social_worker_visit", "two_year_review_point"}


def test_a_permanent_move_ends_the_plan_and_sets_a_transfer_conference() -> None:
    moved = date(2027, 2, 1)
    inputs = TimelineInputs(CONFERENCE, move_notified=moved)
    timeline = compute_timeline("kingston-richmond", inputs, date(2027, 2, 2))
    transfer = one(timeline, "transfer_conference_due")
    assert transfer.date == add_working_days(moved, 15) == date(2027, 2, 22)
    assert transfer.rule_text == "15 working days after the new council was told of the move"
    assert transfer.source == "national"
    keys = set(by_key(timeline))
    assert "first_core_group" in keys  # due 7 Jan, before the move
    assert not keys & {"first_review_conference", "social_worker_visit", "two_year_review_point"}
    later = compute_timeline("kingston-richmond", inputs, date(2027, 3, 1))
    guidance = one(later, "transfer_conference_due").what_you_can_do
    assert guidance is not None and guidance.ask == "new_council"


def test_minutes_and_the_complaint_window() -> None:
    received = date(2027, 1, 11)
    inputs = TimelineInputs(CONFERENCE, minutes_received=received)
    bath = compute_timeline("bath-ne-somerset", inputs, date(2027, 1, 12))
    minutes = one(bath, "minutes_sent")
    assert (minutes.status, minutes.date, minutes.late) == ("done", received, True)
    waltham = compute_timeline("waltham-forest", inputs, date(2027, 2, 1))
    window = one(waltham, "complaint_deadline")
    assert (window.date, window.status, window.rule_text) == (
        date(2027, 2, 8),
        "due_soon",
        "28 days after receiving the minutes",
    )
    assert window.what_you_can_do is None
    # A milestone is never overdue: once passed it is done, and still says what to do.
    closed = one(compute_timeline("waltham-forest", inputs, date(2027, 2, 9)), "complaint_deadline")
    assert (closed.status, closed.passed, closed.actual) == ("done", True, None)
    assert closed.what_you_can_do is not None
    assert closed.what_you_can_do.key == "complaint_window"
    assert closed.what_you_can_do.ask == "conference_chair"


def test_minutes_of_an_earlier_conference_do_not_count_for_the_latest() -> None:
    inputs = TimelineInputs(
        CONFERENCE, minutes_received=date(2027, 1, 11), review_conferences=(date(2027, 3, 18),)
    )
    minutes = one(compute_timeline("bath-ne-somerset", inputs, date(2027, 3, 19)), "minutes_sent")
    assert (minutes.status, minutes.actual, minutes.trigger_date, minutes.occurrence) == (
        "upcoming",
        None,
        date(2027, 3, 18),
        2,
    )


def test_child_in_need_is_at_least_six_calendar_months() -> None:
    inputs = TimelineInputs(date(2026, 6, 1), plan_ended=date(2026, 9, 21))
    timeline = compute_timeline("cambridgeshire", inputs, date(2026, 9, 22))
    event = one(timeline, "child_in_need_until")
    assert event.date == date(2027, 3, 21)  # a Sunday, not moved: a minimum, not a deadline
    assert event.rule_text == "at least 6 months after the end of the plan"
    assert event.rule.basis == "local"


def test_two_year_point_is_a_calendar_anniversary() -> None:
    timeline = compute_timeline("england", TimelineInputs(date(2026, 2, 28)), date(2027, 1, 4))
    event = one(timeline, "two_year_review_point")
    assert (event.date, event.source, event.rule_text) == (
        date(2028, 2, 28),
        "003",
        "2 years after the initial conference",
    )


def test_social_worker_visit_shows_the_next_checkpoint() -> None:
    inputs = TimelineInputs(CONFERENCE)

    def visit(today: date) -> Event:
        return one(compute_timeline("kingston-richmond", inputs, today), "social_worker_visit")

    assert (visit(date(2026, 12, 1)).date, visit(date(2026, 12, 1)).occurrence) == (
        date(2027, 1, 7),
        1,
    )
    assert visit(date(2027, 1, 7)).date == date(2027, 1, 7)  # due today
    second = visit(date(2027, 1, 8))
    assert (second.date, second.occurrence, second.status) == (
        add_working_days(CONFERENCE, 20),
        2,
        "upcoming",
    )
    assert visit(date(2027, 1, 8)).rule_text == (
        "at least every 10 working days after the initial conference"
    )
    far = visit(date(2028, 5, 6))
    assert far.date >= date(2028, 5, 6) and is_working_day(far.date)
    assert far.date == add_working_days(CONFERENCE, 10 * far.occurrence)
    assert add_working_days(CONFERENCE, 10 * (far.occurrence - 1)) < date(2028, 5, 6)


def test_same_day_events_keep_the_contract_order() -> None:
    timeline = compute_timeline("kingston-richmond", TimelineInputs(CONFERENCE), date(2026, 12, 1))
    same_day = [e.key for e in timeline.events if e.date == date(2027, 1, 7)]
    assert same_day == ["first_core_group", "social_worker_visit"]


def test_unknown_area_raises_a_named_error() -> None:
    with pytest.raises(UnknownArea):
        compute_timeline("atlantis", TimelineInputs(CONFERENCE), date(2027, 1, 4))


def test_engine_modules_do_not_import_flask() -> None:
    package = Path(__file__).resolve().parents[2] / "portal" / "timeline"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                top = name.split(".")[0]
                assert top not in {"flask", "flask_babel", "werkzeug"}, (path.name, name)
                assert not name.startswith("portal.") or name.startswith("portal.timeline"), (
                    path.name,
                    name,
                )
