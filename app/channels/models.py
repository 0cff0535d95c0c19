"""Tables of the channel registry, loaded from seed/channels.yaml; a change to any of them moves
the catalog revision (migration 0008), so verdicts see it at once."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.core.types import UtcDateTime


class ChannelClass(SQLModel, table=True):
    """A kind of channel the catalogs name by kind (政府采购信息发布媒体, 公共资源交易平台, 政府网站)."""

    __tablename__ = "channel_classes"

    code: str = Field(primary_key=True, max_length=48)
    name: str = Field(max_length=64)
    basis: str | None = Field(default=None, description="The norm that defines or designates the class")
    enumerated: bool = Field(default=False, description="Every channel of the class is registered")
    host_suffixes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    position: int


class Channel(SQLModel, table=True):
    """A named channel: a website or system with its names, hosts and classes, sourced and dated."""

    __tablename__ = "channels"

    key: str = Field(primary_key=True, max_length=48)
    name: str = Field(max_length=128)
    aliases: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    hosts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    jurisdiction_code: str = Field(foreign_key="jurisdictions.code", max_length=6)
    classes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    source: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    needs_review: str | None = None
    position: int
    recorded_by: str | None = Field(default=None, max_length=160, description="The API key that added it; null: the seed")
    recorded_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class ChannelReading(SQLModel, table=True):
    """How a catalog's channel wording reads: one channel, a class at some levels, a local place, or
    the mark of an open list. Wording that is a channel's name or alias needs no reading."""

    __tablename__ = "channel_readings"

    text: str = Field(primary_key=True, max_length=256)
    kind: str = Field(max_length=16)
    channel_key: str | None = Field(default=None, foreign_key="channels.key", max_length=48)
    class_code: str | None = Field(default=None, foreign_key="channel_classes.code", max_length=48)
    levels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    note: str | None = None
