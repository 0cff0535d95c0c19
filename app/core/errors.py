"""Errors carry their HTTP status and render as RFC 9457 problem details (application/problem+json).

fastapi-problem renders them, request validation errors and HTTP errors (404 for unknown paths,
405) alike; services raise these and never build responses themselves.
"""

import logging
from collections import defaultdict
from typing import Any

from fastapi_problem.error import (
    ForbiddenProblem,
    NotFoundProblem,
    ServerProblem,
    UnauthorisedProblem,
    UnprocessableProblem,
)
from fastapi_problem.handler import ExceptionHandler, new_exception_handler

logger = logging.getLogger("app")


class NotFound(NotFoundProblem):
    title = "Not found."


class UnknownFilterValue(UnprocessableProblem):
    """A query filter that names nothing we know (an unknown jurisdiction or department)."""

    title = "Unknown filter value."
    type_ = "unknown-filter-value"


class Unauthorized(UnauthorisedProblem):
    title = "Missing, unknown or revoked API key."
    type_ = "unauthorized"
    headers_ = {"WWW-Authenticate": 'Bearer realm="disclosure-rules"'}


class Forbidden(ForbiddenProblem):
    title = "The API key lacks the scope this operation needs."
    type_ = "forbidden"


class ServiceError(ServerProblem):
    """What a client sees of an unexpected failure: no internals, the details go to the log."""

    title = "The service could not complete the request."
    type_ = "internal-error"

    def __init__(self, *_args: Any, **_kwargs: Any) -> None:
        super().__init__(detail="The failure has been logged; nothing was stored.")


exception_handler: ExceptionHandler = new_exception_handler(
    logger=logger,
    unhandled_wrappers={"default": ServiceError},
)


def problem_responses(*problems: type) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the problems a route can answer, grouped by status."""
    by_status: dict[int, list[type]] = defaultdict(list)
    for problem in problems:
        by_status[problem.status].append(problem)
    return {
        status: exception_handler.generate_swagger_response(*group)
        for status, group in sorted(by_status.items())
    }
