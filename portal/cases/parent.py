"""The parent's pages behind a secure link: /<lang>/t/<token>, its calendar
file and its print view. Every response is noindex, no-store, no-referrer.

A link that does not exist gets a kind 404; one that expired or was
cancelled a kind 410. Neither says anything about the case.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from flask import (
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from bot.knowledge import DEFAULT_LANG, areas, languages
from portal import i18n
from portal.cases import UK, parent_bp, presenter
from portal.cases.links import PinResult, check_pin, find_link, record_opening
from portal.extensions import limiter
from portal.models import SecureLink
from portal.security import keep_private

UNLOCKED = "unlocked_links"  # ids of PIN-protected links opened in this browser session


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(UK).date()


def _rate() -> str:
    return str(current_app.config["SECURE_LINK_RATE_LIMIT"])


@parent_bp.url_value_preprocessor
def keep_lang(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    # Read, not popped: the language switcher rebuilds this URL from view_args.
    if values and "lang" in values:
        g.lang = values["lang"]


parent_bp.after_request(keep_private)


def _render(template: str, status: int = 200, **context: Any) -> Response:
    return make_response(render_template(template, noindex=True, **context), status)


def _not_working(status: int) -> Response:
    if "lang" not in g:
        g.lang = i18n.preferred_lang()
    return _render("secure_link/not_working.html", status, gone=status == 410)


def _open(token: str) -> SecureLink | Response:
    link = find_link(token)
    if link is None:
        return _not_working(404)
    if not link.is_usable(now()):
        return _not_working(410)
    return link


def _unlocked(link: SecureLink) -> bool:
    return link.pin_hash is None or link.id in session.get(UNLOCKED, [])


def _open_unlocked(lang: str, token: str) -> SecureLink | Response:
    """A working link whose PIN (if any) was given in this session; else the page to
    show instead (not working, or the PIN form)."""
    found = _open(token)
    if isinstance(found, Response) or _unlocked(found):
        return found
    return redirect(url_for("secure_link.view", lang=lang, token=token))


@parent_bp.get("/t/<token>")
@limiter.limit(_rate)
def short(token: str) -> Response:
    """The link without a language opens in the case's language."""
    found = _open(token)
    if isinstance(found, Response):
        return found
    lang = found.case.language if found.case.language in languages() else DEFAULT_LANG
    return redirect(url_for("secure_link.view", lang=lang, token=token))


@parent_bp.route("/<lang:lang>/t/<token>", methods=["GET", "POST"])
@limiter.limit(_rate)
def view(lang: str, token: str) -> Response:
    found = _open(token)
    if isinstance(found, Response):
        return found
    if not _unlocked(found):
        return _pin_form(found, lang, token)
    if request.method == "POST":
        return redirect(url_for("secure_link.view", lang=lang, token=token))
    record_opening(found, now())
    return _timeline_page("secure_link/timeline.html", found, lang, token)


def _pin_form(link: SecureLink, lang: str, token: str) -> Response:
    error, status = None, 200
    locked = link.pin_locked_until is not None and link.pin_locked_until > now()
    if request.method == "POST" and not locked:
        result = check_pin(link, request.form.get("pin", "").strip(), now())
        if result is PinResult.RIGHT:
            session[UNLOCKED] = [*session.get(UNLOCKED, [])[-4:], link.id]
            return redirect(url_for("secure_link.view", lang=lang, token=token))
        locked = result is PinResult.LOCKED
        if not locked:
            error, status = _("The PIN is not right. Check it and try again."), 400
    if locked:
        status = 429 if request.method == "POST" else 200
    return _render("secure_link/pin.html", status, error=error, locked=locked, token=token)


def _timeline_page(
    template: str, link: SecureLink, lang: str, token: str, **extra: Any
) -> Response:
    case = link.case
    # Only now, past any PIN, may the page say which council this is.
    g.area = case.area if case.area in areas() else None
    return _render(
        template,
        case=case,
        link=link,
        token=token,
        timeline=presenter.build(case, lang, today()),
        today=today(),
        **extra,
    )


@parent_bp.get("/<lang:lang>/t/<token>/print")
@limiter.limit(_rate)
def print_view(lang: str, token: str) -> Response:
    found = _open_unlocked(lang, token)
    if isinstance(found, Response):
        return found
    large = request.args.get("size") == "large"
    return _timeline_page("secure_link/print.html", found, lang, token, large_print=large)


@parent_bp.get("/<lang:lang>/t/<token>/calendar.ics")
@limiter.limit(_rate)
def calendar_file(lang: str, token: str) -> Response:
    found = _open_unlocked(lang, token)
    if isinstance(found, Response):
        return found
    case = found.case
    body = presenter.calendar_file(
        presenter.build(case, lang, today()),
        lang,
        seed=case.public_id,
        host=request.host.split(":")[0] or "localhost",
        conference_place=case.conference_link or case.conference_place or "",
    )
    response = make_response(body)
    response.mimetype = "text/calendar"
    response.headers["Content-Disposition"] = 'attachment; filename="timeline.ics"'
    return response
