"""Cases (practitioners) and the secure link a parent opens.

Two blueprints: ``cases`` under /practitioners/cases for the practitioner's
side, and ``secure_link`` for the parent's pages at /<lang>/t/<token>.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask
from flask_babel import format_datetime, format_time

bp = Blueprint("cases", __name__, url_prefix="/practitioners/cases", cli_group=None)
parent_bp = Blueprint("secure_link", __name__)
UK = ZoneInfo("Europe/London")


def local_datetime(value: datetime) -> str:
    """Stored in UTC, shown in UK time."""
    return str(format_datetime(value.astimezone(UK), "medium", rebase=False))


def clock(value: time) -> str:
    return str(format_time(value, "short", rebase=False))


def init_app(app: Flask) -> None:
    from portal.cases import cli, parent, views  # noqa: F401  (register routes and commands)

    app.jinja_env.filters.update(local_datetime=local_datetime, clock=clock)
    app.register_blueprint(bp)
    app.register_blueprint(parent_bp)
