"""The compliance report laid out as a spreadsheet: a header block saying what it covers, then one
row per group and the totals. Plain values in, cells out (no database, no FastAPI)."""

from dataclasses import dataclass
from typing import Any

from app.catalog.domains import DOMAINS
from app.reports.schemas import (
    CHECK_HEADINGS,
    CHECK_RESULTS,
    GROUP_HEADINGS,
    HEADINGS,
    OVERDUE_HEADINGS,
    RATES,
    RESULT_HEADINGS,
    ComplianceReport,
    GroupBy,
    OverdueReport,
    ReportRow,
)

PERCENT = "0.0%"
DEFINITIONS = (
    "按时公开率 = 按时公开 ÷（按时公开 + 逾期公开 + 逾期未公开）；合规率 = 合规 ÷ 同一分母。",
    "合规：已公开，且时效、公开渠道、发布主体、公开内容四项检查均通过或不适用；任一项不通过或逾期未公开为不合规；"
    "无法核验的（如发布主体为采购人等角色）不计为合规。各项检查按已公开（按时与逾期）的计数。",
)


@dataclass(frozen=True)
class Sheet:
    preamble: list[list[Any]]
    headings: list[str]
    rows: list[list[Any]]
    widths: list[int]
    number_formats: dict[int, str]


def report_sheet(report: ComplianceReport, jurisdiction_name: str | None) -> Sheet:
    # A responsible body has no public code of its own (no 统一社会信用代码 is kept), and its row id
    # means nothing outside this service: its jurisdiction's GB/T 2260 code and name place it, as
    # they place a notice.
    placed = report.group_by in (GroupBy.DEPARTMENT, GroupBy.NOTICE)
    leading = (
        ["行政区划代码", "行政区划", GROUP_HEADINGS[report.group_by]]
        if placed
        else [HEADINGS["key"], GROUP_HEADINGS[report.group_by]]
    )
    figures = list(HEADINGS)[2:]
    checks = [(check, result) for check, results in CHECK_RESULTS.items() for result in results]
    headings = [
        *leading,
        *(HEADINGS[name] for name in figures),
        *(f"{CHECK_HEADINGS[check]}·{RESULT_HEADINGS[result]}" for check, result in checks),
    ]

    def cells(row: ReportRow, totals: bool = False) -> list[Any]:
        if placed:
            first = ["", "", row.label] if totals else [row.jurisdiction or "", row.jurisdiction_name or "", row.label]
        else:
            first = ["" if totals else row.key, row.label]
        values = row.model_dump()
        return [
            *first,
            *(values[name] for name in figures),
            *(getattr(getattr(row.checks, check), result) for check, result in checks),
        ]

    widths = [14, 14, 28] if placed else [16, 28]
    widths += [12] * (len(headings) - len(widths))
    formats = {len(leading) + figures.index(name): PERCENT for name in RATES}
    return Sheet(
        preamble=_preamble(report, jurisdiction_name),
        headings=headings,
        rows=[*(cells(row) for row in report.rows), cells(report.totals, totals=True)],
        widths=widths,
        number_formats=formats,
    )


def _preamble(report: ComplianceReport, jurisdiction_name: str | None) -> list[list[Any]]:
    place = f"{jurisdiction_name}（{report.jurisdiction}），含所辖地区" if report.jurisdiction else "全部"
    domain = f"{DOMAINS[report.domain][0]}（{report.domain.value}）" if report.domain else "全部"
    window = f"{report.due_from or '不限'} 至 {report.due_to or '不限'}"
    lines = [
        [f"公共资源配置领域政府信息公开合规情况（按{GROUP_HEADINGS[report.group_by]}）"],
        ["统计日（逾期判定日）", report.as_of.isoformat()],
        ["行政区划", place],
        ["公开领域", domain],
        ["责任主体", report.department or "全部"],
        ["到期日期", window],
        *(["说明", line] for line in DEFINITIONS),
    ]
    if report.note is not None:
        lines.append(["说明", report.note.zh])
    return lines


def overdue_sheet(report: OverdueReport) -> Sheet:
    place = f"{report.jurisdiction_name}（{report.jurisdiction}），含所辖地区" if report.jurisdiction else "全部"
    preamble = [
        ["逾期未公开清单（按公开事项合计，不列项目）"],
        ["统计日（逾期判定日）", report.as_of.isoformat()],
        ["行政区划", place],
        ["逾期未公开（项）", report.total],
    ]
    rows = []
    for notice in report.notices:
        values = notice.model_dump()
        values["responsible"] = "、".join(notice.responsible)
        values["item"] = notice.item or "（仅适用法律法规）"
        rows.append([values[name] for name in OVERDUE_HEADINGS])
    return Sheet(preamble, list(OVERDUE_HEADINGS.values()), rows, [14, 14, 32, 20, 28, 12, 14, 14], {})
