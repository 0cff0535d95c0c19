"""The OpenAPI document, made to say what the server refuses that models cannot state themselves."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

NO_NUL = "^[^\\u0000]*$"
"""NUL is refused everywhere (app/core/request_rules.py): every free-text string says so."""


def _refuse_nul(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and not ({"pattern", "format", "enum", "const"} & node.keys()):
            node["pattern"] = NO_NUL
        names = node.get("propertyNames")
        if isinstance(names, dict) and "pattern" not in names:
            names["pattern"] = NO_NUL  # object keys are text too
        for value in node.values():
            _refuse_nul(value)
    elif isinstance(node, list):
        for value in node:
            _refuse_nul(value)


RESPONSE_EXAMPLES = Path(__file__).with_name("response_examples.json")
"""Real answers of a seeded server, trimmed (long texts cut, lists of two), by response schema.
tests/test_openapi_contract.py validates each against its schema, so one that drifts fails there.
An answer with null members belongs here rather than in its model's config: FastAPI drops every
null from the document it generates (exclude_none), examples included, and they are added after."""


@cache
def response_examples() -> dict[str, Any]:
    return json.loads(RESPONSE_EXAMPLES.read_text(encoding="utf-8"))


def _attach_examples(document: dict[str, Any]) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    for schema in schemas.values():
        # A model's own `example` in the JSON Schema 2020-12 form OpenAPI 3.1 uses, where the
        # tests validate it like the recorded ones.
        if "example" in schema:
            schema.setdefault("examples", [schema.pop("example")])
    for name, example in response_examples().items():
        if name in schemas:
            schemas[name]["examples"] = [example]


def created(what: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI for a 201 that says where the created record can be read (its Location header)."""
    header = {"description": f"Where {what} can be read", "schema": {"type": "string"}}
    return {201: {"headers": {"Location": header}}}


def operation_id(route: APIRoute) -> str:
    """The endpoint's own name (create_event, list_obligations): what a generated client calls it,
    instead of FastAPI's create_event_v1_events_post. A test keeps them unique."""
    return route.name


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes,
                tags=app.openapi_tags,
            )
            _refuse_nul(document)
            _attach_examples(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


PROBLEM_MEMBERS: dict[str, dict[str, Any]] = {
    "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"},
               "description": "Each invalid input: where (`loc`), what (`msg`, `type`), the input when short"},
    "field": {"type": "string", "description": "The body member at fault"},
    "parameter": {"type": "string", "description": "The query parameter at fault"},
    "parameters": {"type": "array", "items": {"type": "string"}, "description": "Query parameters the operation has not"},
    "rows": {"type": "array", "items": {"$ref": "#/components/schemas/ImportRow"},
             "description": "A sheet import's report, row by row"},
    "binding": {
        "type": "object",
        "properties": {"jurisdictions": {"type": "array", "items": {"type": "string"}},
                       "domains": {"type": "array", "items": {"type": "string"}}},
        "description": "The bindings of the key that was refused",
    },
    "limit": {"type": "string", "description": "The rate limit that was spent"},
    "detail_zh": {"type": "string", "description": "The detail in Chinese, where the problem gives both languages"},
    "detail_en": {"type": "string", "description": "The detail in English, where the problem gives both languages"},
}
"""The extension members our problems carry (RFC 9457 §3.2), so generated clients can read them."""

VALIDATION_ERROR: dict[str, Any] = {
    "type": "object",
    "title": "ValidationError",
    "properties": {
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "description": "Where: body, query or path, then the member's path"},
        "msg": {"type": "string", "description": "What is wrong, in words"},
        "type": {"type": "string", "description": "What is wrong, as a code (missing, string_too_long …)"},
        "input": {"description": "The input at fault, when short"},
        "ctx": {"type": "object", "description": "The limit that was broken, when there is one (max_length …)"},
    },
    "required": ["loc", "msg", "type"],
}


def describe_problem_members(app: FastAPI) -> None:
    """After fastapi-problem has added its Problem component: give it our extension members."""
    documented = app.openapi

    def openapi() -> dict[str, Any]:
        document = documented()
        schemas = document.get("components", {}).get("schemas", {})
        problem = schemas.get("Problem")
        if problem is not None:
            problem.setdefault("properties", {}).update(PROBLEM_MEMBERS)
            schemas["ValidationError"] = VALIDATION_ERROR
        # fastapi-problem's own validation component names a ValidationError FastAPI no longer
        # defines, and no operation answers with it: every 422 here is a Problem.
        schemas.pop("HTTPValidationError", None)
        return document

    app.openapi = openapi  # type: ignore[method-assign]
