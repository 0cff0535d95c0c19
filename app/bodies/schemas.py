"""Requests and answers of the body writes."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.catalog.models import DepartmentSuccession
from app.core.validation import Name
from app.jurisdictions.models import JurisdictionLevel


class DepartmentCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"jurisdiction": "350582", "name": "晋江市自然资源局", "kind": "department", "aliases": ["市自然资源局"]},
                {"jurisdiction": "320000", "name": "市、县国土资源部门", "kind": "function",
                 "function": ["国土资源", "自然资源"], "levels": ["city", "county"]},
            ],
            # A function at a level gives its words and levels; other kinds give neither.
            "if": {"required": ["kind"], "properties": {"kind": {"const": "function"}}},
            "then": {"required": ["function", "levels"],
                     "properties": {"function": {"minItems": 1}, "levels": {"minItems": 1}}},
            "else": {"properties": {"function": {"maxItems": 0}, "levels": {"maxItems": 0}}},
        },
    )

    jurisdiction: str = Field(pattern=r"^\d{6}$")
    name: Name
    kind: Literal["department", "government", "function", "role"] = "department"
    aliases: list[Name] = Field(default_factory=list, max_length=50)
    function: list[Name] = Field(
        default_factory=list, max_length=10, description="For a function at a level: the words its departments' names carry"
    )
    levels: list[JurisdictionLevel] = Field(default_factory=list, description="For a function at a level: city, county …")


class AliasCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"alias": "晋江市自规局"}]})

    alias: Name


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    url: Annotated[str, StringConstraints(max_length=2048)] | None = None
    date: Annotated[str, StringConstraints(max_length=10)] | None = None


class SuccessionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"successor_id": 42, "took_over_on": "2019-02-28",
                 "source": {"title": "晋江市自然资源局挂牌成立", "url": "https://www.jinjiang.gov.cn/", "date": "2019-02-28"}}
            ]
        },
    )

    successor_id: int = Field(ge=1, le=2**31 - 1, description="The department (of the same jurisdiction) that took over")
    took_over_on: date | None = Field(None, description="The day it took over, where a source says")
    took_over_by: date | None = Field(None, description="Else the day by which it had, at the latest")
    source: Source | None = None
    needs_review: Annotated[str, StringConstraints(max_length=1000)] | None = None


class SuccessionPublic(BaseModel):
    id: int
    predecessor_id: int
    successor_id: int
    took_over_on: date | None
    took_over_by: date | None
    source: dict
    needs_review: str | None
    recorded_by: str | None = Field(description="The API key that recorded it; null: the reviewed seed")
    recorded_at: datetime | None

    @classmethod
    def of(cls, row: DepartmentSuccession) -> "SuccessionPublic":
        return cls(
            id=row.id,
            predecessor_id=row.predecessor_id,
            successor_id=row.successor_id,
            took_over_on=row.took_over_on,
            took_over_by=row.took_over_by,
            source=row.source,
            needs_review=row.needs_review,
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
        )
