"""Language selection: the URL prefix, then a validated cookie, then
Accept-Language. Languages come from ``content/languages.yml``; each one other
than English must have a compiled catalogue (checked at start-up)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, request
from werkzeug.routing import BaseConverter, ValidationError

from bot.knowledge import DEFAULT_AREA, DEFAULT_LANG, Language, areas, languages

LANG_COOKIE = "lang"
AREA_COOKIE = "area"
LARGE_PRINT_COOKIE = "large_print"


class LangConverter(BaseConverter):
    """Matches only offered languages, so an unknown one is a plain 404."""

    regex = r"[a-z]{2,3}"

    def to_python(self, value: str) -> str:
        if value not in languages():
            raise ValidationError
        return value


class AreaConverter(BaseConverter):
    regex = r"[a-z][a-z-]{1,40}"

    def to_python(self, value: str) -> str:
        if value not in areas():
            raise ValidationError
        return value


def current_lang() -> str:
    lang: str = g.get("lang") or DEFAULT_LANG
    return lang


def current_language() -> Language:
    return languages()[current_lang()]


def preferred_lang() -> str:
    """For URLs without a language prefix (/, /sitemap.xml redirects, API)."""
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in languages():
        return cookie
    best = request.accept_languages.best_match(list(languages()))
    return best or DEFAULT_LANG


def remembered_area() -> str | None:
    value = request.cookies.get(AREA_COOKIE)
    return value if value in areas() else None


def current_area() -> str:
    area: str = g.get("area") or DEFAULT_AREA
    return area


def large_print() -> bool:
    return request.cookies.get(LARGE_PRINT_COOKIE) == "1"


def check_catalogues(app: Flask, translations_dir: Path) -> None:
    """Refuse to start when a configured language has no compiled catalogue."""
    missing = [
        code
        for code in languages()
        if code != DEFAULT_LANG
        and not (translations_dir / code / "LC_MESSAGES" / "messages.mo").exists()
    ]
    if missing:
        raise RuntimeError(
            "No compiled catalogue for: " + ", ".join(missing) + ". Run `make translations`."
        )


def locale_selector() -> str:
    return current_language().babel_locale


def set_preference_cookie(response: object, name: str, value: str) -> None:
    response.set_cookie(  # type: ignore[attr-defined]
        name,
        value,
        max_age=current_app.config["PREFERENCE_MAX_AGE"],
        secure=current_app.config["PREFERENCE_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
