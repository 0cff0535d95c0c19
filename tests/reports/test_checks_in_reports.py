"""Reports count all four checks, not timeliness alone: figures computed by hand.

Beside `known_events` (A on time, every check passed; B, C late; D overdue; E pending; F exempt; G
procurement on time but on a channel class rather than a channel (fail) by a role (unverified)), three more publications of 晋江's land deal, on time but each failing another
check, and one 泉州 procurement contract that only the statutes judge (nothing to check its channel,
publisher and content against: unverified)."""

import csv
import io
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.reports.compliance import DisclosureFacts, summarize
from tests.events.publications import LAND_FIELDS, good_publication, publish
from tests.reports.test_compliance_api import heading_row, report

AS_OF = {"as_of": "2025-11-01"}


@pytest.fixture
def failing_checks(client: TestClient, writer: dict, known_events: dict) -> dict:
    land = known_events["land"]
    publish(client, writer, **good_publication(land, subject="H", channel="某某论坛"))
    publish(client, writer, **good_publication(land, subject="I", publisher="晋江市财政局"))
    missing = {name: value for name, value in LAND_FIELDS.items() if name != "出让价款"}
    publish(client, writer, **good_publication(land, subject="J", content={**missing, "面积": "暂无"}))
    publish(client, writer, jurisdiction="350500", notice_type="procurement_contract", subject="QZ-1",
            triggered_at="2025-09-30", published_at="2025-10-10T09:00:00+08:00",
            publisher="泉州市某采购人", channel="中国政府采购网")
    return known_events


def counts(check: dict) -> tuple[int, int, int, int]:
    return check["pass"], check["fail"], check["unverified"], check["not_applicable"]


def test_a_notice_on_time_on_the_wrong_channel_is_not_compliant(client: TestClient, failing_checks: dict) -> None:
    land = {row["key"]: row for row in report(client, group_by="domain")["rows"]}["land_use_rights"]
    # Timeliness alone, as before: on time A, H, I, J of 4 + 2 late + 1 overdue.
    assert (land["published_on_time"], land["published_late"], land["overdue"]) == (4, 2, 1)
    assert land["on_time_rate"] == round(4 / 7, 4)
    # All four checks: only A passes everything; B, C are late, D overdue, H, I, J each fail one.
    assert (land["compliant"], land["noncompliant"], land["unverified"]) == (1, 6, 0)
    assert land["compliance_rate"] == round(1 / 7, 4)
    checks = land["checks"]
    assert counts(checks["timeliness"]) == (4, 2, 0, 0)  # over the 6 published: the overdue one has no publication
    assert counts(checks["channel"]) == (5, 1, 0, 0)  # H
    assert counts(checks["publisher"]) == (5, 1, 0, 0)  # I
    assert counts(checks["content"]) == (5, 1, 0, 0)  # J: one field missing, one a placeholder


def test_unverified_is_never_counted_as_passing(client: TestClient, failing_checks: dict) -> None:
    # 泉州 rolls up 晋江: G (channel failed, publisher unverified) and QZ-1 (statutes alone) in procurement.
    body = report(client, jurisdiction="350500", group_by="domain")
    procurement = {row["key"]: row for row in body["rows"]}["government_procurement"]
    assert (procurement["published_on_time"], procurement["on_time_rate"]) == (2, 1.0)
    assert (procurement["compliant"], procurement["unverified"], procurement["noncompliant"]) == (0, 1, 1)
    assert procurement["compliance_rate"] == 0.0
    checks = procurement["checks"]
    assert counts(checks["channel"]) == (0, 1, 1, 0)  # G fails, QZ-1 has nothing to check against
    assert counts(checks["publisher"]) == (0, 0, 2, 0)  # G's 采购人 is a role; QZ-1 likewise nothing
    assert counts(checks["content"]) == (0, 0, 1, 1)  # G's row lists no fields
    totals = body["totals"]
    # 9 judged: on time A, H, I, J, G, QZ-1; late B, C; overdue D. Compliant: A alone.
    assert (totals["compliant"], totals["unverified"], totals["noncompliant"]) == (1, 1, 7)
    assert totals["compliance_rate"] == round(1 / 9, 4) and totals["on_time_rate"] == round(6 / 9, 4)


def test_department_rows_say_why_they_add_up_to_more_than_the_totals(client: TestClient, failing_checks: dict) -> None:
    body = report(client, group_by="department")
    assert body["note"]["zh"].startswith("同一公开事项有多个责任主体的") and "once" in body["note"]["en"]
    assert all(row["jurisdiction"] == "350582" and row["jurisdiction_name"] == "晋江市" for row in body["rows"])
    assert body["totals"]["total"] == 10  # A–F, H, I, J and G, each once
    assert sum(row["total"] for row in body["rows"]) >= body["totals"]["total"]
    assert report(client, group_by="domain")["note"] is None  # a disclosure has one domain: rows add up


def test_the_sheet_states_its_filters_and_formats_rates_as_percentages(client: TestClient, failing_checks: dict) -> None:
    params = {"jurisdiction": "350582", "group_by": "department", "from": "2025-01-01", "format": "xlsx", **AS_OF}
    sheet = load_workbook(io.BytesIO(client.get("/v1/reports/compliance", params=params).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    block = {row[0]: row[1] for row in rows[: heading_row(rows)] if row and row[0]}
    assert block["统计日（逾期判定日）"] == "2025-11-01"
    assert block["行政区划"] == "晋江市（350582），含所辖地区"
    assert block["到期日期"] == "2025-01-01 至 不限" and block["公开领域"] == "全部"
    notes = [row[1] for row in rows[: heading_row(rows)] if row and row[0] == "说明"]
    assert any("各行相加可能大于合计" in note for note in notes) and any("合规率" in note for note in notes)

    start = heading_row(rows)
    headings = list(rows[start])
    assert headings[:3] == ["行政区划代码", "行政区划", "责任主体"]
    assert {"按时公开率", "合规率", "公开渠道·不通过", "发布主体·无法核验"} <= set(headings)
    land_office = next(row for row in rows[start + 1:] if row[2] == "晋江市国土资源局")
    # The body's place, not a database id, identifies it.
    assert land_office[:2] == ("350582", "晋江市")
    rate = sheet.cell(row=start + 1 + rows[start + 1:].index(land_office) + 1, column=headings.index("合规率") + 1)
    assert rate.value == round(1 / 7, 4) and rate.number_format == "0.0%"
    assert land_office[headings.index("公开渠道·不通过")] == 1
    totals = rows[-1]
    assert totals[2] == "合计" and totals[headings.index("合规")] == 1


def test_the_csv_carries_the_same_header_block_and_figures(client: TestClient, failing_checks: dict) -> None:
    params = {"jurisdiction": "350582", "group_by": "domain", "format": "csv", **AS_OF}
    text = client.get("/v1/reports/compliance", params=params).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    start = heading_row(table)
    assert ["统计日（逾期判定日）", "2025-11-01"] in table[:start]
    land = next(row for row in table[start:] if row[0] == "land_use_rights")
    assert land[table[start].index("合规率")] == str(round(1 / 7, 4))  # a plain number for programs to read


def test_a_result_never_recorded_counts_as_unverified() -> None:
    published = DisclosureFacts("published_on_time", date(2025, 1, 10), None, groups=(("1", "甲"),))
    checked = DisclosureFacts("published_on_time", date(2025, 1, 10), None, groups=(("1", "甲"),),
                              checks={"timeliness": "pass", "channel": "pass", "publisher": "not_applicable",
                                      "content": "pass"})
    _, overall = summarize([published, checked], date(2025, 2, 1))
    assert overall.verdicts == {"compliant": 1, "noncompliant": 0, "unverified": 1}
    assert overall.checks["channel"] == {"pass": 1, "fail": 0, "unverified": 1, "not_applicable": 0}
    assert overall.compliance_rate == 0.5 and overall.on_time_rate == 1.0
