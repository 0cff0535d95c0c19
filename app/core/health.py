"""Liveness and readiness: /healthz when the database answers, /readyz when it is also migrated."""

from contextlib import suppress
from functools import lru_cache

from alembic.script import ScriptDirectory
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.database import SessionDep
from app.core.migrations import alembic_config

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    summary="200 when the service can reach its database, 503 when it cannot",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ok", "database": "reachable"}}}},
        503: {"description": "The database cannot be reached"},
    },
)
def healthz(session: SessionDep) -> JSONResponse:
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        with suppress(SQLAlchemyError):
            session.rollback()
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "reachable"})


@lru_cache
def migration_heads() -> frozenset[str]:
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


@router.get(
    "/readyz",
    summary="200 when the database answers and its schema is at the migrations' head",
    responses={
        200: {"content": {"application/json": {"example": {
            # The head of these migrations, so the example never goes stale.
            "status": "ready", "database": "reachable", "migrations": sorted(migration_heads())}}}},
        503: {"description": "The database cannot be reached or is not migrated yet"},
    },
)
def readyz(session: SessionDep) -> JSONResponse:
    try:
        applied = frozenset(session.execute(text("SELECT version_num FROM alembic_version")).scalars())
    except SQLAlchemyError:
        with suppress(SQLAlchemyError):
            session.rollback()
        return JSONResponse({"status": "unavailable", "database": "unreachable or not migrated"}, status_code=503)
    heads = migration_heads()
    if applied != heads:
        return JSONResponse(
            {"status": "migrating", "applied": sorted(applied), "head": sorted(heads)}, status_code=503
        )
    return JSONResponse({"status": "ready", "database": "reachable", "migrations": sorted(heads)})
