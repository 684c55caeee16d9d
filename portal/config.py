"""Configuration classes. Security settings are the same everywhere except
where a local browser cannot use them (HSTS and Secure cookies over plain
http on 127.0.0.1 in development)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent


class Config:
    SECRET_KEY: str | None = os.environ.get("SECRET_KEY")
    # Empty means SQLite in the instance folder (see portal/database.py).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, object]] = {"pool_pre_ping": True}
    # Comma-separated Fernet keys, newest first; older ones only decrypt.
    FIELD_ENCRYPTION_KEYS = os.environ.get("FIELD_ENCRYPTION_KEYS", "")
    SECURE_LINK_LIFETIME_DAYS = int(os.environ.get("SECURE_LINK_LIFETIME_DAYS", "183"))
    PURGE_AFTER_DAYS = int(os.environ.get("PURGE_AFTER_DAYS", "30"))
    SIGN_IN_RATE_LIMIT = "10/minute;60/hour"
    SECURE_LINK_RATE_LIMIT = "60/minute"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "__Host-session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=2)
    PREFERENCE_COOKIE_SECURE = True
    PREFERENCE_MAX_AGE = 60 * 60 * 24 * 180
    HSTS = True
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 2
    # Every POST still needs its CSRF token. Flask-WTF's extra HTTPS check wants a
    # same-origin Referer, but pages behind a parent's secure link send none
    # (Referrer-Policy: no-referrer), so their forms (PIN, large print) would
    # always fail. What that check guards against -- a token planted by a network
    # attacker -- is already blocked by the __Host- session cookie (HTTPS only,
    # no Domain) with HSTS, and SameSite=Lax keeps cross-site POSTs cookieless.
    WTF_CSRF_SSL_STRICT = False
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    ASSISTANT_RATE_LIMIT = os.environ.get("ASSISTANT_RATE_LIMIT", "30/minute")
    # "embedded" (default: in-process, no other service) or "rasa" (RASA_URL).
    ASSISTANT_BACKEND = os.environ.get("ASSISTANT_BACKEND", "embedded")
    RASA_URL = os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    RASA_TIMEOUT = float(os.environ.get("RASA_TIMEOUT", "3"))
    TIMELINE_RATE_LIMIT = os.environ.get("TIMELINE_RATE_LIMIT", "120/minute")
    SEARCH_INDEX_DIR = os.environ.get("SEARCH_INDEX_DIR", "")
    CONTENT_LAST_CHECKED = "2026-11-23"
    MAX_CONTENT_LENGTH = 64 * 1024


class ProductionConfig(Config):
    pass


class DevelopmentConfig(Config):
    """For ``make run`` on loopback: browsers refuse Secure cookies over http."""

    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    PREFERENCE_COOKIE_SECURE = False
    HSTS = False
    SECRET_KEY_FROM_INSTANCE = True
    FIELD_KEYS_FROM_INSTANCE = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-use-0123456789"  # noqa: S105
    # Tests run over http on loopback, like development, but keep CSRF and
    # rate limits on: security must not differ under test.
    SESSION_COOKIE_SECURE = False
    SESSION_COOKIE_NAME = "session"
    PREFERENCE_COOKIE_SECURE = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    FIELD_ENCRYPTION_KEYS = "dGVzdC1maWVsZC1rZXktbm90LWZvci1wcm9kdWN0aW8="
    # Cheaper argon2 so the suite stays quick; production uses RFC 9106's profile.
    ARGON2_PROFILE = "test"


CONFIGS: dict[str, type[Config]] = {
    "production": ProductionConfig,
    "development": DevelopmentConfig,
    "test": TestConfig,
}

WEAK_SECRETS = {"", "dev", "secret", "changeme", "change-me", "development"}
