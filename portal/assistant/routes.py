"""/<lang>/<area>/assistant: ask a question, get an authored answer with its source.

Nothing typed is stored or logged. Without JavaScript the form posts and the
page shows the answer; with JavaScript the same form calls the JSON API and
adds answers to the page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from bot.answers import book
from bot.knowledge import CONTENT_DIR, load_yaml
from portal import i18n
from portal.assistant.service import MAX_MESSAGE_CHARS, answer, count_feedback
from portal.extensions import limiter
from portal.guide.routes import add_lang_area

bp = Blueprint("assistant", __name__)


@bp.url_value_preprocessor
def pull_lang_area(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values:
        g.lang = values.pop("lang", None) or g.get("lang")
        g.area = values.pop("area", None) or g.get("area")


# Links built on this page keep its language and council, as the guide's do.
bp.url_defaults(add_lang_area)


def suggested_questions(lang: str) -> list[str]:
    path = CONTENT_DIR / lang / "assistant.yml"
    if not path.exists():
        path = CONTENT_DIR / "en" / "assistant.yml"
    data = load_yaml(path) if path.exists() else {}
    return list((data or {}).get("suggestions", []))


@bp.route("/<lang:lang>/<area:area>/assistant", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["ASSISTANT_RATE_LIMIT"], methods=["POST"])
def chat() -> ResponseReturnValue:
    lang = i18n.current_lang()
    error = None
    reply = None
    message = ""
    if request.method == "POST":
        message = request.form.get("message", "")
        if not message.strip():
            error = _("Type your question in the box")
        elif len(message) > MAX_MESSAGE_CHARS:
            error = _(
                "Your question is too long. Please use fewer than %(limit)s characters.",
                limit=f"{MAX_MESSAGE_CHARS:,}",
            )
        else:
            # A language without the assistant yet is answered in English (the page says so).
            reply = answer(message, lang, i18n.current_area())
    status = 400 if error else 200
    thanked = request.method == "GET" and request.args.get("feedback") == "thanks"
    return render_template(
        "assistant/chat.html",
        message=message if not reply else "",
        asked=message if reply else "",
        reply=reply,
        error=error,
        suggestions=suggested_questions(lang),
        max_chars=MAX_MESSAGE_CHARS,
        notice=_("Thank you. Your answer helps us improve the guide.") if thanked else None,
    ), status


@bp.post("/<lang:lang>/<area:area>/assistant/feedback")
@limiter.limit(lambda: current_app.config["ASSISTANT_RATE_LIMIT"])
def feedback() -> ResponseReturnValue:
    """Count "was this helpful?" by intent only; then back to the chat page."""
    intent = request.form.get("intent", "")
    helpful = request.form.get("helpful")
    if intent in book().answers and helpful in ("yes", "no"):
        count_feedback(intent, helpful == "yes")
    return redirect(url_for("assistant.chat", feedback="thanks"))
