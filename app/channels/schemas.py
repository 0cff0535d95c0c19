"""Response models of the channel registry."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.channels.models import Channel, ChannelClass
from app.core.validation import Name


class ChannelSource(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    url: str | None = None
    date: str | None = Field(None, description="The source's date, YYYY-MM-DD or YYYY; n.d. when undated")


class ChannelPublic(BaseModel):
    key: str
    name: str
    aliases: list[str] = Field(description="Other names it goes by; matched exactly, never as substrings")
    hosts: list[str] = Field(description="Web hosts; a publication's url on one of them (or below it) is on this channel")
    jurisdiction: str = Field(description="GB/T 2260 code of who runs it (100000: national)")
    classes: list[str] = Field(description="Classes it belongs to (GET /v1/channel-classes)")
    source: ChannelSource
    needs_review: str | None = Field(description="What is unconfirmed about the entry")

    @classmethod
    def of(cls, row: Channel) -> "ChannelPublic":
        return cls(
            key=row.key,
            name=row.name,
            aliases=list(row.aliases),
            hosts=list(row.hosts),
            jurisdiction=row.jurisdiction_code,
            classes=list(row.classes),
            source=ChannelSource(**{k: row.source.get(k) for k in ("title", "url", "date")}),
            needs_review=row.needs_review,
        )


class ChannelClassPublic(BaseModel):
    code: str = Field(examples=["procurement_media"])
    name: str = Field(examples=["政府采购信息发布媒体"])
    basis: str | None = Field(description="The norm that designates or defines the class, quoted where it could be")
    enumerated: bool = Field(
        description="Every channel of the class is registered: an unregistered channel named for it fails, not unverified"
    )
    host_suffixes: list[str] = Field(description="Hosts under these suffixes are of the class (.gov.cn: 政府网站)")

    @classmethod
    def of(cls, row: ChannelClass) -> "ChannelClassPublic":
        return cls(
            code=row.code, name=row.name, basis=row.basis, enumerated=row.enumerated, host_suffixes=list(row.host_suffixes)
        )




HOST_NAME = r"^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
"""A host name with a dot, ending in a letter-led label (a top-level domain): not a url, not an address."""


class ChannelCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "key": "ggzy_jinjiang",
                    "name": "晋江市公共资源交易网",
                    "aliases": ["晋江市公共资源交易中心网站"],
                    "hosts": ["ggzy.jinjiang.gov.cn"],
                    "jurisdiction": "350582",
                    "classes": ["trading_platform"],
                    "source": {"title": "晋江市公共资源交易中心 关于网站域名的公告", "url": None, "date": "2026-01-05"},
                }
            ],
            # Either a source or the reason there is none (channel_problem). Under allOf, where
            # client generators read it as a constraint rather than as alternative models.
            "allOf": [
                {
                    "anyOf": [
                        {"required": ["source"], "properties": {"source": {"type": "object"}}},
                        {"required": ["needs_review"], "properties": {"needs_review": {"type": "string"}}},
                    ]
                }
            ],
        },
    )

    key: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{2,48}$")]
    name: Name
    aliases: list[Name] = Field(default_factory=list, max_length=20)
    hosts: list[Annotated[str, StringConstraints(strip_whitespace=True, max_length=253, pattern=HOST_NAME)]] = Field(
        default_factory=list, max_length=20, description="Host names only: www.ccgp.gov.cn, not a url"
    )
    jurisdiction: str = Field(pattern=r"^\d{6}$")
    classes: list[Annotated[str, StringConstraints(max_length=48)]] = Field(min_length=1, max_length=10)
    source: ChannelSource | None = None
    needs_review: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None


class ChannelCreated(ChannelPublic):
    recorded_by: str
    recorded_at: datetime
