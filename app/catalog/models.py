"""Catalog tables: a catalog version per source document, its obligations, the departments
responsible for them and the fixed list of domains (公开领域)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.types import UtcDateTime


class Domain(SQLModel, table=True):
    __tablename__ = "domains"

    code: str = Field(primary_key=True, max_length=32)
    name: str = Field(max_length=64, description="公开领域")
    scope: str | None = Field(default=None, max_length=128)
    position: int


class Catalog(SQLModel, table=True):
    """One source document (or one annex of it): a catalog version in force for a period."""

    __tablename__ = "catalogs"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True, description="Stable identifier of the version")
    series: str = Field(
        max_length=64,
        index=True,
        description="Versions of one catalog share a series; an obligation keeps its ref across them",
    )
    jurisdiction_code: str = Field(foreign_key="jurisdictions.code", max_length=6, index=True)
    number: str | None = Field(default=None, max_length=64, description="文号")
    title: str = Field(max_length=256)
    document_title: str | None = Field(default=None, max_length=256)
    issuing_body: str | None = Field(default=None, max_length=128)
    issue_date: date | None = None
    in_force_from: date | None = None
    in_force_until: date | None = None
    source_document: str = Field(max_length=128)
    source_section: str | None = Field(default=None, max_length=64)
    note: str | None = None


class Department(SQLModel, table=True):
    """A responsible body (责任主体) within a jurisdiction."""

    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    jurisdiction_code: str = Field(foreign_key="jurisdictions.code", max_length=6, index=True)
    name: str = Field(max_length=128)
    kind: str = Field(max_length=16, description="department, government, function or role")
    function_terms: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default="[]"),
        description="A function at a level (市、县国土资源部门): the words its departments' names carry (国土资源, 自然资源)",
    )
    levels: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default="[]"),
        description="A function at a level: the levels whose departments it means (city, county)",
    )
    recorded_by: str | None = Field(default=None, max_length=160, description="The API key that added it; null: the seed")
    recorded_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class DepartmentAlias(SQLModel, table=True):
    """Every name a department goes by in its jurisdiction (市住建局 = 晋江市住房和城乡建设局)."""

    __tablename__ = "department_aliases"
    __table_args__ = (UniqueConstraint("jurisdiction_code", "alias"),)

    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="departments.id", index=True, ondelete="CASCADE")
    jurisdiction_code: str = Field(foreign_key="jurisdictions.code", max_length=6)
    alias: str = Field(max_length=128, index=True)
    recorded_by: str | None = Field(default=None, max_length=160, description="The API key that added it; null: the seed")
    recorded_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class DepartmentSuccession(SQLModel, table=True):
    """A department that took over another's functions under a new name (国土资源局 → 自然资源局 in
    the 2018-2019 reform). A publisher is judged by the names in force on the publication date."""

    __tablename__ = "department_successions"
    __table_args__ = (UniqueConstraint("predecessor_id", "successor_id"),)

    id: int | None = Field(default=None, primary_key=True)
    predecessor_id: int = Field(foreign_key="departments.id", index=True)
    successor_id: int = Field(foreign_key="departments.id", index=True)
    took_over_on: date | None = Field(default=None, description="The day the successor took over, where a source says")
    took_over_by: date | None = Field(
        default=None, description="The day by which it had taken over at the latest, where only that is known"
    )
    source: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    needs_review: str | None = None
    recorded_by: str | None = Field(default=None, max_length=160, description="The API key that added it; null: the seed")
    recorded_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class Obligation(SQLModel, table=True):
    """A disclosure obligation (公开事项) as one catalog version states it."""

    __tablename__ = "obligations"
    __table_args__ = (
        UniqueConstraint("catalog_id", "ref"),
        Index("ix_obligations_jurisdiction_domain", "jurisdiction_code", "domain_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    catalog_id: int = Field(foreign_key="catalogs.id", index=True)
    ref: str = Field(max_length=16, description="Place in the catalog: row, or row.part")
    position: int = Field(description="Order within the catalog")
    jurisdiction_code: str = Field(foreign_key="jurisdictions.code", max_length=6)
    domain_code: str = Field(foreign_key="domains.code", max_length=32)
    category: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    item: str = Field(max_length=256, description="公开事项")
    content: str = Field(description="公开内容, verbatim")
    required_fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fields_by_notice_type: dict[str, list[str]] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False, server_default="{}"),
        description="Where a row covering several notices lists each one's elements apart (喀左 序号26)",
    )
    deadline_text: str
    deadline_kind: str = Field(max_length=16)
    deadline_trigger: str | None = Field(default=None, max_length=48)
    deadline_amount: int | None = None
    deadline_unit: str | None = Field(default=None, max_length=16)
    deadline_month: int | None = None
    deadline_day: int | None = None
    deadline_year_offset: int = 0
    deadline_defaulted: bool = False
    deadline_basis: str | None = Field(default=None, max_length=256)
    deadline_alternatives: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    deadline_route: str | None = Field(default=None, max_length=16, description="electronic or paper submission")
    deadline_review: str | None = Field(default=None, description="needs_review: why the reading is uncertain")
    notice_types: list[str] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default="[]"),
        description="The national notice types the row covers, in a project's order; none for non-notices",
    )
    duty: str = Field(
        default="publication",
        max_length=16,
        sa_column_kwargs={"server_default": "publication"},
        description="publication, or filing (a report to the supervising authority, not published)",
    )
    notice_period: str | None = Field(
        default=None, max_length=256, description="公示期/等标期 the row sets: how long the notice stays up, not judged"
    )
    channels: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    supervision: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    display_period: str | None = Field(default=None, max_length=128, description="公开时限 (喀左)")
    disclosure_attribute: str = Field(default="主动公开", max_length=16)
    legal_basis: str | None = None
    source_ref: str = Field(max_length=128)
    source_text: dict[str, str] = Field(
        default_factory=dict,
        sa_column=Column(JSON, nullable=False),
        description="The source cells (or passage) verbatim, by column heading",
    )
    note: str | None = None


class ObligationResponsible(SQLModel, table=True):
    __tablename__ = "obligation_responsible"

    obligation_id: int = Field(foreign_key="obligations.id", primary_key=True, ondelete="CASCADE")
    department_id: int = Field(foreign_key="departments.id", primary_key=True, index=True)
    position: int = 0
