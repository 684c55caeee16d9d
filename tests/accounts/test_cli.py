"""`flask orgs create` and `flask users create`: the only way accounts are made."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import Practitioner
from tests.dbsupport import sign_in


def test_create_an_organisation_and_a_user_then_sign_in(db_app: Flask) -> None:
    runner = db_app.test_cli_runner()
    made = runner.invoke(args=["orgs", "create", "Riverside Council"])
    assert made.exit_code == 0 and "Created organisation" in made.output
    listed = runner.invoke(args=["orgs", "list"])
    assert "Riverside Council" in listed.output
    user = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "New.Worker@Example.org",
            "--organisation",
            "Riverside Council",
            "--password-stdin",
        ],
        input="a sensible long passphrase\n",
    )
    assert user.exit_code == 0, user.output
    assert "new.worker" not in user.output.lower()  # output names the id, never the email
    with db_app.app_context():
        practitioner = db.session.scalar(select(Practitioner))
        assert practitioner is not None
        assert practitioner.email == "new.worker@example.org"
        assert practitioner.password_hash.startswith("$argon2id$")
    client = db_app.test_client()
    assert (
        sign_in(client, "new.worker@example.org", "a sensible long passphrase").status_code == 302
    )


def test_weak_passwords_duplicates_and_unknown_organisations_are_refused(db_app: Flask) -> None:
    runner = db_app.test_cli_runner()
    runner.invoke(args=["orgs", "create", "Riverside Council"])
    assert runner.invoke(args=["orgs", "create", "Riverside Council"]).exit_code != 0
    base = ["users", "create", "--email", "w@example.org", "--password-stdin"]
    weak = runner.invoke(
        args=[*base, "--organisation", "Riverside Council"], input="Password1234!\n"
    )
    assert weak.exit_code != 0 and "too common" in weak.output
    short = runner.invoke(args=[*base, "--organisation", "Riverside Council"], input="short\n")
    assert short.exit_code != 0 and "at least 12" in short.output
    nowhere = runner.invoke(
        args=[*base, "--organisation", "Nowhere"], input="a sensible long passphrase\n"
    )
    assert nowhere.exit_code != 0 and "No such organisation" in nowhere.output
    first = runner.invoke(
        args=[*base, "--organisation", "Riverside Council"], input="a sensible long passphrase\n"
    )
    assert first.exit_code == 0
    again = runner.invoke(
        args=[*base, "--organisation", "Riverside Council"], input="a sensible long passphrase\n"
    )
    assert again.exit_code != 0 and "exists already" in again.output


def test_deactivate_closes_the_account(db_app: Flask) -> None:
    runner = db_app.test_cli_runner()
    runner.invoke(args=["orgs", "create", "Riverside Council"])
    runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "w@example.org",
            "--organisation",
            "Riverside Council",
            "--password-stdin",
        ],
        input="a sensible long passphrase\n",
    )
    assert runner.invoke(args=["users", "deactivate", "--email", "W@example.org"]).exit_code == 0
    assert (
        sign_in(db_app.test_client(), "w@example.org", "a sensible long passphrase").status_code
        == 400
    )
