"""Every public page renders and meets the page invariants, in every language."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from bot.knowledge import areas, languages
from tests.conftest import nonce_of, sitemap_paths
from tests.invariants import check_page


def test_sitemap_lists_every_language_area_and_page(client: FlaskClient) -> None:
    from portal.content import pages

    paths = set(sitemap_paths(client))
    for lang in languages():
        assert f"/{lang}/" in paths
        for area in areas():
            assert f"/{lang}/{area}/" in paths
            assert f"/{lang}/{area}/glossary" in paths
            for slug in pages("en"):
                assert f"/{lang}/{area}/{slug}" in paths


def test_every_sitemap_page_meets_the_invariants(client: FlaskClient) -> None:
    paths = sitemap_paths(client)
    assert len(paths) > 20
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.mimetype == "text/html"
        lang = path.split("/")[1]
        check_page(response.get_data(as_text=True), nonce_of(response.headers), lang)


@pytest.mark.parametrize(
    "path",
    [
        "/en/nowhere/",
        "/xx/",
        "/en/england/no-such-page",
        "/zz/england/the-plan",
        "/en/england/the-plan/extra",
        "/en/%00/",
        "/en/england/%ff%fe",
        "/EN/",
    ],
)
def test_unknown_language_area_or_page_is_a_styled_404(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html
    assert "Traceback" not in html
    check_page(html, nonce_of(response.headers), "en")


def test_root_sends_a_newcomer_to_choose_a_council(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/")


def test_a_visited_council_is_remembered_and_used_next_time(client: FlaskClient) -> None:
    client.get("/en/waltham-forest/")
    response = client.get("/")
    assert response.headers["Location"].endswith("/en/waltham-forest/")


def test_choosing_a_council_keeps_the_page(client: FlaskClient) -> None:
    response = client.get("/en/choose-council?area=cambridgeshire&next=the-plan")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/en/cambridgeshire/the-plan")


def test_choosing_no_council_explains_the_error(client: FlaskClient) -> None:
    response = client.get("/en/choose-council?area=atlantis")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "Choose your council" in html


def test_next_cannot_send_people_off_site(client: FlaskClient) -> None:
    response = client.get("/en/choose-council?area=cambridgeshire&next=//evil.example")
    assert response.headers["Location"].endswith("/en/cambridgeshire/")


def test_moved_pages_redirect_to_their_new_home(client: FlaskClient) -> None:
    from bot.knowledge import CONTENT_DIR, load_yaml
    from portal.content import pages

    moves = load_yaml(CONTENT_DIR / "redirects.yml")
    assert moves
    for old, new in moves.items():
        response = client.get(f"/en/waltham-forest/{old}")
        assert response.status_code == 301, old
        assert response.headers["Location"] == f"/en/waltham-forest/{new}"
        slug, _sep, _anchor = new.partition("#")
        assert slug in pages("en")
        assert old not in pages("en"), f"{old} is both a page and a redirect"
