"""Working days and calendar arithmetic, counted as timescales.md says.

A working day is Monday to Friday and not a bank holiday of the council's
nation. Bank holidays come from the ``holidays`` package; England and Wales
share one list (timescales.md), so a Welsh council uses the English list even
though the package also has a ``WLS`` subdivision.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache

import holidays

# Area ``nation`` codes to the subdivision of ``holidays.UK`` (country "GB") whose list applies.
NATION_SUBDIVISIONS: dict[str, str] = {"ENG": "ENG", "WLS": "ENG", "SCT": "SCT", "NIR": "NIR"}

ONE_DAY = timedelta(days=1)


class UnknownNation(ValueError):
    """An area's ``nation`` is not one this service knows the bank holidays of."""


@cache
def bank_holidays(nation: str, year: int) -> frozenset[date]:
    """The nation's bank holidays in ``year`` (substitute days included)."""
    try:
        subdivision = NATION_SUBDIVISIONS[nation]
    except KeyError:
        raise UnknownNation(nation) from None
    return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year).keys())


def is_working_day(day: date, nation: str = "ENG") -> bool:
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def add_working_days(start: date, count: int, nation: str = "ENG") -> date:
    """The ``count``-th working day after ``start`` (``start`` is day 0), or
    before it when ``count`` is negative. ``start`` itself may be any day."""
    if count == 0:
        return start
    step = ONE_DAY if count > 0 else -ONE_DAY
    day, remaining = start, abs(count)
    while remaining:
        day += step
        if is_working_day(day, nation):
            remaining -= 1
    return day


def working_day_on_or_before(day: date, nation: str = "ENG") -> date:
    while not is_working_day(day, nation):
        day -= ONE_DAY
    return day


def working_days_between(start: date, end: date, nation: str = "ENG") -> int:
    """How many working days fall in ``start < day < end`` (both ends excluded)."""
    count, day = 0, start + ONE_DAY
    while day < end:
        count += is_working_day(day, nation)
        day += ONE_DAY
    return count


def add_months(start: date, months: int) -> date:
    """The same day of the month ``months`` later (or earlier), clamped to the
    month's last day: 30 Nov + 3 months is 28 Feb (29 Feb in a leap year)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))
