"""Gathering the disclosures a report covers, with the groups each falls in."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from app.catalog.domains import DOMAINS, DomainCode
from app.catalog.models import Department, ObligationResponsible
from app.catalog.service import department_ids
from app.events.models import Disclosure
from app.jurisdictions.service import jurisdiction_index, require_jurisdiction
from app.reports.compliance import DisclosureFacts, by_month, summarize
from app.reports.schemas import ComplianceReport, GroupBy, ReportRow


@dataclass(frozen=True)
class ReportFilter:
    jurisdiction: str | None
    domain: DomainCode | None
    department: str | None
    due_from: date | None
    due_to: date | None
    as_of: date


def compliance_report(session: Session, filters: ReportFilter, group_by: GroupBy) -> ComplianceReport:
    return compliance_reports(session, filters, (group_by,))[group_by]


def compliance_reports(
    session: Session, filters: ReportFilter, groupings: tuple[GroupBy, ...]
) -> dict[GroupBy, ComplianceReport]:
    """One report per grouping, from one read of the disclosures they all cover."""
    disclosures = Disclosure.__table__.c
    statement = select(
        disclosures.id,
        disclosures.status,
        disclosures.due_date,
        disclosures.published_at,
        disclosures.jurisdiction_code,
        disclosures.domain_code,
        disclosures.obligation_id,
    )
    if filters.jurisdiction:
        # A province's report holds its cities' and counties' disclosures: it rolls up.
        subtree = require_jurisdiction(session, filters.jurisdiction, parameter="jurisdiction").subtree(filters.jurisdiction)
        if subtree is not None:
            statement = statement.where(disclosures.jurisdiction_code.in_(subtree))
    if filters.domain:
        statement = statement.where(disclosures.domain_code == filters.domain.value)
    wanted_departments = None
    if filters.department:
        wanted_departments = set(department_ids(session, filters.department, filters.jurisdiction))
        statement = statement.where(
            disclosures.obligation_id.in_(
                select(ObligationResponsible.obligation_id).where(
                    col(ObligationResponsible.department_id).in_(wanted_departments)
                )
            )
        )
    if filters.due_from:
        statement = statement.where(disclosures.due_date >= filters.due_from)
    if filters.due_to:
        statement = statement.where(disclosures.due_date <= filters.due_to)
    rows = session.execute(statement.order_by(disclosures.id)).all()
    obligation_ids = {row.obligation_id for row in rows}
    return {
        group_by: _report(rows, filters, group_by, _grouping(session, group_by, obligation_ids, wanted_departments))
        for group_by in groupings
    }


def _report(rows: list, filters: ReportFilter, group_by: GroupBy, group_of) -> ComplianceReport:  # noqa: ANN001
    facts = [
        DisclosureFacts(
            status=row.status, due_date=row.due_date, published_at=row.published_at, groups=group_of(row)
        )
        for row in rows
    ]
    # Departments in the order they were created (the catalog's order), the rest by code or month.
    order = (lambda key: int(key) if key.isdigit() else 0) if group_by is GroupBy.DEPARTMENT else str
    groups, overall = summarize(facts, filters.as_of, order)
    return ComplianceReport(
        group_by=group_by,
        as_of=filters.as_of,
        due_from=filters.due_from,
        due_to=filters.due_to,
        rows=[ReportRow.of(figures) for figures in groups],
        totals=ReportRow.of(overall),
    )


def _grouping(session: Session, group_by: GroupBy, obligation_ids: set[int], only: set[int] | None):  # noqa: ANN202
    if group_by is GroupBy.MONTH:
        return lambda row: (by_month(row.due_date),)
    if group_by is GroupBy.DOMAIN:
        names = {code.value: name for code, (name, _) in DOMAINS.items()}
        return lambda row: ((row.domain_code, names.get(row.domain_code, row.domain_code)),)
    if group_by is GroupBy.JURISDICTION:
        jurisdictions = jurisdiction_index(session).rows
        return lambda row: ((row.jurisdiction_code, jurisdictions[row.jurisdiction_code].name),)
    # By department: each responsible body of the disclosure's obligation (only those asked for,
    # when the report is filtered by one).
    links = session.execute(
        select(ObligationResponsible.obligation_id, Department.id, Department.name)
        .join(Department, col(Department.id) == ObligationResponsible.department_id)
        .where(col(ObligationResponsible.obligation_id).in_(obligation_ids or {0}))
        .order_by(col(ObligationResponsible.position))
    ).all()
    bodies: dict[int, list[tuple[str, str]]] = {}
    for obligation_id, department_id, name in links:
        if only is None or department_id in only:
            bodies.setdefault(obligation_id, []).append((str(department_id), name))
    return lambda row: tuple(bodies.get(row.obligation_id, [("none", "未列明责任主体")]))
