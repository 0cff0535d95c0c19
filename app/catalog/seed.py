"""Loads the reviewed catalog files under seed/ into the database.

Idempotent: every row is found by its natural key (jurisdiction code, catalog key, obligation
ref, department name) and only changed fields are written, so a second run changes nothing.
Obligations are never deleted: events may already point at them.
"""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from app.catalog.domains import DOMAINS, DomainCode
from app.catalog.models import (
    Catalog,
    Department,
    DepartmentAlias,
    DepartmentSuccession,
    Domain,
    Obligation,
    ObligationResponsible,
)
from app.catalog.schemas import deadline_columns
from app.channels.seed import seed_channels
from app.core.seeding import SeedError, SeedReport
from app.core.seeding import upsert as _upsert
from app.deadlines.reader import read_deadline
from app.deadlines.rules import Deadline, decision_default, general_default
from app.jurisdictions.divisions import national_divisions
from app.jurisdictions.models import Jurisdiction, JurisdictionLevel
from app.statutes.seed import seed_national_layer

DEFAULT_RULES = {"general": general_default, "decision": decision_default}


def catalog_files(seed_dir: Path) -> list[Path]:
    return sorted(seed_dir.glob("[0-9][0-9][0-9]_*.yaml"))


def seed_database(session: Session, seed_dir: Path) -> SeedReport:
    report = SeedReport()
    _load_jurisdictions(session, report, seed_dir)
    seed_channels(session, seed_dir, report, {row for row in session.exec(select(Jurisdiction.code))})
    for position, (code, (name, scope)) in enumerate(DOMAINS.items()):
        _upsert(session, report, Domain, {"code": code.value}, name=name, scope=scope, position=position)
    session.flush()
    notice_types = seed_national_layer(session, seed_dir, report, {code.value for code in DOMAINS})
    for path in catalog_files(seed_dir):
        _load_document(session, report, path, notice_types)
    return report


def _load_jurisdictions(session: Session, report: SeedReport, seed_dir: Path) -> None:
    """Every province, prefecture and county of the national list, and what jurisdictions.yaml adds:
    the national level above them, and short names (喀左县). Parents are written before children."""
    additions = {entry["code"]: entry for entry in yaml.safe_load((seed_dir / "jurisdictions.yaml").read_text(encoding="utf-8"))}
    wanted = {
        code: {"name": entry["name"], "level": entry["level"], "parent_code": entry.get("parent")}
        for code, entry in additions.items()
        if entry.get("level")
    }
    for division in national_divisions():
        wanted[division.code] = {"name": division.name, "level": division.level.value, "parent_code": division.parent}
    for code, entry in additions.items():
        if code not in wanted:
            raise SeedError(f"jurisdictions.yaml: {code} is not in the national division list; give its level and parent")
        if entry.get("name") and entry["name"] != wanted[code]["name"]:
            raise SeedError(f"jurisdictions.yaml: {code} is {wanted[code]['name']} in the national list, not {entry['name']}")
        wanted[code]["short_name"] = entry.get("short_name")
    existing = {row.code: row for row in session.exec(select(Jurisdiction))}
    for code, values in wanted.items():
        values.setdefault("short_name", None)
        row = existing.get(code)
        if row is None:
            session.add(Jurisdiction(code=code, **values))
            report.count(Jurisdiction.__name__, created=True)
        elif any(getattr(row, column) != value for column, value in values.items()):
            for column, value in values.items():
                setattr(row, column, value)
            report.count(Jurisdiction.__name__, created=False)
    session.flush()


def _load_document(session: Session, report: SeedReport, path: Path, notice_types: dict[str, str]) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    jurisdiction = document["jurisdiction"]
    departments = _load_departments(session, report, jurisdiction, document.get("departments", []))
    for catalog_entry in document["catalogs"]:
        series = catalog_entry.get("series", catalog_entry["key"])
        in_force_from = _date(catalog_entry.get("in_force_from"))
        catalog = _upsert(
            session,
            report,
            Catalog,
            {"key": catalog_entry["key"]},
            series=series,
            jurisdiction_code=jurisdiction,
            number=catalog_entry.get("number"),
            title=catalog_entry["title"],
            document_title=catalog_entry.get("document_title"),
            issuing_body=catalog_entry.get("issuing_body"),
            issue_date=_date(catalog_entry.get("issue_date")),
            in_force_from=in_force_from,
            # A version imported since closes this one: loading the seed again must not reopen it.
            in_force_until=_date(catalog_entry.get("in_force_until"))
            or _closed_by_later_version(session, jurisdiction, series, in_force_from),
            source_document=document["document"],
            source_section=catalog_entry.get("source_section"),
            note=catalog_entry.get("note"),
        )
        session.flush()
        for position, entry in enumerate(catalog_entry["obligations"]):
            _load_obligation(session, report, catalog, jurisdiction, departments, position, entry, path, notice_types)


def _closed_by_later_version(session: Session, jurisdiction: str, series: str, in_force_from: date | None) -> date | None:
    """The day before the next version of the series takes over, if one was imported since."""
    if in_force_from is None:
        return None
    following = session.exec(
        select(Catalog.in_force_from)
        .where(Catalog.jurisdiction_code == jurisdiction, Catalog.series == series, col(Catalog.in_force_from) > in_force_from)
        .order_by(col(Catalog.in_force_from))
    ).first()
    return following - timedelta(days=1) if following else None


def _load_departments(
    session: Session, report: SeedReport, jurisdiction: str, entries: list[dict[str, Any]]
) -> dict[str, int]:
    """Returns every name and alias of the jurisdiction's departments, mapped to the id."""
    by_alias: dict[str, int] = {}
    for entry in entries:
        kind = entry.get("kind", "department")
        terms, levels = list(entry.get("function", [])), list(entry.get("levels", []))
        is_function = kind == "function"
        if (is_function and not (terms and levels)) or (not is_function and (terms or levels)) or not set(levels) <= {
            level.value for level in JurisdictionLevel
        }:
            raise SeedError(f"{jurisdiction}: {entry['name']}: a function names its words (function) and levels, and only it does")
        department = _upsert(
            session,
            report,
            Department,
            {"jurisdiction_code": jurisdiction, "name": entry["name"]},
            kind=kind,
            function_terms=terms,
            levels=levels,
        )
        session.flush()
        for alias in [entry["name"], *entry.get("aliases", [])]:
            if by_alias.get(alias, department.id) != department.id:
                raise SeedError(f"{jurisdiction}: alias {alias!r} names two departments")
            by_alias[alias] = department.id
            _upsert(
                session,
                report,
                DepartmentAlias,
                {"jurisdiction_code": jurisdiction, "alias": alias},
                department_id=department.id,
            )
    session.flush()
    for entry in entries:
        succeeds = entry.get("succeeds") or []
        for predecessor in [succeeds] if isinstance(succeeds, str) else succeeds:
            _load_succession(session, report, jurisdiction, entry, predecessor, by_alias)
    session.flush()
    return by_alias


def _load_succession(
    session: Session, report: SeedReport, jurisdiction: str, entry: dict[str, Any], name: str, by_alias: dict[str, int]
) -> None:
    where = f"{jurisdiction}: {entry['name']} succeeds {name!r}"
    predecessor = by_alias.get(name)
    if predecessor is None:
        raise SeedError(f"{where}: no department of the jurisdiction has that name")
    on, by = _date(entry.get("took_over_on")), _date(entry.get("took_over_by"))
    if on and by and on > by:
        raise SeedError(f"{where}: took_over_on is after took_over_by")
    if not entry.get("source") and not entry.get("needs_review"):
        raise SeedError(f"{where}: give the source, or say in needs_review why there is none")
    _upsert(
        session,
        report,
        DepartmentSuccession,
        {"predecessor_id": predecessor, "successor_id": by_alias[entry["name"]]},
        took_over_on=on,
        took_over_by=by,
        source=dict(entry.get("source") or {}),
        needs_review=entry.get("needs_review"),
    )


def _load_obligation(
    session: Session,
    report: SeedReport,
    catalog: Catalog,
    jurisdiction: str,
    departments: dict[str, int],
    position: int,
    entry: dict[str, Any],
    path: Path,
    notice_types: dict[str, str],
) -> None:
    where = f"{path.name} ref {entry['ref']}"
    try:
        domain = DomainCode(entry["domain"])
    except ValueError:
        raise SeedError(f"{where}: unknown domain {entry['domain']!r}") from None
    if "notice_types" not in entry:
        raise SeedError(f"{where}: notice_types is missing (an empty list for a row that is no notice)")
    for code in entry["notice_types"]:
        problem = notice_type_problem(code, domain.value, notice_types)
        if problem:
            raise SeedError(f"{where}: {problem}")
    deadline = _deadline(entry, where)
    source = entry["source"]
    obligation = _upsert(
        session,
        report,
        Obligation,
        {"catalog_id": catalog.id, "ref": str(entry["ref"])},
        position=position,
        jurisdiction_code=jurisdiction,
        domain_code=domain.value,
        category=list(entry.get("category", [])),
        item=entry["item"],
        content=entry["content"],
        required_fields=list(entry.get("required_fields", [])),
        fields_by_notice_type=_fields_by_notice_type(entry, where),
        **deadline_columns(deadline),
        channels=list(entry.get("channels", [])),
        supervision=list(entry.get("supervision", [])),
        display_period=entry.get("display_period"),
        notice_period=entry.get("notice_period"),
        notice_types=list(entry["notice_types"]),
        duty=entry.get("duty", "publication"),
        disclosure_attribute=entry.get("disclosure_attribute", "主动公开"),
        legal_basis=entry.get("legal_basis"),
        source_ref=entry["source_ref"],
        source_text={str(k): str(v) for k, v in source.items()},
        note=entry.get("note"),
    )
    session.flush()
    wanted: list[int] = []
    for name in entry["responsible"]:
        if name not in departments:
            raise SeedError(f"{where}: responsible body {name!r} is not a declared department")
        if departments[name] not in wanted:
            wanted.append(departments[name])
    existing = {
        link.department_id: link
        for link in session.exec(
            select(ObligationResponsible).where(ObligationResponsible.obligation_id == obligation.id)
        )
    }
    for rank, department_id in enumerate(wanted):
        link = existing.pop(department_id, None)
        if link is None:
            session.add(
                ObligationResponsible(obligation_id=obligation.id, department_id=department_id, position=rank)
            )
            report.count("ObligationResponsible", created=True)
        elif link.position != rank:
            link.position = rank
            report.count("ObligationResponsible", created=False)
    for stale in existing.values():
        session.delete(stale)
        report.count("ObligationResponsible", created=False)


def _fields_by_notice_type(entry: dict[str, Any], where: str) -> dict[str, list[str]]:
    by_notice = {code: list(fields) for code, fields in (entry.get("fields_by_notice_type") or {}).items()}
    stray = set(by_notice) - set(entry.get("notice_types") or [])
    if stray:
        raise SeedError(f"{where}: fields_by_notice_type names notice types the row does not cover: {sorted(stray)}")
    return by_notice


# 行政许可、行政处罚 decisions are 信用 notices whatever domain's row publishes them.
ANY_DOMAIN_NOTICE_TYPES = ("license_decision", "penalty_decision")


def notice_type_problem(code: str, domain: str, notice_types: dict[str, str]) -> str | None:
    """Why a row of `domain` cannot name notice type `code`; None when it can."""
    if code not in notice_types:
        return f"unknown notice type {code!r}"
    if notice_types[code] != domain and code not in ANY_DOMAIN_NOTICE_TYPES:
        return f"notice type {code!r} belongs to domain {notice_types[code]!r}, not {domain!r}"
    return None


def _deadline(entry: dict[str, Any], where: str) -> Deadline:
    if entry.get("reading"):
        # A reviewed reading where the words alone mislead the reader (self-referential periods,
        # a truncated cell, a duty the text states elsewhere); it must say why.
        if not entry["reading"].get("review") and not entry.get("reading_reason"):
            raise SeedError(f"{where}: a reading given by hand needs its reason (review or reading_reason)")
        return Deadline.from_dict({"text": entry.get("deadline") or "", **entry["reading"]})
    if entry.get("deadline"):
        return read_deadline(entry["deadline"])
    rule = entry.get("deadline_default")
    if rule not in DEFAULT_RULES:
        raise SeedError(f"{where}: no deadline and no deadline_default (general or decision)")
    return DEFAULT_RULES[rule]()


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
