"""Fixtures for the Rasa tests.

Tests marked ``rasa`` talk to running servers (``make rasa-run``) at ``RASA_URL``. They
never skip: if the servers cannot be reached, they fail. A plain ``pytest`` run without
``RASA_URL`` and without a ``-m`` expression deselects them (reported as deselected);
``make test`` deselects them with ``-m "not rasa"``; ``make rasa-test`` selects them.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request

import pytest

DEFAULT_RASA_URL = "http://127.0.0.1:5005"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("RASA_URL") or config.getoption("markexpr"):
        return
    deselected = [item for item in items if item.get_closest_marker("rasa")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("rasa")]


@pytest.fixture(scope="session")
def rasa_url() -> str:
    """The running Rasa server; fails (never skips) when it does not answer."""
    url = os.environ.get("RASA_URL", DEFAULT_RASA_URL).rstrip("/")
    try:
        with urllib.request.urlopen(url + "/", timeout=5) as response:
            response.read()
    except (urllib.error.URLError, OSError) as error:
        pytest.fail(f"Rasa is not reachable at {url} ({error}); start it with `make rasa-run`")
    return url
