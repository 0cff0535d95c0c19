"""Loads the reviewed national files: seed/notice_types.yaml and seed/statutory_rules.yaml.

Every statutory rule must carry its instrument, article, the clause quoted and where it was
checked; a rule that could not be verified against the text says why in `review`.
"""

from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from app.core.seeding import SeedError, SeedReport, upsert
from app.deadlines.rules import DeadlineKind, DeadlineUnit
from app.statutes.models import NoticeType, StatutoryRule

NOTICE_TYPES_FILE = "notice_types.yaml"
STATUTORY_RULES_FILE = "statutory_rules.yaml"
REQUIRED = ("key", "deadline", "instrument", "clause", "source")


def seed_national_layer(session: Session, seed_dir: Path, report: SeedReport, domains: set[str]) -> dict[str, str]:
    """Loads both files; returns each notice type's domain by code, for the catalog rows that name them."""
    codes: dict[str, str] = {}
    for position, entry in enumerate(_read(seed_dir / NOTICE_TYPES_FILE)["notice_types"]):
        if entry["domain"] not in domains:
            raise SeedError(f"{NOTICE_TYPES_FILE}: {entry['code']}: unknown domain {entry['domain']!r}")
        upsert(
            session,
            report,
            NoticeType,
            {"code": entry["code"]},
            name=entry["name"],
            domain_code=entry["domain"],
            trigger=entry["trigger"],
            trigger_name=entry["trigger_name"],
            basis=entry["basis"],
            synonyms=list(entry.get("synonyms", [])),
            field_synonyms=_field_synonyms(entry),
            position=position,
        )
        codes[entry["code"]] = entry["domain"]
    session.flush()
    for position, entry in enumerate(_read(seed_dir / STATUTORY_RULES_FILE)["statutory_rules"]):
        where = f"{STATUTORY_RULES_FILE}: {entry.get('key', position)}"
        missing = [name for name in REQUIRED if not entry.get(name)]
        if missing:
            raise SeedError(f"{where}: missing {', '.join(missing)}")
        unknown = [code for code in entry.get("notice_types", []) if code not in codes]
        if unknown:
            raise SeedError(f"{where}: unknown notice types {unknown}")
        if not entry.get("notice_types") and not entry.get("fallback"):
            raise SeedError(f"{where}: a rule names its notice types or is the fallback")
        upsert(session, report, StatutoryRule, {"key": entry["key"]}, **_columns(entry, where), position=position)
    session.flush()
    return codes


def _columns(entry: dict[str, Any], where: str) -> dict[str, Any]:
    deadline = entry["deadline"]
    try:
        kind = DeadlineKind(deadline["kind"])
        unit = DeadlineUnit(deadline["unit"]) if deadline.get("unit") else None
    except ValueError as error:
        raise SeedError(f"{where}: {error}") from None
    return {
        "notice_types": list(entry.get("notice_types", [])),
        "fallback": bool(entry.get("fallback", False)),
        "deadline_text": deadline["text"],
        "deadline_kind": kind.value,
        "deadline_trigger": deadline["trigger"],
        "deadline_amount": deadline.get("amount"),
        "deadline_unit": unit.value if unit else None,
        "condition": entry.get("condition"),
        "display_period": entry.get("display_period"),
        "instrument": entry["instrument"],
        "number": entry.get("number"),
        "article": entry.get("article"),
        "clause": entry["clause"].strip(),
        "source": entry["source"],
        "in_force_from": _date(entry.get("in_force_from")),
        "in_force_until": _date(entry.get("in_force_until")),
        "review": entry.get("review"),
    }


def _read(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _field_synonyms(entry: dict[str, Any]) -> list[list[str]]:
    groups = entry.get("field_synonyms", [])
    where = f"{NOTICE_TYPES_FILE}: {entry['code']}: field_synonyms"
    seen: set[str] = set()
    for group in groups:
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(name, str) and name for name in group):
            raise SeedError(f"{where}: each group lists two names or more, got {group!r}")
        twice = seen.intersection(group)
        if twice:
            # Two groups sharing a name would make synonyms of names that are not.
            raise SeedError(f"{where}: {', '.join(sorted(twice))} is in two groups")
        seen.update(group)
    return [list(group) for group in groups]
