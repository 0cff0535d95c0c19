"""The conflicts list, under the catalog it concerns."""

from typing import Annotated

from fastapi import APIRouter, Path

from app.core.database import SessionDep
from app.core.errors import NotFound, problem_responses
from app.precedence.schemas import ConflictList
from app.precedence.service import catalog_conflicts

router = APIRouter(prefix="/v1", tags=["law"])


@router.get(
    "/catalogs/{catalog_id:int}/conflicts",
    summary="Catalog rows looser than a statute, with both texts",
    description=(
        "A row conflicts with a statute of one of its notice types when, read from the same trigger, it "
        "falls due later on some day of a year on the legal calendar. Verdicts already follow the "
        "statute (the earliest due date governs); this list tells a supervisor which rows to amend."
    ),
    responses=problem_responses(NotFound),
)
def list_conflicts(catalog_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep) -> ConflictList:
    return catalog_conflicts(session, catalog_id)
