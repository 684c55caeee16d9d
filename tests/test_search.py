"""Search finds sections and never errors on odd input."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.conftest import nonce_of
from tests.invariants import check_page


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "a" * 5000,
        "AND OR NOT (",
        '"unclosed',
        "*",
        "?",
        "<script>alert(1)</script>",
        "solicitor~2^3",
        "%00",
        "😀😀",
        "ثبت",
        "\u202e",
        "title:x",
        "a\x00b",
    ],
)
def test_odd_queries_get_a_helpful_page(client: FlaskClient, query: str) -> None:
    response = client.get("/en/england/search", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html
    check_page(html, nonce_of(response.headers), "en")


def test_empty_search_explains_what_to_type(client: FlaskClient) -> None:
    html = client.get("/en/england/search?q=").get_data(as_text=True)
    assert "Type a word or a question" in html


def test_long_search_says_it_was_shortened(client: FlaskClient) -> None:
    html = client.get("/en/england/search", query_string={"q": "plan " * 100}).get_data(
        as_text=True
    )
    assert "first 200 characters" in html
