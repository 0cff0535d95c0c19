"""江苏's bodies by level: a province department, or a function in the event's own city or county."""

import pytest
from fastapi.testclient import TestClient

from tests.events.publications import publish


def publisher_check(event: dict) -> dict:
    return next(check for check in event["checks"] if check["name"] == "publisher")


def jiangsu_row(client: TestClient, item: str) -> int:
    found = client.get("/v1/obligations", params={"jurisdiction": "320000", "q": item, "limit": 50}).json()["items"]
    return next(row["id"] for row in found if row["item"] == item)


@pytest.mark.parametrize(
    ("jurisdiction", "publisher", "result"),
    [
        ("320100", "南京市自然资源和规划局", "pass"),  # 南京's 国土资源 function under its present name
        ("320100", "南京市国土资源局", "pass"),
        ("320102", "南京市玄武区自然资源局", "pass"),  # 玄武区's, its city's name first
        ("320102", "南京市自然资源和规划局", "pass"),  # the city's, for an event in 玄武区: 市、县 both count
        ("320100", "江苏省自然资源厅", "fail"),  # the province, where the row says 市、县 only
        ("320100", "江苏省国土资源厅", "fail"),
        ("320100", "苏州市自然资源和规划局", "unverified"),  # another city's: cannot be told from a name alone
        ("320100", "市国土局", "unverified"),  # whose?
        ("320100", "张三", "fail"),
        ("320000", "南京市自然资源和规划局", "unverified"),  # the event names no city or county
    ],
)
def test_a_city_and_county_function(client: TestClient, writer: dict, jurisdiction: str, publisher: str, result: str) -> None:
    # 附件1 row 8 土地供应计划: 市、县国土资源部门.
    row = jiangsu_row(client, "土地供应计划")
    event = publish(client, writer, obligation_id=row, jurisdiction=jurisdiction, subject="NJ-TD-1",
                    triggered_at="2025-03-03", published_at="2025-03-05", publisher=publisher)
    assert publisher_check(event)["result"] == result, publisher_check(event)


def test_a_province_only_row(client: TestClient, writer: dict) -> None:
    # 附件1 row 14: 省财政部门 only. A city's 财政局 is not it; before, every level passed.
    row = jiangsu_row(client, "集中采购目录、政府采购限额标准和公开招标数额标准")
    base = dict(obligation_id=row, jurisdiction="320100", triggered_at="2025-03-03", published_at="2025-03-05")
    assert publisher_check(publish(client, writer, **base, subject="S1", publisher="省财政厅"))["result"] == "pass"
    assert publisher_check(publish(client, writer, **base, subject="S2", publisher="南京市财政局"))["result"] == "fail"


def test_bodies_are_listed_by_level(client: TestClient) -> None:
    departments = {d["name"]: d for d in client.get("/v1/departments", params={"jurisdiction": "320000", "limit": 200}).json()["items"]}
    function = departments["市、县国土资源部门"]
    assert (function["kind"], function["levels"]) == ("function", ["city", "county"])
    assert "自然资源" in function["function"]
    assert "市、县国土资源部门" not in departments["江苏省国土资源厅"]["aliases"]
    assert departments["江苏省自然资源厅"]["succeeds"][0]["took_over_by"] == "2018-12-31"


@pytest.mark.parametrize(
    ("publisher", "result"),
    [("辽宁省公共资源交易中心", "pass"), ("朝阳市公共资源交易中心", "pass"), ("喀左县公共资源交易中心", "pass"),
     ("公共资源交易中心", "pass"),  # the county centre's alias
     ("沈阳市公共资源交易中心", "unverified"), ("县国土局", "pass"), ("县财政局", "fail")],
)
def test_kazuo_centres_of_three_levels(client: TestClient, writer: dict, publisher: str, result: str) -> None:
    # 喀左 序号10 矿业权 出让公告: 县国土局、省市县公共资源交易中心.
    found = client.get("/v1/obligations", params={"jurisdiction": "211324", "domain": "mining_rights", "limit": 50}).json()["items"]
    row = next(item["id"] for item in found if item["ref"] == "10")
    event = publish(client, writer, obligation_id=row, subject="KZ-10", triggered_at="2025-03-03",
                    published_at="2025-03-05", publisher=publisher, notice_type="mining_transfer_notice")
    assert publisher_check(event)["result"] == result, publisher_check(event)
