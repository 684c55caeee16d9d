"""Sign in and sign out. English only for now, but every string goes
through gettext so the practitioners' pages can be translated later."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.accounts import auth, bp
from portal.accounts.forms import FormErrors
from portal.extensions import limiter
from portal.security import is_safe_local_path


def _next_page() -> str:
    target = request.values.get("next", "")
    if is_safe_local_path(target) and target.startswith("/practitioners/"):
        return target
    return url_for("cases.list_cases")


@bp.after_request
def practitioner_headers(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/")
def index() -> Response:
    if auth.current_practitioner() is None:
        return redirect(url_for("accounts.sign_in"))
    return redirect(url_for("cases.list_cases"))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: str(current_app.config["SIGN_IN_RATE_LIMIT"]), methods=["POST"])
def sign_in() -> Response | str | tuple[str, int]:
    errors = FormErrors()
    email = ""
    if request.method == "POST":
        email = request.form.get("email", "").strip()
        password = request.form.get("password", "")
        if not email:
            errors.add("email", _("Enter your email address"))
        if not password:
            errors.add("password", _("Enter your password"))
        if not errors:
            practitioner = auth.authenticate(email, password)
            if practitioner is not None:
                auth.sign_in(practitioner)
                return redirect(_next_page())
            errors.add(
                "email",
                _(
                    "The email address or password is not right. After %(count)d wrong tries, "
                    "signing in to the account is paused for %(minutes)d minutes.",
                    count=auth.MAX_FAILED_ATTEMPTS,
                    minutes=int(auth.LOCKOUT.total_seconds() // 60),
                ),
            )
    page = render_template(
        "accounts/sign_in.html",
        errors=errors,
        email=email,
        next_page=request.values.get("next", ""),
        signed_out="signed-out" in request.args,
        noindex=True,
    )
    return (page, 400) if errors else page


@bp.post("/sign-out")
def sign_out() -> Response:
    auth.sign_out()
    return redirect(url_for("accounts.sign_in") + "?signed-out")
