"""Response models of the national layer (SPEC §The law above the catalogs, §Notice types)."""

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.catalog.domains import DomainCode
from app.deadlines.rules import DeadlineKind, DeadlineUnit
from app.statutes.models import NoticeType
from app.statutes.rules import Statute


class StatutoryDeadline(BaseModel):
    text: str = Field(description="The period as the clause words it")
    kind: DeadlineKind
    trigger: str = Field(description="The anchor event the rule reads")
    amount: int | None
    unit: DeadlineUnit | None


class Citation(BaseModel):
    instrument: str = Field(description="《…》")
    number: str | None = Field(description="文号 or 令号")
    article: str | None = Field(description="第X条")
    clause: str = Field(description="The clause, quoted from the instrument")
    source: str = Field(description="Where the clause was checked against the instrument's text")


class StatutoryRulePublic(BaseModel):
    key: str
    notice_types: list[str] = Field(description="The notice types it governs; empty for the fallback")
    fallback: bool = Field(description="Governs only notice types no other statutory rule covers")
    deadline: StatutoryDeadline
    condition: str | None = Field(description="When the rule applies, verbatim")
    display_period: str | None = Field(description="公示期 the clause sets: shown, not judged")
    citation: Citation
    in_force_from: date | None
    in_force_until: date | None
    needs_review: str | None = Field(description="Why the rule is not fully verified; null when it is")

    @classmethod
    def of(cls, statute: Statute) -> "StatutoryRulePublic":
        deadline = statute.deadline
        return cls(
            key=statute.key,
            notice_types=list(statute.notice_types),
            fallback=statute.fallback,
            deadline=StatutoryDeadline(
                text=deadline.text,
                kind=deadline.kind,
                trigger=deadline.trigger or "",
                amount=deadline.amount,
                unit=deadline.unit,
            ),
            condition=statute.condition,
            display_period=statute.display_period,
            citation=Citation(
                instrument=statute.instrument,
                number=statute.number,
                article=statute.article,
                clause=statute.clause,
                source=statute.source,
            ),
            in_force_from=statute.in_force_from,
            in_force_until=statute.in_force_until,
            needs_review=statute.review,
        )


class NoticeTypePublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "code": "procurement_result",
                "name": "中标（成交）结果公告",
                "domain": "government_procurement",
                "trigger": "winner_determined",
                "trigger_name": "中标、成交供应商确定",
                "basis": "《政府采购公告和公示信息格式规范（2020年版）》（财办库〔2020〕50号）",
                "synonyms": ["采购结果", "中标公告", "成交公告"],
                "field_synonyms": [["中标（成交）供应商名称", "中标供应商名称", "成交供应商名称"]],
            }
        }
    )

    code: str
    name: str = Field(description="The national norm's Chinese name")
    domain: DomainCode
    trigger: str = Field(description="The event that forms its information: what `triggered_at` means")
    trigger_name: str
    basis: str = Field(description="The norm that names this notice")
    synonyms: list[str] = Field(description="Other names platforms and catalogs use")
    field_synonyms: list[list[str]] = Field(
        description="Names of one content field that count as each other in the content check"
    )

    @classmethod
    def of(cls, row: NoticeType) -> "NoticeTypePublic":
        return cls(
            code=row.code,
            name=row.name,
            domain=DomainCode(row.domain_code),
            trigger=row.trigger,
            trigger_name=row.trigger_name,
            basis=row.basis,
            synonyms=list(row.synonyms),
            field_synonyms=[list(group) for group in row.field_synonyms],
        )
