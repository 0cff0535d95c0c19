"""Publication events and their verdicts, on both databases."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from app.catalog.models import Catalog, Obligation, ObligationResponsible
from app.events.models import Event
from app.keys.scopes import Scope
from app.keys.service import create_key
from tests.events.publications import LAND_FIELDS, good_publication, obligation, publish

PROBLEM = "application/problem+json"


def checks(event: dict) -> dict[str, str]:
    return {check["name"]: check["result"] for check in event["checks"]}


def test_a_compliant_publication(client: TestClient, writer: dict, land_deal: int) -> None:
    event = publish(client, writer, **good_publication(land_deal))
    assert event["status"] == "compliant"
    assert event["timeliness"] == "on_time"
    assert (event["due_date"], event["due_at"]) == ("2025-10-16", "2025-10-16T23:59:59+08:00")
    assert checks(event) == {"timeliness": "pass", "channel": "pass", "publisher": "pass", "content": "pass"}
    for check in event["checks"]:
        assert check["detail"]["zh"] and check["detail"]["en"]
    assert "交易结束后10个工作日内" in event["checks"][0]["detail"]["zh"]
    assert event["received_at"] and event["api_key_id"]
    assert client.get(f"/v1/events/{event['id']}", headers=writer).json() == event


def test_late_says_by_how_much_in_the_rules_unit(client: TestClient, writer: dict, land_deal: int) -> None:
    event = publish(client, writer, **good_publication(land_deal, published_at="2025-10-20"))
    assert (event["status"], event["timeliness"]) == ("noncompliant", "late")
    assert (event["late_by"], event["late_unit"]) == (2, "working_day")
    assert "逾期2个工作日" in event["checks"][0]["detail"]["zh"]


def test_wrong_channel_names_the_accepted_ones(client: TestClient, writer: dict, land_deal: int) -> None:
    event = publish(client, writer, **good_publication(land_deal, channel="微信公众号"))
    assert checks(event)["channel"] == "fail" and event["status"] == "noncompliant"
    assert "中国土地市场网" in event["checks"][1]["detail"]["zh"]


@pytest.mark.parametrize("publisher", ["晋江市国土资源局", "国土局", "市國土局"])
def test_publisher_by_any_alias(client: TestClient, writer: dict, land_deal: int, publisher: str) -> None:
    event = publish(client, writer, **good_publication(land_deal, publisher=publisher))
    assert checks(event)["publisher"] == "pass"


def test_wrong_publisher_names_the_responsible_body(client: TestClient, writer: dict, land_deal: int) -> None:
    event = publish(client, writer, **good_publication(land_deal, publisher="市财政局"))
    assert checks(event)["publisher"] == "fail"
    assert "晋江市国土资源局" in event["checks"][2]["detail"]["zh"]


def test_missing_content_fields_are_listed(client: TestClient, writer: dict, land_deal: int) -> None:
    content = {k: v for k, v in LAND_FIELDS.items() if k not in ("出让价款", "面积")}
    event = publish(client, writer, **good_publication(land_deal, content={**content, "面积": ""}))
    assert checks(event)["content"] == "fail"
    assert "面积、出让价款" in event["checks"][3]["detail"]["zh"]


def test_same_day_rule_early(client: TestClient, writer: dict) -> None:
    announcement = obligation(client, "350582", "出让公告", "land_use_rights")["id"]
    body = good_publication(announcement, triggered_at="2025-09-26", published_at="2025-09-25", content={})
    event = publish(client, writer, **body)
    assert event["timeliness"] == "early" and checks(event)["timeliness"] == "fail"
    on_the_day = publish(client, writer, **{**body, "subject": "JJ-2", "published_at": "2025-09-26T18:00+08:00"})
    assert on_the_day["timeliness"] == "on_time"


def test_roles_and_the_mandatory_trading_platform(client: TestClient, writer: dict) -> None:
    # 江苏 row 5: 项目实施主体 (a role) and no content fields in the catalog; the plan's 二(五) makes
    # the 江苏省公共资源交易平台 mandatory for every trading announcement. The 中标候选人 are due
    # within 3 days (招标投标法实施条例 第五十四条): Monday 03-03 → Thursday 03-06.
    row = obligation(client, "320000", "中标候选人")["id"]
    body = dict(obligation_id=row, subject="JS-1", triggered_at="2025-03-03", published_at="2025-03-06",
                publisher="南京某招标代理有限公司", channel="江苏省公共资源交易平台", notice_type="bid_candidates")
    event = publish(client, writer, **body)
    # A role is filled per project: who fills it cannot be checked, so the verdict says so.
    assert checks(event) == {"timeliness": "pass", "channel": "pass", "publisher": "unverified", "content": "not_applicable"}
    assert event["status"] == "unverified"
    elsewhere = publish(client, writer, **{**body, "subject": "JS-2", "channel": "江苏政府采购网"})
    assert (checks(elsewhere)["channel"], elsewhere["status"]) == ("fail", "noncompliant")


def test_hour_rule(client: TestClient, writer: dict) -> None:
    row = obligation(client, "211324", "资格预审公告和招标公告")["id"]
    base = {"obligation_id": row, "notice_type": "tender_notice", "triggered_at": "2025-09-30T20:00+08:00",
            "publisher": "县发改局", "channel": "县政府网站"}
    on_time = publish(client, writer, subject="KZ-1", published_at="2025-10-01T07:59+08:00", **base)
    assert on_time["timeliness"] == "on_time" and on_time["due_at"] == "2025-10-01T08:00:00+08:00"
    late = publish(client, writer, subject="KZ-2", published_at="2025-10-01T10:30+08:00", **base)
    assert (late["timeliness"], late["late_by"], late["late_unit"]) == ("late", 3, "hour")


def test_channel_specific_rule(client: TestClient, writer: dict) -> None:
    # 取水许可公告: 7 working days on 县政府网站, 20 on the provincial system. A 行政许可 decision is
    # also due online within 7 working days by 国办发〔2015〕51号, which the provincial rule cannot loosen.
    row = obligation(client, "211324", "取水许可公告")["id"]
    base = {"obligation_id": row, "triggered_at": "2025-09-26", "published_at": "2025-10-20", "publisher": "县水利局",
            "content": {"取水地位": "a", "取水水量": "b", "取水人": "c", "取水时限": "d"}}
    county = publish(client, writer, subject="W-1", channel="县政府网站", **base)
    province = publish(client, writer, subject="W-2", channel="辽宁省涉企信息公示系统", **base)
    assert (county["due_date"], county["timeliness"]) == ("2025-10-13", "late")
    catalog_rule = next(rule for rule in province["rules"] if rule["source"] == "catalog")
    assert (catalog_rule["due_date"], catalog_rule["governing"]) == ("2025-10-30", False)
    assert (province["due_date"], province["timeliness"]) == ("2025-10-13", "late")
    statute = next(rule for rule in province["rules"] if rule["source"] == "statute")
    assert (statute["statute_key"], statute["due_date"]) == ("licensing-penalty-decisions-7wd", "2025-10-13")


def test_a_claimed_exemption_is_recorded_and_judged_as_if_unclaimed(client: TestClient, writer: dict, land_deal: int) -> None:
    exemption = {"reason": "trade_secret", "basis": "《中华人民共和国政府信息公开条例》第十五条"}
    event = publish(client, writer, **good_publication(land_deal, content={}, exemption=exemption))
    assert event["status"] == "noncompliant" and event["exemption"] == exemption
    assert event["exemption_status"] == "claimed"
    assert client.get("/v1/disclosures", params={"status": "exempt"}, headers=writer).json()["total"] == 0
    response = client.post("/v1/events", json=good_publication(land_deal, exemption={"reason": "trade_secret"}), headers=writer)
    assert response.status_code == 422


def test_trigger_overdue_then_published(client: TestClient, writer: dict, land_deal: int) -> None:
    trigger = publish(client, writer, obligation_id=land_deal, subject="JJ-9", kind="trigger", triggered_at="2025-09-26")
    assert (trigger["status"], trigger["due_date"]) == ("pending", "2025-10-16")
    assert trigger["checks"] == [] and trigger["published_at"] is None

    def disclosure(as_of: str, status: str) -> list[str]:
        page = client.get("/v1/disclosures", params={"status": status, "as_of": as_of}, headers=writer).json()
        return [item["subject"] for item in page["items"]]

    assert disclosure("2025-10-16", "pending") == ["JJ-9"]  # the due day itself is not overdue
    assert disclosure("2025-10-16", "overdue") == []
    assert disclosure("2025-10-17", "overdue") == ["JJ-9"]
    filtered = client.get("/v1/disclosures", params={"status": "overdue", "as_of": "2025-10-17", "jurisdiction": "350582",
                                                      "domain": "land_use_rights", "department": "市国土局"}, headers=writer).json()
    assert filtered["total"] == 1 and filtered["items"][0]["due_date"] == "2025-10-16"
    assert client.get("/v1/disclosures", params={"status": "overdue", "as_of": "2025-10-17", "domain": "credit"}, headers=writer).json()["total"] == 0

    # A publication without triggered_at uses the registered trigger.
    body = good_publication(land_deal, subject="JJ-9", published_at="2025-10-21")
    del body["triggered_at"]
    published = publish(client, writer, **body)
    assert published["trigger_event_id"] == trigger["id"]
    assert published["triggered_at"] == "2025-09-26T00:00:00+08:00"
    assert (published["timeliness"], published["late_by"]) == ("late", 3)
    assert disclosure("2025-10-30", "overdue") == []
    assert disclosure("2025-10-30", "published_late") == ["JJ-9"]


def test_publication_with_no_trigger_at_all_is_refused(client: TestClient, writer: dict, land_deal: int) -> None:
    body = good_publication(land_deal, subject="never-triggered")
    del body["triggered_at"]
    response = client.post("/v1/events", json=body, headers=writer)
    assert response.status_code == 409  # not malformed: no trigger is registered yet
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["type"] == "trigger-not-registered" and "triggered_at" in response.json()["detail"]


def test_correction_is_a_new_event(client: TestClient, writer: dict, land_deal: int) -> None:
    wrong = publish(client, writer, **good_publication(land_deal, subject="JJ-5", content={}))
    fixed = publish(client, writer, **good_publication(land_deal, subject="JJ-5", corrects=wrong["id"]))
    assert fixed["id"] != wrong["id"] and fixed["corrects"] == wrong["id"]
    # Untouched, and pointing at what corrects it.
    assert client.get(f"/v1/events/{wrong['id']}", headers=writer).json() == {**wrong, "corrected_by": [fixed["id"]]}
    state = client.get("/v1/disclosures", params={"status": "published_on_time"}, headers=writer).json()["items"][0]
    assert state["publication_event_id"] == fixed["id"] and state["verdict"] == "compliant"
    other = client.post("/v1/events", json=good_publication(land_deal, subject="JJ-6", corrects=wrong["id"]), headers=writer)
    assert other.status_code == 422


def test_the_database_refuses_to_change_an_event(client: TestClient, writer: dict, land_deal: int, session: Session) -> None:
    event = publish(client, writer, **good_publication(land_deal))
    for statement in (f"UPDATE events SET subject = 'x' WHERE id = {event['id']}", f"DELETE FROM events WHERE id = {event['id']}"):
        with pytest.raises(DBAPIError), session.begin_nested():
            session.execute(text(statement))
    assert session.get(Event, event["id"]).subject == "JJ-2025-001"


def test_judged_by_the_catalog_version_in_force_on_the_trigger_date(
    client: TestClient, writer: dict, land_deal: int, session: Session
) -> None:
    old = session.get(Obligation, land_deal)
    old_catalog = session.get(Catalog, old.catalog_id)
    old_catalog.in_force_until = date(2025, 12, 31)
    new_catalog = Catalog(**{**old_catalog.model_dump(exclude={"id"}), "key": "350582-2026-revision",
                             "in_force_from": date(2026, 1, 1), "in_force_until": None})
    session.add(new_catalog)
    session.flush()
    new = Obligation(**{**old.model_dump(exclude={"id"}), "catalog_id": new_catalog.id,
                        "deadline_text": "交易结束后5个工作日内", "deadline_amount": 5})
    session.add(new)
    session.flush()
    for link in session.exec(select(ObligationResponsible).where(ObligationResponsible.obligation_id == old.id)).all():
        session.add(ObligationResponsible(obligation_id=new.id, department_id=link.department_id, position=link.position))
    session.flush()

    before = publish(client, writer, **good_publication(new.id, subject="V-1"))
    assert before["judged_obligation_id"] == old.id and before["catalog_id"] == old_catalog.id
    assert before["due_date"] == "2025-10-16" and before["status"] == "compliant"  # 10 working days
    after = publish(client, writer, **good_publication(old.id, subject="V-2", triggered_at="2026-03-02", published_at="2026-03-13"))
    assert after["judged_obligation_id"] == new.id and after["due_date"] == "2026-03-09"  # 5 working days
    assert after["timeliness"] == "late"


def test_idempotent_retry(client: TestClient, writer: dict, land_deal: int, session: Session) -> None:
    headers = {**writer, "Idempotency-Key": "retry-1"}
    first = client.post("/v1/events", json=good_publication(land_deal), headers=headers)
    again = client.post("/v1/events", json=good_publication(land_deal), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert len(session.exec(select(Event).where(Event.subject == "JJ-2025-001")).all()) == 1
    other = client.post("/v1/events", json=good_publication(land_deal, channel="政府网站"), headers=headers)
    assert other.status_code == 409 and other.headers["content-type"].startswith(PROBLEM)
    # Another key may use the same Idempotency-Key for its own request.
    second_writer = {"X-API-Key": create_key(session, "other", [Scope.EVENTS_WRITE])[1], "Idempotency-Key": "retry-1"}
    assert client.post("/v1/events", json=good_publication(land_deal), headers=second_writer).json()["id"] != first.json()["id"]


def test_writes_need_the_events_scope(client: TestClient, land_deal: int, session: Session) -> None:
    assert client.post("/v1/events", json=good_publication(land_deal)).status_code == 401
    reader = {"X-API-Key": create_key(session, "catalog-editor", [Scope.CATALOG_WRITE])[1]}
    assert client.post("/v1/events", json=good_publication(land_deal), headers=reader).status_code == 403
    admin = {"X-API-Key": create_key(session, "operator", [Scope.ADMIN])[1]}
    assert client.post("/v1/events", json=good_publication(land_deal), headers=admin).status_code == 201


@pytest.mark.parametrize(
    "change",
    [
        {"obligation_id": 999999},
        {"published_at": None},
        {"published_at": "2025-02-30"},
        {"published_at": 1700000000},
        {"triggered_at": "yesterday"},
        {"published_at": "2099-01-01"},
        {"subject": ""},
        {"kind": "rumour"},
        {"unexpected": 1},
        {"triggered_at": "1990-01-01"},
    ],
)
def test_bad_events_are_4xx_and_store_nothing(client, writer, land_deal, session, change) -> None:  # noqa: ANN001
    before = len(session.exec(select(Event)).all())
    response = client.post("/v1/events", json={**good_publication(land_deal), **change}, headers=writer)
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    assert len(session.exec(select(Event)).all()) == before


def test_batch_with_good_and_bad_items(client: TestClient, writer: dict, land_deal: int, session: Session) -> None:
    events = [
        good_publication(land_deal, subject="B-1"),
        {**good_publication(land_deal, subject="B-2"), "obligation_id": 999999},
        {"subject": "B-3"},
        good_publication(land_deal, subject="B-4", published_at="2025-10-20"),
    ]
    response = client.post("/v1/events/batch", json={"events": events}, headers=writer)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["status"] for item in body["items"]] == [201, 404, 422, 201]
    assert (body["created"], body["failed"]) == (2, 2)
    assert body["items"][3]["event"]["timeliness"] == "late"
    assert body["items"][1]["problem"]["status"] == 404 and body["items"][2]["problem"]["errors"]
    stored = {e.subject for e in session.exec(select(Event).where(Event.subject.startswith("B-"))).all()}
    assert stored == {"B-1", "B-4"}
    too_many = client.post("/v1/events/batch", json={"events": [events[0]] * 1001}, headers=writer)
    assert too_many.status_code == 422


def test_batch_retry_with_idempotency_key(client: TestClient, writer: dict, land_deal: int) -> None:
    headers = {**writer, "Idempotency-Key": "batch-7"}
    body = {"events": [good_publication(land_deal, subject="R-1"), good_publication(land_deal, subject="R-2")]}
    first = client.post("/v1/events/batch", json=body, headers=headers).json()
    again = client.post("/v1/events/batch", json=body, headers=headers).json()
    assert [i["event"]["id"] for i in first["items"]] == [i["event"]["id"] for i in again["items"]]
    assert [i["replayed"] for i in first["items"]] == [False, False]
    assert [i["replayed"] for i in again["items"]] == [True, True]


def test_listing_events_with_cursor(client: TestClient, writer: dict, land_deal: int) -> None:
    ids = [publish(client, writer, **good_publication(land_deal, subject=f"L-{n}"))["id"] for n in range(5)]
    seen, cursor = [], None
    while True:
        page = client.get("/v1/events", params={"limit": 2, **({"cursor": cursor} if cursor else {})}, headers=writer).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert ids == [i for i in seen if i in ids]
    assert [e["subject"] for e in client.get("/v1/events", params={"subject": "L-3"}, headers=writer).json()["items"]] == ["L-3"]
    assert client.get("/v1/events", params={"status": "noncompliant", "obligation_id": land_deal}, headers=writer).json()["items"] == []
    assert len(client.get("/v1/events", params={"from": "2000-01-01", "obligation_id": land_deal}, headers=writer).json()["items"]) == 5
    assert client.get("/v1/events", params={"to": "2000-01-01"}, headers=writer).json()["items"] == []
    assert client.get("/v1/events", params={"from": "soon"}, headers=writer).status_code == 422
    assert client.get("/v1/events/999999", headers=writer).status_code == 404


def test_oversized_bodies_are_413_problems(client: TestClient, writer: dict) -> None:
    big = b'{"subject": "' + b"x" * 1_100_000 + b'"}'
    response = client.post("/v1/events", content=big, headers={**writer, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith(PROBLEM)
    # The batch endpoint takes more: the same body is read and judged (a 422 here, not a 413).
    batch = client.post("/v1/events/batch", content=big, headers={**writer, "Content-Type": "application/json"})
    assert batch.status_code == 422
