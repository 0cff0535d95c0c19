"""q finds rows by what a reader types: item, content, category, domain, deadline, notice type."""

import pytest
from fastapi.testclient import TestClient


def search(client: TestClient, q: str, **params) -> list[dict]:  # noqa: ANN003
    return client.get("/v1/obligations", params={"q": q, "limit": 200, **params}).json()["items"]


def test_by_domain_name(client: TestClient) -> None:
    # No item or content says 国有土地; the 16 rows of the domain 国有土地使用权出让 do.
    found = search(client, "国有土地")
    assert len(found) >= 16
    assert sum(row["domain"] == "land_use_rights" for row in found) >= 16


def test_by_notice_type_the_platforms_word(client: TestClient) -> None:
    # 晋江: a platform's 中标结果 is the 采购结果 row's 中标（成交）结果公告, not only construction.
    found = search(client, "中标结果", jurisdiction="350582")
    items = [row["item"] for row in found]
    assert "采购结果" in items


def test_by_deadline_text_and_category(client: TestClient) -> None:
    assert any("交易结束后10个工作日内" in row["deadline"]["text"] for row in search(client, "交易结束后10个工作日内"))
    assert search(client, "年度建设计划信息", jurisdiction="320000")  # a heading of 江苏's 附件2


@pytest.mark.parametrize(("typed", "simplified"), [("國有土地", "国有土地"), ("中標候選人", "中标候选人")])
def test_either_script(client: TestClient, typed: str, simplified: str) -> None:
    assert [row["id"] for row in search(client, typed)] == [row["id"] for row in search(client, simplified)]


def test_best_matches_first(client: TestClient) -> None:
    found = search(client, "中标候选人", jurisdiction="350582")
    assert "中标候选人" in found[0]["item"]
    # Every word must be found: two words narrow, never widen.
    both = search(client, "中标候选人 公示")
    assert {row["id"] for row in both} <= {row["id"] for row in search(client, "中标候选人")}


def test_nothing_found_is_an_empty_page(client: TestClient) -> None:
    page = client.get("/v1/obligations", params={"q": "火星采矿权"}).json()
    assert (page["items"], page["total"]) == ([], 0)
