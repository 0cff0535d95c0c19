"""The catalog and the law above it as verdicts need them, loaded once and kept until they change.

A verdict needs the obligation in the version in force on the trigger date, its responsible
bodies, the department aliases of its jurisdiction, the rows inherited from the jurisdictions
above, and the statutory rules of the notice type. Fetching those for every event would cost
several queries each; instead the whole catalog (a few hundred rows) and the national layer are
read once per change, and a notice resolves to its rules through an index in memory. The catalog
revision (app/core/revisions.py) tells whether either changed, whoever changed it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from app.bodies.rules import FunctionBody, Succession
from app.catalog.models import (
    Catalog,
    Department,
    DepartmentAlias,
    DepartmentSuccession,
    Obligation,
    ObligationResponsible,
)
from app.catalog.schemas import deadline_of
from app.channels.registry import ChannelRegistry, Place
from app.channels.service import channel_registry
from app.core.chinese import to_simplified
from app.core.revisions import CATALOG, RevisionCache
from app.events.verdict import BodyRegister, ObligationRule
from app.jurisdictions.service import JurisdictionIndex, jurisdiction_index, jurisdiction_names
from app.statutes.rules import NationalLayer
from app.statutes.service import national_layer


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
    notice_types: tuple[str, ...]
    citation: str
    """The catalog and the row: 晋政办〔2018〕114号 附件 第27行."""
    duty: str
    source_text: dict[str, str]

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
    national: NationalLayer
    jurisdictions: JurisdictionIndex
    """Every known jurisdiction and the one above it."""
    channels: ChannelRegistry
    bodies: BodyRegister
    by_notice: dict[tuple[str, str], list[CatalogEntry]]
    """(jurisdiction, notice type) → the rows of that jurisdiction's catalogs covering it, all versions."""
    _places: dict[str, Place] = field(default_factory=dict, compare=False, repr=False)

    def place(self, jurisdiction: str) -> Place:
        """Where an event is, for the channel and publisher checks; built once per jurisdiction."""
        place = self._places.get(jurisdiction)
        if place is None:
            place = self._places[jurisdiction] = self._place(jurisdiction)
        return place

    def _place(self, jurisdiction: str) -> Place:
        lineage = tuple(self.jurisdictions.lineage(jurisdiction))
        rows = self.jurisdictions.rows
        return Place(
            lineage,
            {code: rows[code].level.value for code in lineage},
            {code: jurisdiction_names(rows[code].name, rows[code].short_name) for code in lineage},
        )

    def lineage(self, jurisdiction: str) -> list[str]:
        """The jurisdiction and every one above it, nearest first: whose catalogs apply there."""
        return self.jurisdictions.lineage(jurisdiction)

    def rows_for(self, jurisdiction: str, notice_type: str, day: date) -> list[CatalogEntry]:
        """The catalog rows in force on a day for a notice in a jurisdiction, its own first, then
        those inherited from above, nearest first."""
        return [
            entry
            for code in self.lineage(jurisdiction)
            for entry in self.by_notice.get((code, notice_type), ())
            if entry.in_force_on(day)
        ]

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
                fields_by_notice_type=tuple((code, tuple(fields)) for code, fields in row.fields_by_notice_type.items()),
                responsible_ids=frozenset(d.id for d in bodies),
                responsible_names=tuple(d.name for d in bodies),
                responsible_roles=tuple(d.name for d in bodies if d.kind == "role"),
                responsible_functions=tuple(
                    FunctionBody(d.name, tuple(d.function_terms), tuple(d.levels)) for d in bodies if d.kind == "function"
                ),
                legal_basis=row.legal_basis,
            ),
            catalog_id=catalog.id,
            series=catalog.series,
            ref=row.ref,
            jurisdiction=row.jurisdiction_code,
            domain=row.domain_code,
            in_force_from=catalog.in_force_from,
            in_force_until=catalog.in_force_until,
            notice_types=tuple(row.notice_types),
            citation=f"{catalog.number or catalog.title} {row.source_ref}",
            duty=row.duty,
            source_text=row.source_text,
        )
    lineages: dict[tuple[str, str], list[CatalogEntry]] = defaultdict(list)
    for entry in entries.values():
        lineages[(entry.series, entry.ref)].append(entry)
    for versions in lineages.values():
        versions.sort(key=lambda e: (e.in_force_from or date.min, e.rule.id), reverse=True)
    aliases = {(row.jurisdiction_code, row.alias): row.department_id for row in session.exec(select(DepartmentAlias))}
    by_notice: dict[tuple[str, str], list[CatalogEntry]] = defaultdict(list)
    for entry in sorted(entries.values(), key=lambda e: (e.catalog_id, e.rule.id)):
        for notice_type in entry.notice_types:
            by_notice[(entry.jurisdiction, notice_type)].append(entry)
    return CatalogView(
        entries=entries,
        lineages=dict(lineages),
        aliases=aliases,
        national=national_layer(session),
        jurisdictions=jurisdiction_index(session),
        channels=channel_registry(session),
        bodies=_body_register(session, departments),
        by_notice=dict(by_notice),
    )


def _body_register(session: Session, departments: dict[int, Department]) -> BodyRegister:
    successions: dict[int, list[Succession]] = defaultdict(list)
    for row in session.exec(select(DepartmentSuccession).order_by(col(DepartmentSuccession.id))):
        successions[row.predecessor_id].append(
            Succession(row.predecessor_id, row.successor_id, row.took_over_on, row.took_over_by)
        )
    return BodyRegister(
        successions={department: tuple(rows) for department, rows in successions.items()},
        names={department.id: department.name for department in departments.values()},
    )


_views = RevisionCache(CATALOG, _load)
