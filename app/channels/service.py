"""The channel registry, read once per catalog revision, and its listing."""

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.audit.service import record
from app.channels.errors import ChannelTaken, InvalidChannel
from app.channels.models import Channel, ChannelClass, ChannelReading
from app.channels.registry import ChannelClassInfo, ChannelInfo, ChannelRegistry, Reading, ReadingKind, normalize
from app.channels.schemas import ChannelClassPublic, ChannelCreate, ChannelCreated, ChannelPublic
from app.channels.seed import channel_problem
from app.core.chinese import spellings
from app.core.database import add_unique
from app.core.errors import UnknownFilterValue, UnknownReference
from app.core.pagination import PageParams
from app.core.revisions import CATALOG, RevisionCache
from app.jurisdictions.service import jurisdiction_index
from app.keys.models import ApiKey, key_label
from app.keys.service import require_place


def _load(session: Session) -> ChannelRegistry:
    return ChannelRegistry(
        channels={
            row.key: ChannelInfo(
                key=row.key,
                name=row.name,
                aliases=tuple(row.aliases),
                hosts=tuple(row.hosts),
                jurisdiction=row.jurisdiction_code,
                classes=tuple(row.classes),
            )
            for row in session.exec(select(Channel).order_by(col(Channel.position)))
        },
        classes={
            row.code: ChannelClassInfo(
                code=row.code, name=row.name, enumerated=row.enumerated, host_suffixes=tuple(row.host_suffixes)
            )
            for row in session.exec(select(ChannelClass).order_by(col(ChannelClass.position)))
        },
        readings={
            normalize(row.text): Reading(
                text=row.text,
                kind=ReadingKind(row.kind),
                channel=row.channel_key,
                channel_class=row.class_code,
                levels=tuple(row.levels),
            )
            for row in session.exec(select(ChannelReading))
        },
    )


_registries = RevisionCache(CATALOG, _load)


def channel_registry(session: Session) -> ChannelRegistry:
    return _registries.get(session)


def list_channels(
    session: Session, page: PageParams, q: str | None, channel_class: str | None, jurisdiction: str | None
) -> tuple[list[ChannelPublic], int]:
    if channel_class and session.get(ChannelClass, channel_class) is None:
        raise UnknownFilterValue(f"No channel class is called {channel_class!r}.", parameter="class")
    rows = session.exec(select(Channel).order_by(col(Channel.position))).all()
    wanted = spellings(q) if q else set()
    matches = [
        row
        for row in rows
        if (not channel_class or channel_class in row.classes)
        and (not jurisdiction or row.jurisdiction_code == jurisdiction)
        and (not wanted or any(w in name for w in wanted for name in (row.name, *row.aliases, *row.hosts)))
    ]
    return [ChannelPublic.of(row) for row in matches[page.offset : page.offset + page.limit]], len(matches)


def list_channel_classes(session: Session) -> list[ChannelClassPublic]:
    return [ChannelClassPublic.of(row) for row in session.exec(select(ChannelClass).order_by(col(ChannelClass.position)))]


def create_channel(session: Session, key: ApiKey, body: ChannelCreate) -> ChannelCreated:
    entry = body.model_dump(mode="json")
    entry["hosts"] = [host.lower() for host in body.hosts]
    registry = channel_registry(session)
    names = {
        normalize(name): channel.key for channel in registry.channels.values() for name in (channel.name, *channel.aliases)
    }
    if body.key in registry.channels:
        raise ChannelTaken(f"A channel has the key {body.key!r} already.")
    problem = channel_problem(entry, set(registry.classes), set(jurisdiction_index(session).rows), names)
    if problem:
        field, reason = problem
        error = {"name": ChannelTaken, "jurisdiction": UnknownReference, "classes": UnknownReference}.get(field, InvalidChannel)
        raise error(reason[0].upper() + reason[1:] + ".", field=field)
    require_place(session, key, body.jurisdiction, f"jurisdiction {body.jurisdiction}")
    for host in entry["hosts"]:
        owner = next((c.key for c in registry.channels.values() if host in c.hosts), None)
        if owner:
            raise ChannelTaken(f"The host {host} is {owner}'s already.", field="hosts")
    row = Channel(
        key=body.key,
        name=body.name,
        aliases=list(body.aliases),
        hosts=entry["hosts"],
        jurisdiction_code=body.jurisdiction,
        classes=list(body.classes),
        source=body.source.model_dump() if body.source else {},
        needs_review=body.needs_review,
        position=len(registry.channels),
        recorded_by=key_label(key),
        recorded_at=datetime.now(UTC),
    )
    if not add_unique(session, row):
        raise ChannelTaken(f"A channel has the key {body.key!r} already.")
    created = ChannelCreated(**ChannelPublic.of(row).model_dump(), recorded_by=row.recorded_by, recorded_at=row.recorded_at)
    record(session, key, "channel.create", f"channel {row.key}", after=created)
    return created
