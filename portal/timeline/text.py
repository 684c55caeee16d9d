"""English wording for rules and "what you can do" guidance.

The JSON API shows these strings as they are. Translated pages should not
parse them: every event also carries the structured parts (rule kind, count,
unit, trigger) and message keys, so templates can build the sentence in the
reader's language.
"""

from __future__ import annotations

from typing import Literal

from portal.timeline.config import Rule

RuleKind = Literal["after", "before", "within", "at_least", "every"]

# Noun phrases: "10 working days after {the initial conference}".
TRIGGER_PHRASES = {
    "strategy_discussion": "the strategy discussion",
    "initial_conference": "the initial conference",
    "minutes_received": "receiving the minutes",
    "plan_ended": "the end of the plan",
    "move_notified": "the new council was told of the move",
    "latest_conference": "the conference",
    "latest_review": "the review conference",
    "review_conference": "the previous review conference",
}

UNIT_WORDS = {
    "working_days": ("working day", "working days"),
    "days": ("day", "days"),
    "months": ("month", "months"),
}

# "What you can do" when an event is overdue (or a milestone has passed).
# Deadlines are worded "if it has not happened": the service cannot know
# whether a report arrived, only that it should have by now.
GUIDANCE = {
    "ask_when_conference": (
        "The initial conference should normally have been held by now. If it has not, "
        "ask the social worker when it will be and why it is later than usual."
    ),
    "ask_for_reports": (
        "If you have not had the reports yet, ask the social worker for them now. If they "
        "come late, you can ask the conference chair for time to read them."
    ),
    "ask_for_report_copies": (
        "If you did not get the reports before the conference, you can still ask the "
        "social worker for copies."
    ),
    "ask_for_summary": (
        "If you have not had the written summary and plan, ask the conference chair's "
        "office or the social worker to send them."
    ),
    "ask_for_minutes": (
        "If you have not had the minutes (conference notes), ask for them. Keep a note of "
        "when you asked."
    ),
    "ask_about_core_group": (
        "If there has been no core group meeting yet, ask the social worker when it will "
        "be. You should be invited."
    ),
    "ask_about_review": (
        "If the review conference has not happened and no date is set, ask the social "
        "worker or the conference chair when it will be."
    ),
    "ask_about_visits": (
        "If the social worker has not visited as often as the plan says, tell them, or "
        "their manager."
    ),
    "complaint_window": (
        "The time the leaflet gives to complain to the conference chair has passed. You "
        "can still write to the chair or the council's complaints team and say why it "
        "is late."
    ),
    "ask_about_support": (
        "If you want to know whether support will carry on, ask the social worker."
    ),
    "ask_new_council": (
        "If the new council has not held a conference, ask its children's services or "
        "your new social worker when it will be."
    ),
    "ask_what_is_left": (
        "Plans rarely last longer than this. Ask at the next review what still needs "
        "to change before the plan can end."
    ),
}


def rule_kind(rule: Rule) -> RuleKind:
    if rule.repeat:
        return "every"
    if rule.unit == "months":
        if rule.bound == "by":
            return "within"
        return "at_least" if rule.bound == "at_least" else "after"
    return rule.direction


def _amount(count: int, unit: str) -> str:
    if unit == "months" and count % 12 == 0:
        years = count // 12
        return f"{years} year" if years == 1 else f"{years} years"
    one, many = UNIT_WORDS[unit]
    return f"{count} {one if count == 1 else many}"


def describe(rule: Rule) -> str:
    """A short English description, e.g. "10 working days after the initial conference"."""
    kind = rule_kind(rule)
    amount = _amount(rule.count, rule.unit)
    trigger = TRIGGER_PHRASES[rule.trigger]
    if kind == "every":
        return f"at least every {amount} after {trigger}"
    if kind == "within":
        return f"within {amount} of {trigger}"
    if kind == "at_least":
        return f"at least {amount} after {trigger}"
    return f"{amount} {kind} {trigger}"
