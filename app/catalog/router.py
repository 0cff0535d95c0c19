"""Catalog endpoints: public reads (catalogs are 主动公开 information)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from sqlmodel import Session

from app.catalog import service
from app.catalog.domains import DomainCode
from app.catalog.schemas import CatalogPublic, DepartmentPublic, DomainPublic, ObligationPublic
from app.core import conditional
from app.core.database import DatabaseDep, SessionDep
from app.core.errors import NotFound, UnknownFilterValue, problem_responses
from app.core.pagination import Listing, Page, PageDep
from app.core.revisions import CATALOG
from app.core.validation import IsoDate, today_in_china

router = APIRouter(prefix="/v1", tags=["catalog"])

JurisdictionFilter = Annotated[
    str | None,
    Query(pattern=r"^\d{6}$", description="GB/T 2260 code", examples=["350582"]),
]
AsOf = Annotated[
    IsoDate | None,
    Query(description="Catalog versions in force on this day (YYYY-MM-DD); default today in China"),
]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/domains", summary="The fixed list of disclosure domains (公开领域)")
def list_domains(session: SessionDep) -> Listing[DomainPublic]:
    return Listing.of(service.list_domains(session))


@router.get(
    "/departments",
    summary="Responsible bodies (责任主体) with their aliases",
    responses=problem_responses(UnknownFilterValue),
)
def list_departments(
    session: SessionDep, page: PageDep, jurisdiction: JurisdictionFilter = None
) -> Page[DepartmentPublic]:
    items, total = service.list_departments(session, jurisdiction, page)
    return Page.of(items, total, page)


@router.get(
    "/catalogs",
    summary="Catalog versions (one per source document or annex)",
    responses=problem_responses(UnknownFilterValue),
)
def list_catalogs(
    session: SessionDep, page: PageDep, jurisdiction: JurisdictionFilter = None, as_of: AsOf = None
) -> Page[CatalogPublic]:
    items, total = service.list_catalogs(session, jurisdiction, as_of, page)
    return Page.of(items, total, page)


@router.get("/catalogs/{catalog_id}", summary="One catalog version", responses=problem_responses(NotFound))
def get_catalog(catalog_id: RowId, session: SessionDep) -> CatalogPublic:
    return service.get_catalog(session, catalog_id)


CONDITIONAL = {200: {"headers": conditional.response_headers()}, **conditional.NOT_MODIFIED}
# Government apps poll these far more often than the catalog changes (动态调整 a few times a year).
_obligation_answers = conditional.ConditionalAnswers(CATALOG)


@router.get(
    "/obligations",
    summary="Disclosure obligations (公开事项), filtered and paged",
    description=(
        "Obligations of the catalog versions in force on `as_of`, in catalog order. "
        "`department` takes any name or alias (市财政局 = 晋江市财政局 = 财政局 in 晋江); "
        "`q` matches a substring of the item or content typed in simplified or traditional "
        "characters (中标候选人 = 中標候選人). Answers carry an `ETag`: send it back in "
        "`If-None-Match` to get a 304 while the catalog has not changed."
    ),
    response_model=Page[ObligationPublic],
    responses={**CONDITIONAL, **problem_responses(UnknownFilterValue)},
)
def list_obligations(
    database: DatabaseDep,
    page: PageDep,
    jurisdiction: JurisdictionFilter = None,
    domain: Annotated[DomainCode | None, Query(description="Domain code")] = None,
    department: Annotated[
        str | None,
        Query(min_length=1, max_length=128, description="Department name or alias", examples=["市财政局"]),
    ] = None,
    q: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="Chinese substring", examples=["中标候选人"]),
    ] = None,
    as_of: AsOf = None,
    if_none_match: conditional.IfNoneMatch = None,
) -> Response:
    filters = service.ObligationFilter(
        jurisdiction=jurisdiction,
        domain=domain,
        department=department,
        q=q,
        as_of=as_of or today_in_china(),
    )

    def render(session: Session) -> Page[ObligationPublic]:
        items, total = service.list_obligations(session, filters, page)
        return Page.of(items, total, page)

    key = ("list", filters, page.limit, page.offset)
    return _obligation_answers.respond(database, key, render, if_none_match)


@router.get(
    "/obligations/{obligation_id}",
    summary="One obligation",
    description="With an `ETag`, as the list: `If-None-Match` gets a 304 while it has not changed.",
    response_model=ObligationPublic,
    responses={**CONDITIONAL, **problem_responses(NotFound)},
)
def get_obligation(
    obligation_id: RowId, database: DatabaseDep, if_none_match: conditional.IfNoneMatch = None
) -> Response:
    return _obligation_answers.respond(
        database,
        ("one", obligation_id),
        lambda session: service.get_obligation(session, obligation_id),
        if_none_match,
    )
