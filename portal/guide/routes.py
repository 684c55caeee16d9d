"""Routes of the guide. URLs: /<lang>/ (choose a council), /<lang>/<area>/
(contents), /<lang>/<area>/<page>, glossary and search under the area."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from bot.knowledge import CONTENT_DIR, DEFAULT_LANG, area_in, areas, languages, load_yaml
from bot.knowledge import sources as knowledge_sources
from portal import i18n
from portal.content import glossary, page, pages
from portal.guide.rendering import render_page
from portal.search import MAX_QUERY_CHARS, clean_query, search
from portal.security import is_safe_local_path

bp = Blueprint("guide", __name__)

REDIRECTS_FILE = CONTENT_DIR / "redirects.yml"


@bp.url_value_preprocessor
def pull_lang_area(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values:
        if "lang" in values:
            g.lang = values.pop("lang")
        if "area" in values:
            g.area = values.pop("area")


@bp.url_defaults
def add_lang_area(endpoint: str, values: dict[str, Any]) -> None:
    rules = current_app.url_map._rules_by_endpoint.get(endpoint, [])
    arguments = rules[0].arguments if rules else set()
    if "lang" in arguments:
        values.setdefault("lang", i18n.current_lang())
    if "area" in arguments:
        values.setdefault("area", i18n.current_area())


@bp.after_app_request
def remember_choices(response: Response) -> Response:
    """A visit to a /<lang>/<area>/ URL remembers both, so the next visit to /
    opens the same guide. Nothing else is stored."""
    if response.status_code < 400:
        if g.get("lang") and request.cookies.get(i18n.LANG_COOKIE) != g.lang:
            i18n.set_preference_cookie(response, i18n.LANG_COOKIE, g.lang)
        if g.get("area") and request.cookies.get(i18n.AREA_COOKIE) != g.area:
            i18n.set_preference_cookie(response, i18n.AREA_COOKIE, g.area)
    return response


def _guide_pages(lang: str) -> list[Any]:
    english = pages(DEFAULT_LANG)
    return [page(lang, slug) for slug, p in english.items() if p.group == "guide"]


def _about_pages(lang: str) -> list[Any]:
    english = pages(DEFAULT_LANG)
    return [page(lang, slug) for slug, p in english.items() if p.group == "about"]


@bp.app_context_processor
def layout_context() -> dict[str, Any]:
    lang = i18n.current_lang()
    return {
        "language": languages()[lang],
        "languages": languages(),
        "areas": areas(),
        "area": area_in(g.get("area") or "", lang) if g.get("area") else None,
        "large_print": i18n.large_print(),
        "about_pages": _about_pages(lang),
        "sources": knowledge_sources(),
        "format_date": _format_iso_date,
        "switch_language_url": _switch_language_url,
        "extra_links": lambda: [
            (endpoint, label) for endpoint, label in current_app.config.get("GUIDE_LINKS", [])
        ],
    }


def _format_iso_date(value: str | date) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return str(format_date(day, format="long"))


def _switch_language_url(code: str) -> str:
    """The same page in another language, keeping the council and any search."""
    args = dict(request.view_args or {})
    if request.endpoint and "lang" in args:
        args["lang"] = code
        args.update({k: v for k, v in request.args.items() if k in {"q"}})
        return url_for(request.endpoint, **args)
    return url_for("guide.home", lang=code)


@bp.get("/")
def root() -> BaseResponse:
    lang = i18n.preferred_lang()
    area = i18n.remembered_area()
    if area:
        return redirect(url_for("guide.contents", lang=lang, area=area))
    return redirect(url_for("guide.home", lang=lang))


@bp.get("/<lang:lang>/")
def home() -> str:
    return render_template("guide/home.html", remembered=i18n.remembered_area())


@bp.get("/<lang:lang>/choose-council")
def choose_area() -> BaseResponse:
    """The council form posts here by GET, so it works without JavaScript and
    without a session; the answer becomes part of the URL."""
    chosen = request.args.get("area", "")
    target = request.args.get("next", "")
    if chosen not in areas():
        return make_response(
            render_template(
                "guide/home.html", error=_("Choose your council"), remembered=i18n.remembered_area()
            ),
            400,
        )
    slug = (
        target
        if target in pages(DEFAULT_LANG) or target in {"glossary", "assistant", "timeline"}
        else ""
    )
    if slug in pages(DEFAULT_LANG):
        return redirect(url_for("guide.show_page", area=chosen, slug=slug))
    if slug:
        return redirect(url_for("guide.contents", area=chosen) + slug)
    return redirect(url_for("guide.contents", area=chosen))


@bp.get("/<lang:lang>/<area:area>/")
def contents() -> str:
    lang = i18n.current_lang()
    return render_template("guide/contents.html", guide_pages=_guide_pages(lang))


@bp.get("/<lang:lang>/<area:area>/<slug>")
def show_page(slug: str) -> BaseResponse | str:
    lang = i18n.current_lang()
    found = page(lang, slug)
    if found is None:
        moved = _redirects().get(slug)
        if moved:
            target, _sep, anchor = moved.partition("#")
            url = url_for("guide.show_page", slug=target) + (f"#{anchor}" if anchor else "")
            return redirect(url, code=301)
        abort(404)
    english = pages(DEFAULT_LANG)[slug]
    guide_pages = _guide_pages(lang)
    position = next((i for i, p in enumerate(guide_pages) if p.slug == slug), None)
    return render_template(
        "guide/page.html",
        page=found,
        body=render_page(found.lang, i18n.current_area(), slug),
        untranslated=found.lang != lang,
        english=english,
        previous_page=guide_pages[position - 1] if position else None,
        next_page=guide_pages[position + 1]
        if position is not None and position + 1 < len(guide_pages)
        else None,
    )


@bp.get("/<lang:lang>/<area:area>/glossary")
def glossary_page() -> str:
    return render_template("guide/glossary.html", terms=glossary(i18n.current_lang()))


@bp.get("/<lang:lang>/<area:area>/search")
def search_page() -> BaseResponse | str:
    raw = request.args.get("q", "")
    too_long = len(raw) > MAX_QUERY_CHARS
    words = clean_query(raw)
    hits = search(_index_root(), i18n.current_lang(), words) if words else []
    status = 200
    return make_response(
        render_template(
            "guide/search.html",
            query=words,
            hits=hits,
            too_long=too_long,
            searched="q" in request.args,
        ),
        status,
    )


@bp.post("/<lang:lang>/display")
def display_settings() -> BaseResponse:
    """Large print on or off, without JavaScript: a form posts here and we go back."""
    target = request.form.get("next", "")
    if not is_safe_local_path(target):
        target = url_for("guide.home")
    response = redirect(target)
    value = "1" if request.form.get("large_print") == "1" else "0"
    i18n.set_preference_cookie(response, i18n.LARGE_PRINT_COOKIE, value)
    return response


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    urls = [url_for("guide.home", lang=lang, _external=True) for lang in languages()]
    for lang in languages():
        for area in areas():
            urls.append(url_for("guide.contents", lang=lang, area=area, _external=True))
            for slug in pages(DEFAULT_LANG):
                urls.append(
                    url_for("guide.show_page", lang=lang, area=area, slug=slug, _external=True)
                )
            urls.append(url_for("guide.glossary_page", lang=lang, area=area, _external=True))
            urls.extend(
                url_for(endpoint, lang=lang, area=area, _external=True)
                for endpoint, _label in current_app.config.get("GUIDE_LINKS", [])
            )
    body = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    today = date.today().isoformat()
    body += [f"<url><loc>{xml_escape(u)}</loc><lastmod>{today}</lastmod></url>" for u in urls]
    body.append("</urlset>")
    return Response("\n".join(body), mimetype="application/xml")


@bp.get("/robots.txt")
def robots() -> Response:
    lines = [
        "User-agent: *",
        "Disallow: /api/",
        "Disallow: /t/",
        "Disallow: /practitioners/",
        f"Sitemap: {url_for('guide.sitemap', _external=True)}",
    ]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


def _index_root() -> Path:
    configured = current_app.config.get("SEARCH_INDEX_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "search"


def _redirects() -> dict[str, str]:
    if not REDIRECTS_FILE.exists():
        return {}
    return {str(k): str(v) for k, v in (load_yaml(REDIRECTS_FILE) or {}).items()}
