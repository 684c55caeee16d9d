"""The portal's side of the rules engine (``portal.timeline``, Flask-free)."""

from __future__ import annotations

from portal.accounts.forms import FormErrors
from portal.cases.form import CleanCase


def check_dates(clean: CleanCase, errors: FormErrors) -> None:
    """Ask the rules engine whether the dates make sense together."""
