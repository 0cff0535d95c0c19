"""The channel registry, read once per catalog revision, and its listing."""

from sqlmodel import Session, col, select

from app.channels.models import Channel, ChannelClass, ChannelReading
from app.channels.registry import ChannelClassInfo, ChannelInfo, ChannelRegistry, Reading, ReadingKind, normalize
from app.channels.schemas import ChannelClassPublic, ChannelPublic
from app.core.chinese import to_simplified
from app.core.errors import UnknownFilterValue
from app.core.pagination import PageParams
from app.core.revisions import CATALOG, RevisionCache


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
    wanted = {q.strip(), to_simplified(q.strip())} - {""} if q else set()
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
