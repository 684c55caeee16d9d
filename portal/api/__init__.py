"""The JSON API, apart from the HTML pages: no session, no cookies, no CSRF
(nothing here acts on a signed-in user), documented in openapi.yaml."""

from portal.api.routes import bp

__all__ = ["bp"]
