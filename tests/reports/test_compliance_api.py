"""The compliance report against a known set of events, figures computed by hand."""

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from app.reports.compliance import DisclosureFacts, summarize


def report(client: TestClient, **params: str) -> dict:
    response = client.get("/v1/reports/compliance", params={"jurisdiction": "350582", "as_of": "2025-11-01", **params})
    assert response.status_code == 200, response.text
    return response.json()


def test_by_domain_matches_the_hand_count(client: TestClient, known_events: dict) -> None:
    body = report(client, group_by="domain")
    rows = {row["key"]: row for row in body["rows"]}
    land = rows["land_use_rights"]
    assert land["label"] == "国有土地使用权出让"
    assert (land["total"], land["published_on_time"], land["published_late"], land["overdue"]) == (6, 1, 2, 1)
    assert (land["pending"], land["exempt"]) == (1, 1)
    assert land["on_time_rate"] == 0.25  # 1 on time of 1 + 2 late + 1 overdue
    assert land["median_days_late"] == 7.5  # 4 and 11 days
    procurement = rows["government_procurement"]
    assert (procurement["total"], procurement["published_on_time"], procurement["on_time_rate"]) == (1, 1, 1.0)
    assert body["totals"]["total"] == 7 and body["totals"]["on_time_rate"] == 0.4  # 2 of 5


def test_as_of_moves_overdue(client: TestClient, known_events: dict) -> None:
    later = {row["key"]: row for row in report(client, group_by="domain", as_of="2025-11-20")["rows"]}
    assert (later["land_use_rights"]["overdue"], later["land_use_rights"]["pending"]) == (2, 0)
    earlier = {row["key"]: row for row in report(client, group_by="domain", as_of="2025-10-10")["rows"]}
    assert (earlier["land_use_rights"]["overdue"], earlier["land_use_rights"]["pending"]) == (0, 2)


def test_by_month_and_by_department_and_filters(client: TestClient, known_events: dict) -> None:
    months = {row["key"]: row["total"] for row in report(client, group_by="month", domain="land_use_rights")["rows"]}
    assert months == {"2025-10": 5, "2025-11": 1}
    departments = report(client, group_by="department", department="市国土局")["rows"]
    assert [(row["label"], row["total"]) for row in departments] == [("晋江市国土资源局", 6)]
    window = report(client, group_by="domain", **{"from": "2025-11-01", "to": "2025-11-30"})
    assert [(row["key"], row["total"]) for row in window["rows"]] == [("land_use_rights", 1)]


def test_downloads_carry_chinese_headings_and_the_same_figures(client: TestClient, known_events: dict) -> None:
    params = {"jurisdiction": "350582", "as_of": "2025-11-01", "group_by": "domain"}
    as_csv = client.get("/v1/reports/compliance", params={**params, "format": "csv"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.content.startswith("\ufeff".encode())  # so Excel reads UTF-8
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    table = table[heading_row(table):]  # below the header block (filters, as_of, notes)
    assert table[0][:3] == ["代码", "公开领域", "总数"] and "按时公开率" in table[0]
    land = next(row for row in table if row[0] == "land_use_rights")
    assert land[2] == "6" and land[table[0].index("按时公开率")] == "0.25"
    assert table[-1][1] == "合计"

    as_xlsx = client.get("/v1/reports/compliance", params=params, headers={"Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    assert as_xlsx.headers["content-disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    rows = rows[heading_row(rows):]
    assert rows[0][:3] == ("代码", "公开领域", "总数")
    land_row = next(row for row in rows if row[0] == "land_use_rights")
    assert land_row[2] == 6 and land_row[rows[0].index("逾期天数中位数")] == 7.5


def heading_row(rows: list) -> int:
    return next(number for number, row in enumerate(rows) if row and row[0] in ("代码", "行政区划代码"))


def test_a_range_ending_before_it_begins_counts_nothing(client: TestClient, known_events: dict) -> None:
    for group_by in ("jurisdiction", "domain", "department", "month", "notice"):
        for window in ({"from": "2025-11-01", "to": "2025-10-01"}, {"from": "2062-05-01", "to": "2018-07-04"}):
            body = report(client, group_by=group_by, **window)
            assert body["rows"] == [], (group_by, window)
            assert body["totals"]["total"] == 0 and body["totals"]["on_time_rate"] is None
    assert client.get("/dashboard", params={"jurisdiction": "350582", "from": "2025-11-01", "to": "2025-10-01"}).status_code == 200


def test_days_at_the_ends_of_the_date_range_count_as_any_day_beyond_the_calendar(
    client: TestClient, known_events: dict
) -> None:
    # Every due date lies on the legal calendar (2000-2099): as of the first day there is, nothing is
    # overdue yet; as of the last, everything unpublished is.
    earliest = {row["key"]: row for row in report(client, group_by="domain", as_of="0001-01-01")["rows"]}
    assert (earliest["land_use_rights"]["overdue"], earliest["land_use_rights"]["pending"]) == (0, 2)
    latest = {row["key"]: row for row in report(client, group_by="domain", as_of="9999-12-31")["rows"]}
    assert (latest["land_use_rights"]["overdue"], latest["land_use_rights"]["pending"]) == (2, 0)
    whole = report(client, group_by="domain")["totals"]["total"]
    for group_by in ("jurisdiction", "domain", "department", "month", "notice"):
        wide = report(client, group_by=group_by, **{"from": "0001-01-01", "to": "9999-12-31", "as_of": "9999-12-31"})
        assert wide["totals"]["total"] == whole and wide["due_from"] == "0001-01-01", group_by
        assert report(client, group_by=group_by, **{"from": "9999-12-31"})["totals"]["total"] == 0
        assert report(client, group_by=group_by, **{"to": "0001-01-01", "as_of": "0001-01-01"})["totals"]["total"] == 0
    for as_of in ("0001-01-01", "9999-12-31"):
        assert client.get("/dashboard", params={"jurisdiction": "350582", "as_of": as_of}).status_code == 200, as_of


def test_unknown_filters_are_problems(client: TestClient) -> None:
    assert client.get("/v1/reports/compliance", params={"jurisdiction": "999999"}).status_code == 404
    assert client.get("/v1/reports/compliance", params={"department": "不存在局"}).status_code == 404
    assert client.get("/v1/reports/compliance", params={"group_by": "weekday"}).status_code == 422


def test_summarize_counts_a_disclosure_once_in_the_totals() -> None:
    from datetime import date

    shared = DisclosureFacts("published_late", date(2025, 1, 10), None, groups=(("1", "甲"), ("2", "乙")))
    groups, overall = summarize([shared], date(2025, 2, 1))
    assert [g.total for g in groups] == [1, 1] and overall.total == 1
    assert overall.median_days_late is None  # no publication instant, no lateness to measure
