"""Database fixtures shared by tests/accounts and tests/cases.

Every database test runs twice: on SQLite and on a real PostgreSQL
(``@pytest.mark.postgres``, from ``DATABASE_URL_TEST``). Selecting the
PostgreSQL tests without that variable fails them; it never skips them.
Each run gets a database of its own (a throwaway one on the server), built
by the migrations, so parallel runs on a shared server do not collide.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.accounts.passwords import hash_password
from portal.config import TestConfig
from portal.extensions import db
from portal.models import Case, Organisation, Practitioner

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
PASSWORD = "correct horse battery staple"


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL_TEST", "")
    if not url:
        pytest.fail(
            "DATABASE_URL_TEST is not set: the postgres tests need a real server (see .ci/run)"
        )
    return url


@contextmanager
def scratch_database(backend: str, folder: Path) -> Iterator[str]:
    """An empty database, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'portal-{secrets.token_hex(4)}.db'}"
        return
    server = make_url(postgres_url())
    name = f"portal_test_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def make_app(url: str, search_dir: Path, **overrides: Any) -> Flask:
    return create_app(
        TestConfig, SQLALCHEMY_DATABASE_URI=url, SEARCH_INDEX_DIR=str(search_dir), **overrides
    )


def dispose(*apps: Flask) -> None:
    """Close an extra app's connections (an unclosed one is a ResourceWarning, an error here)."""
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def search_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("search-db")


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, search_dir: Path
) -> Iterator[str]:
    with scratch_database(request.param, tmp_path_factory.mktemp("db")) as url:
        app = make_app(url, search_dir)
        with app.app_context():
            upgrade()
            db.engine.dispose()
        yield url


@pytest.fixture
def db_app(db_url: str, search_dir: Path) -> Iterator[Flask]:
    """An app on the migrated database; every table is emptied afterwards."""
    app = make_app(db_url, search_dir)
    yield app
    with app.app_context():
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def add_organisation(name: str = "Riverside Council") -> Organisation:
    organisation = Organisation(name=name)
    db.session.add(organisation)
    db.session.commit()
    return organisation


def add_practitioner(
    organisation: Organisation, email: str = "worker@example.org", password: str = PASSWORD
) -> Practitioner:
    practitioner = Practitioner(
        email=email, organisation=organisation, password_hash=hash_password(password)
    )
    db.session.add(practitioner)
    db.session.commit()
    return practitioner


def add_case(organisation: Organisation, **fields: Any) -> Case:
    values: dict[str, Any] = {
        "area": "kingston-richmond",
        "language": "en",
        "initial_conference": date(2026, 12, 21),
    }
    values.update(fields)
    case = Case(organisation=organisation, **values)
    db.session.add(case)
    db.session.commit()
    return case


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def sign_in(
    client: FlaskClient, email: str = "worker@example.org", password: str = PASSWORD, **kwargs: Any
) -> Any:
    page = client.get("/practitioners/sign-in", **kwargs)
    token = csrf_token(page.get_data(as_text=True))
    return client.post(
        "/practitioners/sign-in",
        data={"csrf_token": token, "email": email, "password": password},
        **kwargs,
    )


def signed_in(app: Flask, email: str = "worker@example.org") -> tuple[FlaskClient, str]:
    """A client signed in as ``email``, and a CSRF token for its forms."""
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    page = client.get("/practitioners/cases")
    return client, csrf_token(page.get_data(as_text=True))
