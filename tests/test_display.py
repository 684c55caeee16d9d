"""Large print works without JavaScript and is remembered."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_large_print_toggle_is_remembered(client: FlaskClient) -> None:
    page = client.get("/en/england/")
    html = page.get_data(as_text=True)
    assert 'class="govuk-template"' in html
    response = client.post(
        "/en/display",
        data={"csrf_token": _csrf(html), "large_print": "1", "next": "/en/england/"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/england/"
    again = client.get("/en/england/").get_data(as_text=True)
    assert "app-large-print" in again
    assert "Standard print" in again
    off = client.post(
        "/en/display", data={"csrf_token": _csrf(again), "large_print": "0", "next": "/en/england/"}
    )
    assert off.status_code == 302
    assert "app-large-print" not in client.get("/en/england/").get_data(as_text=True)


def test_display_form_refuses_off_site_return(client: FlaskClient) -> None:
    html = client.get("/en/").get_data(as_text=True)
    response = client.post(
        "/en/display",
        data={"csrf_token": _csrf(html), "large_print": "1", "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/en/"
