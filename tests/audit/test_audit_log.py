"""Every administrative write in the audit log, with who, when, what, before and after; and an
audit log that neither database lets anyone rewrite."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.keys.scopes import Scope
from tests.conftest import committed_key
from tests.events.publications import good_publication, publish


@pytest.fixture
def admin(session: Session) -> dict[str, str]:
    return {"X-API-Key": committed_key(session, "operator", Scope.ADMIN)}


def entries(client: TestClient, admin: dict, **params) -> list[dict]:  # noqa: ANN003
    response = client.get("/v1/audit", params=params, headers=admin)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_key_writes_are_logged_with_before_and_after(client: TestClient, admin: dict) -> None:
    made = client.post("/v1/api-keys", json={"name": "jj", "scopes": ["events:write"], "jurisdictions": ["350582"]},
                       headers=admin).json()
    client.post(f"/v1/api-keys/{made['id']}/revoke", headers=admin)
    created, revoked = entries(client, admin, target=f"api_key {made['id']}")[::-1]
    assert created["action"] == "keys.create" and created["before"] is None
    assert created["after"]["jurisdictions"] == ["350582"] and "key_hash" not in created["after"]
    assert created["actor"].endswith("(operator)")
    assert revoked["action"] == "keys.revoke"
    assert revoked["before"]["revoked_at"] is None and revoked["after"]["revoked_at"] is not None


def test_catalog_calendar_body_channel_and_exemption_writes_are_logged(
    client: TestClient, session: Session, admin: dict, land_deal: int
) -> None:
    year = client.get("/v1/calendar/2026").json()
    client.put("/v1/calendar/2026", json={"source": "重载", "holidays": year["holidays"], "workdays": year["workdays"]},
               headers=admin)
    department = client.post("/v1/departments", json={"jurisdiction": "350582", "name": "审计测试局"}, headers=admin).json()
    client.post(f"/v1/departments/{department['id']}/aliases", json={"alias": "审计局"}, headers=admin)
    client.post("/v1/channels", json={"key": "audit_test", "name": "审计测试网", "hosts": ["audit.example.cn"],
                                      "jurisdiction": "350582", "classes": ["trading_platform"], "needs_review": "test"},
                headers=admin)
    platform = {"X-API-Key": committed_key(session, "platform", Scope.EVENTS_WRITE)}
    event = publish(client, platform, **good_publication(land_deal, exemption={"reason": "other", "basis": "依法"}))
    client.post(f"/v1/events/{event['id']}/exemption-reviews", json={"decision": "rejected", "reason": "无依据"},
                headers=admin)

    logged = {entry["action"]: entry for entry in reversed(entries(client, admin, limit=200))}  # the newest of each
    assert logged["calendar.load"]["before"]["source"] != "重载" and logged["calendar.load"]["after"]["source"] == "重载"
    assert logged["department.create"]["after"]["name"] == "审计测试局"
    assert "审计局" not in logged["department.alias"]["before"]["aliases"]
    assert "审计局" in logged["department.alias"]["after"]["aliases"]
    assert logged["channel.create"]["after"]["hosts"] == ["audit.example.cn"]
    review = logged["exemption.review"]
    assert review["before"]["exemption_status"] == "claimed" and review["after"]["exemption_status"] == "rejected"
    assert review["target"] == f"event {event['id']}"


def test_the_audit_log_is_for_admins(client: TestClient, session: Session) -> None:
    assert client.get("/v1/audit").status_code == 401
    reader = {"X-API-Key": committed_key(session, "supervisor", Scope.EVENTS_READ)}
    assert client.get("/v1/audit", headers=reader).status_code == 403


@pytest.mark.parametrize("table", ["audit_log", "exemption_reviews"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
def test_the_database_refuses_to_rewrite_the_record(
    client: TestClient, session: Session, admin: dict, land_deal: int, table: str, statement: str
) -> None:
    platform = {"X-API-Key": committed_key(session, "platform", Scope.EVENTS_WRITE)}
    event = publish(client, platform, **good_publication(land_deal, exemption={"reason": "other", "basis": "依法"}))
    client.post(f"/v1/events/{event['id']}/exemption-reviews", json={"decision": "granted", "reason": "依法"}, headers=admin)
    assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() > 0
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text(statement.format(table=table)))
