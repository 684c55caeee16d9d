"""Counting working days and months exactly as timescales.md says."""

from __future__ import annotations

from datetime import date

import pytest

from portal.timeline.workdays import (
    UnknownNation,
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_day_on_or_before,
    working_days_between,
)


def test_christmas_2026_holidays_are_skipped_and_christmas_eve_counts() -> None:
    # 25 Dec (Fri), 28 Dec (Boxing Day substitute) and 1 Jan 2027 are bank holidays.
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))
    assert not is_working_day(date(2027, 1, 1))
    assert is_working_day(date(2026, 12, 24))
    assert add_working_days(date(2026, 12, 21), 10) == date(2027, 1, 7)
    assert add_working_days(date(2026, 12, 21), -2) == date(2026, 12, 17)
    assert add_working_days(date(2026, 12, 21), 1) == date(2026, 12, 22)


def test_day_zero_is_the_trigger_even_on_a_weekend() -> None:
    saturday = date(2027, 1, 9)
    assert add_working_days(saturday, 1) == date(2027, 1, 11)
    assert add_working_days(saturday, -1) == date(2027, 1, 8)
    assert add_working_days(saturday, 0) == saturday


def test_good_friday_and_easter_monday() -> None:
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday (England)
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_nations() -> None:
    st_andrews, st_patricks = date(2027, 11, 30), date(2027, 3, 17)
    assert is_working_day(st_andrews, "ENG") and not is_working_day(st_andrews, "SCT")
    assert is_working_day(st_patricks, "ENG") and not is_working_day(st_patricks, "NIR")
    assert is_working_day(date(2027, 3, 29), "SCT")  # no Easter Monday in Scotland
    for year in range(2024, 2031):  # England and Wales share one list
        assert bank_holidays("WLS", year) == bank_holidays("ENG", year)
    with pytest.raises(UnknownNation):
        is_working_day(date(2027, 1, 4), "XYZ")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2026, 12, 21), 3, date(2027, 3, 21)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2027, 6, 15), -60, date(2022, 6, 15)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_working_day_on_or_before_and_between() -> None:
    assert working_day_on_or_before(date(2027, 3, 21)) == date(2027, 3, 19)  # Sunday -> Friday
    assert working_day_on_or_before(date(2027, 3, 29)) == date(2027, 3, 25)  # Easter
    assert working_day_on_or_before(date(2027, 3, 18)) == date(2027, 3, 18)
    assert working_days_between(date(2026, 12, 21), date(2027, 1, 7)) == 9
    assert working_days_between(date(2027, 1, 7), date(2027, 1, 7)) == 0
