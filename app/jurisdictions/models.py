"""Jurisdiction table."""

from enum import StrEnum

from sqlmodel import Field, SQLModel


class JurisdictionLevel(StrEnum):
    NATIONAL = "national"
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"


class Jurisdiction(SQLModel, table=True):
    __tablename__ = "jurisdictions"

    code: str = Field(primary_key=True, max_length=6, description="GB/T 2260 code")
    name: str = Field(max_length=64)
    short_name: str | None = Field(default=None, max_length=32, description="简称, e.g. 喀左县")
    level: str = Field(max_length=16)
    parent_code: str | None = Field(default=None, foreign_key="jurisdictions.code", max_length=6)
