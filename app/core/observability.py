"""What operators see: a request id on every answer and log line, JSON logs, Prometheus metrics.

One pure ASGI middleware does the per-request part in a single pass (Starlette's BaseHTTPMiddleware
would cost a task and a stream per request on the platforms' hot path): it takes the caller's
`X-Request-ID` or makes one, returns it, counts and times the request by route template, and
writes one access log line. Uvicorn's own access log is turned off in its favour.
"""

import logging
import logging.config
import os
import re
import time
import uuid
from contextvars import ContextVar
from typing import Any

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "X-Request-ID"
# Ids we did not make are passed on only when they are plain tokens: they end up in log lines.
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:@/+=-]{1,128}$")
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

REQUESTS = Counter("http_requests_total", "Requests answered", ["method", "route", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "Time from the request's arrival to the end of its answer",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
RATE_LIMITED = Counter("api_key_rate_limited_total", "Requests refused because their key's rate limit was spent")
VERDICTS = Counter("disclosure_verdicts_total", "Events stored, by verdict status", ["kind", "status"])
EVENT_GROUPS = Histogram(
    "event_write_group_size",
    "Single events (POST /v1/events) stored by one transaction (app/events/writer.py)",
    buckets=(1, 2, 4, 8, 16, 32, 64),
)

access_log = logging.getLogger("app.access")

_arrived = 0


def requests_arrived() -> int:
    """HTTP requests this process has taken since it started: while the count moves, the server's
    own push worker and the heavy reads yield to them (app/core/turns.py)."""
    return _arrived


class RequestObservation:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        global _arrived  # noqa: PLW0603  (only the event loop's thread writes it)
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        _arrived += 1
        started = time.perf_counter()
        given = _header(scope, b"x-request-id")
        rid = given if given and _ACCEPTABLE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            # The template as the OpenAPI document writes it: {event_id}, not {event_id:int}.
            route = getattr(scope.get("route"), "path_format", None) or "unmatched"
            method = scope["method"]
            REQUESTS.labels(method, route, str(status)).inc()
            LATENCY.labels(method, route).observe(seconds)
            if access_log.isEnabledFor(logging.INFO):
                access_log.info(
                    "%s %s %s",
                    method,
                    scope["path"],
                    status,
                    extra={
                        "method": method,
                        "path": scope["path"],
                        "route": route,
                        "status": status,
                        "duration_ms": round(seconds * 1000, 2),
                        "client": scope["client"][0] if scope.get("client") else None,
                    },
                )
            request_id.reset(token)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


class RequestIdFilter(logging.Filter):
    """Stamps every log record made while serving a request with that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        # Uvicorn's terminal colours have no place in a collected log.
        record.__dict__.pop("color_message", None)
        return True


def log_config(level: str = "INFO", json: bool = True) -> dict[str, Any]:
    """One line per record on stderr: JSON (python-json-logger) for collectors, or plain text."""
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "timestamp": False,
        }
        if json
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": level},
            # Replaced by app.access, which knows the request id and the route.
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }


router = APIRouter(tags=["operations"])


@router.get(
    "/metrics",
    summary="Prometheus metrics: requests and latencies by route, verdicts by status",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"schema": {"type": "string"}}}}},
)
def metrics() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Several worker processes: each writes its figures to the folder; add them up here.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
