"""Deleting cases nobody can use any more."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, exists, or_, select

from portal.extensions import db
from portal.models import Case, SecureLink


def purge_cases(now: datetime, after_days: int) -> int:
    """Delete cases untouched for ``after_days`` whose every link stopped
    working (expired or revoked) more than ``after_days`` ago, or that never
    had a link. Reviews, links and openings go with them (ON DELETE CASCADE)."""
    cutoff = now - timedelta(days=after_days)
    recent_link = exists().where(
        SecureLink.case_id == Case.id,
        or_(
            and_(SecureLink.revoked_at.is_(None), SecureLink.expires_at >= cutoff),
            SecureLink.revoked_at >= cutoff,
        ),
    )
    doomed = db.session.scalars(
        select(Case).where(Case.updated_at < cutoff, Case.created_at < cutoff, ~recent_link)
    ).all()
    for case in doomed:
        db.session.delete(case)
    db.session.commit()
    return len(doomed)
