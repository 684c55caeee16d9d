"""openapi.yaml describes the API that is really served: every documented path and
method is routed, and real responses carry the documented required fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from flask import Flask
from flask.testing import FlaskClient

SPEC = yaml.safe_load((Path(__file__).resolve().parents[1] / "portal/api/openapi.yaml").read_text())


def _required(schema: dict[str, Any]) -> set[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SPEC["components"]["schemas"][name]
    return set(schema.get("required", []))


def test_every_documented_operation_is_routed(app: Flask) -> None:
    routed = {
        (rule.rule, method.lower())
        for rule in app.url_map.iter_rules()
        for method in rule.methods or ()
    }
    for path, operations in SPEC["paths"].items():
        for method in operations:
            assert (path, method) in routed, f"{method.upper()} {path} is documented, not served"


def test_responses_have_the_documented_fields(client: FlaskClient) -> None:
    paths = SPEC["paths"]
    ok = paths["/api/assistant"]["post"]["responses"]["200"]["content"]["application/json"]
    body = client.post("/api/assistant", json={"message": "what is a core group"}).get_json()
    assert _required(ok["schema"]) <= set(body)
    ok = paths["/api/timeline"]["get"]["responses"]["200"]["content"]["application/json"]
    body = client.get(
        "/api/timeline", query_string={"area": "england", "initial_conference": "2026-11-02"}
    ).get_json()
    assert _required(ok["schema"]) <= set(body)
    item = ok["schema"]["properties"]["events"]["items"]
    assert all(_required(item) <= set(event) for event in body["events"])
    bad = client.get("/api/timeline", query_string={"area": "england"}).get_json()
    assert _required({"$ref": "#/components/schemas/Error"}) <= set(bad)
