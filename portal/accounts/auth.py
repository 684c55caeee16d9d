"""Signing in and out, and who is signed in.

The session cookie holds only the practitioner's id and when they signed in.
Flask signs it with a timestamp and refuses it after PERMANENT_SESSION_LIFETIME
without a request (idle expiry); SESSION_MAX_AGE caps a session however busy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import g, redirect, request, session, url_for
from sqlalchemy import select, update
from werkzeug.wrappers import Response

from portal.accounts.passwords import burn_equal_time, hash_password, hasher, verify_password
from portal.extensions import db
from portal.models import Practitioner

P = ParamSpec("P")
R = TypeVar("R")

SESSION_KEY = "practitioner_id"
SIGNED_IN_AT = "signed_in_at"
SESSION_MAX_AGE = timedelta(hours=12)


def now() -> datetime:
    return datetime.now(UTC)


def sign_in(practitioner: Practitioner) -> None:
    # A fresh session (and CSRF token): nothing set before sign-in carries over.
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = practitioner.id
    session[SIGNED_IN_AT] = int(now().timestamp())


def sign_out() -> None:
    session.clear()


def current_practitioner() -> Practitioner | None:
    if "practitioner" in g:
        found: Practitioner | None = g.practitioner
        return found
    practitioner = None
    practitioner_id = session.get(SESSION_KEY)
    signed_in_at = session.get(SIGNED_IN_AT, 0)
    fresh = now() - datetime.fromtimestamp(int(signed_in_at), UTC) < SESSION_MAX_AGE
    if isinstance(practitioner_id, int) and fresh:
        candidate = db.session.get(Practitioner, practitioner_id)
        if candidate is not None and candidate.active:
            practitioner = candidate
    if practitioner is None and SESSION_KEY in session:
        session.clear()
    g.practitioner = practitioner
    return practitioner


def login_required(view: Callable[P, R]) -> Callable[P, R | Response]:
    @wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R | Response:
        if current_practitioner() is None:
            return redirect(url_for("accounts.sign_in", next=request.path))
        return view(*args, **kwargs)

    return wrapped


MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def authenticate(email: str, password: str) -> Practitioner | None:
    """The practitioner if the password is right and the account open, else None.

    Every failure costs one argon2 check, so an unknown email, a locked or closed
    account and a wrong password take the same time and get the same answer.
    """
    practitioner = db.session.scalar(
        select(Practitioner).where(Practitioner.email == normalise_email(email))
    )
    when = now()
    locked_until = practitioner.locked_until if practitioner is not None else None
    locked = locked_until is not None and locked_until > when
    if practitioner is None or not practitioner.active or locked:
        burn_equal_time(password)
        return None
    if not verify_password(practitioner.password_hash, password):
        # Counted in SQL so parallel guesses cannot slip past the limit.
        db.session.execute(
            update(Practitioner)
            .where(Practitioner.id == practitioner.id)
            .values(failed_attempts=Practitioner.failed_attempts + 1)
        )
        db.session.refresh(practitioner)
        if practitioner.failed_attempts >= MAX_FAILED_ATTEMPTS:
            practitioner.failed_attempts = 0
            practitioner.locked_until = when + LOCKOUT
        db.session.commit()
        return None
    practitioner.failed_attempts = 0
    practitioner.locked_until = None
    if hasher().check_needs_rehash(practitioner.password_hash):
        practitioner.password_hash = hash_password(password)
    db.session.commit()
    return practitioner
