"""Response models of the jurisdictions API."""

from pydantic import BaseModel, Field

from app.jurisdictions.models import Jurisdiction, JurisdictionLevel


class JurisdictionPublic(BaseModel):
    code: str = Field(description="GB/T 2260 code", examples=["350582"])
    name: str = Field(examples=["晋江市"])
    short_name: str | None = Field(description="简称", examples=[None])
    level: JurisdictionLevel
    parent: str | None = Field(description="Code of the parent jurisdiction", examples=["350500"])

    @classmethod
    def of(cls, row: Jurisdiction) -> "JurisdictionPublic":
        return cls(
            code=row.code,
            name=row.name,
            short_name=row.short_name,
            level=JurisdictionLevel(row.level),
            parent=row.parent_code,
        )
