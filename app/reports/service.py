"""Gathering the disclosures a report covers, with the groups each falls in."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    Date,
    FromClause,
    Integer,
    String,
    and_,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.catalog.domains import DOMAINS, DomainCode
from app.catalog.models import Department, Obligation, ObligationResponsible
from app.catalog.service import department_ids
from app.events import service as events
from app.events.models import Disclosure
from app.jurisdictions.schemas import JurisdictionPublic
from app.jurisdictions.service import jurisdiction_index, require_jurisdiction
from app.reports.compliance import CHECKS, PASSING, PUBLISHED, Figures, by_month_label
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
    """One report per grouping, each counted by the database (GROUP BY): the work here grows with
    the number of groups, never with the history."""
    covered, wanted_departments = _covered(session, filters)
    name = jurisdiction_index(session).rows[filters.jurisdiction].name if filters.jurisdiction else None
    reports = {}
    for group_by in groupings:
        grouping = _grouping(session, group_by, wanted_departments)
        counted = _counted(session, covered, filters.as_of, grouping)
        # A disclosure falls in one group of every grouping but the departments (one per body):
        # there the totals are counted apart, so a shared obligation counts once.
        overall = _counted(session, covered, filters.as_of, None) if group_by is GroupBy.DEPARTMENT else {"all": _combined(counted.values())}
        labels = grouping.label(session, list(counted))
        figures = [_figures(key, labels[key], *counts) for key, counts in counted.items()]
        # Departments in the order they were created (the catalog's order), the rest by code or month.
        order = (lambda key: int(key) if key.isdigit() else 0) if group_by is GroupBy.DEPARTMENT else str
        reports[group_by] = ComplianceReport(
            group_by=group_by,
            as_of=filters.as_of,
            due_from=filters.due_from,
            due_to=filters.due_to,
            jurisdiction=filters.jurisdiction,
            jurisdiction_name=name,
            domain=filters.domain,
            department=filters.department,
            rows=[
                ReportRow.of(one).model_copy(update=grouping.places.get(one.key, {}))
                for one in sorted(figures, key=lambda one: order(one.key))
            ],
            totals=ReportRow.of(_figures("all", "合计", *overall.get("all", ({}, {})))),
            note=DEPARTMENT_NOTE if group_by is GroupBy.DEPARTMENT else None,
        )
    return reports


Counted = tuple[dict[str, int], dict[int, int]]
"""A group's counts (by measure name) and the histogram of its late disclosures' days late."""


def _combined(groups: Iterable[Counted]) -> Counted:
    counts: dict[str, int] = {}
    histogram: dict[int, int] = {}
    for group_counts, group_histogram in groups:
        for name, value in group_counts.items():
            counts[name] = counts.get(name, 0) + value
        for days, late in group_histogram.items():
            histogram[days] = histogram.get(days, 0) + late
    return counts, histogram


def _figures(key: str, label: str, counts: dict[str, int], histogram: dict[int, int]) -> Figures:
    """A group's figures from what the database counted: every status, check result and verdict by
    the definitions of app/reports/compliance.py (a result not recorded is never a pass)."""
    derived = dict.fromkeys(("pending", "overdue", "published_on_time", "published_late", "exempt"), 0) | counts
    derived["pending"] += derived.pop("pending_undated", 0)
    published = derived["published_on_time"] + derived["published_late"]
    for name in CHECKS:
        known = sum(derived.get(f"{name}__{result}", 0) for result in ("pass", "fail", "not_applicable"))
        derived[f"{name}__unverified"] = published - known
    failing, passing = derived.pop("published_failing", 0), derived.pop("published_passing", 0)
    derived.update(noncompliant=derived["overdue"] + failing, compliant=passing, unverified=published - failing - passing)
    return Figures.counted(key, label, derived, median_of(histogram))


DISCLOSURES = Disclosure.__table__


def _covered(session: Session, filters: ReportFilter) -> tuple[list[ColumnElement[bool]], set[int] | None]:
    """The conditions that pick the disclosures a report covers; the departments asked for."""
    d = DISCLOSURES.c
    covered: list[ColumnElement[bool]] = []
    if filters.jurisdiction:
        # A province's report holds its cities' and counties' disclosures: it rolls up.
        subtree = require_jurisdiction(session, filters.jurisdiction, parameter="jurisdiction").subtree(filters.jurisdiction)
        if subtree is not None:
            covered.append(d.jurisdiction_code.in_(subtree))
    if filters.domain:
        covered.append(d.domain_code == filters.domain.value)
    wanted = None
    if filters.department:
        wanted = set(department_ids(session, filters.department, filters.jurisdiction))
        covered.append(
            d.obligation_id.in_(
                select(ObligationResponsible.obligation_id).where(col(ObligationResponsible.department_id).in_(wanted))
            )
        )
    if filters.due_from:
        covered.append(d.due_date >= filters.due_from)
    if filters.due_to:
        covered.append(d.due_date <= filters.due_to)
    return covered, wanted


def _measures(as_of: date) -> list[ColumnElement]:
    """The counts a group's figures come from, as plain filtered counts (cheap per row): each
    status (pending past due is overdue), each check's pass, fail and not_applicable over the
    published, and the published with a failed check or with every check passed or not applicable.
    Figures.counted derives the rest (unverified results and verdicts) by the definitions of
    app/reports/compliance.py: a result not recorded is never a pass."""
    d = DISCLOSURES.c
    published = d.status.in_(PUBLISHED)
    checks = [d[f"{name}_check"] for name in CHECKS]
    measures = [
        func.count().filter(and_(d.status == "pending", d.due_date >= as_of)).label("pending"),
        func.count().filter(and_(d.status == "pending", d.due_date < as_of)).label("overdue"),
        # A pending disclosure with no due date is not yet due.
        func.count().filter(and_(d.status == "pending", d.due_date.is_(None))).label("pending_undated"),
        *(func.count().filter(d.status == status).label(status) for status in ("published_on_time", "published_late", "exempt")),
    ]
    measures += [
        func.count().filter(and_(published, check == result)).label(f"{name}__{result}")
        for name, check in zip(CHECKS, checks, strict=True)
        for result in ("pass", "fail", "not_applicable")
    ]
    measures += [
        func.count().filter(and_(published, or_(*(check == "fail" for check in checks)))).label("published_failing"),
        func.count().filter(and_(published, *(check.in_(PASSING) for check in checks))).label("published_passing"),
    ]
    return measures


def _days_late(dialect: str) -> ColumnElement:
    """Calendar days from the due date to the publication's date in China, never below 0."""
    d = DISCLOSURES.c
    if dialect == "postgresql":
        published_day = cast(func.timezone("Asia/Shanghai", d.published_at), Date)
        return func.greatest(0, published_day - d.due_date)
    # SQLite keeps instants as UTC text; China is UTC+8 all year (no daylight saving since 1991).
    days = func.julianday(func.date(d.published_at, "+8 hours")) - func.julianday(d.due_date)
    return func.max(0, cast(days, Integer))


def _counted(
    session: Session, covered: list[ColumnElement[bool]], as_of: date, grouping: "Grouping | None"
) -> dict[str, Counted]:
    """Each group's counts and lateness histogram, by group key ("all" without a grouping): one
    GROUP BY for the counts, one for the late disclosures' days late."""
    d = DISCLOSURES.c
    dialect = session.get_bind().dialect.name
    key = grouping.key(dialect) if grouping else literal_column("'all'")
    source = grouping.source if grouping else DISCLOSURES
    statement = select(key.label("group_key"), *_measures(as_of)).select_from(source).where(*covered)
    days = _days_late(dialect)
    lateness = (
        select(key.label("group_key"), days.label("days"), func.count().label("late"))
        .select_from(source)
        .where(*covered, d.status == "published_late", d.published_at.is_not(None), d.due_date.is_not(None))
    )
    if grouping:
        statement, lateness = statement.group_by(key), lateness.group_by(key, days)
    else:
        lateness = lateness.group_by(days)
    histograms: dict[str, dict[int, int]] = {}
    for group, late_by, late in session.execute(lateness).all():
        histograms.setdefault(str(group), {})[int(late_by)] = late
    counted = {}
    for row in session.execute(statement).mappings().all():
        counts = {name: row[name] or 0 for name in row.keys() if name != "group_key"}
        if any(counts.values()):  # without a grouping, nothing covered still gives one row of zeros
            counted[str(row["group_key"])] = (counts, histograms.get(str(row["group_key"]), {}))
    return counted


def median_of(histogram: dict[int, int]) -> float | None:
    """The median of the values a histogram (value → how many) holds, exactly as statistics.median
    gives it of the values listed one by one."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = ((total - 1) // 2, total // 2)
    seen, found = 0, []
    for value in sorted(histogram):
        for position in middle:
            if seen <= position < seen + histogram[value]:
                found.append(value)
        seen += histogram[value]
    return sum(found) / 2


@dataclass(frozen=True)
class Grouping:
    key: Callable[[str | None], ColumnElement]
    """The group key as SQL, for a dialect."""
    label: Callable[[Session, list[str]], dict[str, str]]
    """Each counted key's label."""
    source: FromClause = DISCLOSURES
    places: dict[str, dict[str, str]] = field(default_factory=dict)
    """For a responsible body's or a notice's key: its jurisdiction's code and name."""


def _place(jurisdictions: dict[str, JurisdictionPublic], code: str) -> dict[str, str]:
    return {"jurisdiction": code, "jurisdiction_name": jurisdictions[code].name}


def _items(session: Session, obligation_ids: set[int | None]) -> dict[int, str]:
    wanted = {number for number in obligation_ids if number is not None}
    return dict(session.execute(select(Obligation.id, Obligation.item).where(col(Obligation.id).in_(wanted or {0}))).all())


def _notice_type_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(NoticeType.code, NoticeType.name)).all())


NOTICE_SEPARATOR = "/"


def _grouping(session: Session, group_by: GroupBy, only: set[int] | None) -> Grouping:
    d = DISCLOSURES.c
    if group_by is GroupBy.MONTH:
        def month(dialect: str | None) -> ColumnElement:
            formatted = func.to_char(d.due_date, "YYYY-MM") if dialect == "postgresql" else func.strftime("%Y-%m", d.due_date)
            return func.coalesce(formatted, literal("none"))

        return Grouping(month, lambda _session, keys: {key: by_month_label(key) for key in keys})
    if group_by is GroupBy.DOMAIN:
        names = {code.value: name for code, (name, _) in DOMAINS.items()}
        return Grouping(lambda _dialect: d.domain_code, lambda _session, keys: {key: names.get(key, key) for key in keys})
    jurisdictions = jurisdiction_index(session).rows
    if group_by is GroupBy.JURISDICTION:
        return Grouping(lambda _dialect: d.jurisdiction_code, lambda _session, keys: {key: jurisdictions[key].name for key in keys})
    if group_by is GroupBy.NOTICE:
        # jurisdiction/obligation/notice type: one item's one notice in one place.
        def notice(_dialect: str | None) -> ColumnElement:
            obligation = func.coalesce(cast(d.obligation_id, String), literal(""))
            return d.jurisdiction_code + NOTICE_SEPARATOR + obligation + NOTICE_SEPARATOR + d.notice_type

        places: dict[str, dict[str, str]] = {}

        def notice_labels(session: Session, keys: list[str]) -> dict[str, str]:
            parts = {key: key.split(NOTICE_SEPARATOR, 2) for key in keys}
            items = _items(session, {int(obligation) for _, obligation, _ in parts.values() if obligation})
            notice_names = _notice_type_names(session)
            labels = {}
            for key, (place, obligation, notice_type) in parts.items():
                item = items.get(int(obligation), "") if obligation else "（仅适用法律法规）"
                name = notice_names.get(notice_type, notice_type)
                labels[key] = f"{item} · {name}" if name else item
                places[key] = _place(jurisdictions, place)
            return labels

        return Grouping(notice, notice_labels, places=places)
    # By department: each responsible body of the disclosure's obligation (only those asked for,
    # when the report is filtered by one), joined in the database so a shared obligation counts
    # once under each of its bodies and the totals still count it once.
    bodies = select(ObligationResponsible.obligation_id, ObligationResponsible.department_id)
    if only is not None:
        bodies = bodies.where(col(ObligationResponsible.department_id).in_(only))
    bodies = bodies.subquery()
    source = DISCLOSURES.outerjoin(bodies, bodies.c.obligation_id == d.obligation_id)
    department_places: dict[str, dict[str, str]] = {}

    def department_labels(session: Session, keys: list[str]) -> dict[str, str]:
        ids = {int(key) for key in keys if key.isdigit()}
        labels = {"none": "未列明责任主体"}
        for number, name, place in session.execute(
            select(Department.id, Department.name, Department.jurisdiction_code).where(col(Department.id).in_(ids or {0}))
        ).all():
            labels[str(number)] = name
            department_places[str(number)] = _place(jurisdictions, place)
        return labels

    def department(_dialect: str | None) -> ColumnElement:
        return func.coalesce(cast(bodies.c.department_id, String), literal("none"))

    return Grouping(department, department_labels, source=source, places=department_places)


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
