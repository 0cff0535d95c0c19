"""Posting as platforms know their notices: by jurisdiction and notice type, judged by every rule
that applies there, the law above the catalog included (SPEC §The law above the catalogs, §Notice
types). On both databases; 2025's National Day break runs 10-01 to 10-08.
"""

from fastapi.testclient import TestClient

from tests.events.publications import obligation, publish


def post(client: TestClient, writer: dict, **body):  # noqa: ANN003, ANN201
    return client.post("/v1/events", json=body, headers=writer)


def governing(event: dict) -> dict:
    return next(rule for rule in event["rules"] if rule["governing"])


def test_jian_procurement_result_is_due_by_the_regulation_not_the_default(client: TestClient, writer: dict) -> None:
    # 吉安's plan gives 采购结果 no period: it defaulted to 20 working days (2025-11-03). 政府采购法
    # 实施条例 第四十三条 says 2 working days from the supplier being determined.
    event = publish(client, writer, jurisdiction="360800", notice_type="procurement_result", subject="JA-CG-1",
                    triggered_at="2025-09-29", published_at="2025-10-09T16:00:00+08:00",
                    publisher="吉安市财政局", channel="中国政府采购网")
    row = obligation(client, "360800", "采购结果", "government_procurement")
    assert event["obligation_id"] == row["id"]
    assert (event["due_date"], event["timeliness"]) == ("2025-10-09", "on_time")
    rule = governing(event)
    assert rule["source"] == "statute" and "第四十三条" in rule["citation"]
    assert "2个工作日内" in rule["clause"]
    late = publish(client, writer, jurisdiction="360800", notice_type="procurement_result", subject="JA-CG-2",
                   triggered_at="2025-09-29", published_at="2025-10-10T09:00:00+08:00",
                   publisher="吉安市财政局", channel="中国政府采购网")
    assert (late["timeliness"], late["late_by"]) == ("late", 1)


def test_jinjiang_bid_candidates_regulation_governs_and_the_row_is_listed(client: TestClient, writer: dict) -> None:
    # 晋江's row says 20 working days; 招标投标法实施条例 第五十四条 says 3 days from the 评标报告.
    event = publish(client, writer, jurisdiction="350582", notice_type="bid_candidates", subject="JJ-ZB-1",
                    triggered_at="2025-09-26", published_at="2025-09-30T09:00:00+08:00",
                    publisher="晋江市住建局", channel="晋江市公共资源交易网")
    assert (event["due_date"], event["timeliness"]) == ("2025-09-29", "late")
    catalog_rule = next(rule for rule in event["rules"] if rule["source"] == "catalog")
    assert (catalog_rule["due_date"], catalog_rule["governing"]) == ("2025-10-30", False)
    assert catalog_rule["obligation_id"] == event["obligation_id"]
    assert governing(event)["statute_key"] == "bid-candidates-3d"
    assert governing(event)["display_period"] == "公示期不得少于3日"


def test_a_stricter_catalog_row_governs(client: TestClient, writer: dict) -> None:
    # 晋江 中标结果: 确定中标人之日起3日内; no statute sets a period for it, so the fallback (20
    # working days) is computed too, and the row, stricter, governs.
    event = publish(client, writer, jurisdiction="350582", notice_type="bid_result", subject="JJ-ZB-2",
                    triggered_at="2025-09-26", published_at="2025-09-29T09:00:00+08:00",
                    publisher="晋江市住建局", channel="晋江市公共资源交易网")
    assert governing(event)["source"] == "catalog"
    assert event["due_date"] == "2025-09-29"
    statute = next(rule for rule in event["rules"] if rule["source"] == "statute")
    assert (statute["statute_key"], statute["due_date"], statute["governing"]) == (
        "gov-info-regulation-26", "2025-10-30", False)


def test_where_no_row_matches_the_statutes_alone_judge(client: TestClient, writer: dict) -> None:
    # 泉州 has no catalog: nothing names the channel, the body or the content to check.
    event = publish(client, writer, jurisdiction="350500", notice_type="procurement_contract", subject="QZ-1",
                    triggered_at="2025-09-30", published_at="2025-10-10T09:00:00+08:00",
                    publisher="泉州市某采购人", channel="中国政府采购网")
    assert event["obligation_id"] is None and event["timeliness"] == "on_time"
    checks = {check["name"]: check["result"] for check in event["checks"]}
    assert checks["timeliness"] == "pass"
    assert all(checks[name] != "pass" for name in ("channel", "publisher", "content"))
    assert event["status"] != "compliant"


def test_a_rule_anchored_elsewhere_reads_its_trigger_from_triggers(client: TestClient, writer: dict) -> None:
    body = {"jurisdiction": "350500", "notice_type": "land_transfer_notice", "triggered_at": "2025-09-15",
            "published_at": "2025-09-30T09:00:00+08:00", "publisher": "泉州市自然资源局", "channel": "中国土地市场网"}
    with_start = publish(client, writer, subject="QZ-TD-1", triggers={"trading_start": "2025-10-21"}, **body)
    assert with_start["triggers"]["trading_start"].startswith("2025-10-21")
    assert (with_start["due_date"], with_start["timeliness"]) == ("2025-10-01", "on_time")
    rule = governing(with_start)
    assert (rule["kind"], rule["trigger"], rule["missing_trigger"]) == ("before", "trading_start", None)
    # Where no rule has its anchor, nothing can judge: the client is told which to give.
    alone = post(client, writer, subject="QZ-TD-2", **body)
    assert alone.status_code == 422 and "trading_start" in alone.json()["detail"]


def test_one_disclosure_per_notice_type_of_a_multi_notice_row(client: TestClient, writer: dict) -> None:
    # 喀左 序号20 covers both the 资格预审公告 and the 招标公告 of a project.
    row = obligation(client, "211324", "资格预审公告和招标公告")["id"]
    base = {"obligation_id": row, "subject": "KZ-GC-7", "triggered_at": "2025-09-30T09:00+08:00",
            "publisher": "县发改局", "channel": "县政府网站"}
    publish(client, writer, notice_type="prequalification_notice", published_at="2025-09-30T12:00+08:00", **base)
    publish(client, writer, notice_type="tender_notice", published_at="2025-09-30T15:00+08:00", **base)
    listed = client.get("/v1/disclosures", params={"subject": "KZ-GC-7"}, headers=writer).json()
    assert sorted(item["notice_type"] for item in listed["items"]) == ["prequalification_notice", "tender_notice"]
    assert client.get("/v1/disclosures", params={"subject": "KZ-GC-8"}, headers=writer).json()["total"] == 0


def test_bad_notices_are_problems(client: TestClient, writer: dict) -> None:
    base = {"subject": "BAD-1", "triggered_at": "2025-09-29", "published_at": "2025-10-09T09:00:00+08:00"}
    multi = obligation(client, "211324", "资格预审公告和招标公告")["id"]
    land = obligation(client, "350582", "成交公示", "land_use_rights")["id"]
    cases = {
        "unknown notice type": {"jurisdiction": "360800", "notice_type": "procurement_resultz"},
        "another domain's notice": {"obligation_id": land, "notice_type": "procurement_result"},
        "a row of several notices, none named": {"obligation_id": multi},
        "a trigger no rule reads": {"jurisdiction": "360800", "notice_type": "procurement_result",
                                    "triggers": {"trading_start": "2025-10-20"}},
        "published before its trigger": {"jurisdiction": "360800", "notice_type": "procurement_result",
                                         "triggered_at": "2025-10-10"},
        "a notice type listed under several domains": {"jurisdiction": "350582", "notice_type": "penalty_decision"},
        "neither obligation nor notice type": {"jurisdiction": "360800"},
    }
    for case, body in cases.items():
        response = post(client, writer, **{**base, **body})
        expected = 404 if case == "unknown notice type" else 422  # a name that does not exist
        assert response.status_code == expected, (case, response.text)
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json"), case
        assert problem["status"] == expected and (problem.get("detail") or problem.get("errors")), case


def test_batch_by_notice_type(client: TestClient, writer: dict) -> None:
    items = [
        {"jurisdiction": "360800", "notice_type": "procurement_result", "subject": f"JA-B-{n}",
         "triggered_at": "2025-09-29", "published_at": f"2025-10-{9 + n:02d}T09:00:00+08:00",
         "publisher": "吉安市财政局", "channel": "中国政府采购网"}
        for n in range(2)
    ]
    response = client.post("/v1/events/batch", json={"events": items}, headers=writer)
    assert response.status_code == 200, response.text
    answered = response.json()
    assert (answered["created"], answered["failed"]) == (2, 0)
    assert [item["event"]["timeliness"] for item in answered["items"]] == ["on_time", "late"]
    assert {item["event"]["obligation_id"] for item in answered["items"]} == {
        obligation(client, "360800", "采购结果", "government_procurement")["id"]}


def test_conflicts_list_the_rows_looser_than_a_statute(client: TestClient) -> None:
    jinjiang = next(c for c in client.get("/v1/catalogs").json()["items"] if c["jurisdiction"] == "350582")
    conflicts = client.get(f"/v1/catalogs/{jinjiang['id']}/conflicts").json()["items"]
    by_item = {conflict["item"]: conflict for conflict in conflicts}
    candidates = by_item["中标候选人"]
    assert candidates["statute"]["key"] == "bid-candidates-3d"
    assert candidates["catalog_text"]["公开时限"] == "自信息形成或变更之日起20个工作日内"
    assert "3日内公示中标候选人" in candidates["statute"]["clause"]
    example = candidates["example"]
    assert example["statute_due_date"] < example["catalog_due_date"]
    # 采购结果 repeats the regulation word for word: no conflict.
    assert "采购结果" not in by_item
    missing = client.get("/v1/catalogs/999999/conflicts")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")
