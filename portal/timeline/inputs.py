"""Reading and checking the dates a practitioner or parent enters.

Errors are data, not exceptions: a field name, a message key and parameters,
so the portal can show them in the reader's language next to the right
field. ``InputError.message`` gives the English default.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bot.knowledge import CONTENT_DIR, areas
from portal.timeline.workdays import add_months

DATE_FIELDS = (
    "initial_conference",
    "strategy_discussion",
    "minutes_received",
    "plan_ended",
    "move_notified",
)
REVIEW_FIELD = "review_conference"
# The API repeats ``review_conference``; the plural is accepted as well.
REVIEW_NAMES = ("review_conference", "review_conferences")
# Inputs that record something that has already happened.
PAST_ONLY = ("minutes_received", "plan_ended", "move_notified", REVIEW_FIELD)
MAX_REVIEWS = 20  # about ten years of six-monthly reviews
MAX_YEARS = 5
MAX_ECHO = 40  # characters of a bad value quoted back in an error
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

# English defaults for each message key. ``{label}`` is the field's label.
MESSAGES = {
    "required": "Enter {label}",
    "invalid_date": "{label} must be a real date, written as year-month-day, like 2027-01-31",
    "multiple_values": "Enter {label} only once",
    "too_far_past": "{label} is more than {years} years ago. Check the year",
    "too_far_future": "{label} is more than {years} years from now. Check the year",
    "in_future": "{label} must be today or in the past",
    "after_initial_conference": "{label} must be the same as or before the date of the "
    "initial conference",
    "before_initial_conference": "{label} must be the same as or after the date of the "
    "initial conference",
    "not_after_initial_conference": "{label} must be after the date of the initial conference",
    "after_plan_ended": "{label} must be the same as or before the date the plan ended",
    "too_many": "Enter no more than {max} review conferences",
    "area_required": "Choose the council",
    "unknown_area": "Choose a council from the list",
}
LABELS = {
    "initial_conference": "the date of the initial child protection conference",
    "strategy_discussion": "the date of the strategy discussion",
    "minutes_received": "the date the minutes were received",
    "plan_ended": "the date the plan ended",
    "move_notified": "the date the new council was told about the move",
    REVIEW_FIELD: "the date of review conference {index}",
    "area": "the council",
}


@dataclass(frozen=True)
class TimelineInputs:
    """The dates of one case. Reviews are the dates of review conferences
    already held; they are kept sorted and without repeats."""

    initial_conference: date
    strategy_discussion: date | None = None
    minutes_received: date | None = None
    plan_ended: date | None = None
    move_notified: date | None = None
    review_conferences: tuple[date, ...] = ()
    area: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "review_conferences", tuple(sorted(set(self.review_conferences))))

    def get(self, name: str) -> date | None:
        value = getattr(self, name)
        assert value is None or isinstance(value, date)
        return value


@dataclass(frozen=True)
class InputError:
    field: str  # an input name: "initial_conference", "review_conference", "area"...
    key: str  # a key of MESSAGES
    params: Mapping[str, str | int] = dataclasses.field(default_factory=dict, hash=False)
    index: int | None = None  # 1-based position, for repeated fields (review conferences)

    @property
    def message(self) -> str:
        label = LABELS.get(self.field, self.field).format(index=self.index or "")
        text = MESSAGES[self.key].format(label=label, **self.params)
        return text[:1].upper() + text[1:]

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "index": self.index,
            "key": self.key,
            "params": dict(self.params),
            "message": self.message,
        }


def _ascii_digits(text: str) -> str:
    # Phones with another script's keyboard may type e.g. Arabic-Indic digits.
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def parse_date(text: str) -> date | None:
    """A date written ``YYYY-MM-DD``, or None if it is not one (e.g. 2027-02-30)."""
    match = ISO_DATE.fullmatch(_ascii_digits(text.strip()))
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _values(mapping: Mapping[str, Any], names: Iterable[str]) -> list[str]:
    """Non-empty values given under any of ``names``, whether one string or a list."""
    found: list[str] = []
    for name in names:
        raw = mapping.get(name)
        items = raw if isinstance(raw, list | tuple) else [] if raw is None else [raw]
        found += [text for item in items if (text := str(item).strip())]
    return found


class _Errors:
    """At most one error per field (and per review), as GOV.UK forms show them."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, int | None], InputError] = {}

    def add(self, name: str, key: str, index: int | None = None, **params: str | int) -> None:
        self.found.setdefault((name, index), InputError(name, key, params, index))

    def has(self, name: str, index: int | None = None) -> bool:
        return (name, index) in self.found

    def ordered(self) -> list[InputError]:
        order = {name: n for n, name in enumerate(("area", *DATE_FIELDS, REVIEW_FIELD))}
        return sorted(self.found.values(), key=lambda e: (order.get(e.field, 99), e.index or 0))


def _check(
    dates: Mapping[str, date | None],
    reviews: Iterable[tuple[int, date]],
    today: date,
    errors: _Errors,
) -> None:
    """Checks on dates that parsed: each within reach, and in a possible order."""
    earliest, latest = add_months(today, -12 * MAX_YEARS), add_months(today, 12 * MAX_YEARS)
    named: list[tuple[str, int | None, date]] = [
        (name, None, day) for name, day in dates.items() if day is not None
    ]
    held = list(reviews)
    named += [(REVIEW_FIELD, index, day) for index, day in held]
    initial, plan_ended = dates.get("initial_conference"), dates.get("plan_ended")
    for name, index, day in named:
        if day < earliest:
            errors.add(name, "too_far_past", index, years=MAX_YEARS)
        elif day > latest:
            errors.add(name, "too_far_future", index, years=MAX_YEARS)
        elif name in PAST_ONLY and day > today:
            errors.add(name, "in_future", index)
        elif initial is None or name == "initial_conference":
            continue
        elif name == "strategy_discussion" and day > initial:
            errors.add(name, "after_initial_conference")
        elif name == REVIEW_FIELD and day <= initial:
            errors.add(name, "not_after_initial_conference", index)
        elif name != REVIEW_FIELD and name != "strategy_discussion" and day < initial:
            errors.add(name, "before_initial_conference")
        elif name == REVIEW_FIELD and plan_ended is not None and day > plan_ended:
            errors.add(name, "after_plan_ended", index)
    if len(held) > MAX_REVIEWS:
        errors.add(REVIEW_FIELD, "too_many", None, max=MAX_REVIEWS)


def check_inputs(inputs: TimelineInputs, today: date) -> list[InputError]:
    """The same checks as ``parse_inputs``, for dates the caller already has."""
    errors = _Errors()
    _check(
        {name: inputs.get(name) for name in DATE_FIELDS},
        enumerate(inputs.review_conferences, start=1),
        today,
        errors,
    )
    return errors.ordered()


def parse_inputs(
    mapping: Mapping[str, Any],
    today: date,
    *,
    require_area: bool = False,
    content_dir: Path = CONTENT_DIR,
) -> TimelineInputs | list[InputError]:
    """Read a case's dates from strings (a query string or form, e.g. Flask's
    ``request.args.to_dict(flat=False)``): ``initial_conference`` (required),
    ``strategy_discussion``, ``minutes_received``, ``plan_ended``,
    ``move_notified`` as ``YYYY-MM-DD``; ``review_conference`` repeated for each
    review held; ``area`` if given (required with ``require_area``). Other
    keys are ignored. Returns the inputs, or every error found, in form order.
    """
    errors = _Errors()
    area = _values(mapping, ("area",))
    if len(set(area)) > 1:
        errors.add("area", "multiple_values")
    elif area and area[0] not in areas(content_dir):
        errors.add("area", "unknown_area", value=area[0][:MAX_ECHO])
    elif not area and require_area:
        errors.add("area", "area_required")

    dates: dict[str, date | None] = {}
    for name in DATE_FIELDS:
        given = _values(mapping, (name,))
        dates[name] = parse_date(given[0]) if given else None
        if len(set(given)) > 1:
            errors.add(name, "multiple_values")
        elif given and dates[name] is None:
            errors.add(name, "invalid_date", value=given[0][:MAX_ECHO])
        elif not given and name == "initial_conference":
            errors.add(name, "required")
    reviews: list[tuple[int, date]] = []
    for index, text in enumerate(_values(mapping, REVIEW_NAMES), start=1):
        day = parse_date(text)
        if day is None:
            errors.add(REVIEW_FIELD, "invalid_date", index, value=text[:MAX_ECHO])
        else:
            reviews.append((index, day))
    _check(dates, reviews, today, errors)

    initial = dates["initial_conference"]
    if errors.found or initial is None:
        return errors.ordered()
    return TimelineInputs(
        initial_conference=initial,
        strategy_discussion=dates["strategy_discussion"],
        minutes_received=dates["minutes_received"],
        plan_ended=dates["plan_ended"],
        move_notified=dates["move_notified"],
        review_conferences=tuple(day for _, day in reviews),
        area=area[0] if area else None,
    )
