"""The practitioner's side: their organisation's cases and each case's link.

Every route finds the case through ``_own_case``, which only looks inside
the signed-in practitioner's organisation: any other id is a plain 404.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from bot.knowledge import areas, languages
from portal.accounts.auth import current_practitioner, login_required
from portal.cases import bp, form, links
from portal.cases.rules import check_dates
from portal.extensions import db
from portal.models import Case, LinkOpening, Practitioner, SecureLink


def now() -> datetime:
    return datetime.now(UTC)


def _me() -> Practitioner:
    practitioner = current_practitioner()
    assert practitioner is not None  # login_required ran first
    return practitioner


def _own_case(case_id: str) -> Case:
    case = db.session.scalar(
        select(Case).where(Case.public_id == case_id, Case.organisation_id == _me().organisation_id)
    )
    if case is None:
        abort(404)
    return case


@bp.after_request
def practitioner_headers(response: Response) -> Response:
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    return response


def _language_label(code: str) -> str:
    lang = languages()[code]
    return lang.name if lang.name == lang.english_name else f"{lang.english_name} ({lang.name})"


def _choices() -> dict[str, Any]:
    return {
        "area_options": [(slug, a.name) for slug, a in areas().items()],
        "language_options": [(code, _language_label(code)) for code in languages()],
    }


def _render(template: str, status: int = 200, **context: Any) -> Response:
    page = render_template(template, noindex=True, practitioner=_me(), **context)
    return make_response(page, status)


@bp.get("")
@login_required
def list_cases() -> Response:
    cases = db.session.scalars(
        select(Case)
        .where(Case.organisation_id == _me().organisation_id)
        .order_by(Case.initial_conference.desc(), Case.id.desc())
    ).all()
    notice = _("The case has been deleted.") if "deleted" in request.args else None
    return _render("cases/list.html", cases=cases, now=now(), areas=areas(), notice=notice)


def _save(case: Case | None) -> Response:
    """Shared by new and edit: show the form, or check and save it."""
    if request.method == "GET":
        return _render(
            "cases/form.html",
            case=case,
            data=form.CaseForm.from_case(case),
            errors={},
            **_choices(),
        )
    data = form.CaseForm.from_request(request.form)
    clean, errors = form.validate(data)
    if clean is not None:
        check_dates(clean, errors)
    if clean is None or errors:
        return _render("cases/form.html", 400, case=case, data=data, errors=errors, **_choices())
    if case is None:
        case = Case(organisation_id=_me().organisation_id)
        db.session.add(case)
    form.apply(case, clean)
    db.session.commit()
    return redirect(url_for("cases.show_case", case_id=case.public_id, saved="1"))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_case() -> Response:
    return _save(None)


@bp.get("/<case_id>")
@login_required
def show_case(case_id: str) -> Response:
    case = _own_case(case_id)
    notice = None
    if "saved" in request.args:
        notice = _("The case has been saved.")
    elif "revoked" in request.args:
        notice = _("The link has been cancelled. It no longer opens the timeline.")
    return _render(
        "cases/show.html",
        case=case,
        link=case.current_link(now()),
        now=now(),
        notice=notice,
        areas=areas(),
        languages=languages(),
    )


@bp.route("/<case_id>/edit", methods=["GET", "POST"])
@login_required
def edit_case(case_id: str) -> Response:
    return _save(_own_case(case_id))


@bp.route("/<case_id>/delete", methods=["GET", "POST"])
@login_required
def delete_case(case_id: str) -> Response:
    case = _own_case(case_id)
    if request.method == "GET":
        return _render("cases/delete.html", case=case)
    db.session.delete(case)
    db.session.commit()
    return redirect(url_for("cases.list_cases", deleted="1"))


@bp.route("/<case_id>/link", methods=["GET", "POST"])
@login_required
def make_link(case_id: str) -> Response:
    """Create a link, or replace the one there is. The response is the only
    place the token (and PIN) ever appear: it is rendered, not redirected to."""
    case = _own_case(case_id)
    current = case.current_link(now())
    if request.method == "GET":
        return _render("cases/link_form.html", case=case, link=current)
    new = links.create_link(case, now(), with_pin=request.form.get("pin") == "yes")
    db.session.commit()
    url = url_for("secure_link.view", lang=case.language, token=new.token, _external=True)
    response = _render(
        "cases/link_created.html",
        case=case,
        link=new.link,
        url=url,
        pin=new.pin,
        replaced=current is not None,
    )
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/<case_id>/link/revoke", methods=["GET", "POST"])
@login_required
def revoke_link(case_id: str) -> Response:
    case = _own_case(case_id)
    if request.method == "GET":
        return _render("cases/revoke.html", case=case, link=case.current_link(now()))
    links.revoke_links(case, now())
    db.session.commit()
    return redirect(url_for("cases.show_case", case_id=case.public_id, revoked="1"))


@bp.get("/<case_id>/openings")
@login_required
def openings(case_id: str) -> Response:
    case = _own_case(case_id)
    rows = db.session.execute(
        select(LinkOpening.opened_at, SecureLink.created_at)
        .join(SecureLink, LinkOpening.link_id == SecureLink.id)
        .where(SecureLink.case_id == case.id)
        .order_by(LinkOpening.opened_at.desc())
        .limit(500)
    ).all()
    return _render("cases/openings.html", case=case, rows=rows)
