"""Nobody rewrites another's record: platforms own their events and subjects, exemptions wait for
a reviewer, event-level reads need a key and show only what it may see."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.keys.scopes import Scope
from tests.conftest import committed_key
from tests.events.publications import good_publication, publish

EXEMPTION = {"reason": "trade_secret", "basis": "《政府信息公开条例》第十五条"}


def key(session: Session, name: str, scope: Scope | list[Scope], **binding) -> dict[str, str]:  # noqa: ANN003
    return {"X-API-Key": committed_key(session, name, scope, **binding)}


def disclosure(client: TestClient, headers: dict, subject: str) -> dict:
    items = client.get("/v1/disclosures", params={"subject": subject}, headers=headers).json()["items"]
    assert len(items) == 1, items
    return items[0]


def test_another_platform_cannot_correct_an_event(client: TestClient, session: Session, land_deal: int) -> None:
    first = key(session, "platform-a", Scope.EVENTS_WRITE)
    second = key(session, "platform-b", Scope.EVENTS_WRITE)
    late = publish(client, first, **good_publication(land_deal, published_at="2025-11-20T10:00:00+08:00"))
    assert late["timeliness"] == "late"
    rewrite = good_publication(land_deal, published_at="2025-10-09T10:00:00+08:00", corrects=late["id"])
    refused = client.post("/v1/events", json=rewrite, headers=second)
    assert refused.status_code == 403, refused.text
    assert refused.json()["field"] == "corrects" and refused.json()["type"] == "another-platforms-record"
    # The record stands as the first platform left it.
    assert disclosure(client, first, "JJ-2025-001")["status"] == "published_late"
    assert client.get(f"/v1/events/{late['id']}", headers=first).json()["corrected_by"] == []


def test_a_platform_corrects_its_own_with_any_of_its_keys(client: TestClient, session: Session, land_deal: int) -> None:
    old_key = key(session, "jj-2025", Scope.EVENTS_WRITE, platform="jinjiang-ggzy")
    new_key = key(session, "jj-2026", Scope.EVENTS_WRITE, platform="jinjiang-ggzy")
    first = publish(client, old_key, **good_publication(land_deal, channel="某报纸"))
    correction = publish(client, new_key, **good_publication(land_deal, corrects=first["id"]))
    assert correction["platform"] == "jinjiang-ggzy"
    shown = client.get(f"/v1/events/{first['id']}", headers=old_key).json()
    assert shown["corrected_by"] == [correction["id"]]
    assert disclosure(client, new_key, "JJ-2025-001")["publication_event_id"] == correction["id"]


def test_subjects_are_each_platform_own(client: TestClient, session: Session, land_deal: int) -> None:
    first = key(session, "platform-a", Scope.EVENTS_WRITE)
    second = key(session, "platform-b", Scope.EVENTS_WRITE)
    publish(client, first, **good_publication(land_deal, published_at="2025-11-20T10:00:00+08:00"))
    publish(client, second, **good_publication(land_deal))
    assert disclosure(client, first, "JJ-2025-001")["status"] == "published_late"
    assert disclosure(client, second, "JJ-2025-001")["status"] == "published_on_time"
    supervisor = key(session, "supervisor", Scope.EVENTS_READ)
    both = client.get("/v1/disclosures", params={"subject": "JJ-2025-001"}, headers=supervisor).json()
    assert sorted(item["platform"] for item in both["items"]) == ["platform-a", "platform-b"]


def test_a_claimed_exemption_changes_nothing_until_granted(client: TestClient, session: Session, land_deal: int) -> None:
    platform = key(session, "platform-a", Scope.EVENTS_WRITE)
    reviewer = key(session, "jinjiang-office", Scope.EXEMPTIONS_REVIEW, jurisdictions=["350582"])
    late = good_publication(land_deal, published_at="2026-01-20T10:00:00+08:00", exemption=EXEMPTION)
    event = publish(client, platform, **late)
    assert event["timeliness"] == "late" and event["status"] != "exempt"
    assert event["exemption_status"] == "claimed"
    assert disclosure(client, platform, "JJ-2025-001")["status"] == "published_late"
    assert _report(client)["exempt"] == 0

    granted = client.post(f"/v1/events/{event['id']}/exemption-reviews",
                          json={"decision": "granted", "reason": "涉及商业秘密"}, headers=reviewer)
    assert granted.status_code == 201, granted.text
    assert granted.json()["disclosure_status"] == "exempt"
    assert disclosure(client, platform, "JJ-2025-001")["exemption_status"] == "granted"
    assert client.get(f"/v1/events/{event['id']}", headers=platform).json()["exemption_status"] == "granted"
    assert _report(client)["exempt"] == 1

    rejected = client.post(f"/v1/events/{event['id']}/exemption-reviews",
                           json={"decision": "rejected", "reason": "不属于商业秘密"}, headers=reviewer)
    assert rejected.json()["disclosure_status"] == "published_late"
    assert _report(client)["exempt"] == 0


def _report(client: TestClient) -> dict:
    report = client.get("/v1/reports/compliance", params={"jurisdiction": "350582", "from": "2025-01-01", "to": "2026-12-31"})
    assert report.status_code == 200, report.text
    return report.json()["totals"]


def test_an_exemption_is_not_reviewed_by_its_claimant_nor_outside_the_binding(
    client: TestClient, session: Session, land_deal: int
) -> None:
    both = key(session, "self-approver", [Scope.EVENTS_WRITE, Scope.EXEMPTIONS_REVIEW])
    event = publish(client, both, **good_publication(land_deal, exemption=EXEMPTION))
    review = {"decision": "granted", "reason": "自己批准"}
    assert client.post(f"/v1/events/{event['id']}/exemption-reviews", json=review, headers=both).status_code == 403
    elsewhere = key(session, "kazuo-office", Scope.EXEMPTIONS_REVIEW, jurisdictions=["211324"])
    refused = client.post(f"/v1/events/{event['id']}/exemption-reviews", json=review, headers=elsewhere)
    assert refused.status_code == 403 and "211324" in refused.json()["detail"]
    plain = publish(client, both, **good_publication(land_deal, subject="JJ-2025-002"))
    national = key(session, "national-office", Scope.EXEMPTIONS_REVIEW)
    assert client.post(f"/v1/events/{plain['id']}/exemption-reviews", json=review, headers=national).status_code == 409
    assert client.post("/v1/events/999999/exemption-reviews", json=review, headers=national).status_code == 404


@pytest.mark.parametrize("path", ["/v1/events", "/v1/disclosures", "/v1/events/1"])
def test_event_level_reads_need_a_key(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_platform_reads_its_own_and_a_supervisor_reads_within_its_binding(
    client: TestClient, session: Session, land_deal: int
) -> None:
    jinjiang = key(session, "platform-a", Scope.EVENTS_WRITE)
    kazuo = key(session, "platform-b", Scope.EVENTS_WRITE)
    mine = publish(client, jinjiang, **good_publication(land_deal))
    theirs = publish(client, kazuo, jurisdiction="211324", notice_type="procurement_result", kind="trigger",
                     subject="KZ-9", triggered_at="2025-09-29T10:00:00+08:00")
    assert [e["id"] for e in client.get("/v1/events", headers=jinjiang).json()["items"]] == [mine["id"]]
    assert client.get(f"/v1/events/{theirs['id']}", headers=jinjiang).status_code == 404
    assert client.get("/v1/disclosures", params={"subject": "KZ-9"}, headers=jinjiang).json()["total"] == 0

    fujian = key(session, "fujian-supervisor", Scope.EVENTS_READ, jurisdictions=["350000"])
    seen = [e["id"] for e in client.get("/v1/events", headers=fujian).json()["items"]]
    assert mine["id"] in seen and theirs["id"] not in seen
    assert client.get(f"/v1/events/{theirs['id']}", headers=fujian).status_code == 404
    overdue = client.get("/v1/disclosures", params={"status": "overdue"}, headers=fujian).json()
    assert all(item["jurisdiction"].startswith("35") for item in overdue["items"])

    land = key(session, "land-supervisor", Scope.EVENTS_READ, domains=["land_use_rights"])
    assert [e["id"] for e in client.get("/v1/events", headers=land).json()["items"]] == [mine["id"]]
    country = key(session, "national-supervisor", Scope.EVENTS_READ)
    assert {mine["id"], theirs["id"]} <= {e["id"] for e in client.get("/v1/events", headers=country).json()["items"]}
