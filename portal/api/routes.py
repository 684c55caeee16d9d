"""The JSON API: POST /api/assistant and GET /api/timeline. Errors are JSON with a
message in the caller's language."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, g, jsonify, request
from flask_babel import force_locale
from flask_babel import gettext as _

from bot.knowledge import DEFAULT_AREA, DEFAULT_LANG, areas, languages
from portal.assistant.service import MAX_MESSAGE_CHARS, answer, reply_json
from portal.cases import UK
from portal.cases.wording import input_error
from portal.extensions import csrf, limiter
from portal.timeline import compute_timeline, parse_inputs

bp = Blueprint("api", __name__, url_prefix="/api")
csrf.exempt(bp)


class BadInput(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _error(status: int, field: str, message: str) -> tuple[Response, int]:
    return jsonify({"error": "invalid_input", "field": field, "message": message}), status


def _read_json() -> dict[str, Any]:
    raw = request.get_data(cache=False)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadInput("body", _("The request must be UTF-8 text.")) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(
            "body", _('The request must be JSON, like {"message": "your question"}.')
        ) from error
    if not isinstance(data, dict):
        raise BadInput("body", _('The request must be JSON, like {"message": "your question"}.'))
    return data


def _locale_of(data: dict[str, Any]) -> str:
    lang = data.get("lang", DEFAULT_LANG)
    return lang if isinstance(lang, str) and lang in languages() else DEFAULT_LANG


@bp.post("/assistant")
@limiter.limit(lambda: current_app.config["ASSISTANT_RATE_LIMIT"])
def assistant() -> tuple[Response, int]:
    data: dict[str, Any] = {}
    try:
        data = _read_json()
    except BadInput as bad:
        return _error(400, bad.field, bad.message)
    lang = _locale_of(data)
    g.lang = lang
    with force_locale(languages()[lang].babel_locale):
        if data.get("lang", DEFAULT_LANG) != lang:
            return _error(
                400,
                "lang",
                _("Unknown language. Use one of: %(codes)s.", codes=", ".join(languages())),
            )
        area = data.get("area", DEFAULT_AREA)
        if not isinstance(area, str) or area not in areas():
            return _error(
                400, "area", _("Unknown council. Use one of: %(codes)s.", codes=", ".join(areas()))
            )
        message = data.get("message")
        if not isinstance(message, str) or not message.strip():
            return _error(400, "message", _("Type your question in the box"))
        if len(message) > MAX_MESSAGE_CHARS:
            return _error(
                400,
                "message",
                _(
                    "Your question is too long. Please use fewer than %(limit)s characters.",
                    limit=f"{MAX_MESSAGE_CHARS:,}",
                ),
            )
        # A language without the assistant yet is answered by English's model and
        # answers (bot.engine), its own danger patterns first.
        reply = answer(message, lang, area)
    return jsonify(reply_json(reply)), 200


@bp.get("/timeline")
@limiter.limit(lambda: current_app.config["TIMELINE_RATE_LIMIT"])
def timeline() -> tuple[Response, int]:
    """A case's events from the council's rules. Stores nothing, logs no dates."""
    requested = request.args.get("lang", DEFAULT_LANG)
    lang = requested if requested in languages() else DEFAULT_LANG
    g.lang = lang
    with force_locale(languages()[lang].babel_locale):
        if requested != lang:
            return _error(
                400,
                "lang",
                _("Unknown language. Use one of: %(codes)s.", codes=", ".join(languages())),
            )
        today = datetime.now(UTC).astimezone(UK).date()
        result = parse_inputs(request.args.to_dict(flat=False), today, require_area=True)
        if isinstance(result, list):
            first = result[0]
            body = {
                "error": "invalid_input",
                "field": first.field,
                "message": input_error(first),
                "errors": [
                    {"field": e.field, "index": e.index, "message": input_error(e)} for e in result
                ],
            }
            return jsonify(body), 400
        assert result.area is not None  # require_area
        return jsonify(compute_timeline(result.area, result, today).to_dict()), 200
