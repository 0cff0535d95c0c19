"""Loads seed/channels.yaml: the channel classes, the named channels, and the readings of the
catalogs' channel wording. Idempotent like every seed loader."""

from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from app.channels.models import Channel, ChannelClass, ChannelReading
from app.channels.registry import ReadingKind, host_of, normalize
from app.core.seeding import SeedError, SeedReport, upsert
from app.jurisdictions.models import JurisdictionLevel

CHANNELS_FILE = "channels.yaml"
LEVELS = {level.value for level in JurisdictionLevel}


def seed_channels(session: Session, seed_dir: Path, report: SeedReport, jurisdictions: set[str]) -> None:
    document = yaml.safe_load((seed_dir / CHANNELS_FILE).read_text(encoding="utf-8"))
    classes = set()
    for position, entry in enumerate(document["classes"]):
        upsert(
            session, report, ChannelClass, {"code": entry["code"]},
            name=entry["name"],
            basis=entry.get("basis"),
            enumerated=bool(entry.get("enumerated", False)),
            host_suffixes=list(entry.get("host_suffixes", [])),
            position=position,
        )
        classes.add(entry["code"])
    session.flush()
    names: dict[str, str] = {}
    for position, entry in enumerate(document["channels"]):
        where = f"{CHANNELS_FILE}: {entry.get('key', position)}"
        _check_channel(entry, where, classes, jurisdictions, names)
        upsert(
            session, report, Channel, {"key": entry["key"]},
            name=entry["name"],
            aliases=list(entry.get("aliases") or []),
            hosts=[host.lower() for host in entry.get("hosts") or []],
            jurisdiction_code=entry["jurisdiction"],
            classes=list(entry["classes"]),
            source=dict(entry.get("source") or {}),
            needs_review=entry.get("needs_review"),
            position=position,
        )
    session.flush()
    for entry in document["readings"]:
        where = f"{CHANNELS_FILE}: reading {entry.get('text')!r}"
        _check_reading(entry, where, classes, names)
        upsert(
            session, report, ChannelReading, {"text": entry["text"]},
            kind=entry["kind"],
            channel_key=entry.get("channel"),
            class_code=entry.get("class"),
            levels=list(entry.get("levels") or []),
            note=entry.get("note"),
        )
    session.flush()


def _check_channel(entry: dict[str, Any], where: str, classes: set[str], jurisdictions: set[str], names: dict[str, str]) -> None:
    problem = channel_problem(entry, classes, jurisdictions, names)
    if problem:
        raise SeedError(f"{where}: {problem[1]}")
    for name in (entry["name"], *(entry.get("aliases") or [])):
        names[normalize(name)] = entry["key"]


def channel_problem(
    entry: dict[str, Any], classes: set[str], jurisdictions: set[str], names: dict[str, str]
) -> tuple[str, str] | None:
    """What is wrong with a channel entry, as (field, reason); None when nothing is. `names` maps
    every registered name and alias (normalized) to its channel's key."""
    if not entry.get("key") or not entry.get("name"):
        return "key", "a channel needs a key and a name"
    if entry.get("jurisdiction") not in jurisdictions:
        return "jurisdiction", f"unknown jurisdiction {entry.get('jurisdiction')!r}"
    unknown = set(entry.get("classes") or []) - classes
    if not entry.get("classes") or unknown:
        return "classes", f"classes must be among {sorted(classes)}, got {entry.get('classes')!r}"
    for host in entry.get("hosts") or []:
        if host_of(f"https://{host}") != host.lower() or "." not in host:
            return "hosts", f"{host!r} is not a host name"
    if not entry.get("source") and not entry.get("needs_review"):
        return "source", "give the source, or say in needs_review why there is none"
    for name in (entry["name"], *(entry.get("aliases") or [])):
        # A name that denotes two channels would let either pass for the other.
        other = names.get(normalize(name), entry["key"])
        if other != entry["key"]:
            return "name", f"the name {name!r} is also {other}'s"
    return None


def _check_reading(entry: dict[str, Any], where: str, classes: set[str], names: dict[str, str]) -> None:
    try:
        kind = ReadingKind(entry.get("kind"))
    except ValueError:
        raise SeedError(f"{where}: kind is one of {[k.value for k in ReadingKind]}") from None
    if normalize(entry["text"]) in names:
        raise SeedError(f"{where}: the wording is a channel's name already; it needs no reading")
    if (kind is ReadingKind.CHANNEL) != bool(entry.get("channel")) or entry.get("channel", "") not in {"", *names.values()}:
        raise SeedError(f"{where}: a channel reading names one registered channel, and only it does")
    if (kind is ReadingKind.CLASS) != bool(entry.get("class")) or entry.get("class", "") not in {"", *classes}:
        raise SeedError(f"{where}: a class reading names one known class, and only it does")
    if not set(entry.get("levels") or []) <= LEVELS:
        raise SeedError(f"{where}: levels are among {sorted(LEVELS)}")
