"""Request and response models of the compliance report."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.catalog.domains import DomainCode
from app.reports.compliance import Figures, row_fields


class GroupBy(StrEnum):
    JURISDICTION = "jurisdiction"
    DOMAIN = "domain"
    DEPARTMENT = "department"
    MONTH = "month"
    NOTICE = "notice"
    """One row per catalog item and notice type in a jurisdiction: where a department's or a domain's
    figures come from, still counted, never listed by subject."""


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class CheckCounts(BaseModel):
    """How one check came out over the published disclosures, by result."""

    model_config = ConfigDict(populate_by_name=True)

    passed: int = Field(alias="pass")
    fail: int
    unverified: int = Field(description="Nothing to check against (a role as publisher, no catalog row): never a pass")
    not_applicable: int = Field(description="The catalog row sets no such requirement")


class ChecksCounts(BaseModel):
    timeliness: CheckCounts = Field(description="An early publication under a same-day rule fails it")
    channel: CheckCounts
    publisher: CheckCounts
    content: CheckCounts


class ReportRow(BaseModel):
    key: str = Field(
        description="Jurisdiction code, domain code, YYYY-MM, the responsible body's id (as in "
        "`GET /v1/departments/{id}` and the obligations' `responsible`), or for a notice "
        "`jurisdiction/obligation id/notice type` (either of the last two may be empty)",
        examples=["350582/15/"],
    )
    label: str = Field(description="Its name, in Chinese")
    jurisdiction: str | None = Field(
        None, description="For a responsible body or a notice: the GB/T 2260 code of its jurisdiction", examples=["350582"]
    )
    jurisdiction_name: str | None = Field(None, description="For a responsible body or a notice: its jurisdiction's name")
    total: int
    pending: int = Field(description="Not yet due")
    overdue: int = Field(description="Due before as_of and not published")
    published_on_time: int
    published_late: int
    exempt: int
    on_time_rate: float | None = Field(
        description="On time ÷ (on time + late + overdue); null when none of those", examples=[0.875]
    )
    median_days_late: float | None = Field(description="Calendar days from due date to publication, over late ones")
    compliant: int = Field(description="Published, and every check passed or did not apply")
    noncompliant: int = Field(description="Overdue, or published with any check failed (late, wrong channel …)")
    unverified: int = Field(description="Published, no check failed, at least one could not be verified")
    compliance_rate: float | None = Field(
        description="Compliant ÷ (on time + late + overdue): all four checks, where on_time_rate is timeliness "
        "alone; null when none of those",
        examples=[0.625],
    )
    checks: ChecksCounts = Field(description="Each check's results over the published disclosures (on time and late)")

    @classmethod
    def of(cls, figures: Figures) -> "ReportRow":
        return cls.model_validate(cls.fields_of(figures))

    @staticmethod
    def fields_of(figures: Figures) -> dict:
        return row_fields(figures.key, figures.label, figures.counts, figures.checks, figures.verdicts, figures.median_days_late)


class Note(BaseModel):
    zh: str
    en: str


class ComplianceReport(BaseModel):
    group_by: GroupBy
    as_of: date = Field(description="Overdue is judged against this day")
    due_from: date | None = Field(description="Disclosures due on or after this day")
    due_to: date | None = Field(description="Disclosures due on or before this day")
    jurisdiction: str | None = Field(None, description="The jurisdiction filter (its cities and counties included)")
    jurisdiction_name: str | None = Field(None, description="Its name")
    domain: DomainCode | None = Field(None, description="The domain filter")
    department: str | None = Field(None, description="The responsible body filter, as asked")
    rows: list[ReportRow]
    totals: ReportRow = Field(description="Every disclosure once, whatever its groups")
    note: Note | None = Field(
        None,
        description="How the rows relate to the totals, where they do not simply add up (by department: "
        "a disclosure shared by several bodies counts under each)",
    )


DEPARTMENT_NOTE = Note(
    zh="同一公开事项有多个责任主体的，在每个责任主体行各计一次，故各行相加可能大于合计；合计中每项只计一次。",
    en="A disclosure whose obligation names several responsible bodies counts once under each of them, so the "
    "rows may add up to more than the totals, which count each disclosure once.",
)

# Column headings of the downloads, as supervisors' spreadsheets name them. The first ones vary by
# grouping (GROUP_COLUMNS); these follow.
HEADINGS = {
    "key": "代码",
    "label": "分组",
    "total": "总数",
    "pending": "待公开（未到期）",
    "overdue": "逾期未公开",
    "published_on_time": "按时公开",
    "published_late": "逾期公开",
    "exempt": "豁免公开",
    "on_time_rate": "按时公开率",
    "median_days_late": "逾期天数中位数",
    "compliant": "合规",
    "noncompliant": "不合规",
    "unverified": "无法核验",
    "compliance_rate": "合规率",
}
RATES = ("on_time_rate", "compliance_rate")
CHECK_HEADINGS = {"timeliness": "时效", "channel": "公开渠道", "publisher": "发布主体", "content": "公开内容"}
RESULT_HEADINGS = {"passed": "通过", "fail": "不通过", "unverified": "无法核验", "not_applicable": "不适用"}
# A publication's timeliness is always judged: it is never unverified nor inapplicable.
CHECK_RESULTS = {
    "timeliness": ("passed", "fail"),
    "channel": tuple(RESULT_HEADINGS),
    "publisher": tuple(RESULT_HEADINGS),
    "content": tuple(RESULT_HEADINGS),
}
GROUP_HEADINGS = {
    GroupBy.JURISDICTION: "行政区划",
    GroupBy.DOMAIN: "公开领域",
    GroupBy.DEPARTMENT: "责任主体",
    GroupBy.MONTH: "到期月份",
    GroupBy.NOTICE: "公开事项（公告类型）",
}


class OverdueNotice(BaseModel):
    """Overdue disclosures of one notice in one jurisdiction, counted: no subject is named."""

    jurisdiction: str = Field(examples=["350582"])
    jurisdiction_name: str = Field(examples=["晋江市"])
    obligation_id: int | None = Field(description="The catalog row; null where only the statutes apply", examples=[15])
    item: str | None = Field(description="The catalog row's item (公开事项)", examples=["成交公示"])
    notice_type: str | None = Field(examples=[None])
    notice_type_name: str | None = Field(examples=[None])
    responsible: list[str] = Field(description="The catalog row's responsible bodies (责任主体)", examples=[["晋江市国土资源局"]])
    count: int = Field(description="Overdue disclosures of this notice", examples=[1])
    earliest_due: date = Field(description="The longest overdue one's due date")
    days_overdue: int = Field(description="Calendar days from that due date to as_of", examples=[16])


class OverdueReport(BaseModel):
    as_of: date
    jurisdiction: str | None = Field(description="The jurisdiction filter (its cities and counties included)")
    jurisdiction_name: str | None
    total: int = Field(description="Overdue disclosures in all")
    notices: list[OverdueNotice] = Field(description="Longest overdue first")


OVERDUE_HEADINGS = {
    "jurisdiction": "行政区划代码",
    "jurisdiction_name": "行政区划",
    "item": "公开事项",
    "notice_type_name": "公告类型",
    "responsible": "责任主体",
    "count": "逾期未公开（项）",
    "earliest_due": "最早应公开日期",
    "days_overdue": "最长已逾期（日历日）",
}
