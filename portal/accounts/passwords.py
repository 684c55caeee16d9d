"""Password hashing (argon2id) and the rules a new password must meet."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

MIN_LENGTH = 12
MAX_LENGTH = 256  # argon2 copes with more; this bounds the work one request can ask for
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
_DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")

_PROFILES = {
    "rfc9106": profiles.RFC_9106_LOW_MEMORY,
    # Tests only: the same algorithm with a tiny cost.
    "test": profiles.CHEAPEST,
}


@cache
def _hasher(profile: str) -> PasswordHasher:
    return PasswordHasher.from_parameters(_PROFILES[profile])


def hasher() -> PasswordHasher:
    return _hasher(current_app.config.get("ARGON2_PROFILE", "rfc9106"))


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return hasher().verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(profile: str) -> str:
    return _hasher(profile).hash("not-a-real-password-but-the-same-work")


def burn_equal_time(password: str) -> None:
    """Do the work of a real check, so an unknown email answers no faster."""
    profile = current_app.config.get("ARGON2_PROFILE", "rfc9106")
    verify_password(_dummy_hash(profile), password)


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_repetition(text: str) -> bool:
    """'aaaaaaaaaaaa', 'abcabcabcabc': one short unit repeated."""
    return any(
        len(text) % size == 0 and text == text[:size] * (len(text) // size)
        for size in range(1, len(text) // 2 + 1)
    )


def password_problems(password: str, email: str = "") -> list[str]:
    """Codes for what is wrong with a new password; empty when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return ["too_short"]
    if len(password) > MAX_LENGTH:
        return ["too_long"]
    lowered = password.lower()
    core = _DECORATION.sub("", lowered)
    if lowered in common_passwords() or core in common_passwords() or _is_repetition(lowered):
        return ["common"]
    local_part = email.lower().partition("@")[0]
    if len(local_part) >= 4 and local_part in lowered:
        return ["contains_email"]
    return []
