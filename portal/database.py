"""The database: SQLite in the instance folder unless ``DATABASE_URL`` says
otherwise (PostgreSQL through psycopg 3). Migrations live in ``migrations/``."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from portal.config import ROOT
from portal.extensions import db, migrate

MIGRATIONS = ROOT / "migrations"


def database_uri(configured: str, instance_path: str) -> str:
    """psycopg 3 is the installed driver, so bare postgres URLs are pointed at it."""
    if not configured:
        return f"sqlite:///{Path(instance_path) / 'portal.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if configured.startswith(prefix):
            return "postgresql+psycopg://" + configured[len(prefix) :]
    return configured


def init_database(app: Flask) -> None:
    uri = database_uri(app.config.get("SQLALCHEMY_DATABASE_URI") or "", app.instance_path)
    if uri.startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = uri
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    import portal.models  # noqa: F401  (registers the tables on the metadata)


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys (and ON DELETE CASCADE) unless asked, per connection.
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
