"""Known events for the report and dashboard tests, their figures computed by hand."""

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.keys.scopes import Scope
from tests.conftest import committed_key
from tests.events.publications import good_publication, obligation, publish

EXEMPTION = {"reason": "trade_secret", "basis": "《中华人民共和国政府信息公开条例》第十五条"}


@pytest.fixture
def known_events(client: TestClient, session: Session, writer: dict) -> dict[str, int]:
    reviewer = {"X-API-Key": committed_key(session, "jinjiang-office", Scope.EXEMPTIONS_REVIEW, jurisdictions=["350582"])}
    return post_known_events(client, writer, reviewer)


def post_known_events(client: httpx.Client, writer: dict, reviewer: dict | None = None) -> dict[str, int]:
    """晋江 land deal (10 working days after the deal; 2025-09-26 → due 2025-10-16), as of 2025-11-01:
    A on time; B 4 days late; C 11 days late; D triggered, never published (overdue);
    E triggered 2025-10-31, due 2025-11-14 (pending); F exempt (claimed, and granted when a `reviewer`
    is given; else published on time). Plus one on-time procurement notice. Any client with the service's base URL will do."""
    land_deal = obligation(client, "350582", "成交公示", "land_use_rights")["id"]
    publish(client, writer, **good_publication(land_deal, subject="A", published_at="2025-10-16"))
    publish(client, writer, **good_publication(land_deal, subject="B", published_at="2025-10-20"))
    publish(client, writer, **good_publication(land_deal, subject="C", published_at="2025-10-27"))
    publish(client, writer, obligation_id=land_deal, subject="D", kind="trigger", triggered_at="2025-09-26")
    publish(client, writer, obligation_id=land_deal, subject="E", kind="trigger", triggered_at="2025-10-31")
    exempt = publish(client, writer, **good_publication(land_deal, subject="F", content={}, exemption=EXEMPTION))
    if reviewer is not None:
        granted = client.post(f"/v1/events/{exempt['id']}/exemption-reviews", json={"decision": "granted", "reason": "商业秘密"},
                              headers=reviewer)
        assert granted.status_code == 201, granted.text
    procurement = obligation(client, "350582", "采购结果", "government_procurement")
    due = client.get(f"/v1/obligations/{procurement['id']}/due-date", params={"triggered_at": "2025-09-01"}).json()
    publish(
        client, writer, obligation_id=procurement["id"], subject="G", triggered_at="2025-09-01",
        published_at=due["due_date"], channel=procurement["channels"][0],
        publisher=procurement["responsible"][0]["name"], content={f: "x" for f in procurement["required_fields"]},
    )
    return {"land": land_deal, "procurement": procurement["id"]}
