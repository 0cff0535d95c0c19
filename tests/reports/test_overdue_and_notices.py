"""The overdue list as a download, and the report by notice the dashboard drills down to: counted,
never listed by subject (both are public)."""

import csv
import io
import json

from fastapi.testclient import TestClient

from tests.reports.test_compliance_api import report


def test_the_overdue_list_downloads_whole(client: TestClient, known_events: dict) -> None:
    params = {"jurisdiction": "350582", "as_of": "2025-11-20"}  # D and now E are overdue
    body = client.get("/v1/reports/overdue", params=params).json()
    assert body["total"] == 2 and body["jurisdiction_name"] == "晋江市"
    [notice] = body["notices"]
    assert (notice["item"], notice["count"], notice["responsible"]) == ("成交公示", 2, ["晋江市国土资源局"])
    assert (notice["earliest_due"], notice["days_overdue"]) == ("2025-10-16", 35)
    assert "subject" not in json.dumps(body)
    sheet = client.get("/v1/reports/overdue", params={**params, "format": "csv"}).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(sheet)))
    assert ["统计日（逾期判定日）", "2025-11-20"] in table
    heading = next(number for number, row in enumerate(table) if row[:1] == ["行政区划代码"])
    assert table[heading + 1][:5] == ["350582", "晋江市", "成交公示", "国有建设用地使用权出让结果", "晋江市国土资源局"]
    assert client.get("/v1/reports/overdue", params={"jurisdiction": "999999"}).status_code == 404


def test_by_notice_names_each_item_and_its_notice(client: TestClient, known_events: dict) -> None:
    body = report(client, group_by="notice", domain="land_use_rights")
    [land] = body["rows"]
    assert land["key"] == f"350582/{known_events['land']}/land_transfer_result"
    assert land["label"] == "成交公示 · 国有建设用地使用权出让结果"
    assert (land["jurisdiction"], land["jurisdiction_name"], land["total"]) == ("350582", "晋江市", 6)
    assert body["note"] is None  # one notice per disclosure: the rows add up to the totals
