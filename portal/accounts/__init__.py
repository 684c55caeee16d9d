"""Practitioners' accounts: sign in, sign out, and the CLI that creates them."""

from flask import Blueprint, Flask

# cli_group=None: the commands are `flask users ...` and `flask orgs ...`.
bp = Blueprint("accounts", __name__, url_prefix="/practitioners", cli_group=None)

from portal.accounts import cli, routes  # noqa: E402,F401  (register on bp)


def init_app(app: Flask) -> None:
    from portal.accounts.forms import init_form_helpers

    init_form_helpers(app)
    app.register_blueprint(bp)
