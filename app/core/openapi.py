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
