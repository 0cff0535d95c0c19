"""Catalog endpoints: public reads (catalogs are 主动公开 information)."""

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, File, Path, Query, Response, UploadFile
from sqlmodel import Session

from app.catalog import service, transfer
from app.catalog.domains import DomainCode
from app.catalog.errors import InvalidImport, NoSuchCatalog, UnreadableSheet, VersionConflict
from app.catalog.schemas import (
    CatalogDiff,
    CatalogPublic,
    DepartmentPublic,
    DomainPublic,
    ImportReport,
    ObligationPublic,
)
from app.core import conditional
from app.core.database import DatabaseDep, SessionDep
from app.core.errors import Forbidden, NotFound, Unauthorized, UnknownFilterValue, in_both, problem_responses
from app.core.openapi import created
from app.core.pagination import Listing, Page, PageDep
from app.core.revisions import CATALOG
from app.core.spreadsheets import CSV, XLSX, UnreadableTable, download, read_table
from app.core.validation import IsoDate, today_in_china
from app.keys.dependencies import CatalogWriterDep

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


class SheetFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


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


@router.get("/catalogs/{catalog_id:int}", summary="One catalog version", responses=problem_responses(NotFound))
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
async def list_obligations(
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
        Query(
            min_length=1,
            max_length=100,
            description=(
                "Words found in the item, content, category, domain, deadline or the notices a row covers, "
                "typed in simplified or traditional characters; every word must be found. Best matches "
                "first: those found in the item, then in the notices, the headings, the content."
            ),
            examples=["中标候选人"],
        ),
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
    # async: an answer held in memory is sent without a worker thread; a miss renders in one.
    return await _obligation_answers.respond(database, key, render, if_none_match)


@router.get(
    "/obligations/{obligation_id:int}",
    summary="One obligation",
    description="With an `ETag`, as the list: `If-None-Match` gets a 304 while it has not changed.",
    response_model=ObligationPublic,
    responses={**CONDITIONAL, **problem_responses(NotFound)},
)
async def get_obligation(
    obligation_id: RowId, database: DatabaseDep, if_none_match: conditional.IfNoneMatch = None
) -> Response:
    return await _obligation_answers.respond(
        database,
        ("one", obligation_id),
        lambda session: service.get_obligation(session, obligation_id),
        if_none_match,
    )


@router.get(
    "/catalogs/{catalog_id:int}/export",
    summary="A catalog version as a spreadsheet, in the column layout of the seed tables",
    description=(
        "Columns 序号, 公开领域, 公开事项, 公开内容, 公开时限, 公开方式, 责任主体, 监督渠道, then 公开要素, "
        "公开属性, 公开期限, 依据, 类别. No cell is left blank (— marks an empty one), so the file "
        "imports back as the same obligations."
    ),
    response_class=Response,
    responses={
        200: {
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}, CSV: {"schema": {"type": "string"}}},
            "description": "The catalog as XLSX (default) or CSV",
        },
        **problem_responses(NotFound),
    },
)
def export_catalog(
    catalog_id: RowId,
    session: SessionDep,
    format: Annotated[SheetFormat, Query(description="xlsx (default) or csv")] = SheetFormat.XLSX,  # noqa: A002
) -> Response:
    catalog, rows = transfer.export_rows(session, catalog_id)
    return download(
        format is SheetFormat.CSV, f"catalog-{catalog.id}", "公开目录", transfer.SHEET_HEADINGS, rows, transfer.SHEET_WIDTHS
    )


@router.post(
    "/catalogs/import",
    status_code=201,
    summary="Import a catalog sheet (XLSX or CSV) as a new version of a catalog",
    description=(
        "The sheet uses the seed tables' columns (see the export); a blank cell repeats the value "
        "above it within the same domain, as merged cells do. Every row is checked (domain, "
        "deadline, responsible bodies among the jurisdiction's departments and aliases) and the "
        "answer reports each row. Every message is in Chinese and English: a row's `errors` each have "
        "a `code`, `zh` and `en`; a problem has `detail_zh` and `detail_en` (and both in `detail`). With any "
        "invalid row nothing is stored (422, the report in `rows`). `dry_run=true` checks every row, "
        "stores nothing and answers 200 with the `diff` the import would make against the version it "
        "replaces: rows added, removed, changed (each field before and after) and how many are unchanged. "
        "Otherwise the new version is in force from `in_force_from`, the version it replaces closes the day "
        "before, intact for the events judged by it, and the answer carries the same `diff`. Needs "
        "`catalog:write`, bound to the catalog's jurisdiction and every domain of its rows."
    ),
    responses={
        200: {
            "description": "A dry run: every row checked, the diff it would make, nothing stored",
            "model": ImportReport,
        },
        **created("the new catalog version"),
        **problem_responses(Unauthorized, Forbidden, NoSuchCatalog, InvalidImport, VersionConflict, UnreadableSheet),
    },
)
def import_catalog(
    file: Annotated[UploadFile, File(description="The sheet: .xlsx, or .csv in UTF-8 or GB18030")],
    replaces: Annotated[int, Query(ge=1, le=2**31 - 1, description="The catalog version this one supersedes")],
    in_force_from: Annotated[IsoDate, Query(description="First day the new version is in force")],
    session: SessionDep,
    key: CatalogWriterDep,
    number: Annotated[str | None, Query(max_length=64, description="文号 of the new version")] = None,
    title: Annotated[str | None, Query(max_length=256)] = None,
    dry_run: Annotated[bool, Query(description="Check every row and store nothing")] = False,
    *,
    response: Response,
) -> ImportReport:
    try:
        table = read_table(file.file.read(), file.filename, file.content_type)
    except UnreadableTable as error:
        raise UnreadableSheet(**in_both(error.zh, str(error))) from None
    request = transfer.ImportRequest(
        replaces=replaces, in_force_from=in_force_from, number=number, title=title, filename=file.filename or "sheet"
    )
    report = transfer.import_catalog(session, table, request, dry_run, key)
    if report.catalog is None:
        response.status_code = 200  # a dry run creates nothing
    else:
        response.headers["Location"] = f"/v1/catalogs/{report.catalog.id}"
    return report


@router.get(
    "/catalogs/{catalog_id:int}/diff",
    summary="What changed between two catalog versions: obligations added, removed and changed",
    description="Obligations are matched by ref (序号); a change lists each field before (`against`) and after.",
    responses=problem_responses(NotFound),
)
def diff_catalogs(
    catalog_id: RowId,
    against: Annotated[int, Query(ge=1, le=2**31 - 1, description="The version to compare with")],
    session: SessionDep,
) -> CatalogDiff:
    return transfer.diff_catalogs(session, catalog_id, against)
