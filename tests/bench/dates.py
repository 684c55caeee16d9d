"""Dates for the benchmark's timeline requests, relative to the day it runs."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode


def timeline_query(days_ago: int = 35) -> str:
    day = date.today() - timedelta(days=days_ago)
    return urlencode(
        {
            "initial_conference-day": day.day,
            "initial_conference-month": day.month,
            "initial_conference-year": day.year,
        }
    )
