"""The parent's timeline is the rules engine's, in the parent's words."""

from __future__ import annotations

from datetime import date, timedelta

from flask import Flask

from portal.cases import presenter
from portal.timeline import TimelineInputs, compute_timeline

TODAY = date(2026, 12, 1)


def test_deadlines_come_from_the_councils_rules(app: Flask) -> None:
    inputs = TimelineInputs(initial_conference=TODAY - timedelta(days=40))
    with app.test_request_context("/en/"):
        timeline = presenter.build_from_inputs(inputs, "kingston-richmond", "en", TODAY)
    engine = compute_timeline("kingston-richmond", inputs, TODAY)
    shown = {s.key for s in [*timeline.happened, *timeline.overdue, *timeline.coming]}
    assert {e.key for e in engine.events if e.actual is None} <= shown
    assert "initial_conference" in {s.key for s in timeline.happened}
    # Kingston sends the plan within 1 working day: 40 days on, it is overdue,
    # unless marked received, and the parent is told what to do.
    overdue = {s.key: s for s in timeline.overdue}
    assert "decision_summary_sent" in overdue
    assert overdue["decision_summary_sent"].what_to_do
    assert overdue["decision_summary_sent"].guide_url == (
        "/en/kingston-richmond/after-the-conference#minutes-and-plan"
    )
    assert timeline.coming and all(s.day >= TODAY for s in timeline.coming)
