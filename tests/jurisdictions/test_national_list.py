"""The whole national division list, what applies where (inheritance), and reports that roll up."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.jurisdictions.divisions import division_source
from app.jurisdictions.models import Jurisdiction
from tests.events.publications import good_publication, obligation, publish

PROBLEM = "application/problem+json"


def test_the_list_is_民政部s_as_of_2025_12_31() -> None:
    assert division_source()["table"] == "Xzqh20251231"
    assert division_source()["as_of"] == "2025-12-31"


@pytest.mark.parametrize(("level", "count"), [("national", 1), ("province", 33), ("city", 333), ("county", 2845)])
def test_counts_per_level(client: TestClient, level: str, count: int) -> None:
    # 33: 31 provinces, 香港 and 澳门 (台湾 has no code in the source). 333 prefectures: 293 地级市,
    # 30 自治州, 7 地区, 3 盟. 2,845 counties, 两江新区 (500157) included.
    assert client.get("/v1/jurisdictions", params={"level": level, "limit": 1}).json()["total"] == count


def test_parents_are_the_lists_own(session: Session) -> None:
    rows = {row.code: row for row in session.exec(select(Jurisdiction))}
    assert len(rows) == 1 + 33 + 333 + 2845
    # Every parent exists, one level up at most two: 北京's districts and the county-level
    # cities under a province (仙桃 429004) hang from the province.
    assert all(row.parent_code in rows for row in rows.values() if row.code != "100000")
    under_a_province = session.exec(
        select(func.count()).select_from(Jurisdiction).where(
            Jurisdiction.level == "county", col(Jurisdiction.parent_code).like("__0000")
        )
    ).one()
    assert under_a_province == 117
    assert (rows["429004"].name, rows["429004"].parent_code) == ("仙桃市", "420000")
    assert (rows["110101"].parent_code, rows["350582"].parent_code, rows["350500"].parent_code) == ("110000", "350500", "350000")


def test_search_by_name_in_either_script_and_filters(client: TestClient) -> None:
    nanjing = client.get("/v1/jurisdictions", params={"q": "南京"}).json()
    assert nanjing["items"][0]["code"] == "320100"
    assert client.get("/v1/jurisdictions", params={"q": "晉江"}).json()["items"][0]["code"] == "350582"
    kazuo = client.get("/v1/jurisdictions", params={"q": "喀左"}).json()["items"]
    assert [item["code"] for item in kazuo] == ["211324"]
    quanzhou = client.get("/v1/jurisdictions", params={"parent": "350500", "limit": 200}).json()
    assert "350582" in {item["code"] for item in quanzhou["items"]} and quanzhou["total"] == 12
    assert all(item["level"] == "county" for item in quanzhou["items"])


def test_paging(client: TestClient) -> None:
    first = client.get("/v1/jurisdictions", params={"level": "province", "limit": 20}).json()
    second = client.get("/v1/jurisdictions", params={"level": "province", "limit": 20, "offset": first["next_offset"]}).json()
    assert (len(first["items"]), len(second["items"]), second["next_offset"]) == (20, 13, None)
    assert not {i["code"] for i in first["items"]} & {i["code"] for i in second["items"]}


@pytest.mark.parametrize(
    "params, status", [({"parent": "999999"}, 404), ({"level": "village"}, 422), ({"parent": "35"}, 422), ({"q": ""}, 422)]
)
def test_bad_filters_are_problems(client: TestClient, params: dict, status: int) -> None:
    response = client.get("/v1/jurisdictions", params=params)
    assert response.status_code == status and response.headers["content-type"].startswith(PROBLEM)


def test_nanjing_is_under_jiangsus_catalog(client: TestClient) -> None:
    own = client.get("/v1/obligations", params={"jurisdiction": "320000", "limit": 200}).json()
    nanjing = client.get("/v1/obligations", params={"jurisdiction": "320100", "limit": 200}).json()
    assert nanjing["total"] == own["total"] > 0
    assert {item["id"] for item in nanjing["items"]} == {item["id"] for item in own["items"]}
    assert all(item["jurisdiction"] == "320000" and item["inherited_from"] == "320000" for item in nanjing["items"])
    assert all(item["inherited_from"] is None for item in own["items"])
    # A county of 南京 too, and nothing of another province.
    assert client.get("/v1/obligations", params={"jurisdiction": "320102"}).json()["total"] == own["total"]
    assert client.get("/v1/obligations", params={"jurisdiction": "350500"}).json()["total"] == 0


def test_an_unknown_jurisdiction_is_a_problem(client: TestClient) -> None:
    response = client.get("/v1/obligations", params={"jurisdiction": "999999"})
    assert response.status_code == 404 and "999999" in response.json()["detail"]


def test_an_event_in_nanjing_is_judged_by_jiangsus_row(client: TestClient, writer: dict) -> None:
    event = publish(client, writer, jurisdiction="320100", notice_type="bid_candidates", subject="NJ-1",
                    triggered_at="2025-03-03", published_at="2025-03-06", publisher="南京某招标代理有限公司",
                    channel="江苏省公共资源交易平台")
    jiangsu = obligation(client, "320000", "中标候选人")["id"]
    assert event["judged_obligation_id"] == jiangsu and event["jurisdiction"] == "320100"
    assert event["timeliness"] == "on_time"


def test_disclosures_and_reports_roll_up(client: TestClient, writer: dict, land_deal: int) -> None:
    publish(client, writer, **good_publication(land_deal, subject="JJ-ROLL-1"))
    for code in ("350582", "350500", "350000", "100000"):
        subjects = {d["subject"] for d in client.get("/v1/disclosures", params={"jurisdiction": code}, headers=writer).json()["items"]}
        assert "JJ-ROLL-1" in subjects, code
    elsewhere = client.get("/v1/disclosures", params={"jurisdiction": "360000"}, headers=writer).json()["items"]
    assert "JJ-ROLL-1" not in {d["subject"] for d in elsewhere}
    report = client.get("/v1/reports/compliance", params={"jurisdiction": "350000", "group_by": "jurisdiction"}).json()
    assert report["totals"]["total"] >= 1
    assert any(row["key"] == "350582" and row["label"] == "晋江市" for row in report["rows"])
