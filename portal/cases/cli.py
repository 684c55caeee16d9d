"""``flask cases purge`` and ``flask keys generate|rotate``. Output gives
counts only: nothing about a family reaches a terminal or a log."""

from __future__ import annotations

from datetime import UTC, datetime

import click
from cryptography.fernet import Fernet
from flask import current_app
from sqlalchemy import column, select, table, update

from portal.cases import bp
from portal.cases.purge import purge_cases
from portal.encryption import EncryptedText, cipher
from portal.extensions import db


@bp.cli.group("cases")
def cases() -> None:
    """Families' cases."""


@cases.command("purge")
@click.option("--days", type=int, default=None, help="Defaults to PURGE_AFTER_DAYS (30).")
def purge(days: int | None) -> None:
    """Delete cases whose links all stopped working more than N days ago."""
    after = days if days is not None else int(current_app.config["PURGE_AFTER_DAYS"])
    count = purge_cases(datetime.now(UTC), after)
    click.echo(f"Deleted {count} case(s).")


@bp.cli.group("keys")
def keys() -> None:
    """Keys that encrypt families' free text (FIELD_ENCRYPTION_KEYS)."""


@keys.command("generate")
def generate() -> None:
    """Print a new key to put first in FIELD_ENCRYPTION_KEYS."""
    click.echo(Fernet.generate_key().decode("ascii"))


def encrypted_columns() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, tbl in db.metadata.tables.items():
        names = [c.name for c in tbl.columns if isinstance(c.type, EncryptedText)]
        if names:
            found[name] = names
    return found


def rotate_all() -> int:
    """Re-encrypt every encrypted value with the newest key. Works on the raw
    columns, so rows are not touched otherwise (``updated_at`` keeps its value)."""
    rotated = 0
    fernet = cipher()
    for table_name, names in encrypted_columns().items():
        raw = table(table_name, column("id"), *(column(n) for n in names))
        for row in db.session.execute(select(raw)).mappings().all():
            values = {n: fernet.rotate(row[n]) for n in names if row[n] is not None}
            if values:
                db.session.execute(update(raw).where(raw.c.id == row["id"]).values(**values))
                rotated += len(values)
    db.session.commit()
    return rotated


@keys.command("rotate")
def rotate() -> None:
    """Re-encrypt every stored field with the first key in FIELD_ENCRYPTION_KEYS."""
    click.echo(f"Re-encrypted {rotate_all()} field(s).")
