"""Response models of the conflicts list."""

from datetime import date

from pydantic import BaseModel, Field


class RuleText(BaseModel):
    text: str = Field(description="The deadline as worded")
    kind: str
    trigger: str
    amount: int | None
    unit: str | None


class StatuteCited(BaseModel):
    key: str
    citation: str
    clause: str = Field(description="Quoted from the instrument")
    deadline: RuleText
    needs_review: str | None


class ConflictExample(BaseModel):
    triggered_at: date
    catalog_due_date: date
    statute_due_date: date


class Conflict(BaseModel):
    obligation_id: int
    ref: str
    item: str
    notice_type: str
    catalog_rule: RuleText
    catalog_text: dict[str, str] = Field(description="The row's source cells, verbatim")
    statute: StatuteCited
    example: ConflictExample = Field(description="A trigger day on which the row falls due after the statute")


class ConflictList(BaseModel):
    catalog_id: int
    items: list[Conflict]
    total: int
