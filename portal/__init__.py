"""The parents' guide: a Flask application factory."""

from __future__ import annotations

import hashlib
import logging
import os
from functools import cache
from pathlib import Path
from typing import Any

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from portal.config import CONFIGS, ROOT, WEAK_SECRETS, Config
from portal.extensions import babel, csrf, limiter


def create_app(config: str | type[Config] | None = None, **overrides: Any) -> Flask:
    """Build the app. ``config`` is a name from ``CONFIGS`` or a class;
    the default comes from ``PORTAL_CONFIG`` (production unless told otherwise)."""
    if config is None:
        config = os.environ.get("PORTAL_CONFIG", "production")
    config_class = CONFIGS[config] if isinstance(config, str) else config

    app = Flask(__name__, instance_path=str(ROOT / "instance"), instance_relative_config=True)
    app.config.from_object(config_class)
    app.config.from_prefixed_env("PORTAL")
    app.config.update(overrides)
    _load_secret_key(app)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(Path(app.root_path) / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from portal import i18n, security

    app.url_map.converters["lang"] = i18n.LangConverter
    app.url_map.converters["area"] = i18n.AreaConverter
    app.url_map.strict_slashes = False

    translations = ROOT / "translations"
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(translations))
    babel.init_app(app, locale_selector=i18n.locale_selector)
    i18n.check_catalogues(app, translations)
    csrf.init_app(app)
    limiter.init_app(app)
    security.init_security(app)
    _quiet_request_logs()

    from portal import accounts, api, assistant, cases, cli, dates, errors, guide
    from portal.assistant.service import init_assistant
    from portal.database import init_database
    from portal.encryption import init_encryption

    init_database(app)
    init_encryption(app)
    # Feature pages listed under "More help" and in the sitemap, in this order.
    app.config.setdefault(
        "GUIDE_LINKS",
        [("assistant.chat", _l("Ask a question")), ("dates.form", _l("Work out your dates"))],
    )
    app.register_blueprint(guide.bp)
    app.register_blueprint(assistant.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(dates.bp)
    accounts.init_app(app)
    cases.init_app(app)
    errors.init_errors(app)
    cli.init_cli(app)

    from portal.search import ensure_indexes

    index_root = app.config.get("SEARCH_INDEX_DIR") or str(Path(app.instance_path) / "search")
    ensure_indexes(Path(index_root))
    app.config["SEARCH_INDEX_ROOT"] = index_root
    init_assistant(app)

    app.jinja_env.globals["asset_url"] = asset_url
    return app


def _load_secret_key(app: Flask) -> None:
    """Production refuses a missing or weak key. Development may use the one
    ``make run`` writes into the instance folder, which is never committed."""
    if app.config.get("SECRET_KEY"):
        key = str(app.config["SECRET_KEY"])
    elif not app.config.get("SECRET_KEY_FROM_INSTANCE"):
        key = ""
    else:
        key_file = Path(app.instance_path) / "secret_key"
        key = key_file.read_text().strip() if key_file.exists() else ""
        app.config["SECRET_KEY"] = key
    if key.lower() in WEAK_SECRETS or len(key) < 32:
        raise RuntimeError(
            "SECRET_KEY is missing or too short (32+ characters). "
            "Set it in the environment, or run `make run` to create instance/secret_key."
        )


def _quiet_request_logs() -> None:
    # Werkzeug's access log prints full URLs, which can hold a search query or
    # a secure link token. Keep it to warnings.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


@cache
def _digest(path: str) -> str:
    data = (Path(__file__).parent / "static" / path).read_bytes()
    return hashlib.sha256(data).hexdigest()[:12]


def asset_url(path: str) -> str:
    """A static URL that changes when the file does, so it can be cached for good."""
    return url_for("static", filename=path, v=_digest(path))
