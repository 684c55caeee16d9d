"""Error pages in the site's style and the user's language. Nothing here
echoes the request back, and a 500 never shows a stack trace."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.i18n import current_lang

ERROR_TEXT = {
    400: "bad_request",
    404: "not_found",
    405: "not_allowed",
    413: "too_large",
    429: "too_many",
    500: "server_error",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _messages() -> dict[str, tuple[str, str]]:
    return {
        "bad_request": (
            _("Something was wrong with that request"),
            _("Please go back and try again."),
        ),
        "not_found": (
            _("Page not found"),
            _(
                "If you typed the web address, check it is correct. "
                "If you followed a link, the page may have moved."
            ),
        ),
        "not_allowed": (
            _("Something was wrong with that request"),
            _("Please go back and try again."),
        ),
        "too_large": (_("That was too long"), _("Please send a shorter message.")),
        "too_many": (
            _("Please wait a moment"),
            _(
                "There have been a lot of requests from your connection. "
                "Wait a minute, then try again."
            ),
        ),
        "server_error": (
            _("Sorry, there is a problem with the service"),
            _("Please try again later. If you or a child are in danger now, call 999."),
        ),
        "csrf": (
            _("Your page timed out"),
            _(
                "For your security, forms expire after a while. "
                "Go back, refresh the page and try again."
            ),
        ),
    }


def render_error(status: int, key: str) -> tuple[str | Response, int]:
    title, body = _messages()[key]
    if _wants_json():
        from flask import jsonify

        return jsonify({"error": key, "message": title + ". " + body}), status
    return render_template(
        "error.html", status=status, title=title, body=body, lang=current_lang()
    ), status


def init_errors(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError) -> tuple[str | Response, int]:
        return render_error(400, "csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str | Response, int]:
        status = error.code or 500
        return render_error(
            status, ERROR_TEXT.get(status, "bad_request" if status < 500 else "server_error")
        )

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[str | Response, int]:
        # Log the type and place, never the request body or query string.
        # A traceback names code, not user data; locals are not printed.
        app.logger.error(
            "unhandled %s on %s %s",
            type(error).__name__,
            request.method,
            request.url_rule,
            exc_info=error,
        )
        return render_error(500, "server_error")
