"""Errors carry their HTTP status and render as RFC 9457 problem details (application/problem+json).

fastapi-problem renders them, request validation errors and HTTP errors (404 for unknown paths,
405) alike; services raise these and never build responses themselves.
"""

import json
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi_problem.error import (
    ForbiddenProblem,
    NotFoundProblem,
    Problem,
    ServerProblem,
    StatusProblem,
    UnauthorisedProblem,
)
from fastapi_problem.handler import ExceptionHandler, http_exception_handler_, new_exception_handler
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from app.core.request_rules import body_problem

logger = logging.getLogger("app")


class NotFound(NotFoundProblem):
    title = "Not found."


class UnknownFilterValue(NotFoundProblem):
    """A query filter that names nothing we know (an unknown jurisdiction or department): a 404,
    like a path naming nothing, rather than an empty list that reads as "none there"."""

    title = "Unknown filter value."
    type_ = "unknown-filter-value"


class UnknownReference(NotFoundProblem):
    """A request body that names something that does not exist (a jurisdiction, an obligation, a
    department): 404, with the `field` that names it."""

    title = "The request names something that does not exist."
    type_ = "unknown-reference"


class Unauthorized(UnauthorisedProblem):
    title = "Missing, unknown or revoked API key."
    type_ = "unauthorized"
    headers_ = {"WWW-Authenticate": 'Bearer realm="disclosure-rules"'}


class Forbidden(ForbiddenProblem):
    title = "The API key lacks the scope this operation needs."
    type_ = "forbidden"


class OutsideBinding(ForbiddenProblem):
    """The key holds the scope, but the jurisdiction or domain acted in is outside its bindings."""

    title = "The API key is not bound where this operation acts."
    type_ = "outside-binding"


class AnotherPlatformsRecord(ForbiddenProblem):
    """A platform acting on what another platform posted: correcting it, or approving its own claim."""

    title = "The record is another platform's to change."
    type_ = "another-platforms-record"


class TooManyRequests(StatusProblem):
    """A key's rate limit is spent (app/keys/limits.py); Retry-After says when to try again."""

    status = 429
    title = "Too many requests for this key."
    type_ = "rate-limited"


class ServiceError(ServerProblem):
    """What a client sees of an unexpected failure: no internals, the details go to the log."""

    title = "The service could not complete the request."
    type_ = "internal-error"

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        super().__init__(detail="The failure has been logged; nothing was stored.")


class DatabaseUnavailable(ServerProblem):
    """The database connection was lost mid-request (a restart, a failover): nothing was stored,
    the pool reconnects, and a retry (with the same Idempotency-Key) is safe."""

    status = 503
    title = "The database is unavailable for the moment."
    type_ = "database-unavailable"
    headers_ = {"Retry-After": "1"}


def _lost_connection(_handler: ExceptionHandler, _request: Request, error: DBAPIError) -> Problem | None:
    if error.connection_invalidated:
        return DatabaseUnavailable("The connection to the database was lost; nothing was stored. Retry.")
    return None


def in_both(zh: str, en: str) -> dict[str, str]:
    """A problem's detail in Chinese and English, as verdict checks give theirs (`zh`, `en`):
    `detail` carries both for any client, `detail_zh` and `detail_en` each alone."""
    return {"detail": f"{zh} {en}", "detail_zh": zh, "detail_en": en}


ECHO_LIMIT = 200
"""Longest input (as JSON) a validation error repeats back: enough to see the mistake, never a
megabyte of someone's body."""


def validation_errors(errors: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's errors as a client can use them: where, what, and the input when it is short."""
    shaped = []
    for error in errors:
        entry = {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for name in ("input", "ctx"):
            echoed = _short_json(error.get(name))
            if echoed is not None:
                entry[name] = echoed
        shaped.append(entry)
    return shaped


def _short_json(value: Any) -> Any:
    """The value if it is valid JSON (no NaN) of at most ECHO_LIMIT characters, else None."""
    if value is None:
        return None
    try:
        text = json.dumps(value, default=str, allow_nan=False, ensure_ascii=False)
    except (TypeError, ValueError):
        return None
    return json.loads(text) if len(text) <= ECHO_LIMIT else None


def _request_validation(_handler: ExceptionHandler, _request: Request, error: RequestValidationError) -> Problem:
    return Problem(
        title="Request validation error.",
        type_="request-validation-failed",
        status=422,
        errors=validation_errors(error.errors()),
    )


METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _served(request: Request, method: str) -> bool:
    scope = {**request.scope, "method": method}
    return any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes)


def _http_error(handler: ExceptionHandler, request: Request, error: HTTPException) -> Problem:
    if error.status_code == 400:
        # FastAPI says only "There was an error parsing the body"; its cause says what.
        specific = body_problem(error.__cause__)
        if specific is not None:
            return specific
    if error.status_code == 405:
        # Starlette's Allow names the methods of the first route matching the path; a path served
        # by several routes (GET and POST /v1/events) allows them all.
        allowed = [method for method in METHODS if _served(request, method)]
        return Problem(
            title="Method not allowed.", type_="http-method-not-allowed", status=405,
            detail=f"{request.method} is not served here; {', '.join(allowed)} are.", headers={"Allow": ", ".join(allowed)},
        )
    return http_exception_handler_(handler, request, error)


exception_handler: ExceptionHandler = new_exception_handler(
    logger=logger,
    unhandled_wrappers={"default": ServiceError},
    request_validation_handler=_request_validation,
    http_exception_handler=_http_error,
    handlers={DBAPIError: _lost_connection},
)


def problem_responses(*problems: type) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problems a route can answer, grouped by status. A route
    that takes a key can also be rate-limited."""
    if Unauthorized in problems:
        problems = (*problems, TooManyRequests)
    if Forbidden in problems:
        problems = (*problems, OutsideBinding)  # a key holding the scope, bound elsewhere
    by_status: dict[int, list[type]] = defaultdict(list)
    for problem in problems:
        by_status[problem.status].append(problem)
    return {
        status: exception_handler.generate_swagger_response(*group)
        for status, group in sorted(by_status.items())
    }
