"""Gathering the disclosures a report covers, with the groups each falls in."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter

from sqlalchemy import (
    CTE,
    Date,
    DateTime,
    FromClause,
    Integer,
    String,
    Table,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    null,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from app.catalog.domains import DOMAINS, DomainCode
from app.catalog.models import Department, Obligation, ObligationResponsible
from app.catalog.service import department_ids, obligations_of
from app.events import service as events
from app.events.models import Disclosure
from app.jurisdictions.schemas import JurisdictionPublic
from app.jurisdictions.service import jurisdiction_index, subtree_of, within
from app.reports.compliance import CHECKS, PASSING, PUBLISHED, STATUSES, by_month_label, row_fields
from app.reports.models import MONTH, NO_OBLIGATION, NOT_LATE, UNDATED, YEAR, DisclosureTally, DisclosureTallyDelta
from app.reports.periods import Coverage, coverage
from app.reports.schemas import DEPARTMENT_NOTE, ComplianceReport, GroupBy, OverdueNotice, OverdueReport
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
    return ComplianceReport.model_validate(compliance_fields(session, filters, (group_by,))[group_by])


def compliance_reports(
    session: Session, filters: ReportFilter, groupings: tuple[GroupBy, ...]
) -> dict[GroupBy, ComplianceReport]:
    return {
        group_by: ComplianceReport.model_validate(fields)
        for group_by, fields in compliance_fields(session, filters, groupings).items()
    }


REPORT_WORK_MEM = "64MB"
"""PostgreSQL's memory for a report's grouping (see compliance_fields)."""


def compliance_fields(session: Session, filters: ReportFilter, groupings: tuple[GroupBy, ...]) -> dict[GroupBy, dict]:
    """One report per grouping as plain values, in the API's names (ComplianceReport's fields, as
    its JSON has them), each counted by the database: the work here grows with the number of
    groups, never with the history. Whole years and months come from the tallies, the rest of the
    range from the disclosures themselves (app/reports/periods.py)."""
    scope = _scope(session, filters)
    if session.get_bind().dialect.name == "postgresql":
        # A national report adds up tens of thousands of tally rows into thousands of groups, by
        # hash: in PostgreSQL's default 4 MB it would sort them on disk instead, at twice the time.
        # Reports take turns (app/core/turns.py), so one at a time holds this much.
        session.execute(text(f"SET LOCAL work_mem = '{REPORT_WORK_MEM}'"))
    name = jurisdiction_index(session).rows[filters.jurisdiction].name if filters.jurisdiction else None
    reports = {}
    for group_by in groupings:
        grouping = _grouping(session, group_by)
        plan = coverage(filters.due_from, filters.due_to, filters.as_of, by_month=group_by is GroupBy.MONTH)
        groups, overall = _counted(session, scope, filters.as_of, plan, grouping)
        if grouping.overlapping:
            # A disclosure under several groups counts once in the totals, so they are counted apart.
            _, overall = _counted(session, scope, filters.as_of, plan, None)
        labels = grouping.label(session, list(groups))
        # Departments in the order they were created (the catalog's order), the rest by code or month.
        order = (lambda key: int(key) if key.isdigit() else 0) if group_by is GroupBy.DEPARTMENT else str
        reports[group_by] = {
            "group_by": group_by.value,
            "as_of": filters.as_of,
            "due_from": filters.due_from,
            "due_to": filters.due_to,
            "jurisdiction": filters.jurisdiction,
            "jurisdiction_name": name,
            "domain": filters.domain.value if filters.domain else None,
            "department": filters.department,
            "rows": [
                _row(key, labels[key], groups[key]) | grouping.places.get(key, {})
                for key in sorted(groups, key=order)
            ],
            "totals": _row("all", "合计", overall),
            "note": DEPARTMENT_NOTE.model_dump() if group_by is GroupBy.DEPARTMENT else None,
        }
    return reports


def _row(key: str, label: str, counted: "Counted") -> dict:
    """A group's row from what the database counted: every status, check result and verdict by the
    definitions of app/reports/compliance.py (a result not recorded is never a pass)."""
    pending, undated, overdue, on_time, late, exempt, failing, passing = _STATUS_MEASURES(counted.measures)
    published = on_time + late
    checks = {}
    for name, results in _CHECK_MEASURES:
        passed, failed, inapplicable = results(counted.measures)
        unverified = published - passed - failed - inapplicable
        checks[name] = {"pass": passed, "fail": failed, "unverified": unverified, "not_applicable": inapplicable}
    counts = {"pending": pending + undated, "overdue": overdue, "published_on_time": on_time, "published_late": late, "exempt": exempt}
    verdicts = {"compliant": passing, "noncompliant": overdue + failing, "unverified": published - failing - passing}
    return row_fields(key, label, counts, checks, verdicts, counted.median_days_late)


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
    """Rows of one source a report counts, and how: their counts, and how many were late by how
    many days."""

    source: Source
    rows: ColumnElement[bool]
    measures: dict[str, ColumnElement]
    days_late: ColumnElement
    """A late disclosure's calendar days late; NOT_LATE for every other."""
    late: ColumnElement
    """How many of the rows with those days late were late (of those with NOT_LATE, none count)."""


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
        tallied = {"days_late": t.days_late, "late": func.sum(t.published_late)}
        for grain, runs, pivot in (
            (YEAR, plan.years, plan.as_of_month.replace(month=1)),
            (MONTH, plan.months, plan.as_of_month),
        ):
            if runs:
                periods = [
                    and_(t.period >= first if first else t.period > UNDATED, *([t.period <= last] if last else []))
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
    late = and_(d.status == "published_late", d.published_at.is_not(None), d.due_date.is_not(None))
    days_late = case((late, _days_late(dialect)), else_=NOT_LATE)
    return Part(_disclosure_source(), _days_in(plan), _measures(as_of), days_late, func.count())


@dataclass(frozen=True)
class Scope:
    """What a report covers but for its due dates (the coverage's to say): its places (a subtree,
    or None for the whole country), domain and departments (ids, or None for any). Plain values,
    so the statements counting them can be kept (_counting)."""

    subtree: tuple[str, ...] | None
    domain: str | None
    departments: frozenset[int] | None

    def conditions(self, source: Source, dialect: str) -> list[ColumnElement[bool]]:
        """The conditions that pick these rows of a source."""
        conditions: list[ColumnElement[bool]] = []
        if self.subtree is not None:
            conditions.append(within(source.jurisdiction_code, self.subtree, dialect))
        if self.domain:
            conditions.append(source.domain_code == self.domain)
        if self.departments is not None:
            conditions.append(source.obligation_id.in_(obligations_of(self.departments)))
        return conditions


def _scope(session: Session, filters: ReportFilter) -> Scope:
    # A province's report holds its cities' and counties' disclosures: it rolls up.
    subtree = subtree_of(session, filters.jurisdiction) if filters.jurisdiction else None
    departments = department_ids(session, filters.department, filters.jurisdiction) if filters.department else None
    return Scope(
        subtree,
        filters.domain.value if filters.domain else None,
        frozenset(departments) if departments is not None else None,
    )


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


MEASURE_NAMES = tuple(_measures(date.min))


def _measured(*names: str) -> itemgetter:
    return itemgetter(*(MEASURE_NAMES.index(name) for name in names))


# A row a group, thousands in a national report: its counts are read by position.
_STATUS_MEASURES = _measured(
    "pending", "pending_undated", "overdue", "published_on_time", "published_late", "exempt", "published_failing", "published_passing"
)
_CHECK_MEASURES = [(name, _measured(*(f"{name}__{result}" for result in ("pass", "fail", "not_applicable")))) for name in CHECKS]


@dataclass(frozen=True)
class Counted:
    """What the database counted of a group: each measure (in MEASURE_NAMES' order) and the median
    days late of its late disclosures."""

    measures: tuple[int, ...]
    median_days_late: float | None


NOTHING = Counted((0,) * len(MEASURE_NAMES), None)


def _counted(
    session: Session, scope: Scope, as_of: date, plan: Coverage, grouping: "Grouping | None"
) -> tuple[dict[str, Counted], Counted]:
    """Each group's counts and median days late, by group key, and the same over every row counted
    (NOTHING for a grouping whose groups overlap, whose totals are counted apart): one statement,
    which reads the tallies and the disclosures once, and gives a row a group."""
    dialect = session.get_bind().dialect.name
    statement = _counting(dialect, scope, as_of, plan, grouping.group_by if grouping else None)
    if statement is None:  # a range that covers no day (`from` after `to`): nothing to count
        return {}, NOTHING
    groups, overall = {}, NOTHING
    for whole, key, *values, lower, upper in session.execute(statement).all():
        found = Counted(tuple(values), _middle(lower, upper))
        if whole:
            overall = found
        elif grouping is not None and any(values):  # a tally counted down to nothing counts no group
            groups[grouping.keyed(key)] = found
    return groups, overall


@lru_cache(maxsize=32)
def _counting(dialect: str, scope: Scope, as_of: date, plan: Coverage, group_by: GroupBy | None) -> Select | None:
    """The statement _counted runs, of plain values alone, so it is built once and kept: building
    its few hundred clauses took half of a county's report, and SQLAlchemy keeps the cache key of a
    statement it has seen. It holds no counts; the database counts anew every time. A kept
    statement holds about half a megabyte, hence 32 at most. `group_by` None: the totals alone."""
    parts = [*_tally_parts(plan), *filter(None, [_disclosure_part(plan, as_of, dialect)])]
    if not parts:
        return None
    keying = _keying(group_by, scope.departments) if group_by else None
    selects = []
    for part in parts:
        source = part.source
        key = keying.key(source, dialect) if keying else cast(null(), String)
        joined = keying.joined(source) if keying else source.table
        # Each part's counts as integers: PostgreSQL adds bigints up as numerics, which took a third
        # of a national report's time when _summed added up the parts. A part's group would need
        # 2^31 disclosures of one place and notice (of the whole country, in the totals) to
        # overflow, and an overflow is an error, never a wrong count.
        counting = select(
            key.label("group_key"), part.days_late.label("days_late"), cast(part.late, Integer).label("late"),
            *(cast(part.measures[name], Integer).label(name) for name in MEASURE_NAMES),
        )
        counting = counting.select_from(joined).where(*scope.conditions(source, dialect), part.rows)
        selects.append(counting.group_by(key, part.days_late) if keying else counting.group_by(part.days_late))
    counted = union_all(*selects).cte("counted")
    answers = []
    if keying is not None:
        answers.append(_summed(counted, counted.c.group_key, whole=False))
    if group_by is None or not _overlapping(group_by):
        answers.append(_summed(counted, cast(null(), String), whole=True))
    return union_all(*answers)


def _summed(counted: CTE, key: ColumnElement, *, whole: bool) -> Select:
    """The counted rows added up by group (`whole`: all of them, `key` being a constant), with the
    two middle values of their days late (equal for an odd number of late disclosures), as
    statistics.median takes them."""
    c = counted.c
    sums = select(key.label("group_key"), *(func.coalesce(func.sum(c[name]), 0).label(name) for name in MEASURE_NAMES))
    sums = sums.subquery() if whole else sums.group_by(key).subquery()
    late = select(key.label("group_key"), c.days_late, func.sum(c.late).label("late")).where(c.days_late >= 0)
    late = late.group_by(key, c.days_late).having(func.sum(c.late) > 0).subquery()
    through = func.sum(late.c.late).over(partition_by=late.c.group_key, order_by=late.c.days_late)
    ranked = select(
        late.c.group_key, late.c.days_late, (through - late.c.late).label("before"), through.label("through"),
        func.sum(late.c.late).over(partition_by=late.c.group_key).label("total"),
    ).subquery()
    r = ranked.c

    def at(position: ColumnElement) -> ColumnElement:
        # Position counted from 0: the days late of the row holding it.
        return func.min(r.days_late).filter(and_(r.before <= position, position < r.through))

    middle = select(r.group_key, at((r.total - 1) // 2).label("lower"), at(r.total // 2).label("upper"))
    middle = middle.group_by(r.group_key).subquery()
    matched = true() if whole else middle.c.group_key == sums.c.group_key
    return select(
        # The totals' key: an untyped null, which takes the groups' key's type in their union.
        literal(whole).label("whole"), null() if whole else sums.c.group_key,
        *(sums.c[name] for name in MEASURE_NAMES), middle.c.lower, middle.c.upper,
    ).select_from(sums.outerjoin(middle, matched))


def _middle(lower: int | None, upper: int | None) -> float | None:
    return None if lower is None or upper is None else (lower + upper) / 2


@dataclass(frozen=True)
class Keying:
    """How the database keys a grouping's rows, of plain values alone (see _counting)."""

    key: Callable[[Source, str], ColumnElement]
    """The group key as SQL, of a source's columns, for a dialect (never null: a null key would
    match no group when the counts and the lateness are put together)."""
    joined: Callable[[Source], FromClause] = lambda source: source.table
    """What the key is read from: the source, or the source joined to what the key needs."""


def _overlapping(group_by: GroupBy) -> bool:
    """Whether a disclosure may fall in several groups: one for each responsible body."""
    return group_by is GroupBy.DEPARTMENT


@dataclass(frozen=True)
class Grouping:
    """What a grouping's keys mean: their labels and places, read in the request's session."""

    group_by: GroupBy
    label: Callable[[Session, list[str]], dict[str, str]]
    """Each counted key's label."""
    places: dict[str, dict[str, str]] = field(default_factory=dict)
    """For a responsible body's or a notice's key: its jurisdiction's code and name."""
    keyed: Callable[[object], str] = str
    """The group's key, of the key the database grouped by."""

    @property
    def overlapping(self) -> bool:
        return _overlapping(self.group_by)


def _month_key(first: object) -> str:
    """YYYY-MM of a month's first day (a date, or its ISO text on SQLite); "none" for UNDATED."""
    day = str(first)
    return "none" if day == UNDATED.isoformat() else day[:7]


def _place(jurisdictions: dict[str, JurisdictionPublic], code: str) -> dict[str, str]:
    return {"jurisdiction": code, "jurisdiction_name": jurisdictions[code].name}


def _items(session: Session, obligation_ids: set[int | None]) -> dict[int, str]:
    wanted = {number for number in obligation_ids if number is not None}
    return dict(session.execute(select(Obligation.id, Obligation.item).where(col(Obligation.id).in_(wanted or {0}))).all())


def _notice_type_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(NoticeType.code, NoticeType.name)).all())


NOTICE_SEPARATOR = "/"


def _month(source: Source, dialect: str) -> ColumnElement:
    # The month's first day, as a month tally's period is: grouped by the date as it is stored, a
    # national report spares formatting each of its hundreds of thousands of tallies; the key is
    # formatted once a month (_month_key). No due date: UNDATED.
    first = source.due_date
    if source.table is DISCLOSURES:
        # date_trunc of a timestamp: of a date it would convert to timestamptz, in the session's zone.
        pg = func.date_trunc("month", cast(first, DateTime))
        first = cast(pg, Date) if dialect == "postgresql" else func.date(first, "start of month")
    return func.coalesce(first, literal(UNDATED, Date))


def _notice(source: Source, _dialect: str) -> ColumnElement:
    # jurisdiction/obligation/notice type: one item's one notice in one place.
    obligation = func.coalesce(cast(source.obligation_id, String), literal(""))
    return source.jurisdiction_code + NOTICE_SEPARATOR + obligation + NOTICE_SEPARATOR + source.notice_type


def _keying(group_by: GroupBy, only: frozenset[int] | None) -> Keying:
    if group_by is GroupBy.MONTH:
        return Keying(_month)
    if group_by is GroupBy.DOMAIN:
        return Keying(lambda source, _dialect: source.domain_code)
    if group_by is GroupBy.JURISDICTION:
        return Keying(lambda source, _dialect: source.jurisdiction_code)
    if group_by is GroupBy.NOTICE:
        return Keying(_notice)
    # By department: each responsible body of the disclosure's obligation (only those asked for,
    # when the report is filtered by one), joined in the database so a shared obligation counts
    # once under each of its bodies and the totals still count it once.
    bodies = select(ObligationResponsible.obligation_id, ObligationResponsible.department_id)
    if only is not None:
        bodies = bodies.where(col(ObligationResponsible.department_id).in_(only))
    bodies = bodies.subquery()

    def department(_source: Source, _dialect: str) -> ColumnElement:
        return func.coalesce(cast(bodies.c.department_id, String), literal("none"))

    def joined(source: Source) -> FromClause:
        return source.table.outerjoin(bodies, bodies.c.obligation_id == source.obligation_id)

    return Keying(department, joined)


def _grouping(session: Session, group_by: GroupBy) -> Grouping:
    if group_by is GroupBy.MONTH:
        return Grouping(group_by, lambda _session, keys: {key: by_month_label(key) for key in keys}, keyed=_month_key)
    if group_by is GroupBy.DOMAIN:
        names = {code.value: name for code, (name, _) in DOMAINS.items()}
        return Grouping(group_by, lambda _session, keys: {key: names.get(key, key) for key in keys})
    jurisdictions = jurisdiction_index(session).rows
    if group_by is GroupBy.JURISDICTION:
        return Grouping(group_by, lambda _session, keys: {key: jurisdictions[key].name for key in keys})
    places: dict[str, dict[str, str]] = {}
    if group_by is GroupBy.NOTICE:

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

        return Grouping(group_by, notice_labels, places=places)

    def department_labels(session: Session, keys: list[str]) -> dict[str, str]:
        ids = {int(key) for key in keys if key.isdigit()}
        labels = {"none": "未列明责任主体"}
        for number, name, place in session.execute(
            select(Department.id, Department.name, Department.jurisdiction_code).where(col(Department.id).in_(ids or {0}))
        ).all():
            labels[str(number)] = name
            places[str(number)] = _place(jurisdictions, place)
        return labels

    return Grouping(group_by, department_labels, places=places)


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
