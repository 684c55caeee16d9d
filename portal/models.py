"""Practitioners, their organisations' cases and the parents' secure links.

Free text about a family is encrypted at rest (``EncryptedText``). Times are
stored in UTC and always come back timezone-aware, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    String,
    Time,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from portal.encryption import EncryptedText
from portal.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_public_id() -> str:
    """Case ids in URLs: random, so they say nothing about how many cases exist."""
    return secrets.token_urlsafe(12)


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: use an aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Organisation(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    practitioners: Mapped[list[Practitioner]] = relationship(back_populates="organisation")
    cases: Mapped[list[Case]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", passive_deletes=True
    )


class Practitioner(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "practitioners"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="practitioners")


class Case(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    initial_conference: Mapped[date] = mapped_column(Date)
    strategy_discussion: Mapped[date | None] = mapped_column(Date)
    minutes_received: Mapped[date | None] = mapped_column(Date)
    plan_ended: Mapped[date | None] = mapped_column(Date)
    move_notified: Mapped[date | None] = mapped_column(Date)
    conference_time: Mapped[time | None] = mapped_column(Time)
    conference_place: Mapped[str | None] = mapped_column(EncryptedText)
    conference_link: Mapped[str | None] = mapped_column(EncryptedText)
    nickname: Mapped[str | None] = mapped_column(EncryptedText)
    note: Mapped[str | None] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="cases")
    reviews: Mapped[list[ReviewConference]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ReviewConference.held_on",
    )
    links: Mapped[list[SecureLink]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SecureLink.created_at",
    )

    @property
    def review_dates(self) -> list[date]:
        return [review.held_on for review in self.reviews]

    def current_link(self, now: datetime) -> SecureLink | None:
        live = [link for link in self.links if link.is_usable(now)]
        return live[-1] if live else None


class ReviewConference(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "review_conferences"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)

    case: Mapped[Case] = relationship(back_populates="reviews")


class SecureLink(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "secure_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    # SHA-256 (hex) of the token; the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pin_hash: Mapped[str | None] = mapped_column(String(255))
    pin_failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    pin_locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="links")
    openings: Mapped[list[LinkOpening]] = relationship(
        back_populates="link",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="LinkOpening.opened_at",
    )

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def ended_at(self) -> datetime:
        """When the link stopped (or will stop) working: revoked, else expiry."""
        return self.revoked_at if self.revoked_at is not None else self.expires_at


class LinkOpening(db.Model):  # type: ignore[name-defined,misc]
    """Only when a link was opened: no IP address, no browser, nothing else."""

    __tablename__ = "link_openings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(
        ForeignKey("secure_links.id", ondelete="CASCADE"), index=True
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    link: Mapped[SecureLink] = relationship(back_populates="openings")


class AnswerFeedback(db.Model):  # type: ignore[name-defined,misc]
    """ "Was this helpful?" counts, per intent only: no message, no time, no person."""

    __tablename__ = "answer_feedback"

    intent: Mapped[str] = mapped_column(String(64), primary_key=True)
    helpful: Mapped[int] = mapped_column(Integer, default=0)
    not_helpful: Mapped[int] = mapped_column(Integer, default=0)
