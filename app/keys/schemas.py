"""Request and response models of the API key endpoints."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.keys.models import ApiKey
from app.keys.scopes import Scope


class ApiKeyCreate(BaseModel):
    name: str = Field(min_length=1, max_length=64, examples=["ggzy-platform"])
    scopes: list[Scope] = Field(min_length=1, max_length=3, examples=[["events:write"]])


class ApiKeyPublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 2,
                "name": "ggzy-platform",
                "prefix": "drs_x1Y2z3A4",
                "scopes": ["events:write"],
                "created_at": "2026-11-22T03:19:15Z",
                "revoked_at": None,
            }
        }
    )

    id: int
    name: str
    prefix: str = Field(description="First characters of the key, to tell keys apart")
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None

    @classmethod
    def of(cls, row: ApiKey) -> "ApiKeyPublic":
        return cls(
            id=row.id,
            name=row.name,
            prefix=row.prefix,
            scopes=row.scopes,
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="The key itself. Shown once: only its hash is stored.")

