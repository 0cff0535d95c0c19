"""/dashboard: what supervisors look at, rendered on the server from the compliance report.

On-time and compliance rates by department (by jurisdiction when the whole country is shown) and
by domain, the monthly trend and the overdue list, for one jurisdiction (or all) and a window of
due dates; every table downloads as CSV or XLSX with the same filters, and a department or domain
opens onto its notices (/dashboard/notices). The page is public: it counts, by notice, and never
lists a platform's subjects. Plain HTML with inline SVG charts and a few lines of script that only
mark the page once the charts have been laid out (the browser test reads that mark).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.catalog.domains import DOMAINS, DomainCode
from app.core.database import DatabaseDep
from app.core.turns import heavy_reads
from app.core.validation import CHINA, IsoDate, today_in_china
from app.reports import charts, service
from app.reports.schemas import GroupBy, ReportRow
from app.subscriptions.service import push_summary

router = APIRouter(tags=["reports"])
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
OVERDUE_SHOWN = 100
Jurisdiction = Annotated[str | None, Query(pattern=r"^(\d{6})?$")]
DueFrom = Annotated[IsoDate | None, Query(alias="from")]
DueTo = Annotated[IsoDate | None, Query(alias="to")]


def query(params: dict[str, Any], **more: Any) -> str:
    """A query string of the filters that are set (the report endpoints refuse empty ones)."""
    return urlencode({name: value for name, value in {**params, **more}.items() if value not in (None, "")})


templates.env.globals["query"] = query
templates.env.globals["china"] = CHINA


@dataclass(frozen=True)
class GroupTable:
    """A chart and its table of one grouping, with where each row leads."""

    name: str
    heading: str
    chart: str
    rows: list[ReportRow]
    download: dict[str, Any]
    links: Callable[[ReportRow], list[tuple[str, str]]]
    note: str | None = None


@router.get(
    "/dashboard", response_class=HTMLResponse, include_in_schema=False,
    dependencies=[Depends(heavy_reads.take, scope="function")],
)
def dashboard(
    request: Request,
    database: DatabaseDep,
    jurisdiction: Jurisdiction = None,
    due_from: DueFrom = None,
    due_to: DueTo = None,
    as_of: Annotated[IsoDate | None, Query()] = None,
) -> HTMLResponse:
    as_of = as_of or today_in_china()
    # Year 1 has no year before it: its window starts there (a report counts it as the calendar's start).
    due_from = due_from or date(max(as_of.year, 2), 1, 1) - timedelta(days=365)
    jurisdiction = jurisdiction or None
    filters = service.ReportFilter(
        jurisdiction=jurisdiction, domain=None, department=None, due_from=due_from, due_to=due_to, as_of=as_of
    )
    # The whole country has too many bodies to read one by one: it is shown by jurisdiction.
    by_place = GroupBy.DEPARTMENT if jurisdiction else GroupBy.JURISDICTION
    with database.read() as session:
        reports = service.compliance_reports(session, filters, (by_place, GroupBy.DOMAIN, GroupBy.MONTH))
        overdue = service.overdue_report(session, jurisdiction, as_of, OVERDUE_SHOWN)
        choices = service.jurisdiction_choices(session, jurisdiction)
        push = push_summary(session)
    window = {"from": due_from, "to": due_to, "as_of": as_of}
    shown = {"jurisdiction": jurisdiction, **window}

    def notices(**narrowed: Any) -> str:
        return f"/dashboard/notices?{query({**shown, **narrowed})}"

    def place_links(row: ReportRow) -> list[tuple[str, str]]:
        if by_place is GroupBy.JURISDICTION:
            return [("看板", f"/dashboard?{query({**window, 'jurisdiction': row.key})}"),
                    ("公开事项", notices(jurisdiction=row.key))]
        if row.key == "none":
            return []
        return [("公开事项", notices(jurisdiction=row.jurisdiction, department=row.label))]

    place_report = reports[by_place]
    tables = [
        GroupTable(
            name=by_place.value,
            heading="责任主体" if jurisdiction else "行政区划",
            chart=charts.rates("各责任主体按时公开率与合规率" if jurisdiction else "各地区按时公开率与合规率", place_report.rows),
            rows=place_report.rows,
            download={**shown, "group_by": by_place.value},
            links=place_links,
            note=place_report.note.zh if place_report.note else None,
        ),
        GroupTable(
            name="domain",
            heading="公开领域",
            chart=charts.rates("各公开领域按时公开率与合规率", reports[GroupBy.DOMAIN].rows),
            rows=reports[GroupBy.DOMAIN].rows,
            download={**shown, "group_by": "domain"},
            links=lambda row: [("公开事项", notices(domain=row.key))],
        ),
    ]
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            "jurisdiction": jurisdiction or "",
            "jurisdictions": choices,
            "place": f"{place_report.jurisdiction_name}（{jurisdiction}）" if jurisdiction else "全国（按地区汇总）",
            "due_from": due_from,
            "due_to": due_to,
            "as_of": as_of,
            "totals": reports[GroupBy.DOMAIN].totals,
            "tables": tables,
            "trend_chart": charts.monthly_trend(reports[GroupBy.MONTH].rows),
            "months": [row for row in reports[GroupBy.MONTH].rows if row.key != "none"],
            "month_download": {**shown, "group_by": "month"},
            "overdue": overdue,
            "overdue_download": {"jurisdiction": jurisdiction, "as_of": as_of},
            "shown": OVERDUE_SHOWN,
            "push": push,
        },
    )


@router.get("/dashboard/notices", response_class=HTMLResponse, include_in_schema=False)
def notices(
    request: Request,
    database: DatabaseDep,
    jurisdiction: Jurisdiction = None,
    domain: Annotated[DomainCode | None, Query()] = None,
    department: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    due_from: DueFrom = None,
    due_to: DueTo = None,
    as_of: Annotated[IsoDate | None, Query()] = None,
) -> HTMLResponse:
    """A department's or a domain's figures, notice by notice: the public drill-down. Subjects stay
    behind `GET /v1/disclosures`, which needs a key."""
    as_of = as_of or today_in_china()
    filters = service.ReportFilter(
        jurisdiction=jurisdiction or None, domain=domain, department=department, due_from=due_from, due_to=due_to,
        as_of=as_of,
    )
    with database.read() as session:
        report = service.compliance_report(session, filters, GroupBy.NOTICE)
    window = {"from": due_from, "to": due_to, "as_of": as_of}
    subject = department or (DOMAINS[domain][0] if domain else report.jurisdiction_name or "全部")
    return templates.TemplateResponse(
        request,
        "notices.html",
        {
            "report": report,
            "subject": subject,
            "place": f"{report.jurisdiction_name}（{jurisdiction}）" if jurisdiction else "全国",
            "due_from": due_from,
            "due_to": due_to,
            "as_of": as_of,
            "back": f"/dashboard?{query({'jurisdiction': jurisdiction, **window})}",
            "download": {"jurisdiction": jurisdiction, "domain": domain, "department": department,
                         "group_by": "notice", **window},
        },
    )
