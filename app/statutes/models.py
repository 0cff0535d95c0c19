"""Tables of the national layer: notice types (公告类型) and the statutory rules on them.

Loaded from seed/notice_types.yaml and seed/statutory_rules.yaml, reviewed files like the
catalogs; a change to either moves the catalog revision (migration 0006), so verdicts see it at
once.
"""

from datetime import date

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class NoticeType(SQLModel, table=True):
    """A kind of notice in the national norms' own words (中标（成交）结果公告, 中标候选人公示 …)."""

    __tablename__ = "notice_types"

    code: str = Field(primary_key=True, max_length=48)
    name: str = Field(max_length=64, description="The national norm's Chinese name")
    domain_code: str = Field(foreign_key="domains.code", max_length=32)
    trigger: str = Field(max_length=48, description="The event that forms the notice's information")
    trigger_name: str = Field(max_length=64, description="That event in Chinese (评标报告收到 …)")
    basis: str = Field(description="The norm that names this notice")
    synonyms: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    field_synonyms: list[list[str]] = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default="[]"),
        description="Groups of names for one content field (受让人, 受让单位, 竞得人)",
    )
    position: int


class StatutoryRule(SQLModel, table=True):
    """A deadline a law, regulation or ministry rule sets for notices of some types."""

    __tablename__ = "statutory_rules"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    notice_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fallback: bool = Field(
        default=False, description="Applies only to notice types no other statutory rule covers (条例 第二十六条)"
    )
    deadline_text: str = Field(description="The period as the clause words it")
    deadline_kind: str = Field(max_length=16)
    deadline_trigger: str = Field(max_length=48)
    deadline_amount: int | None = None
    deadline_unit: str | None = Field(default=None, max_length=16)
    condition: str | None = Field(default=None, description="When the rule applies, verbatim from the clause")
    display_period: str | None = Field(default=None, max_length=128, description="公示期: shown, not judged")
    instrument: str = Field(max_length=128, description="《…》")
    number: str | None = Field(default=None, max_length=64, description="文号 or 令号")
    article: str | None = Field(default=None, max_length=32, description="第X条, or the part of a notice")
    clause: str = Field(description="The clause, quoted verbatim from the instrument")
    source: str = Field(description="Where the clause was checked against the instrument's text")
    in_force_from: date | None = None
    in_force_until: date | None = None
    review: str | None = Field(default=None, description="needs_review: why the rule is not fully verified")
    position: int
