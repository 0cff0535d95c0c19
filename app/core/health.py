"""Liveness of the service: 200 when the database answers."""

from contextlib import suppress

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.database import SessionDep

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    summary="200 when the service can reach its database, 503 when it cannot",
    responses={503: {"description": "The database cannot be reached"}},
)
def healthz(session: SessionDep) -> JSONResponse:
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        with suppress(SQLAlchemyError):
            session.rollback()
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "reachable"})
