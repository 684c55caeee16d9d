"""Secure links: a random token shown once, stored only as its SHA-256.

A link works until it expires (SECURE_LINK_LIFETIME_DAYS) or is revoked;
making a new one revokes the old. An optional PIN, given to the parent
separately, locks for a while after too many wrong tries.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from flask import current_app
from sqlalchemy import select, update

from portal.accounts.passwords import hash_password, verify_password
from portal.extensions import db
from portal.models import Case, LinkOpening, SecureLink

TOKEN_BYTES = 32  # 256 bits
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")
PIN_DIGITS = 6
PIN_MAX_TRIES = 5
PIN_LOCKOUT = timedelta(minutes=15)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class NewLink:
    """What the practitioner sees once. Neither token nor PIN is kept."""

    link: SecureLink
    token: str
    pin: str | None


def lifetime() -> timedelta:
    return timedelta(days=int(current_app.config["SECURE_LINK_LIFETIME_DAYS"]))


def revoke_links(case: Case, now: datetime) -> int:
    revoked = 0
    for link in case.links:
        if link.revoked_at is None and link.expires_at > now:
            link.revoked_at = now
            revoked += 1
    return revoked


def create_link(case: Case, now: datetime, *, with_pin: bool) -> NewLink:
    """A new link for the case; any link still working stops working."""
    revoke_links(case, now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    pin = f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}" if with_pin else None
    link = SecureLink(
        case=case,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + lifetime(),
        pin_hash=hash_password(pin) if pin else None,
        pin_failed_attempts=0,
    )
    db.session.add(link)
    return NewLink(link=link, token=token, pin=pin)


def find_link(token: str) -> SecureLink | None:
    """The link for a token, working or not; None when there is none."""
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    digest = hash_token(token)
    link = db.session.scalar(select(SecureLink).where(SecureLink.token_hash == digest))
    # The index finds the row by hash; compare again in constant time anyway.
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link


class PinResult(Enum):
    RIGHT = "right"
    WRONG = "wrong"
    LOCKED = "locked"


def check_pin(link: SecureLink, pin: str, now: datetime) -> PinResult:
    if link.pin_locked_until is not None and link.pin_locked_until > now:
        return PinResult.LOCKED
    if link.pin_hash is not None and pin.isdigit() and verify_password(link.pin_hash, pin):
        link.pin_failed_attempts = 0
        link.pin_locked_until = None
        db.session.commit()
        return PinResult.RIGHT
    # Counted in SQL so parallel guesses cannot slip past the limit.
    db.session.execute(
        update(SecureLink)
        .where(SecureLink.id == link.id)
        .values(pin_failed_attempts=SecureLink.pin_failed_attempts + 1)
    )
    db.session.refresh(link)
    result = PinResult.WRONG
    if link.pin_failed_attempts >= PIN_MAX_TRIES:
        link.pin_failed_attempts = 0
        link.pin_locked_until = now + PIN_LOCKOUT
        result = PinResult.LOCKED
    db.session.commit()
    return result


def record_opening(link: SecureLink, now: datetime) -> None:
    """When it was opened, and nothing else: no IP address, no browser."""
    db.session.add(LinkOpening(link=link, opened_at=now))
    db.session.commit()
