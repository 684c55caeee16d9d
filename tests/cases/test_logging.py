"""Nothing personal reaches the logs: no token, PIN, email, password, name or note."""

from __future__ import annotations

import logging
import re

import pytest
from flask import Flask

from tests.dbsupport import PASSWORD, add_organisation, add_practitioner, csrf_token, signed_in


def test_a_whole_journey_logs_nothing_personal(
    db_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with db_app.app_context():
        add_practitioner(add_organisation(), "someone.private@example.org")
    client, token = signed_in(db_app, "someone.private@example.org")
    client.post(
        "/practitioners/sign-in",
        data={
            "csrf_token": token,
            "email": "someone.private@example.org",
            "password": "wrong guess entirely",
        },
    )
    form = {
        "csrf_token": token,
        "area": "england",
        "language": "en",
        "nickname": "Zebedee",
        "note": "Secret note about the family",
        "conference_place": "Hidden Street 9",
        "initial_conference-day": "21",
        "initial_conference-month": "12",
        "initial_conference-year": "2026",
    }
    created = client.post("/practitioners/cases/new", data=form)
    case_path = created.headers["Location"].split("?")[0]
    made = client.post(f"{case_path}/link", data={"csrf_token": token, "pin": "yes"})
    html = made.get_data(as_text=True)
    link_token = re.search(r"/t/([A-Za-z0-9_-]{43})", html).group(1)  # type: ignore[union-attr]
    pin = re.search(r'id="pin">(\d+)<', html).group(1)  # type: ignore[union-attr]
    parent = db_app.test_client()
    page = parent.get(f"/en/t/{link_token}")
    parent_csrf = csrf_token(page.get_data(as_text=True))
    parent.post(
        f"/en/t/{link_token}",
        data={"csrf_token": parent_csrf, "pin": "999999" if pin != "999999" else "111111"},
    )
    parent.post(
        f"/en/t/{link_token}", data={"pin": pin}
    )  # no CSRF token: refused and logged by Flask-WTF
    parent.post(f"/en/t/{link_token}", data={"csrf_token": parent_csrf, "pin": pin})
    parent.get(f"/en/t/{link_token}/calendar.ics")
    client.post(f"{case_path}/link/revoke", data={"csrf_token": token})
    parent.get(f"/en/t/{link_token}")
    db_app.test_cli_runner().invoke(args=["cases", "purge"])
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    assert "CSRF token is missing" in logged, "the capture works"
    for secret in (
        link_token,
        pin,
        "someone.private",
        PASSWORD,
        "wrong guess entirely",
        "Zebedee",
        "Secret note",
        "Hidden Street",
    ):
        assert secret not in logged, f"{secret!r} was logged"
    assert logging.getLogger("werkzeug").level >= logging.WARNING
    assert not db_app.config.get("SQLALCHEMY_ECHO")
