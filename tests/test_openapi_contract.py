"""The OpenAPI document as generated clients read it: operations named for what they do, and every
201 saying where the created record can be read, which the server then serves."""

import io
import re

import jsonschema_rs
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.core.openapi import response_examples
from app.keys.scopes import Scope
from app.main import create_app
from tests.conftest import committed_key
from tests.events.publications import good_publication


def test_every_operation_has_its_own_name() -> None:
    document = create_app().openapi()
    names = [operation["operationId"] for methods in document["paths"].values() for operation in methods.values()]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", name) for name in names), names
    assert document["paths"]["/v1/events"]["post"]["operationId"] == "create_event"
    assert document["paths"]["/v1/obligations/{obligation_id}/due-date"]["get"]["operationId"] == "get_due_date"


def test_every_201_documents_its_location() -> None:
    document = create_app().openapi()
    created = [(path, method, operation) for path, methods in document["paths"].items()
               for method, operation in methods.items() if "201" in operation["responses"]]
    assert len(created) >= 8
    for path, method, operation in created:
        assert "Location" in operation["responses"]["201"].get("headers", {}), (method, path)


def test_every_201_answers_where_the_record_is_read(client: TestClient, session: Session, land_deal: int) -> None:
    admin = {"X-API-Key": committed_key(session, "operator", Scope.ADMIN)}

    def followed(response) -> dict:  # noqa: ANN001
        assert response.status_code == 201, response.text
        location = response.headers["location"]
        read = client.get(location, headers=admin)
        assert read.status_code == 200, (location, read.text)
        return read.json()

    event = client.post("/v1/events", json=good_publication(land_deal, exemption={"reason": "other", "basis": "依法"}),
                        headers={"X-API-Key": committed_key(session, "platform", Scope.EVENTS_WRITE)})
    assert followed(event)["id"] == event.json()["id"]
    review = client.post(f"/v1/events/{event.json()['id']}/exemption-reviews",
                         json={"decision": "granted", "reason": "依法"}, headers=admin)
    assert followed(review)["exemption_status"] == "granted"

    department = client.post("/v1/departments", json={"jurisdiction": "350582", "name": "位置测试局"}, headers=admin)
    assert followed(department)["name"] == "位置测试局"
    alias = client.post(f"/v1/departments/{department.json()['id']}/aliases", json={"alias": "位置局"}, headers=admin)
    assert "位置局" in followed(alias)["aliases"]
    other = client.post("/v1/departments", json={"jurisdiction": "350582", "name": "位置新局"}, headers=admin).json()
    succession = client.post(f"/v1/departments/{department.json()['id']}/successors",
                             json={"successor_id": other["id"], "took_over_on": "2026-01-01", "needs_review": "test"},
                             headers=admin)
    assert followed(succession)["id"] == other["id"]

    channel = client.post("/v1/channels", json={"key": "location_test", "name": "位置测试网", "hosts": ["where.example.cn"],
                                                 "jurisdiction": "350582", "classes": ["trading_platform"],
                                                 "needs_review": "test"}, headers=admin)
    assert [item["key"] for item in followed(channel)["items"]] == ["location_test"]

    key = client.post("/v1/api-keys", json={"name": "located", "scopes": ["events:read"]}, headers=admin)
    assert followed(key)["name"] == "located" and "key" not in followed(key)

    catalog = next(item for item in client.get("/v1/catalogs").json()["items"] if item["jurisdiction"] == "350582")
    sheet = client.get(f"/v1/catalogs/{catalog['id']}/export", params={"format": "csv"}).content
    imported = client.post("/v1/catalogs/import", params={"replaces": catalog["id"], "in_force_from": "2031-01-01"},
                           files={"file": ("catalog.csv", io.BytesIO(sheet), "text/csv")}, headers=admin)
    assert followed(imported)["id"] == imported.json()["catalog"]["id"]


def test_the_problem_schema_names_its_extension_members() -> None:
    problem = create_app().openapi()["components"]["schemas"]["Problem"]["properties"]
    assert {"errors", "rows", "parameter", "parameters", "field", "binding", "limit"} <= problem.keys()
    assert problem["errors"]["type"] == "array" and problem["binding"]["type"] == "object"


def _json_successes(document: dict) -> list[tuple[str, str, str, dict]]:
    return [
        (method, path, status, media)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
        for status, response in operation["responses"].items()
        if status.startswith("2")
        for media_type, media in response.get("content", {}).items()
        if media_type == "application/json"
    ]


def test_every_json_success_shows_an_example() -> None:
    document = create_app().openapi()
    schemas = document["components"]["schemas"]
    successes = _json_successes(document)
    assert len(successes) >= 40
    for method, path, status, media in successes:
        reference = media.get("schema", {}).get("$ref")
        shown = "example" in media or "examples" in media or (
            reference is not None and "examples" in schemas[reference.rsplit("/", 1)[-1]]
        )
        assert shown, (method, path, status)


def test_every_example_is_what_its_schema_allows() -> None:
    # The examples are real answers, trimmed: one that drifts from its model fails here.
    document = create_app().openapi()
    schemas = document["components"]["schemas"]
    described = [name for name, schema in schemas.items() if "examples" in schema]
    assert {"EventPublic", "ObligationPublic", "DueDatePublic", "DisclosurePage", "BatchOut"} <= set(described)
    assert set(response_examples()) <= set(schemas), "an example names a schema the document no longer has"
    for name in described:
        validator = jsonschema_rs.Draft202012Validator(
            {"$ref": f"#/components/schemas/{name}", "components": document["components"]}
        )
        for example in schemas[name]["examples"]:
            errors = [f"{error.instance_path}: {error.message}" for error in validator.iter_errors(example)]
            assert not errors, (name, errors[:5])


def test_states_and_kinds_are_enums_that_explain_each_value() -> None:
    schemas = create_app().openapi()["components"]["schemas"]
    event = schemas["EventPublic"]["properties"]
    assert event["status"]["$ref"].endswith("/VerdictStatus")
    for name in ("VerdictStatus", "Timeliness", "CheckName", "CheckResult", "DisclosureStatus", "EventKind",
                 "ExemptionStatus", "CalendarStatus", "DeadlineKind", "DeadlineUnit", "TriggerCode", "RuleSource"):
        enum = schemas[name]
        assert len(enum["x-enum-descriptions"]) == len(enum["enum"]), name
        for value in enum["enum"]:
            assert f"`{value}`:" in enum["description"], (name, value)
    assert schemas["CheckResult"]["enum"] == ["pass", "fail", "not_applicable", "unverified"]
    batch = schemas["BatchIn"]["properties"]["events"]["items"]
    assert batch == {"$ref": "#/components/schemas/EventCreate"}
    assert schemas["BatchItem"]["properties"]["problem"]["anyOf"][0] == {"$ref": "#/components/schemas/Problem"}
