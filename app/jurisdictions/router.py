"""Jurisdiction endpoints."""

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from app.core.database import SessionDep
from app.core.errors import NotFound, problem_responses
from app.jurisdictions import service
from app.jurisdictions.schemas import JurisdictionPublic

router = APIRouter(prefix="/v1/jurisdictions", tags=["catalog"])

JurisdictionCode = Annotated[
    str, Path(pattern=r"^\d{6}$", description="GB/T 2260 code", examples=["350582"])
]


class JurisdictionList(BaseModel):
    items: list[JurisdictionPublic]
    total: int


@router.get("", summary="All jurisdictions, with their parents")
def list_jurisdictions(session: SessionDep) -> JurisdictionList:
    items = service.list_jurisdictions(session)
    return JurisdictionList(items=items, total=len(items))


@router.get(
    "/{code}", summary="One jurisdiction by GB/T 2260 code", responses=problem_responses(NotFound)
)
def get_jurisdiction(code: JurisdictionCode, session: SessionDep) -> JurisdictionPublic:
    return service.get_jurisdiction(session, code)
