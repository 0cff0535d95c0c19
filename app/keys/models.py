"""API key table."""

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.core.types import UtcDateTime
from app.keys.bindings import Bindings


def key_label(key: "ApiKey") -> str:
    """How a write records the key that made it: its id and name, never the key."""
    return f"key {key.id} ({key.name})"


class ApiKey(SQLModel, table=True):
    __tablename__ = "api_keys"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    prefix: str = Field(max_length=16, description="First characters of the key, to tell keys apart")
    key_hash: str = Field(max_length=64, unique=True, description="SHA-256 of the whole key")
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    platform: str = Field(max_length=64, description="The platform or office the key belongs to; it owns what the key posts")
    jurisdictions: list[str] = Field(
        default_factory=lambda: ["100000"],
        sa_column=Column(JSON, nullable=False, server_default='["100000"]'),
        description="Where the key may act: each code covers the jurisdictions below it",
    )
    domains: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default="[]"),
        description="The domains it may act in; empty: all",
    )
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))

    @property
    def bindings(self) -> Bindings:
        return Bindings.of(self.jurisdictions, self.domains)

