"""The self-service timeline: the same rules engine and page parts as the secure
link, from dates the parent types in. Stateless: GET form, GET calendar file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

from flask import Blueprint, Response, current_app, make_response, render_template, request
from flask_babel import gettext as _

from portal import i18n
from portal.accounts.forms import FormErrors
from portal.cases import UK, presenter
from portal.cases.form import DateParts, read_date
from portal.cases.wording import input_error
from portal.extensions import limiter
from portal.guide.routes import add_lang_area, pull_lang_area
from portal.security import keep_private
from portal.timeline import TimelineInputs, parse_inputs

bp = Blueprint("dates", __name__)
bp.url_value_preprocessor(pull_lang_area)
bp.url_defaults(add_lang_area)

SINGLE = ("initial_conference", "strategy_discussion", "minutes_received", "plan_ended")
REVIEWS = 3  # enough for a plan's first year and a half; more is a practitioner's job
# Nothing a parent sees is an empty case: the page parts ask for these.
NO_CASE = SimpleNamespace(
    note=None, nickname=None, conference_time=None, conference_place=None, conference_link=None
)


def labels() -> dict[str, str]:
    return {
        "initial_conference": _("Date of the first child protection conference"),
        "strategy_discussion": _("Date of the strategy discussion (if you know it)"),
        "minutes_received": _("Date you got the conference minutes (if you have them)"),
        "plan_ended": _("Date the child protection plan ended (if it has)"),
    }


bp.after_request(keep_private)  # the dates are about a family


def _today() -> date:
    return datetime.now(UTC).astimezone(UK).date()


def _parts(name: str) -> DateParts:
    args = request.args
    return DateParts(
        args.get(f"{name}-day", "").strip()[:4],
        args.get(f"{name}-month", "").strip()[:4],
        args.get(f"{name}-year", "").strip()[:6],
    )


def _read() -> tuple[dict[str, DateParts], TimelineInputs | None, FormErrors]:
    """The form's dates, the engine's inputs when they are all right, and errors."""
    parts = {name: _parts(name) for name in SINGLE}
    for n in range(1, REVIEWS + 1):
        parts[f"review_{n}"] = _parts(f"review_{n}")
    errors = FormErrors()
    names = labels()
    days: dict[str, date | None] = {}
    for name in SINGLE:
        days[name] = read_date(parts[name], names[name], errors, name)
    reviews: list[tuple[int, date]] = []
    for n in range(1, REVIEWS + 1):
        label = _("Date of review conference %(number)d", number=n)
        found = read_date(parts[f"review_{n}"], label, errors, f"review_{n}")
        if found:
            reviews.append((n, found))
    if days["initial_conference"] is None and "initial_conference" not in errors:
        errors.add("initial_conference", _("Enter the date of the first conference"), date=True)
    if errors:
        return parts, None, errors
    mapping: dict[str, Any] = {k: v.isoformat() for k, v in days.items() if v}
    mapping["review_conference"] = [day.isoformat() for _n, day in reviews]
    result = parse_inputs(mapping, _today())
    if isinstance(result, list):
        by_position = [n for n, _day in sorted(reviews, key=lambda r: r[1])]
        for error in result:
            field = error.field
            if field == "review_conference" and error.index:
                field = f"review_{by_position[error.index - 1]}"
            errors.add(field, input_error(error), date=True)
        return parts, None, errors
    return parts, result, errors


def _submitted() -> bool:
    return any(key.endswith(("-day", "-month", "-year")) for key in request.args)


@bp.get("/<lang:lang>/<area:area>/your-dates")
# The empty form is a page like any other; only working out dates costs anything.
@limiter.limit(
    lambda: current_app.config["TIMELINE_RATE_LIMIT"], exempt_when=lambda: not _submitted()
)
def form() -> Response:
    lang, area = i18n.current_lang(), i18n.current_area()
    parts, inputs, errors = _read() if _submitted() else ({}, None, FormErrors())
    timeline = presenter.build_from_inputs(inputs, area, lang, _today()) if inputs else None
    status = 400 if errors else 200
    page = render_template(
        "dates/form.html",
        parts=parts,
        errors=errors,
        timeline=timeline,
        case=NO_CASE,
        reviews=REVIEWS,
        empty_parts=DateParts(),
        query=request.query_string.decode("ascii", "replace"),
    )
    return make_response(page, status)


@bp.get("/<lang:lang>/<area:area>/your-dates/calendar.ics")
@limiter.limit(lambda: current_app.config["TIMELINE_RATE_LIMIT"])
def calendar_file() -> Response:
    lang, area = i18n.current_lang(), i18n.current_area()
    _form_parts, inputs, errors = _read()
    if inputs is None:
        message = next(iter(errors.values()), _("Enter the date of the first conference"))
        return make_response(message, 400, {"Content-Type": "text/plain; charset=utf-8"})
    body = presenter.calendar_file(
        presenter.build_from_inputs(inputs, area, lang, _today()),
        lang,
        seed=f"self:{area}:{inputs.initial_conference.isoformat()}",
        host=request.host.split(":")[0] or "localhost",
    )
    response = make_response(body)
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = 'attachment; filename="timeline.ics"'
    return response
