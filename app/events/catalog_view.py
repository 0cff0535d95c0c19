"""The catalog as verdicts need it, loaded once and kept until the catalog changes.

A verdict needs the obligation in the version in force on the trigger date, its responsible
bodies and the department aliases of its jurisdiction. Fetching those for every event would cost
several queries each; instead the whole catalog (a few hundred rows) is read once per change.
The catalog's revision (app/core/revisions.py) tells whether it changed, whoever changed it.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from app.catalog.models import Catalog, Department, DepartmentAlias, Obligation, ObligationResponsible
from app.catalog.schemas import deadline_of
from app.core.chinese import to_simplified
from app.core.revisions import CATALOG, RevisionCache
from app.events.verdict import ObligationRule


@dataclass(frozen=True)
class CatalogEntry:
    rule: ObligationRule
    catalog_id: int
    series: str
    ref: str
    jurisdiction: str
    domain: str
    in_force_from: date | None
    in_force_until: date | None

    def in_force_on(self, day: date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= day) and (
            self.in_force_until is None or day <= self.in_force_until
        )


@dataclass(frozen=True)
class CatalogView:
    entries: dict[int, CatalogEntry]
    lineages: dict[tuple[str, str], list[CatalogEntry]]
    """Versions of one obligation (series, ref), newest first."""
    aliases: dict[tuple[str, str], int]
    """(jurisdiction, name or alias) → department id."""

    def in_force(self, posted: CatalogEntry, day: date) -> CatalogEntry:
        """The obligation as the version in force on the day states it; the posted one if none is."""
        for entry in self.lineages[(posted.series, posted.ref)]:
            if entry.in_force_on(day):
                return entry
        return posted

    def department_id(self, jurisdiction: str, name: str | None) -> int | None:
        if not name:
            return None
        name = name.strip()
        return self.aliases.get((jurisdiction, name)) or self.aliases.get((jurisdiction, to_simplified(name)))


def catalog_view(session: Session) -> CatalogView:
    return _views.get(session)


def _load(session: Session) -> CatalogView:
    catalogs = {row.id: row for row in session.exec(select(Catalog))}
    departments = {row.id: row for row in session.exec(select(Department))}
    responsible: dict[int, list[Department]] = defaultdict(list)
    for link in session.exec(select(ObligationResponsible).order_by(col(ObligationResponsible.position))):
        responsible[link.obligation_id].append(departments[link.department_id])
    entries = {}
    for row in session.exec(select(Obligation)):
        catalog = catalogs[row.catalog_id]
        bodies = responsible[row.id]
        entries[row.id] = CatalogEntry(
            rule=ObligationRule(
                id=row.id,
                item=row.item,
                deadline=deadline_of(row),
                channels=tuple(row.channels),
                required_fields=tuple(row.required_fields),
                responsible_ids=frozenset(d.id for d in bodies),
                responsible_names=tuple(d.name for d in bodies),
                responsible_roles=tuple(d.name for d in bodies if d.kind == "role"),
                legal_basis=row.legal_basis,
            ),
            catalog_id=catalog.id,
            series=catalog.series,
            ref=row.ref,
            jurisdiction=row.jurisdiction_code,
            domain=row.domain_code,
            in_force_from=catalog.in_force_from,
            in_force_until=catalog.in_force_until,
        )
    lineages: dict[tuple[str, str], list[CatalogEntry]] = defaultdict(list)
    for entry in entries.values():
        lineages[(entry.series, entry.ref)].append(entry)
    for versions in lineages.values():
        versions.sort(key=lambda e: (e.in_force_from or date.min, e.rule.id), reverse=True)
    aliases = {(row.jurisdiction_code, row.alias): row.department_id for row in session.exec(select(DepartmentAlias))}
    return CatalogView(entries=entries, lineages=dict(lineages), aliases=aliases)


_views = RevisionCache(CATALOG, _load)
