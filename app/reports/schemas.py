"""Request and response models of the compliance report."""

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from app.reports.compliance import Figures


class GroupBy(StrEnum):
    JURISDICTION = "jurisdiction"
    DOMAIN = "domain"
    DEPARTMENT = "department"
    MONTH = "month"


class ReportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class ReportRow(BaseModel):
    key: str = Field(description="Jurisdiction code, domain code, department id or YYYY-MM")
    label: str = Field(description="Its name, in Chinese")
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

    @classmethod
    def of(cls, figures: Figures) -> "ReportRow":
        return cls(
            key=figures.key,
            label=figures.label,
            total=figures.total,
            on_time_rate=figures.on_time_rate,
            median_days_late=figures.median_days_late,
            **figures.counts,
        )


class ComplianceReport(BaseModel):
    group_by: GroupBy
    as_of: date = Field(description="Overdue is judged against this day")
    due_from: date | None = Field(description="Disclosures due on or after this day")
    due_to: date | None = Field(description="Disclosures due on or before this day")
    rows: list[ReportRow]
    totals: ReportRow = Field(description="Every disclosure once, whatever its groups")


# Column headings of the downloads, as supervisors' spreadsheets name them.
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
}
GROUP_HEADINGS = {
    GroupBy.JURISDICTION: "行政区划",
    GroupBy.DOMAIN: "公开领域",
    GroupBy.DEPARTMENT: "责任主体",
    GroupBy.MONTH: "到期月份",
}
