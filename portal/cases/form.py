"""The case form: read, check and apply what a practitioner typed.

Dates are GOV.UK date inputs (day, month, year). Their shape is checked
here; whether they make sense together (a review before the conference, a
date years away) is the rules engine's call, through ``parse_inputs``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from flask_babel import gettext as _

from bot.knowledge import areas, languages
from portal.accounts.forms import FormErrors
from portal.models import Case, ReviewConference
from portal.timeline.inputs import DATE_FIELDS

MAX_REVIEWS = 8
LIMITS = {"nickname": 40, "conference_place": 300, "conference_link": 500, "note": 1000}
TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def date_labels() -> dict[str, str]:
    return {
        "initial_conference": _("Date of the initial child protection conference"),
        "strategy_discussion": _("Date of the strategy discussion"),
        "minutes_received": _("Date the parent received the conference minutes"),
        "plan_ended": _("Date the child protection plan ended"),
        "move_notified": _("Date the new council was told the family moved"),
    }


@dataclass
class DateParts:
    day: str = ""
    month: str = ""
    year: str = ""

    @classmethod
    def of(cls, value: date | None) -> DateParts:
        return cls() if value is None else cls(str(value.day), str(value.month), str(value.year))

    @property
    def empty(self) -> bool:
        return not (self.day or self.month or self.year)


@dataclass
class CaseForm:
    area: str = "england"
    language: str = "en"
    dates: dict[str, DateParts] = field(default_factory=dict)
    reviews: list[DateParts] = field(default_factory=list)
    conference_time: str = ""
    conference_place: str = ""
    conference_link: str = ""
    nickname: str = ""
    note: str = ""

    @classmethod
    def from_case(cls, case: Case | None) -> CaseForm:
        if case is None:
            return cls(dates={name: DateParts() for name in DATE_FIELDS}, reviews=[DateParts()])
        return cls(
            area=case.area,
            language=case.language,
            dates={name: DateParts.of(getattr(case, name)) for name in DATE_FIELDS},
            reviews=[DateParts.of(day) for day in case.review_dates] + [DateParts()],
            conference_time=case.conference_time.strftime("%H:%M") if case.conference_time else "",
            conference_place=case.conference_place or "",
            conference_link=case.conference_link or "",
            nickname=case.nickname or "",
            note=case.note or "",
        )

    @classmethod
    def from_request(cls, form: Mapping[str, str]) -> CaseForm:
        def parts(prefix: str) -> DateParts:
            return DateParts(
                *(form.get(f"{prefix}-{part}", "").strip() for part in ("day", "month", "year"))
            )

        reviews = [parts(f"review_{n}") for n in range(1, MAX_REVIEWS + 1)]
        filled = [r for r in reviews if not r.empty]
        return cls(
            area=form.get("area", ""),
            language=form.get("language", ""),
            dates={name: parts(name) for name in DATE_FIELDS},
            reviews=[*filled, DateParts()][:MAX_REVIEWS],
            conference_time=form.get("conference_time", "").strip(),
            conference_place=form.get("conference_place", "").strip(),
            conference_link=form.get("conference_link", "").strip(),
            nickname=form.get("nickname", "").strip(),
            note=form.get("note", "").strip().replace("\r\n", "\n"),
        )


@dataclass
class CleanCase:
    area: str
    language: str
    dates: dict[str, date | None]
    reviews: list[date]
    conference_time: time | None
    text: dict[str, str | None]


def read_date(parts: DateParts, label: str, errors: FormErrors, field_id: str) -> date | None:
    if parts.empty:
        return None
    if not (parts.day and parts.month and parts.year):
        message = _("%(label)s must include a day, month and year", label=label)
        errors.add(field_id, message, date=True)
        return None
    try:
        if len(parts.year) != 4:
            raise ValueError
        return date(int(parts.year), int(parts.month), int(parts.day))
    except ValueError:
        errors.add(field_id, _("%(label)s must be a real date", label=label), date=True)
        return None


def parse_time(text: str) -> time | None:
    """'10:30', '14.30', '2pm', '2:30 pm'."""
    match = TIME_PATTERN.match(text)
    if not match:
        raise ValueError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if half == "pm" else 0)
    return time(hour, minute)


def validate(form: CaseForm) -> tuple[CleanCase | None, FormErrors]:
    errors = FormErrors()
    if form.area not in areas():
        errors.add("area", _("Choose the family's council"))
    if form.language not in languages():
        errors.add("language", _("Choose the parent's language"))
    labels = date_labels()
    dates = {
        name: read_date(form.dates.get(name, DateParts()), labels[name], errors, name)
        for name in DATE_FIELDS
    }
    if dates["initial_conference"] is None and "initial_conference" not in errors:
        message = _("Enter the date of the initial child protection conference")
        errors.add("initial_conference", message, date=True)
    reviews: list[date] = []
    for n, parts in enumerate(form.reviews, start=1):
        label = _("Date of review conference %(number)d", number=n)
        found = read_date(parts, label, errors, f"review_{n}")
        if found is not None:
            reviews.append(found)
    conference_time = None
    if form.conference_time:
        try:
            conference_time = parse_time(form.conference_time)
        except ValueError:
            errors.add("conference_time", _("Enter the time like 10:30 or 2:30pm"))
    if form.conference_link and not re.match(r"^https://[^\s/]+\.[^\s]+$", form.conference_link):
        errors.add(
            "conference_link", _("Enter the online link as a full web address starting https://")
        )
    for name, limit in LIMITS.items():
        if len(getattr(form, name)) > limit:
            errors.add(name, _("Use %(limit)d characters or fewer", limit=limit))
    if errors:
        return None, errors
    text: dict[str, str | None] = {name: getattr(form, name) or None for name in LIMITS}
    clean = CleanCase(form.area, form.language, dates, sorted(set(reviews)), conference_time, text)
    return clean, errors


def apply(case: Case, clean: CleanCase) -> None:
    case.area = clean.area
    case.language = clean.language
    for name, value in clean.dates.items():
        setattr(case, name, value)
    case.conference_time = clean.conference_time
    for name, text in clean.text.items():
        setattr(case, name, text)
    case.reviews = [ReviewConference(held_on=day) for day in clean.reviews]


def inputs_mapping(dates: Mapping[str, date | None], reviews: list[date]) -> dict[str, Any]:
    """The rules engine's input names, as the API takes them."""
    mapping: dict[str, Any] = {name: value.isoformat() for name, value in dates.items() if value}
    mapping["review_conference"] = [day.isoformat() for day in reviews]
    return mapping


def case_mapping(case: Case) -> dict[str, Any]:
    return inputs_mapping({name: getattr(case, name) for name in DATE_FIELDS}, case.review_dates)
