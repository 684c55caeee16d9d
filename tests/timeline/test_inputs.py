"""Reading the dates people type: errors name the field, say what is wrong
as a message key (for translation) and never escape as exceptions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from portal.timeline import InputError, TimelineInputs, check_inputs, parse_inputs
from portal.timeline.inputs import MESSAGES, parse_date

TODAY = date(2027, 6, 15)


def errors_of(mapping: dict[str, Any], **kwargs: Any) -> list[tuple[str, int | None, str]]:
    result = parse_inputs(mapping, TODAY, **kwargs)
    assert isinstance(result, list), result
    assert all(isinstance(e, InputError) for e in result)
    return [(e.field, e.index, e.key) for e in result]


def test_a_full_set_of_dates() -> None:
    result = parse_inputs(
        {
            "area": "waltham-forest",
            "initial_conference": "2027-01-04",
            "strategy_discussion": " 2026-12-10 ",
            "minutes_received": "2027-01-20",
            "plan_ended": "",
            "move_notified": [],
            "review_conference": ["2027-04-01", "2027-03-30", "2027-04-01"],
            "lang": "cy",
            "anything": "else",
        },
        TODAY,
    )
    assert result == TimelineInputs(
        initial_conference=date(2027, 1, 4),
        strategy_discussion=date(2026, 12, 10),
        minutes_received=date(2027, 1, 20),
        review_conferences=(date(2027, 3, 30), date(2027, 4, 1)),
        area="waltham-forest",
    )


def test_review_dates_under_either_name_and_as_a_single_string() -> None:
    result = parse_inputs(
        {
            "initial_conference": ["2027-01-04"],
            "review_conferences": "2027-04-01",
            "review_conference": ["2027-05-01"],
        },
        TODAY,
    )
    assert isinstance(result, TimelineInputs)
    assert result.review_conferences == (date(2027, 4, 1), date(2027, 5, 1))
    assert result.area is None


@pytest.mark.parametrize(
    "text",
    [
        "2027-02-30",
        "tomorrow",
        "2027-13-01",
        "04/01/2027",
        "2027-01-04T10:00",
        "20270104",
        "2027-W01-1",
        "0000-01-01",
        "27-01-04",
        "2027 01 04",
        "\x00",
    ],
)
def test_invalid_dates(text: str) -> None:
    assert parse_date(text) is None
    assert errors_of({"initial_conference": text}) == [("initial_conference", None, "invalid_date")]
    error = parse_inputs({"initial_conference": text}, TODAY)[0]  # type: ignore[index]
    assert error.params == {"value": text}
    assert error.message == (
        "The date of the initial child protection conference must be a real "
        "date, written as year-month-day, like 2027-01-31"
    )


def test_other_scripts_digits_are_read() -> None:
    assert parse_date("٢٠٢٧-٠١-٠٤") == date(2027, 1, 4)
    assert parse_date("2027-1-4") == date(2027, 1, 4)


def test_the_initial_conference_is_required() -> None:
    assert errors_of({}) == [("initial_conference", None, "required")]
    assert errors_of({"initial_conference": "  "}) == [("initial_conference", None, "required")]
    error = parse_inputs({}, TODAY)[0]  # type: ignore[index]
    assert error.message == "Enter the date of the initial child protection conference"


def test_dates_more_than_five_years_away() -> None:
    assert errors_of({"initial_conference": "2022-06-14"}) == [
        ("initial_conference", None, "too_far_past")
    ]
    assert errors_of({"initial_conference": "2032-06-16"}) == [
        ("initial_conference", None, "too_far_future")
    ]
    assert isinstance(parse_inputs({"initial_conference": "2022-06-15"}, TODAY), TimelineInputs)
    assert isinstance(parse_inputs({"initial_conference": "2032-06-15"}, TODAY), TimelineInputs)
    error = parse_inputs({"initial_conference": "2032-06-16"}, TODAY)[0]  # type: ignore[index]
    assert error.params == {"years": 5}
    assert "more than 5 years from now" in error.message


def test_dates_in_an_impossible_order() -> None:
    assert errors_of(
        {
            "initial_conference": "2027-01-04",
            "strategy_discussion": "2027-01-05",
            "plan_ended": "2027-01-03",
            "minutes_received": "2026-12-01",
            "move_notified": "2027-01-01",
            "review_conference": ["2027-04-01", "2027-01-04", "2026-12-01"],
        }
    ) == [
        ("strategy_discussion", None, "after_initial_conference"),
        ("minutes_received", None, "before_initial_conference"),
        ("plan_ended", None, "before_initial_conference"),
        ("move_notified", None, "before_initial_conference"),
        ("review_conference", 1, "after_plan_ended"),
        ("review_conference", 2, "not_after_initial_conference"),
        ("review_conference", 3, "not_after_initial_conference"),
    ]


def test_things_that_happened_cannot_be_in_the_future() -> None:
    assert errors_of(
        {
            "initial_conference": "2027-06-20",
            "plan_ended": "2027-06-21",
            "review_conference": "2027-07-01",
        }
    ) == [("plan_ended", None, "in_future"), ("review_conference", 1, "in_future")]
    # A conference or strategy discussion can be booked ahead.
    assert isinstance(
        parse_inputs(
            {"initial_conference": "2027-07-01", "strategy_discussion": "2027-06-20"}, TODAY
        ),
        TimelineInputs,
    )


def test_areas() -> None:
    assert errors_of({"initial_conference": "2027-01-04", "area": "atlantis"}) == [
        ("area", None, "unknown_area")
    ]
    assert errors_of({"initial_conference": "2027-01-04"}, require_area=True) == [
        ("area", None, "area_required")
    ]
    two = ["england", "waltham-forest"]
    assert errors_of({"initial_conference": "2027-01-04", "area": two}) == [
        ("area", None, "multiple_values")
    ]


def test_one_value_per_field_and_a_limit_on_reviews() -> None:
    assert errors_of({"initial_conference": ["2027-01-04", "2027-01-05"]}) == [
        ("initial_conference", None, "multiple_values")
    ]
    assert isinstance(
        parse_inputs({"initial_conference": ["2027-01-04", "2027-01-04"]}, TODAY), TimelineInputs
    )
    many = [f"2027-0{m}-{d:02d}" for m in range(2, 6) for d in range(1, 7)]
    assert errors_of({"initial_conference": "2027-01-04", "review_conference": many}) == [
        ("review_conference", None, "too_many")
    ]


def test_errors_come_in_form_order_one_per_field() -> None:
    assert errors_of(
        {
            "area": "nowhere",
            "review_conference": ["x", "2027-04-01"],
            "plan_ended": "soon",
            "initial_conference": "never",
        }
    ) == [
        ("area", None, "unknown_area"),
        ("initial_conference", None, "invalid_date"),
        ("plan_ended", None, "invalid_date"),
        ("review_conference", 1, "invalid_date"),
    ]


def test_error_messages_and_dicts() -> None:
    error = InputError("review_conference", "in_future", index=2)
    assert error.message == "The date of review conference 2 must be today or in the past"
    assert error.to_dict() == {
        "field": "review_conference",
        "index": 2,
        "key": "in_future",
        "params": {},
        "message": error.message,
    }
    for key in MESSAGES:  # every message formats with the parameters the code gives
        params = {"years": 5, "max": 20, "value": "x"}
        assert InputError("initial_conference", key, params).message


def test_long_bad_values_are_quoted_short() -> None:
    error = parse_inputs({"initial_conference": "x" * 5000}, TODAY)[0]  # type: ignore[index]
    assert error.params["value"] == "x" * 40


def test_check_inputs_for_dates_already_parsed() -> None:
    inputs = TimelineInputs(
        date(2027, 1, 4),
        plan_ended=date(2027, 7, 1),
        review_conferences=(date(2027, 4, 1), date(2026, 1, 1)),
    )
    assert [(e.field, e.index, e.key) for e in check_inputs(inputs, TODAY)] == [
        ("plan_ended", None, "in_future"),
        ("review_conference", 1, "not_after_initial_conference"),
    ]
    assert check_inputs(TimelineInputs(date(2027, 1, 4)), TODAY) == []
