"""Catalog queries: obligations by jurisdiction, domain, department and text, as of a date."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, and_, case, func, or_
from sqlmodel import Session, col, select

from app.catalog.domains import DomainCode
from app.catalog.models import (
    Catalog,
    Department,
    DepartmentAlias,
    DepartmentSuccession,
    Domain,
    Obligation,
    ObligationResponsible,
)
from app.catalog.schemas import CatalogPublic, DepartmentPublic, DomainPublic, ObligationPublic
from app.catalog.search import search_index
from app.core.chinese import spellings
from app.core.errors import NotFound, UnknownFilterValue
from app.core.pagination import PageParams
from app.jurisdictions.service import require_jurisdiction


@dataclass(frozen=True)
class ObligationFilter:
    jurisdiction: str | None = None
    domain: DomainCode | None = None
    department: str | None = None
    q: str | None = None
    as_of: date | None = None


def in_force_on(day: date):  # noqa: ANN201  (a SQL expression)
    """Catalog versions in force on a day; `in_force_until` is the last day in force."""
    return and_(
        or_(col(Catalog.in_force_from).is_(None), col(Catalog.in_force_from) <= day),
        or_(col(Catalog.in_force_until).is_(None), col(Catalog.in_force_until) >= day),
    )


def department_ids(session: Session, name: str, jurisdiction: str | list[str] | None) -> list[int]:
    """Departments a name or alias denotes, within a jurisdiction (or several) when given."""
    statement = select(DepartmentAlias.department_id).where(
        col(DepartmentAlias.alias).in_(spellings(name))
    )
    codes = [jurisdiction] if isinstance(jurisdiction, str) else jurisdiction
    if codes:
        statement = statement.where(col(DepartmentAlias.jurisdiction_code).in_(codes))
    ids = sorted(set(session.exec(statement)))
    if not ids:
        where = f" in jurisdiction {', '.join(codes)}" if codes else ""
        raise UnknownFilterValue(f"No department is named {name!r}{where}.", parameter="department")
    return ids


def obligations_of(departments: Iterable[int]) -> Select:
    """The ids of the obligations any of these departments is responsible for, as a subquery to
    filter by (`obligation_id IN (…)`)."""
    return select(ObligationResponsible.obligation_id).where(col(ObligationResponsible.department_id).in_(sorted(departments)))


def list_obligations(
    session: Session, filters: ObligationFilter, page: PageParams
) -> tuple[list[ObligationPublic], int]:
    conditions = []
    lineage: list[str] = []
    if filters.jurisdiction:
        # What is in force in a jurisdiction: its own catalogs' rows and those of every
        # jurisdiction above it (SPEC §Jurisdictions and bodies), nearest first.
        lineage = require_jurisdiction(session, filters.jurisdiction, parameter="jurisdiction").lineage(filters.jurisdiction)
        conditions.append(col(Obligation.jurisdiction_code).in_(lineage))
    if filters.domain:
        conditions.append(Obligation.domain_code == filters.domain.value)
    if filters.department:
        ids = department_ids(session, filters.department, lineage or None)
        conditions.append(col(Obligation.id).in_(obligations_of(ids)))
    scores: dict[int, int] = {}
    if filters.q and filters.q.strip():
        scores = search_index(session).scores(filters.q)
        conditions.append(col(Obligation.id).in_(scores or [0]))
    if filters.as_of:
        conditions.append(in_force_on(filters.as_of))

    base = select(Obligation).join(Catalog, col(Catalog.id) == Obligation.catalog_id).where(*conditions)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(
        base.order_by(
            *([case(scores, value=Obligation.id, else_=0).desc()] if scores else []),
            case({code: place for place, code in enumerate(lineage)}, value=Obligation.jurisdiction_code, else_=0)
            if lineage
            else col(Obligation.jurisdiction_code),
            col(Obligation.catalog_id),
            col(Obligation.position),
            col(Obligation.id),
        )
        .offset(page.offset)
        .limit(page.limit)
    ).all()
    items = _public(session, list(rows))
    for item in items:
        if filters.jurisdiction and item.jurisdiction != filters.jurisdiction:
            item.inherited_from = item.jurisdiction
    return items, total


def get_obligation(session: Session, obligation_id: int) -> ObligationPublic:
    row = session.get(Obligation, obligation_id)
    if row is None:
        raise NotFound(f"There is no obligation {obligation_id}.")
    return _public(session, [row])[0]


def _public(session: Session, rows: list[Obligation]) -> list[ObligationPublic]:
    """One query each for the page's catalogs and responsible bodies, not one per row."""
    if not rows:
        return []
    ids = [row.id for row in rows]
    links = session.exec(
        select(ObligationResponsible, Department)
        .join(Department, col(Department.id) == ObligationResponsible.department_id)
        .where(col(ObligationResponsible.obligation_id).in_(ids))
        .order_by(col(ObligationResponsible.obligation_id), col(ObligationResponsible.position))
    ).all()
    responsible: dict[int, list[Department]] = defaultdict(list)
    for link, department in links:
        responsible[link.obligation_id].append(department)
    catalogs = {
        catalog.id: catalog
        for catalog in session.exec(
            select(Catalog).where(col(Catalog.id).in_({row.catalog_id for row in rows}))
        )
    }
    return [
        ObligationPublic.of(row, catalogs[row.catalog_id], responsible[row.id]) for row in rows
    ]


def list_domains(session: Session) -> list[DomainPublic]:
    return [DomainPublic.of(row) for row in session.exec(select(Domain).order_by(col(Domain.position)))]


def list_departments(
    session: Session, jurisdiction: str | None, page: PageParams
) -> tuple[list[DepartmentPublic], int]:
    statement = select(Department)
    if jurisdiction:
        require_jurisdiction(session, jurisdiction, parameter="jurisdiction")
        statement = statement.where(Department.jurisdiction_code == jurisdiction)
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(
        statement.order_by(col(Department.jurisdiction_code), col(Department.id))
        .offset(page.offset)
        .limit(page.limit)
    ).all()
    return departments_public(session, list(rows)), total


def departments_public(session: Session, rows: list[Department]) -> list[DepartmentPublic]:
    """Departments with their aliases and whom they succeed: two queries for any number of them."""
    aliases: dict[int, list[str]] = defaultdict(list)
    if rows:
        for alias in session.exec(
            select(DepartmentAlias)
            .where(col(DepartmentAlias.department_id).in_([row.id for row in rows]))
            .order_by(col(DepartmentAlias.id))
        ):
            aliases[alias.department_id].append(alias.alias)
    succeeds: dict[int, list[dict]] = defaultdict(list)
    if rows:
        for succession in session.exec(
            select(DepartmentSuccession)
            .where(col(DepartmentSuccession.successor_id).in_([row.id for row in rows]))
            .order_by(col(DepartmentSuccession.id))
        ):
            succeeds[succession.successor_id].append(succession_summary(succession))
    return [DepartmentPublic.of(row, aliases[row.id], succeeds[row.id]) for row in rows]


def succession_summary(row: DepartmentSuccession) -> dict:
    return {
        "id": row.id,
        "predecessor_id": row.predecessor_id,
        "took_over_on": row.took_over_on.isoformat() if row.took_over_on else None,
        "took_over_by": row.took_over_by.isoformat() if row.took_over_by else None,
        "needs_review": row.needs_review,
    }


def list_catalogs(
    session: Session, jurisdiction: str | None, as_of: date | None, page: PageParams
) -> tuple[list[CatalogPublic], int]:
    statement = select(Catalog)
    if jurisdiction:
        require_jurisdiction(session, jurisdiction, parameter="jurisdiction")
        statement = statement.where(Catalog.jurisdiction_code == jurisdiction)
    if as_of:
        statement = statement.where(in_force_on(as_of))
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(statement.order_by(col(Catalog.id)).offset(page.offset).limit(page.limit)).all()
    return [CatalogPublic.of(row) for row in rows], total


def get_catalog(session: Session, catalog_id: int) -> CatalogPublic:
    row = session.get(Catalog, catalog_id)
    if row is None:
        raise NotFound(f"There is no catalog {catalog_id}.")
    return CatalogPublic.of(row)
