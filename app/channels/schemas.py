"""Response models of the channel registry."""

from pydantic import BaseModel, ConfigDict, Field

from app.channels.models import Channel, ChannelClass


class ChannelSource(BaseModel):
    title: str | None = None
    url: str | None = None
    date: str | None = Field(None, description="The source's date, YYYY-MM-DD or YYYY; n.d. when undated")


class ChannelPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "key": "ccgp",
                "name": "中国政府采购网",
                "aliases": ["中国政府采购网站"],
                "hosts": ["www.ccgp.gov.cn", "ccgp.gov.cn"],
                "jurisdiction": "100000",
                "classes": ["procurement_media"],
                "source": {"title": "《政府采购信息发布管理办法》（财政部令第101号）第八条", "url": None, "date": "2019"},
                "needs_review": None,
            }
        }
    )

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
