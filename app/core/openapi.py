"""The OpenAPI document, made to say what the server refuses that models cannot state themselves."""

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
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


PROBLEM_MEMBERS: dict[str, dict[str, Any]] = {
    "errors": {"type": "array", "items": {"type": "object"},
               "description": "Each invalid input: where (`loc`), what (`msg`, `type`), the input when short"},
    "field": {"type": "string", "description": "The body member at fault"},
    "parameter": {"type": "string", "description": "The query parameter at fault"},
    "parameters": {"type": "array", "items": {"type": "string"}, "description": "Query parameters the operation has not"},
    "rows": {"type": "array", "items": {"type": "object"}, "description": "A sheet import's report, row by row"},
    "binding": {
        "type": "object",
        "properties": {"jurisdictions": {"type": "array", "items": {"type": "string"}},
                       "domains": {"type": "array", "items": {"type": "string"}}},
        "description": "The bindings of the key that was refused",
    },
    "limit": {"type": "string", "description": "The rate limit that was spent"},
}
"""The extension members our problems carry (RFC 9457 §3.2), so generated clients can read them."""


def describe_problem_members(app: FastAPI) -> None:
    """After fastapi-problem has added its Problem component: give it our extension members."""
    documented = app.openapi

    def openapi() -> dict[str, Any]:
        document = documented()
        problem = document.get("components", {}).get("schemas", {}).get("Problem")
        if problem is not None:
            problem.setdefault("properties", {}).update(PROBLEM_MEMBERS)
        return document

    app.openapi = openapi  # type: ignore[method-assign]
