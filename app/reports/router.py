"""The compliance report: JSON, or a CSV or XLSX download with Chinese headings."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response

from app.catalog.domains import DomainCode
from app.core.database import DatabaseDep
from app.core.errors import UnknownFilterValue, problem_responses
from app.core.json_text import json_bytes
from app.core.spreadsheets import CSV, XLSX, download
from app.core.turns import heavy_reads
from app.core.validation import IsoDate, today_in_china
from app.reports import service
from app.reports.schemas import ComplianceReport, GroupBy, OverdueReport, ReportFormat
from app.reports.sheets import overdue_sheet, report_sheet

# Reports take their turn, one at a time, and yield while platforms are posting (app/core/turns.py).
router = APIRouter(prefix="/v1/reports", tags=["reports"], dependencies=[Depends(heavy_reads.take, scope="function")])
OVERDUE_LIMIT = 100_000

DOWNLOADS = {
    200: {
        "content": {
            CSV: {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
        },
        "description": "The report, as JSON or as a CSV or XLSX download (by `format` or `Accept`)",
    }
}


@router.get(
    "/compliance",
    summary="Compliance by jurisdiction, domain, department or month: counts, on-time and compliance rates, lateness",
    description=(
        "Disclosures (one per notice and subject) due between `from` and `to`, counted by status "
        "with `overdue` judged on `as_of`. `on_time_rate` = on time ÷ (on time + late + overdue): "
        "timeliness alone. `compliance_rate` = compliant ÷ the same: published with every check "
        "(timeliness, channel, publisher, content) passed or not applicable; a check that could not be "
        "verified is never counted as passed. `checks` counts each check's results over the published "
        "disclosures. `totals` counts each disclosure once; by department, a disclosure shared by "
        "several bodies counts under each, so the rows may add up to more (`note` says so).\n\n"
        "`format=csv` or `format=xlsx` (or an `Accept` header naming either) gives a download with "
        "Chinese column headings, as supervisors' spreadsheets use them, under a header block stating "
        "the filters and `as_of`; in the XLSX the rates are numbers formatted as percentages."
    ),
    response_model=ComplianceReport,
    responses={**DOWNLOADS, **problem_responses(UnknownFilterValue)},
)
def compliance(
    database: DatabaseDep,
    jurisdiction: Annotated[str | None, Query(pattern=r"^\d{6}$", examples=["350582"])] = None,
    domain: Annotated[DomainCode | None, Query()] = None,
    department: Annotated[str | None, Query(min_length=1, max_length=128, examples=["市国土局"])] = None,
    due_from: Annotated[IsoDate | None, Query(alias="from", description="Due on or after (YYYY-MM-DD)")] = None,
    due_to: Annotated[IsoDate | None, Query(alias="to", description="Due on or before (YYYY-MM-DD)")] = None,
    group_by: Annotated[GroupBy, Query()] = GroupBy.DEPARTMENT,
    as_of: Annotated[IsoDate | None, Query(description="Judge overdue on this day; default today in China")] = None,
    format: Annotated[ReportFormat | None, Query(description="json (default), csv or xlsx")] = None,  # noqa: A002
    accept: Annotated[str | None, Header(max_length=512, include_in_schema=False)] = None,
) -> Response:
    filters = service.ReportFilter(
        jurisdiction=jurisdiction,
        domain=domain,
        department=department,
        due_from=due_from,
        due_to=due_to,
        as_of=as_of or today_in_china(),
    )
    with database.read() as session:
        fields = service.compliance_fields(session, filters, (group_by,))[group_by]
    chosen = format or _format_from(accept)
    if chosen is ReportFormat.JSON:
        # Written as they are: a national report has thousands of rows, and validating them into
        # the model only to serialize them again cost more than counting them
        # (tests/reports/test_report_answers.py holds them to the model's rendering).
        return Response(json_bytes(fields), media_type="application/json")
    report = ComplianceReport.model_validate(fields)
    sheet = report_sheet(report, report.jurisdiction_name)
    place = f"-{filters.jurisdiction}" if filters.jurisdiction else ""
    name = f"compliance{place}-by-{group_by.value}-{filters.as_of:%Y%m%d}"
    return download(
        chosen is ReportFormat.CSV, name, "合规情况", sheet.headings, sheet.rows, sheet.widths, sheet.preamble,
        sheet.number_formats,
    )


@router.get(
    "/overdue",
    summary="The overdue list: notices with overdue disclosures, counted, with their items and responsible bodies",
    description=(
        "Disclosures due before `as_of` and not published, counted per notice (jurisdiction, catalog "
        "item, notice type), longest overdue first: what the dashboard lists, all of it. Public, so no "
        "subject is named. `format=csv` or `format=xlsx` (or `Accept`) gives a download under a header "
        "block stating the jurisdiction and `as_of`."
    ),
    response_model=OverdueReport,
    responses={**DOWNLOADS, **problem_responses(UnknownFilterValue)},
)
def overdue(
    database: DatabaseDep,
    jurisdiction: Annotated[str | None, Query(pattern=r"^\d{6}$", examples=["350582"])] = None,
    as_of: Annotated[IsoDate | None, Query(description="Judge overdue on this day; default today in China")] = None,
    format: Annotated[ReportFormat | None, Query(description="json (default), csv or xlsx")] = None,  # noqa: A002
    accept: Annotated[str | None, Header(max_length=512, include_in_schema=False)] = None,
) -> Response:
    as_of = as_of or today_in_china()
    with database.read() as session:
        # Bounded by the notices of the catalogs, not by history: one row per notice.
        report = service.overdue_report(session, jurisdiction, as_of, limit=OVERDUE_LIMIT)
    chosen = format or _format_from(accept)
    if chosen is ReportFormat.JSON:
        return Response(report.model_dump_json(), media_type="application/json")
    sheet = overdue_sheet(report)
    place = f"-{jurisdiction}" if jurisdiction else ""
    return download(
        chosen is ReportFormat.CSV, f"overdue{place}-{as_of:%Y%m%d}", "逾期未公开", sheet.headings, sheet.rows,
        sheet.widths, sheet.preamble,
    )


def _format_from(accept: str | None) -> ReportFormat:
    if accept and XLSX in accept:
        return ReportFormat.XLSX
    if accept and CSV in accept:
        return ReportFormat.CSV
    return ReportFormat.JSON


