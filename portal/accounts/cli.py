"""``flask orgs create NAME`` and ``flask users create --email ... --organisation ...``.

Messages name the account by its id, never by its email: terminal output
ends up in logs.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from portal.accounts import bp
from portal.accounts.auth import normalise_email
from portal.accounts.passwords import MIN_LENGTH, hash_password, password_problems
from portal.extensions import db
from portal.models import Organisation, Practitioner

PROBLEMS = {
    "too_short": f"The password must be at least {MIN_LENGTH} characters.",
    "too_long": "The password is too long.",
    "common": "That password is too common: choose another.",
    "contains_email": "The password must not contain the email address.",
}


@bp.cli.group("orgs")
def orgs() -> None:
    """Organisations (a council, a partnership, a charity)."""


@orgs.command("create")
@click.argument("name")
def create_org(name: str) -> None:
    """Create an organisation."""
    name = name.strip()
    if not name:
        raise click.UsageError("The name is empty.")
    if db.session.scalar(select(Organisation).where(Organisation.name == name)):
        raise click.ClickException("An organisation with that name exists already.")
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.commit()
    click.echo(f"Created organisation {organisation.id}.")


@orgs.command("list")
def list_orgs() -> None:
    """List organisations."""
    for organisation in db.session.scalars(select(Organisation).order_by(Organisation.name)):
        click.echo(f"{organisation.id}\t{organisation.name}")


@bp.cli.group("users")
def users() -> None:
    """Practitioners' accounts."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@users.command("create")
@click.option("--email", required=True)
@click.option("--organisation", "organisation_name", required=True, help="The organisation's name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin's first line.")
def create_user(email: str, organisation_name: str, password_stdin: bool) -> None:
    """Create a practitioner's account in an organisation."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise click.UsageError("That is not an email address.")
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.name == organisation_name.strip())
    )
    if organisation is None:
        raise click.ClickException("No such organisation: create it with `flask orgs create`.")
    if db.session.scalar(select(Practitioner).where(Practitioner.email == email)):
        raise click.ClickException("An account with that email exists already.")
    password = _read_password(password_stdin)
    problems = password_problems(password, email)
    if problems:
        raise click.ClickException(PROBLEMS[problems[0]])
    practitioner = Practitioner(
        email=email, organisation=organisation, password_hash=hash_password(password)
    )
    db.session.add(practitioner)
    db.session.commit()
    click.echo(f"Created account {practitioner.id} in organisation {organisation.id}.")


@users.command("deactivate")
@click.option("--email", required=True)
def deactivate_user(email: str) -> None:
    """Close an account: its sessions stop working at once."""
    practitioner = db.session.scalar(
        select(Practitioner).where(Practitioner.email == normalise_email(email))
    )
    if practitioner is None:
        raise click.ClickException("No such account.")
    practitioner.active = False
    db.session.commit()
    click.echo(f"Deactivated account {practitioner.id}.")
