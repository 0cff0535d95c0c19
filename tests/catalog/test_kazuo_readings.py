"""喀左's catalog as the audit read it, row by row, seeded and judged on both databases.

Each test names the 序号 it covers; the seed file (seed/002_kazuo.yaml) says why each reading is
what it is.
"""

from fastapi.testclient import TestClient

from tests.events.publications import publish

KAZUO = "211324"


def row(client: TestClient, ref: str) -> dict:
    rows = client.get("/v1/obligations", params={"jurisdiction": KAZUO, "limit": 100}).json()["items"]
    return next(item for item in rows if item["ref"] == ref)


def test_12_and_13_periods_counted_from_the_notice_itself_are_notice_periods(client: TestClient) -> None:
    tender, award = row(client, "12"), row(client, "13")
    assert tender["notice_period"] == "等标期：公告发布之日起20日"
    assert award["notice_period"] == "中标公告期限：公告发布之日起1个工作日"
    for read in (tender, award):
        # The row sets no publication period: the law decides (defaulted, cited).
        assert read["deadline"]["defaulted"] and read["deadline"]["trigger"] == "info_formed"
        assert read["deadline"]["text"] == read["source"]["text"]["公开实效"]


def test_15_and_16_stay_ambiguous_and_say_why(client: TestClient) -> None:
    for ref in ("15", "16"):
        read = row(client, ref)
        assert read["deadline"]["defaulted"] and read["notice_period"]
        assert "counts from the notice itself" in read["deadline"]["review"]


def test_14_the_correction_is_due_before_the_bid_deadline(client: TestClient, writer: dict) -> None:
    correction = row(client, "14")
    assert (correction["deadline"]["kind"], correction["deadline"]["trigger"]) == ("before", "trading_start")
    assert correction["deadline"]["review"]
    event = publish(client, writer, jurisdiction=KAZUO, notice_type="procurement_correction", subject="KZ-GZ-1",
                    triggered_at="2025-09-20", triggers={"trading_start": "2025-10-20"},
                    published_at="2025-10-06T09:00:00+08:00", publisher="县政府采购办", channel="辽宁省政府采购网")
    # 15 days before 10-20 is 10-05: the row and 政府采购法实施条例 第三十一条 agree; 10-06 is late.
    assert (event["due_date"], event["timeliness"]) == ("2025-10-05", "late")
    assert {rule["source"] for rule in event["rules"]} == {"catalog", "statute"}


def test_36_the_truncated_cell_and_its_penalty_part(client: TestClient, writer: dict) -> None:
    housing = row(client, "36")
    assert "truncated" in housing["note"]
    penalty = next(alt for alt in housing["deadline"]["alternatives"] if "penalty_decision" in alt["notice_types"])
    assert (penalty["trigger"], penalty["amount"], penalty["unit"]) == ("decision_made", 7, "working_day")
    assert "ends mid-sentence" in penalty["review"]
    event = publish(client, writer, obligation_id=housing["id"], notice_type="penalty_decision", subject="KZ-CF-1",
                    triggered_at="2025-09-30", published_at="2025-10-16T09:00:00+08:00",
                    publisher="县住建局", channel="辽宁省建设工程信息网")
    assert (event["due_date"], event["timeliness"]) == ("2025-10-16", "on_time")
    # Posted under 序号36, not 序号24 (the 失信黑名单 row): the law's 7 working days govern.
    assert "国办发〔2015〕51号" in next(rule for rule in event["rules"] if rule["governing"])["citation"]
    assert all(rule["obligation_id"] in (None, housing["id"]) for rule in event["rules"])


def test_20_the_paper_route_is_chosen_by_the_submission_not_the_channel(client: TestClient, writer: dict) -> None:
    notices = row(client, "20")
    base = {"obligation_id": notices["id"], "notice_type": "tender_notice", "publisher": "县发改局",
            "channel": "辽宁省招投标监管网", "triggered_at": "2025-09-29T09:00+08:00"}
    electronic = publish(client, writer, subject="KZ-ZB-E", submission="electronic",
                         published_at="2025-09-29T20:00+08:00", **base)
    assert (electronic["due_at"], electronic["timeliness"]) == ("2025-09-29T21:00:00+08:00", "on_time")
    # On paper: 核验确认 takes at most 3 working days (10-10 at the latest), then 1 working day:
    # Saturday 10-11, a working day that year.
    paper = publish(client, writer, subject="KZ-ZB-P", submission="paper", published_at="2025-10-11T09:00+08:00", **base)
    assert (paper["due_date"], paper["timeliness"]) == ("2025-10-11", "on_time")
    assert governing_route(paper) == "paper"


def governing_route(event: dict) -> str | None:
    rule = next(rule for rule in event["rules"] if rule["governing"])
    return "paper" if rule["trigger"] in ("verified", "received") and rule["unit"] == "working_day" else "electronic"


def test_23_the_report_is_a_filing_due_15_days_after_the_winner(client: TestClient) -> None:
    report = row(client, "23")
    assert (report["duty"], report["notice_types"]) == ("filing", [])
    assert (report["deadline"]["trigger"], report["deadline"]["amount"], report["deadline"]["unit"]) == (
        "winner_determined", 15, "calendar_day")
    assert report["deadline"]["basis"] == "《中华人民共和国招标投标法》第四十七条"


def test_5_the_policy_and_the_local_posting_are_two_duties(client: TestClient) -> None:
    policy, process = row(client, "5.1"), row(client, "5.2")
    assert (policy["item"], policy["display_period"]) == ("农村危房改造政策", "长期")
    assert policy["deadline"]["trigger"] == "document_issued"
    assert process["required_fields"] == ["对象认定过程", "补助资金分配", "改造结果"]
    assert (process["display_period"], process["channels"]) == ("7天", ["乡镇、村公告公示栏"])
    assert process["deadline"]["defaulted"]


def test_2_monthly_progress_is_a_recurring_duty_and_completion_a_notice(client: TestClient, writer: dict) -> None:
    progress, completed = row(client, "2.3"), row(client, "2.4")
    assert (progress["deadline"]["kind"], progress["deadline"]["unit"]) == ("recurring", "month")
    assert progress["deadline"]["review"]
    assert completed["required_fields"] == ["项目名称", "建设地址", "建设单位", "竣工套数", "竣工时间"]
    # November 2025's progress is due by 11-30, a Sunday: Monday 12-01 (民法典 第二百零三条).
    event = publish(client, writer, obligation_id=progress["id"], subject="KZ-JD-2025-11", triggered_at="2025-11-03",
                    published_at="2025-12-01T09:00:00+08:00", publisher="县住建局", channel="县政府网站")
    assert (event["due_date"], event["timeliness"]) == ("2025-12-01", "on_time")


def test_6_a_fixed_date_on_a_sunday_moves_to_monday(client: TestClient, writer: dict) -> None:
    # 每年3月31日前: 2024-03-31 was a Sunday.
    plan = row(client, "6")
    event = publish(client, writer, obligation_id=plan["id"], subject="KZ-GD-2024", triggered_at="2024-01-02",
                    published_at="2024-04-01T09:00:00+08:00", publisher="县政府", channel="县政府网站")
    assert (event["due_date"], event["timeliness"]) == ("2024-04-01", "on_time")
