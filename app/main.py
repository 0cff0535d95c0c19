"""The FastAPI application."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline
from fastapi_problem.handler import add_exception_handler
from sqlalchemy.exc import DBAPIError

from app.audit.router import router as audit_router
from app.bodies.router import router as bodies_router
from app.calendar.router import router as calendar_router
from app.catalog.router import router as catalog_router
from app.channels.router import router as channels_router
from app.core import openapi
from app.core.config import get_settings
from app.core.database import get_engine
from app.core.errors import exception_handler, problem_responses
from app.core.health import router as health_router
from app.core.landing import router as landing_router
from app.core.observability import RequestObservation
from app.core.observability import router as metrics_router
from app.core.request_rules import (
    InvalidUtf8Url,
    MalformedPercentEncoding,
    NulCharacter,
    RequestRules,
    UnknownParameter,
    only_known_parameters,
)
from app.core.revisions import close_watchers
from app.deadlines.router import router as deadlines_router
from app.events.router import router as events_router
from app.events.writer import close_writers, writer_threads
from app.feed.router import router as feed_router
from app.jurisdictions.router import router as jurisdictions_router
from app.keys.router import router as keys_router
from app.precedence.router import router as precedence_router
from app.reports.dashboard import router as dashboard_router
from app.reports.router import router as reports_router
from app.statutes.router import router as statutes_router
from app.subscriptions.router import router as subscriptions_router
from app.subscriptions.worker import InProcessWorker

DESCRIPTION = """
China's public-resource disclosure catalogs (公共资源配置领域政府信息公开目录) as rules a
machine can check: what must be disclosed, by whom, by when, on which channel.

Catalog reads are public. Writes need an API key (`Authorization: Bearer <key>` or
`X-API-Key: <key>`), created with `python -m app keys create NAME --scope SCOPE`; use the
**Authorize** button to try them here. Errors are RFC 9457 problem details.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Everything loaded so far (modules, schemas, compiled statements) lives as long as the
    # process: moved out of the collector's sight, full collections stop walking it on the
    # platforms' hot path (bench/events.py on PostgreSQL: p99 142 ms → 81 ms).
    gc.freeze()
    # A request allocates thousands of short-lived containers (a 500-event batch, millions): with
    # the default threshold of 700 the young generation was collected every few events, and the
    # collector took a tenth of a batch's time. Most of them are freed by their counts first.
    gc.set_threshold(50_000, 20, 100)
    # Sync endpoints run on AnyIO's worker threads (40 by default): as many as the pool has
    # connections beside the event writers', so a thread never waits on the pool and the pool never
    # opens past its size.
    spare = get_settings().db_pool_size - writer_threads(get_engine())
    to_thread.current_default_thread_limiter().total_tokens = max(1, spare)
    pusher = InProcessWorker().start() if get_settings().push_in_process else None
    yield
    # After uvicorn's graceful shutdown has let the requests in flight finish.
    close_writers()
    if pusher is not None:
        pusher.stop()
    close_watchers()
    get_engine().dispose()


def create_app() -> FastAPI:
    # FastAPIOffline: FastAPI with /docs and /redoc served from the package's assets, no CDN.
    app = FastAPIOffline(
        lifespan=lifespan,
        # No call to the public validator's badge: nothing leaves the network.
        swagger_ui_parameters={"validatorUrl": None},
        generate_unique_id_function=openapi.operation_id,
        # Every route refuses query parameters it does not declare (a misspelt filter is a 400).
        dependencies=[Depends(only_known_parameters)],
        responses=problem_responses(UnknownParameter, MalformedPercentEncoding, InvalidUtf8Url, NulCharacter),
        title="Disclosure Rules Service",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "catalog", "description": "Jurisdictions, domains, departments, catalogs, obligations"},
            {"name": "deadlines", "description": "Due dates on the legal calendar"},
            {"name": "events", "description": "Publications, triggers, verdicts and disclosures"},
            {"name": "reports", "description": "Compliance reports for supervisors (JSON, CSV, XLSX)"},
            {"name": "calendar", "description": "Holidays and make-up working days (调休)"},
            {"name": "push", "description": "Subscriptions (webhooks, Standard Webhooks signed) and the change feed"},
            {"name": "access", "description": "API keys, their bindings, and the audit log"},
            {"name": "operations", "description": "Health, readiness and metrics"},
        ],
    )
    openapi.install(app)  # before the problem handler, which adds its responses on top
    add_exception_handler(app, exception_handler)
    openapi.describe_problem_members(app)
    # Database errors are answered (503 for a lost connection, else 500) by the inner exception
    # middleware: the outer one re-raises after answering, and uvicorn then closes the
    # connection, which can cut off the answer on its way to a keep-alive client.
    app.add_exception_handler(DBAPIError, exception_handler)
    settings = get_settings()
    app.add_middleware(
        RequestRules,
        default=settings.max_body_bytes,
        by_path={"/v1/events/batch": settings.max_batch_body_bytes},
        uploads=frozenset({"/v1/catalogs/import"}),
        itemised=frozenset({"/v1/events/batch"}),
    )
    # Outermost, so every answer (a refused body included) carries a request id and is counted.
    app.add_middleware(RequestObservation)
    # Route-level limits stop bodies that grow past them undeclared; the middleware above answers
    # declared ones as problem details (an app-level limit would rewrite that answer as plain text).
    # Routes are matched in order, router by router, and matching each costs time on every request:
    # every platform's hot path, the events, comes first (bench/events.py). Swagger UI groups by
    # the tags above, whatever the order here.
    for router in (events_router, health_router, metrics_router, jurisdictions_router, catalog_router, deadlines_router,
                   calendar_router, channels_router, bodies_router, statutes_router, precedence_router, reports_router, dashboard_router, subscriptions_router, feed_router, keys_router,
                   audit_router, landing_router):
        app.include_router(router, max_body_size=settings.max_body_bytes)
    return app


app = create_app()
