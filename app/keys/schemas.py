"""Request and response models of the API key endpoints."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.catalog.domains import DomainCode
from app.keys.bindings import COUNTRY
from app.keys.models import ApiKey
from app.keys.scopes import Scope

JurisdictionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64, examples=["jinjiang-platform"])
    scopes: list[Scope] = Field(min_length=1, max_length=len(Scope), examples=[["events:write"]])
    platform: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="The platform or office the key belongs to (default: its name). Keys of one platform "
        "share its events: one may correct what another posted, as after a key rotation.",
    )
    jurisdictions: list[JurisdictionCode] = Field(
        default_factory=lambda: [COUNTRY],
        min_length=1,
        max_length=50,
        description="Where the key may act; each covers the jurisdictions below it. 100000: the country.",
        examples=[["350582"]],
    )
    domains: list[DomainCode] = Field(
        default_factory=list, max_length=len(DomainCode), description="The domains it may act in; none: all"
    )


class ApiKeyPublic(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="First characters of the key, to tell keys apart")
    scopes: list[str]
    platform: str
    jurisdictions: list[str] = Field(description="Where the key may act; each covers the jurisdictions below it")
    domains: list[str] = Field(description="The domains it may act in; empty: all")
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: ApiKey) -> "ApiKeyPublic":
        return cls(
            id=row.id,
            name=row.name,
            prefix=row.prefix,
            scopes=row.scopes,
            platform=row.platform,
            jurisdictions=row.jurisdictions,
            domains=row.domains,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )


JurisdictionCode = Annotated[str, StringConstraints(pattern=r"^\d{6}$")]


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The key itself. Shown once: only its hash is stored.")

