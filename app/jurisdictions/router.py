"""Jurisdiction endpoints."""

from typing import Annotated

from fastapi import APIRouter, Path

from app.core.database import SessionDep
from app.core.errors import NotFound, problem_responses
from app.core.pagination import Listing
from app.jurisdictions import service
from app.jurisdictions.schemas import JurisdictionPublic

router = APIRouter(prefix="/v1/jurisdictions", tags=["catalog"])

JurisdictionCode = Annotated[
    str, Path(pattern=r"^\d{6}$", description="GB/T 2260 code", examples=["350582"])
]


@router.get("", summary="All jurisdictions, with their parents")
def list_jurisdictions(session: SessionDep) -> Listing[JurisdictionPublic]:
    return Listing.of(service.list_jurisdictions(session))


@router.get(
    "/{code}", summary="One jurisdiction by GB/T 2260 code", responses=problem_responses(NotFound)
)
def get_jurisdiction(code: JurisdictionCode, session: SessionDep) -> JurisdictionPublic:
    return service.get_jurisdiction(session, code)
