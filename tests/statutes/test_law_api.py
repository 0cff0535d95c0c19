"""The national layer as integrators read it: notice types and statutory rules, on both databases."""

import pytest
import yaml
from fastapi.testclient import TestClient

from app.statutes.seed import NOTICE_TYPES_FILE, STATUTORY_RULES_FILE


@pytest.fixture(scope="module")
def notice_types_file(seed_dir) -> list[dict]:  # noqa: ANN001
    return yaml.safe_load((seed_dir / NOTICE_TYPES_FILE).read_text(encoding="utf-8"))["notice_types"]


@pytest.fixture(scope="module")
def statutes_file(seed_dir) -> list[dict]:  # noqa: ANN001
    return yaml.safe_load((seed_dir / STATUTORY_RULES_FILE).read_text(encoding="utf-8"))["statutory_rules"]


def test_every_notice_type_of_the_file_is_served_in_its_order(client: TestClient, notice_types_file: list) -> None:
    served = client.get("/v1/notice-types").json()
    assert [item["code"] for item in served["items"]] == [entry["code"] for entry in notice_types_file]
    for item, entry in zip(served["items"], notice_types_file, strict=True):
        assert (item["name"], item["domain"], item["trigger"], item["basis"]) == (
            entry["name"], entry["domain"], entry["trigger"], entry["basis"]
        )


def test_notice_types_by_domain(client: TestClient, notice_types_file: list) -> None:
    served = client.get("/v1/notice-types", params={"domain": "construction_bidding"}).json()["items"]
    expected = [entry["code"] for entry in notice_types_file if entry["domain"] == "construction_bidding"]
    assert [item["code"] for item in served] == expected and "bid_candidates" in expected


def test_one_notice_type_and_an_unknown_one(client: TestClient) -> None:
    assert client.get("/v1/notice-types/procurement_result").json()["name"] == "中标（成交）结果公告"
    missing = client.get("/v1/notice-types/procurement_results")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "/v1/notice-types" in missing.json()["detail"]


def test_every_statutory_rule_carries_its_citation(client: TestClient, statutes_file: list) -> None:
    served = {item["key"]: item for item in client.get("/v1/statutory-rules").json()["items"]}
    assert list(served) == [entry["key"] for entry in statutes_file]
    for entry in statutes_file:
        citation = served[entry["key"]]["citation"]
        assert citation["instrument"] == entry["instrument"] and citation["article"] == entry.get("article")
        assert citation["clause"] == entry["clause"] and citation["source"] == entry["source"]
        assert served[entry["key"]]["needs_review"] == entry.get("review")


def test_the_rules_of_a_notice_type(client: TestClient) -> None:
    rules = client.get("/v1/statutory-rules", params={"notice_type": "procurement_result"}).json()["items"]
    specific = [rule for rule in rules if not rule["fallback"]]
    assert specific and all("procurement_result" in rule["notice_types"] for rule in specific)
    assert any(rule["citation"]["article"] == "第四十三条" for rule in specific)
    unknown = client.get("/v1/statutory-rules", params={"notice_type": "no_such_notice"})
    assert unknown.status_code == 404


def test_the_seven_working_days_cite_the_2015_opinion_by_its_title(client: TestClient) -> None:
    # The basis is 国办发〔2015〕51号, an opinion of the General Office, not a 工作要点 of that year.
    title = "《国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见》"
    rule = next(r for r in client.get("/v1/statutory-rules").json()["items"] if r["key"] == "licensing-penalty-decisions-7wd")
    assert (rule["citation"]["instrument"], rule["citation"]["number"]) == (title, "国办发〔2015〕51号")
    assert "7个工作日内上网公开" in rule["citation"]["clause"]
    obligations = [
        item for offset in range(0, 300, 100)
        for item in client.get("/v1/obligations", params={"limit": 100, "offset": offset}).json()["items"]
    ]
    decisions = [item for item in obligations if "51号" in (item["deadline"].get("basis") or "")]
    assert decisions and all(title in item["deadline"]["basis"] for item in decisions)
    for item in client.get("/v1/notice-types", params={"domain": "credit"}).json()["items"]:
        assert title in item["basis"]
