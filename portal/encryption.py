"""Encryption at rest for free text about a family (nickname, place, link, note).

Keys come from ``FIELD_ENCRYPTION_KEYS``: comma-separated Fernet keys, newest
first. The newest encrypts; every key decrypts, so a new key can be put in
front and ``flask keys rotate`` re-encrypts the rows before the old one is
dropped. Development keeps a generated key in the instance folder so
``make run`` needs no setup; production must be given its keys.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from flask import Flask, current_app
from sqlalchemy import Dialect, Text
from sqlalchemy.types import TypeDecorator

INSTANCE_KEY_FILE = "field_encryption_key"


class KeysMissingError(RuntimeError):
    pass


class FieldCipher:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys:
            raise KeysMissingError(
                "FIELD_ENCRYPTION_KEYS is not set: "
                "generate a key with `flask --app portal keys generate`."
            )
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken:
            # Never include the value: it may be a family's note.
            raise RuntimeError("A stored field cannot be decrypted with any key.") from None

    def rotate(self, token: str) -> str:
        return self._fernet.rotate(token.encode("ascii")).decode("ascii")


def parse_keys(value: str | list[str] | tuple[str, ...]) -> list[bytes]:
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip().encode("ascii") for item in items if item.strip()]


def _instance_key(instance_path: str) -> bytes:
    """A key kept beside the development secret key, created on first use."""
    path = Path(instance_path) / INSTANCE_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key())
    return path.read_bytes().strip()


def init_encryption(app: Flask) -> None:
    keys = parse_keys(app.config.get("FIELD_ENCRYPTION_KEYS") or "")
    if not keys and app.config.get("FIELD_KEYS_FROM_INSTANCE"):
        keys = [_instance_key(app.instance_path)]
    if keys:
        # A malformed key fails here, at start-up, not on a parent's first visit.
        app.extensions["field_cipher"] = FieldCipher(keys)


def cipher() -> FieldCipher:
    found = current_app.extensions.get("field_cipher")
    if found is None:
        FieldCipher([])  # raises KeysMissingError with the instructions
    assert isinstance(found, FieldCipher)
    return found


class EncryptedText(TypeDecorator[str]):
    """Text stored as a Fernet token; the plaintext never reaches the database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else cipher().encrypt(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else cipher().decrypt(str(value))
