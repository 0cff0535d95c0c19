"""Jurisdiction endpoints."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.core.database import SessionDep
from app.core.errors import NotFound, UnknownFilterValue, problem_responses
from app.core.pagination import Page, PageDep
from app.jurisdictions import service
from app.jurisdictions.models import JurisdictionLevel
from app.jurisdictions.schemas import JurisdictionPublic

router = APIRouter(prefix="/v1/jurisdictions", tags=["catalog"])

JurisdictionCode = Annotated[
    str, Path(pattern=r"^\d{6}$", description="GB/T 2260 code", examples=["350582"])
]


@router.get(
    "",
    summary="The national division list: provinces, prefectures and counties, with their parents",
    description=(
        "Every jurisdiction of 民政部's division list (as of 2025-12-31), under the national level "
        "100000. Filter by `q` (a part of the name, in simplified or traditional characters; names "
        "beginning with it first), `level` and `parent`. A county's parent is usually a prefecture, "
        "but a province for the districts of 北京, 天津, 上海 and 重庆 and for county-level cities "
        "under a province (仙桃 429004)."
    ),
    responses=problem_responses(UnknownFilterValue),
)
def list_jurisdictions(
    session: SessionDep,
    page: PageDep,
    q: Annotated[str | None, Query(min_length=1, max_length=32, examples=["南京"])] = None,
    level: JurisdictionLevel | None = None,
    parent: Annotated[
        str | None, Query(pattern=r"^\d{6}$", description="Code of the parent jurisdiction", examples=["350500"])
    ] = None,
) -> Page[JurisdictionPublic]:
    items, total = service.list_jurisdictions(session, page, q=q, level=level, parent=parent)
    return Page.of(items, total, page)


@router.get(
    "/{code}", summary="One jurisdiction by GB/T 2260 code", responses=problem_responses(NotFound)
)
def get_jurisdiction(code: JurisdictionCode, session: SessionDep) -> JurisdictionPublic:
    return service.get_jurisdiction(session, code)
