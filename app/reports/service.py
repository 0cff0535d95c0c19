"""Gathering the disclosures a report covers, with the groups each falls in."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Row, select, text
from sqlmodel import Session, col

from app.catalog.domains import DOMAINS, DomainCode
from app.catalog.models import Department, Obligation, ObligationResponsible
from app.catalog.service import department_ids
from app.events import service as events
from app.events.models import Disclosure
from app.jurisdictions.schemas import JurisdictionPublic
from app.jurisdictions.service import jurisdiction_index, require_jurisdiction
from app.reports.compliance import CHECKS, DisclosureFacts, by_month, summarize
from app.reports.schemas import DEPARTMENT_NOTE, ComplianceReport, GroupBy, OverdueNotice, OverdueReport, ReportRow
from app.statutes.models import NoticeType


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
        disclosures.notice_type,
        *(disclosures[f"{check}_check"] for check in CHECKS),
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
    name = jurisdiction_index(session).rows[filters.jurisdiction].name if filters.jurisdiction else None
    return {
        group_by: _report(rows, filters, name, group_by, _grouping(session, group_by, rows, wanted_departments))
        for group_by in groupings
    }


def _report(
    rows: list[Row], filters: ReportFilter, jurisdiction_name: str | None, group_by: GroupBy, grouping: "Grouping"
) -> ComplianceReport:
    facts = [
        DisclosureFacts(
            status=row.status,
            due_date=row.due_date,
            published_at=row.published_at,
            groups=grouping.group_of(row),
            checks={check: getattr(row, f"{check}_check") for check in CHECKS},
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
        jurisdiction=filters.jurisdiction,
        jurisdiction_name=jurisdiction_name,
        domain=filters.domain,
        department=filters.department,
        rows=[ReportRow.of(figures).model_copy(update=grouping.places.get(figures.key, {})) for figures in groups],
        totals=ReportRow.of(overall),
        note=DEPARTMENT_NOTE if group_by is GroupBy.DEPARTMENT else None,
    )


@dataclass(frozen=True)
class Grouping:
    group_of: Callable[[Row], tuple[tuple[str, str], ...]]
    """(key, label) of each group a disclosure counts in."""
    places: dict[str, dict[str, str]] = field(default_factory=dict)
    """For a responsible body's or a notice's key: its jurisdiction's code and name."""


def _place(jurisdictions: dict[str, JurisdictionPublic], code: str) -> dict[str, str]:
    return {"jurisdiction": code, "jurisdiction_name": jurisdictions[code].name}


def _items(session: Session, obligation_ids: set[int | None]) -> dict[int, str]:
    wanted = {number for number in obligation_ids if number is not None}
    return dict(session.execute(select(Obligation.id, Obligation.item).where(col(Obligation.id).in_(wanted or {0}))).all())


def _notice_type_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(NoticeType.code, NoticeType.name)).all())


def _notice_key(row: Row) -> str:
    return f"{row.jurisdiction_code}/{row.obligation_id or ''}/{row.notice_type}"


def _grouping(session: Session, group_by: GroupBy, rows: list[Row], only: set[int] | None) -> Grouping:
    if group_by is GroupBy.MONTH:
        return Grouping(lambda row: (by_month(row.due_date),))
    if group_by is GroupBy.DOMAIN:
        names = {code.value: name for code, (name, _) in DOMAINS.items()}
        return Grouping(lambda row: ((row.domain_code, names.get(row.domain_code, row.domain_code)),))
    jurisdictions = jurisdiction_index(session).rows
    if group_by is GroupBy.NOTICE:
        items = _items(session, {row.obligation_id for row in rows})
        notice_names = _notice_type_names(session)

        def notice_of(row: Row) -> tuple[tuple[str, str], ...]:
            item = items.get(row.obligation_id, "（仅适用法律法规）")
            notice = notice_names.get(row.notice_type, row.notice_type)
            return ((_notice_key(row), f"{item} · {notice}" if notice else item),)

        return Grouping(notice_of, {_notice_key(row): _place(jurisdictions, row.jurisdiction_code) for row in rows})
    if group_by is GroupBy.JURISDICTION:
        return Grouping(lambda row: ((row.jurisdiction_code, jurisdictions[row.jurisdiction_code].name),))
    # By department: each responsible body of the disclosure's obligation (only those asked for,
    # when the report is filtered by one).
    links = session.execute(
        select(ObligationResponsible.obligation_id, Department.id, Department.name, Department.jurisdiction_code)
        .join(Department, col(Department.id) == ObligationResponsible.department_id)
        .where(col(ObligationResponsible.obligation_id).in_({row.obligation_id for row in rows} - {None} or {0}))
        .order_by(col(ObligationResponsible.position))
    ).all()
    bodies: dict[int, list[tuple[str, str]]] = {}
    places: dict[str, dict[str, str]] = {}
    for obligation_id, department_id, name, jurisdiction in links:
        if only is None or department_id in only:
            bodies.setdefault(obligation_id, []).append((str(department_id), name))
            places[str(department_id)] = _place(jurisdictions, jurisdiction)
    return Grouping(lambda row: tuple(bodies.get(row.obligation_id, [("none", "未列明责任主体")])), places)


def overdue_report(session: Session, jurisdiction: str | None, as_of: date, limit: int) -> OverdueReport:
    """The notices with overdue disclosures, longest overdue first, named: the jurisdiction, the item,
    the notice type and the item's responsible bodies. Counted by notice, never listed by subject."""
    groups, total = events.overdue_groups(session, jurisdiction, as_of, limit)
    jurisdictions = jurisdiction_index(session).rows
    obligation_ids = {group.obligation_id for group in groups}
    items = _items(session, obligation_ids)
    notice_names = _notice_type_names(session)
    responsible: dict[int, list[str]] = {}
    for obligation_id, name in session.execute(
        select(ObligationResponsible.obligation_id, Department.name)
        .join(Department, col(Department.id) == ObligationResponsible.department_id)
        .where(col(ObligationResponsible.obligation_id).in_(obligation_ids - {None} or {0}))
        .order_by(col(ObligationResponsible.position))
    ).all():
        responsible.setdefault(obligation_id, []).append(name)
    return OverdueReport(
        as_of=as_of,
        jurisdiction=jurisdiction,
        jurisdiction_name=jurisdictions[jurisdiction].name if jurisdiction else None,
        total=total,
        notices=[
            OverdueNotice(
                jurisdiction=group.jurisdiction,
                jurisdiction_name=jurisdictions[group.jurisdiction].name,
                obligation_id=group.obligation_id,
                item=items.get(group.obligation_id),
                notice_type=group.notice_type or None,
                notice_type_name=notice_names.get(group.notice_type),
                responsible=responsible.get(group.obligation_id, []),
                count=group.count,
                earliest_due=group.earliest_due,
                days_overdue=(as_of - group.earliest_due).days,
            )
            for group in groups
        ],
    )


@dataclass(frozen=True)
class JurisdictionChoice:
    code: str
    name: str
    depth: int


# The distinct jurisdictions that have disclosures, one index probe each (a loose index scan on
# ix_disclosures_jurisdiction_status_due): never a read of every disclosure, which a GROUP BY is.
_JURISDICTIONS_WITH_DISCLOSURES = text("""
    WITH RECURSIVE found(code) AS (
        SELECT min(jurisdiction_code) FROM disclosures
        UNION ALL
        SELECT (SELECT min(jurisdiction_code) FROM disclosures WHERE jurisdiction_code > found.code)
        FROM found WHERE found.code IS NOT NULL
    )
    SELECT code FROM found WHERE code IS NOT NULL
""")


def jurisdiction_choices(session: Session, chosen: str | None) -> list[JurisdictionChoice]:
    """The jurisdictions worth choosing on the dashboard: those with disclosures and every one above
    them (their reports roll up); of the country's three thousand, the rest would show nothing."""
    index = jurisdiction_index(session)
    places: set[str] = set()
    for code in session.execute(_JURISDICTIONS_WITH_DISCLOSURES).scalars():
        places.update(index.lineage(code))
    if chosen and chosen in index:
        places.update(index.lineage(chosen))
    return [
        JurisdictionChoice(code, index.rows[code].name, len(index.lineage(code)) - 1)
        for code in sorted(places, key=lambda code: list(reversed(index.lineage(code))))
    ]
