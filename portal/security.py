"""Security headers, the per-request CSP nonce and safe redirects."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, g, request


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    nonce: str = g.csp_nonce
    return nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


def keep_private(response: Response) -> Response:
    """For pages about one family (a secure link, dates a parent typed): never kept by
    a browser cache or a search engine, never sent on in a Referer header."""
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def is_safe_local_path(target: str | None) -> bool:
    """Only same-site absolute paths: no scheme, no host, no protocol-relative //."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def init_security(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers.setdefault("Referrer-Policy", "same-origin")
        headers["Permissions-Policy"] = PERMISSIONS_POLICY
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Cross-Origin-Resource-Policy"] = "same-origin"
        if app.config["HSTS"]:
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.path.startswith("/static/"):
            # Asset URLs carry a content hash, so they can be cached for good.
            headers["Cache-Control"] = "public, max-age=31536000, immutable"
        elif response.mimetype == "text/html":
            # A parent in a violent home may be followed by someone pressing Back
            # or opening history: keep pages out of every cache.
            headers["Cache-Control"] = "no-store"
        return response
