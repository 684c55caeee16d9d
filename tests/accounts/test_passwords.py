"""The rules a new password must meet, and the hashing behind them."""

from __future__ import annotations

import pytest
from flask import Flask

from portal.accounts.passwords import (
    MIN_LENGTH,
    common_passwords,
    hash_password,
    password_problems,
    verify_password,
)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "too_short"),
        ("elevenchars", "too_short"),
        ("x" * 300, "too_long"),
        ("password1234", "common"),
        ("PASSWORD1234", "common"),
        ("Liverpool1892!", "common"),
        ("!!qwertyuiop99", "common"),
        ("123456789012", "common"),
        ("abcabcabcabc", "common"),
        ("zzzzzzzzzzzzzzzz", "common"),
        ("sam.jones-rocks-2026", "contains_email"),
    ],
)
def test_weak_passwords_are_refused(password: str, problem: str) -> None:
    assert password_problems(password, "sam.jones@example.org") == [problem]


@pytest.mark.parametrize("password", ["correct horse battery staple", "Tr4in-Kettle-Moss"])
def test_long_uncommon_passwords_are_accepted(password: str) -> None:
    assert password_problems(password, "sam.jones@example.org") == []


def test_the_common_list_is_bundled_and_substantial() -> None:
    common = common_passwords()
    assert len(common) > 500
    assert "password" in common and "qwertyuiop" in common
    assert all(entry == entry.lower() for entry in common)
    assert MIN_LENGTH == 12


def test_hashes_are_argon2id_and_salted(app: Flask) -> None:
    with app.app_context():
        first, second = (
            hash_password("correct horse battery staple"),
            hash_password("correct horse battery staple"),
        )
        assert first.startswith("$argon2id$") and first != second
        assert verify_password(first, "correct horse battery staple")
        assert not verify_password(first, "correct horse battery stapl")
        assert not verify_password("not a hash", "anything")


def test_production_uses_the_rfc_9106_profile(app: Flask) -> None:
    from portal.accounts.passwords import _hasher

    assert app.config["ARGON2_PROFILE"] == "test"
    production = _hasher("rfc9106")
    assert production.memory_cost == 65536 and production.time_cost == 3
