"""Gathering the disclosures a report covers, with the groups each falls in."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import (
    Date,
    DateTime,
    FromClause,
    Integer,
    String,
    Table,
    and_,
    cast,
    false,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
    text,
    union_all,
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
from app.reports.compliance import CHECKS, PASSING, PUBLISHED, STATUSES, Figures, by_month_label
from app.reports.models import MONTH, NO_OBLIGATION, UNDATED, YEAR, DisclosureTally, DisclosureTallyDelta
from app.reports.periods import Coverage, coverage
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
    the number of groups, never with the history. Whole years and months come from the tallies,
    the rest of the range from the disclosures themselves (app/reports/periods.py)."""
    covered, wanted_departments = _covered(session, filters)
    name = jurisdiction_index(session).rows[filters.jurisdiction].name if filters.jurisdiction else None
    reports = {}
    for group_by in groupings:
        grouping = _grouping(session, group_by, wanted_departments)
        plan = coverage(filters.due_from, filters.due_to, filters.as_of, by_month=group_by is GroupBy.MONTH)
        counted = _counted(session, covered, filters.as_of, plan, grouping)
        # A disclosure falls in one group of every grouping but the departments (one per body):
        # there the totals are counted apart, so a shared obligation counts once.
        overall = _counted(session, covered, filters.as_of, plan, None) if group_by is GroupBy.DEPARTMENT else {"all": _combined(counted.values())}
        labels = grouping.label(session, list(counted))
        figures = [_figures(key, labels[key], *counts) for key, counts in counted.items()]
        # Departments in the order they were created (the catalog's order), the rest by code or month.
        order = (lambda key: int(key) if key.isdigit() else 0) if group_by is GroupBy.DEPARTMENT else str
        reports[group_by] = ComplianceReport.model_validate({
            "group_by": group_by,
            "as_of": filters.as_of,
            "due_from": filters.due_from,
            "due_to": filters.due_to,
            "jurisdiction": filters.jurisdiction,
            "jurisdiction_name": name,
            "domain": filters.domain,
            "department": filters.department,
            "rows": [
                ReportRow.fields_of(one) | grouping.places.get(one.key, {})
                for one in sorted(figures, key=lambda one: order(one.key))
            ],
            "totals": ReportRow.fields_of(_figures("all", "合计", *overall.get("all", ({}, {})))),
            "note": DEPARTMENT_NOTE if group_by is GroupBy.DEPARTMENT else None,
        })
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


@dataclass(frozen=True)
class Source:
    """Rows a report counts, with the columns it filters and groups them by."""

    table: FromClause
    jurisdiction_code: ColumnElement
    domain_code: ColumnElement
    obligation_id: ColumnElement
    """Null for a disclosure judged by the statutes alone."""
    notice_type: ColumnElement
    due_date: ColumnElement
    """Null for a disclosure with no due date; a tally's period stands for its due dates."""


def _disclosure_source() -> Source:
    d = DISCLOSURES.c
    return Source(DISCLOSURES, d.jurisdiction_code, d.domain_code, d.obligation_id, d.notice_type, d.due_date)


@dataclass(frozen=True)
class Part:
    """Rows of one source a report counts, and how: their counts, and the late ones by days late."""

    source: Source
    rows: ColumnElement[bool]
    measures: dict[str, ColumnElement]
    days_late: ColumnElement
    late: ColumnElement
    """How many were late, for each days late."""
    late_rows: ColumnElement[bool]


def _tally_source(table: Table, due_date: ColumnElement) -> Source:
    t = table.c
    return Source(table, t.jurisdiction_code, t.domain_code, func.nullif(t.obligation_id, NO_OBLIGATION), t.notice_type, due_date)


def _tally_parts(plan: Coverage) -> list[Part]:
    """The tallies the coverage counts from them, a part for each table and grain: the tallies and,
    on PostgreSQL, the counts not folded into them yet (both in the one statement a report's counts
    are, so a fold committing meanwhile is seen wholly or not at all). A period before as_of's
    month (its year, for a year tally) is past due, one after it not; the undated never are."""
    parts = []
    for table in (DisclosureTally.__table__, DisclosureTallyDelta.__table__):
        t = table.c
        tallied = {"days_late": t.days_late, "late": func.sum(t.published_late), "late_rows": t.days_late >= 0}
        for grain, runs, pivot in (
            (YEAR, plan.years, plan.as_of_month.replace(month=1)),
            (MONTH, plan.months, plan.as_of_month),
        ):
            if runs:
                periods = [
                    and_(t.period >= first if first else t.period != UNDATED, *([t.period <= last] if last else []))
                    for first, last in runs
                ]
                rows = and_(t.grain == grain, or_(*periods))
                parts.append(Part(_tally_source(table, t.period), rows, _tallied_measures(table, pivot), **tallied))
        if plan.undated:
            rows = and_(t.grain == MONTH, t.period == UNDATED)
            parts.append(Part(_tally_source(table, cast(null(), Date)), rows, _tallied_measures(table, None), **tallied))
    return parts


def _disclosure_part(plan: Coverage, as_of: date, dialect: str) -> Part | None:
    """The coverage's days, counted from the disclosures themselves."""
    if not plan.days:
        return None
    d = DISCLOSURES.c
    late_rows = and_(d.status == "published_late", d.published_at.is_not(None), d.due_date.is_not(None))
    return Part(_disclosure_source(), _days_in(plan), _measures(as_of), _days_late(dialect), func.count(), late_rows)


Covered = Callable[[Source], list[ColumnElement[bool]]]


def _covered(session: Session, filters: ReportFilter) -> tuple[Covered, set[int] | None]:
    """The conditions that pick, of a source, the rows a report covers but for their due dates
    (the coverage's to say); the departments asked for."""
    subtree = None
    if filters.jurisdiction:
        # A province's report holds its cities' and counties' disclosures: it rolls up.
        subtree = require_jurisdiction(session, filters.jurisdiction, parameter="jurisdiction").subtree(filters.jurisdiction)
    wanted = set(department_ids(session, filters.department, filters.jurisdiction)) if filters.department else None

    def covered(source: Source) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if subtree is not None:
            conditions.append(source.jurisdiction_code.in_(subtree))
        if filters.domain:
            conditions.append(source.domain_code == filters.domain.value)
        if wanted is not None:
            conditions.append(
                source.obligation_id.in_(
                    select(ObligationResponsible.obligation_id).where(col(ObligationResponsible.department_id).in_(wanted))
                )
            )
        return conditions

    return covered, wanted


def _measures(as_of: date) -> dict[str, ColumnElement]:
    """The counts a group's figures come from, of the disclosures themselves, as plain filtered
    counts (cheap per row): each status (pending past due is overdue), each check's pass, fail and
    not_applicable over the published, and the published with a failed check or with every check
    passed or not applicable. _figures derives the rest (unverified results and verdicts) by the
    definitions of app/reports/compliance.py: a result not recorded is never a pass."""
    d = DISCLOSURES.c
    published = d.status.in_(PUBLISHED)
    checks = [d[f"{name}_check"] for name in CHECKS]
    measures = {
        "pending": func.count().filter(and_(d.status == "pending", d.due_date >= as_of)),
        "overdue": func.count().filter(and_(d.status == "pending", d.due_date < as_of)),
        # A pending disclosure with no due date is not yet due.
        "pending_undated": func.count().filter(and_(d.status == "pending", d.due_date.is_(None))),
        **{status: func.count().filter(d.status == status) for status in ("published_on_time", "published_late", "exempt")},
        **{
            f"{name}__{result}": func.count().filter(and_(published, check == result))
            for name, check in zip(CHECKS, checks, strict=True)
            for result in ("pass", "fail", "not_applicable")
        },
        "published_failing": func.count().filter(and_(published, or_(*(check == "fail" for check in checks)))),
        "published_passing": func.count().filter(and_(published, *(check.in_(PASSING) for check in checks))),
    }
    return measures


def _tallied_measures(table: Table, pivot: date | None) -> dict[str, ColumnElement]:
    """The same counts, added up from tallies; `pivot`: the first day of as_of's month or year."""
    t = table.c
    if pivot is None:
        pending, overdue = func.sum(t.pending_dated), literal(0)
    else:
        pending = func.sum(t.pending_dated).filter(t.period > pivot)
        overdue = func.sum(t.pending_dated).filter(t.period < pivot)
    return {
        "pending": pending,
        "overdue": overdue,
        "pending_undated": func.sum(t.pending_undated),
        **{status: func.sum(t[status]) for status in ("published_on_time", "published_late", "exempt")},
        **{
            f"{name}__{result}": func.sum(t[f"{name}_{result}"])
            for name in CHECKS
            for result in ("pass", "fail", "not_applicable")
        },
        "published_failing": func.sum(t.published_failing),
        "published_passing": func.sum(t.published_passing),
    }


def _days_in(plan: Coverage) -> ColumnElement[bool]:
    """The disclosures due on the coverage's days. Every status a report counts is named, though no
    other is stored: PostgreSQL then reads ix_disclosures_status_due_date by range, one status after
    another, where a due date alone would have it read the whole index."""
    d = DISCLOSURES.c
    if not plan.days:
        return false()
    return and_(d.status.in_(STORED_STATUSES), or_(*(d.due_date.between(first, last) for first, last in plan.days)))


STORED_STATUSES = tuple(status for status in STATUSES if status != "overdue")
"""Overdue is judged on a report's day, never stored."""


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
    session: Session, covered: Covered, as_of: date, plan: Coverage, grouping: "Grouping | None"
) -> dict[str, Counted]:
    """Each group's counts and lateness histogram, by group key ("all" without a grouping): one
    statement for the counts and one for the late disclosures' days late, each adding up the
    tallies and counting the days left to the disclosures."""
    dialect = session.get_bind().dialect.name
    counts_parts, lateness_parts = [], []
    parts = [*_tally_parts(plan), *filter(None, [_disclosure_part(plan, as_of, dialect)])]
    if not parts:  # a range that covers no day (`from` after `to`): nothing to count
        return {}
    for part in parts:
        source = part.source
        key = grouping.key(source, dialect) if grouping else literal_column("'all'")
        joined = grouping.joined(source) if grouping else source.table
        counting = select(key.label("group_key"), *(part.measures[name].label(name) for name in MEASURE_NAMES))
        counting = counting.select_from(joined).where(*covered(source), part.rows)
        lateness = select(key.label("group_key"), part.days_late.label("days"), part.late.label("late"))
        lateness = lateness.select_from(joined).where(*covered(source), part.rows, part.late_rows)
        counts_parts.append(counting.group_by(key) if grouping else counting)
        lateness_parts.append(lateness.group_by(key, part.days_late) if grouping else lateness.group_by(part.days_late))
    histograms: dict[str, dict[int, int]] = {}
    for group, late_by, late in session.execute(union_all(*lateness_parts)).all():
        if late:
            histogram = histograms.setdefault(str(group), {})
            histogram[int(late_by)] = histogram.get(int(late_by), 0) + int(late)
    summed: dict[str, list[int]] = {}
    for group, *values in session.execute(union_all(*counts_parts)).all():
        counts = [value or 0 for value in values]
        earlier = summed.get(str(group))
        # A group is in one or two of the parts (a year's tallies, a month's, some days): mostly one.
        summed[str(group)] = counts if earlier is None else [a + b for a, b in zip(earlier, counts, strict=True)]
    # Without a grouping, nothing covered still gives a row of zeros; a tally counted down to
    # nothing gives one too.
    return {
        group: (dict(zip(MEASURE_NAMES, counts, strict=True)), histograms.get(group, {}))
        for group, counts in summed.items()
        if any(counts)
    }


MEASURE_NAMES = tuple(_measures(date.min))


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
    key: Callable[[Source, str | None], ColumnElement]
    """The group key as SQL, of a source's columns, for a dialect."""
    label: Callable[[Session, list[str]], dict[str, str]]
    """Each counted key's label."""
    joined: Callable[[Source], FromClause] = lambda source: source.table
    """What the key is read from: the source, or the source joined to what the key needs."""
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
    if group_by is GroupBy.MONTH:
        def month(source: Source, dialect: str | None) -> ColumnElement:
            due = source.due_date
            # to_char of a timestamp: of a date it would convert to timestamptz, in the session's zone, per row.
            formatted = func.to_char(cast(due, DateTime), "YYYY-MM") if dialect == "postgresql" else func.strftime("%Y-%m", due)
            return func.coalesce(formatted, literal("none"))

        return Grouping(month, lambda _session, keys: {key: by_month_label(key) for key in keys})
    if group_by is GroupBy.DOMAIN:
        names = {code.value: name for code, (name, _) in DOMAINS.items()}
        return Grouping(lambda source, _dialect: source.domain_code, lambda _session, keys: {key: names.get(key, key) for key in keys})
    jurisdictions = jurisdiction_index(session).rows
    if group_by is GroupBy.JURISDICTION:
        return Grouping(
            lambda source, _dialect: source.jurisdiction_code,
            lambda _session, keys: {key: jurisdictions[key].name for key in keys},
        )
    if group_by is GroupBy.NOTICE:
        # jurisdiction/obligation/notice type: one item's one notice in one place.
        def notice(source: Source, _dialect: str | None) -> ColumnElement:
            obligation = func.coalesce(cast(source.obligation_id, String), literal(""))
            return source.jurisdiction_code + NOTICE_SEPARATOR + obligation + NOTICE_SEPARATOR + source.notice_type

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

    def department(_source: Source, _dialect: str | None) -> ColumnElement:
        return func.coalesce(cast(bodies.c.department_id, String), literal("none"))

    def joined(source: Source) -> FromClause:
        return source.table.outerjoin(bodies, bodies.c.obligation_id == source.obligation_id)

    return Grouping(department, department_labels, joined=joined, places=department_places)


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
