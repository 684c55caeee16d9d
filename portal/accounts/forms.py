"""Small helpers shared by the practitioners' forms (accounts and cases)."""

from __future__ import annotations

from typing import Any

from flask import Flask


class FormErrors(dict[str, str]):
    """Field id -> message, in the order of the form. Date fields are three
    inputs; the error summary links to the first (``<id>-day``)."""

    def __init__(self) -> None:
        super().__init__()
        self.date_fields: set[str] = set()

    def add(self, field: str, message: str, *, date: bool = False) -> None:
        self.setdefault(field, message)
        if date:
            self.date_fields.add(field)


def errors_list(errors: dict[str, str]) -> list[dict[str, str]]:
    date_fields: set[str] = getattr(errors, "date_fields", set())
    return [
        {"text": message, "href": f"#{field}-day" if field in date_fields else f"#{field}"}
        for field, message in errors.items()
    ]


def options_list(options: list[tuple[str, str]], selected: str) -> list[dict[str, Any]]:
    return [
        {"value": value, "text": text, "selected": value == selected} for value, text in options
    ]


def init_form_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(errors_list=errors_list, options_list=options_list)
