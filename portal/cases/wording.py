"""The rules engine's messages in the reader's language.

``portal.timeline`` keeps English defaults and message keys (it knows nothing of
Flask); these are the same messages through gettext, so a parent reads them in
their language on the page, in the calendar file and in the API's errors.
"""

from __future__ import annotations

from collections.abc import Callable

from flask_babel import gettext as _

from portal.timeline import InputError


def field_labels() -> dict[str, Callable[[int], str]]:
    return {
        "initial_conference": lambda n: _("the date of the initial child protection conference"),
        "strategy_discussion": lambda n: _("the date of the strategy discussion"),
        "minutes_received": lambda n: _("the date the minutes were received"),
        "plan_ended": lambda n: _("the date the plan ended"),
        "move_notified": lambda n: _("the date the new council was told about the move"),
        "review_conference": lambda n: _("the date of review conference %(number)d", number=n),
        "area": lambda n: _("the council"),
    }


def input_error(error: InputError) -> str:
    """One error, as a sentence that names the field."""
    labels = field_labels()
    label = labels[error.field](error.index or 1) if error.field in labels else error.field
    params = error.params
    years = int(params.get("years", 5))
    messages: dict[str, Callable[[], str]] = {
        "required": lambda: _("Enter %(label)s", label=label),
        "invalid_date": lambda: _(
            "%(label)s must be a real date, written as year-month-day, like 2027-01-31",
            label=label,
        ),
        "multiple_values": lambda: _("Enter %(label)s only once", label=label),
        "too_far_past": lambda: _(
            "%(label)s is more than %(years)d years ago. Check the year", label=label, years=years
        ),
        "too_far_future": lambda: _(
            "%(label)s is more than %(years)d years from now. Check the year",
            label=label,
            years=years,
        ),
        "in_future": lambda: _("%(label)s must be today or in the past", label=label),
        "after_initial_conference": lambda: _(
            "%(label)s must be the same as or before the date of the initial conference",
            label=label,
        ),
        "before_initial_conference": lambda: _(
            "%(label)s must be the same as or after the date of the initial conference",
            label=label,
        ),
        "not_after_initial_conference": lambda: _(
            "%(label)s must be after the date of the initial conference", label=label
        ),
        "after_plan_ended": lambda: _(
            "%(label)s must be the same as or before the date the plan ended", label=label
        ),
        "too_many": lambda: _(
            "Enter no more than %(max)d review conferences", max=int(params.get("max", 20))
        ),
        "area_required": lambda: _("Choose the council"),
        "unknown_area": lambda: _("Choose a council from the list"),
    }
    found = messages.get(error.key)
    text = found() if found else error.message
    return text[:1].upper() + text[1:]  # labels are mid-sentence phrases


def guidance() -> dict[str, Callable[[], str]]:
    """What a parent can do when a step is late (keys of ``timeline.text.GUIDANCE``)."""
    return {
        "ask_when_conference": lambda: _(
            "The initial conference should normally have been held by now. If it has not, "
            "ask the social worker when it will be and why it is later than usual."
        ),
        "ask_for_reports": lambda: _(
            "If you have not had the reports yet, ask the social worker for them now. If they "
            "come late, you can ask the conference chair for time to read them."
        ),
        "ask_for_report_copies": lambda: _(
            "If you did not get the reports before the conference, you can still ask the "
            "social worker for copies."
        ),
        "ask_for_summary": lambda: _(
            "If you have not had the written summary and plan, ask the conference chair's "
            "office or the social worker to send them."
        ),
        "ask_for_minutes": lambda: _(
            "If you have not had the minutes (conference notes), ask for them. Keep a note of "
            "when you asked."
        ),
        "ask_about_core_group": lambda: _(
            "If there has been no core group meeting yet, ask the social worker when it will "
            "be. You should be invited."
        ),
        "ask_about_review": lambda: _(
            "If the review conference has not happened and no date is set, ask the social "
            "worker or the conference chair when it will be."
        ),
        "ask_about_visits": lambda: _(
            "If the social worker has not visited as often as the plan says, tell them, or "
            "their manager."
        ),
        "complaint_window": lambda: _(
            "The time the leaflet gives to complain to the conference chair has passed. You "
            "can still write to the chair or the council's complaints team and say why it "
            "is late."
        ),
        "ask_about_support": lambda: _(
            "If you want to know whether support will carry on, ask the social worker."
        ),
        "ask_new_council": lambda: _(
            "If the new council has not held a conference, ask its children's services or "
            "your new social worker when it will be."
        ),
        "ask_what_is_left": lambda: _(
            "Plans rarely last longer than this. Ask at the next review what still needs "
            "to change before the plan can end."
        ),
    }


def guidance_text(key: str) -> str | None:
    found = guidance().get(key)
    return found() if found else None
