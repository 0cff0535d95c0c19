"""/dashboard: what supervisors look at, rendered on the server from the compliance report.

On-time rate by department and by domain, the overdue list and the monthly trend, for one
jurisdiction (or all) and a window of due dates. Plain HTML with inline SVG charts and a few
lines of script that only mark the page once the charts have been laid out (the browser test
reads that mark).
"""

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlmodel import col, select

from app.catalog.models import Obligation
from app.core.database import DatabaseDep
from app.core.validation import IsoDate, today_in_china
from app.events import service as events
from app.jurisdictions.models import Jurisdiction
from app.reports import charts, service
from app.reports.schemas import GroupBy

router = APIRouter(tags=["reports"])
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
OVERDUE_SHOWN = 100


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard(
    request: Request,
    database: DatabaseDep,
    jurisdiction: Annotated[str | None, Query(pattern=r"^(\d{6})?$")] = None,
    due_from: Annotated[IsoDate | None, Query(alias="from")] = None,
    due_to: Annotated[IsoDate | None, Query(alias="to")] = None,
    as_of: Annotated[IsoDate | None, Query()] = None,
) -> HTMLResponse:
    as_of = as_of or today_in_china()
    due_from = due_from or date(as_of.year, 1, 1) - timedelta(days=365)
    filters = service.ReportFilter(
        jurisdiction=jurisdiction or None, domain=None, department=None, due_from=due_from, due_to=due_to, as_of=as_of
    )
    with database.read() as session:
        reports = service.compliance_reports(session, filters, (GroupBy.DEPARTMENT, GroupBy.DOMAIN, GroupBy.MONTH))
        # Counted by notice, never listed by subject: the page is public, the subjects are the platforms'.
        overdue, overdue_total = events.overdue_groups(session, jurisdiction or None, as_of, OVERDUE_SHOWN)
        jurisdictions = session.exec(select(Jurisdiction).order_by(Jurisdiction.code)).all()
        shown = {group.obligation_id for group in overdue}
        items = dict(session.exec(select(Obligation.id, Obligation.item).where(col(Obligation.id).in_(shown or {0}))).all())
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            "jurisdiction": jurisdiction or "",
            "jurisdictions": jurisdictions,
            "due_from": due_from,
            "due_to": due_to,
            "as_of": as_of,
            "totals": reports[GroupBy.DOMAIN].totals,
            "department_chart": charts.on_time_rates("各责任主体按时公开率", reports[GroupBy.DEPARTMENT].rows),
            "domain_chart": charts.on_time_rates("各公开领域按时公开率", reports[GroupBy.DOMAIN].rows),
            "trend_chart": charts.monthly_trend(reports[GroupBy.MONTH].rows),
            "overdue": overdue,
            "overdue_total": overdue_total,
            "items": items,
        },
    )
