"""The portal's side of the rules engine (``portal.timeline``, Flask-free)."""

from __future__ import annotations

from datetime import UTC, datetime

from portal.accounts.forms import FormErrors
from portal.cases import UK
from portal.cases.form import CleanCase, inputs_mapping
from portal.cases.wording import input_error
from portal.timeline import parse_inputs


def check_dates(clean: CleanCase, errors: FormErrors) -> None:
    """Ask the rules engine whether the dates make sense together (a review
    before the conference, minutes in the future, a date years away)."""
    today = datetime.now(UTC).astimezone(UK).date()
    mapping = inputs_mapping(clean.dates, clean.reviews)
    result = parse_inputs(mapping, today)
    if not isinstance(result, list):
        return
    for error in result:
        field = f"review_{error.index}" if error.field == "review_conference" else error.field
        errors.add(field, input_error(error), date=True)
