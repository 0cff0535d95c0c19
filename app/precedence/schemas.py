"""Response models of the conflicts list."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


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
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "obligation_id": 28,
                "ref": "28",
                "item": "中标候选人公示",
                "notice_type": "bid_candidates",
                "catalog_rule": {
                    "text": "自信息形成或变更之日起20个工作日内",
                    "kind": "after",
                    "trigger": "info_formed",
                    "amount": 20,
                    "unit": "working_day",
                },
                "catalog_text": {"公开时限": "自信息形成或变更之日起20个工作日内"},
                "statute": {
                    "key": "bid-candidates-3d",
                    "citation": "《中华人民共和国招标投标法实施条例》（国务院令第613号）第五十四条",
                    "clause": "依法必须进行招标的项目，招标人应当自收到评标报告之日起3日内公示中标候选人，公示期不得少于3日。",
                    "deadline": {
                        "text": "自收到评标报告之日起3日内",
                        "kind": "after",
                        "trigger": "evaluation_report_received",
                        "amount": 3,
                        "unit": "calendar_day",
                    },
                    "needs_review": None,
                },
                "example": {"triggered_at": "2025-01-02", "catalog_due_date": "2025-02-05", "statute_due_date": "2025-01-06"},
            }
        }
    )

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
