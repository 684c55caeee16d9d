"""`flask db upgrade` builds the schema from empty on SQLite and PostgreSQL,
the models match it exactly, and `flask db downgrade` takes it away."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal.extensions import db
from tests.dbsupport import BACKENDS, make_app, scratch_database

TABLES = {
    "organisations",
    "practitioners",
    "cases",
    "review_conferences",
    "secure_links",
    "link_openings",
}


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrations_build_the_schema_from_empty(
    backend: str, tmp_path: Path, search_dir: Path
) -> None:
    with scratch_database(backend, tmp_path) as url:
        app = make_app(url, search_dir)
        runner = app.test_cli_runner()
        upgraded = runner.invoke(args=["db", "upgrade"])
        assert upgraded.exit_code == 0, upgraded.output
        with app.app_context():
            assert set(inspect(db.engine).get_table_names()) >= TABLES
            with db.engine.connect() as connection:
                differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert differences == [], "the models and the migrations disagree"
        downgraded = runner.invoke(args=["db", "downgrade", "base"])
        assert downgraded.exit_code == 0, downgraded.output
        with app.app_context():
            assert not TABLES & set(inspect(db.engine).get_table_names())
            db.engine.dispose()


def test_the_default_database_is_sqlite_in_the_instance_folder() -> None:
    from portal.database import database_uri

    assert database_uri("", "/srv/portal/instance") == "sqlite:////srv/portal/instance/portal.db"
    assert database_uri("postgres://u:p@h/db", "/x") == "postgresql+psycopg://u:p@h/db"
    assert database_uri("postgresql://u:p@h/db", "/x") == "postgresql+psycopg://u:p@h/db"
    assert database_uri("postgresql+psycopg://u:p@h/db", "/x") == "postgresql+psycopg://u:p@h/db"
