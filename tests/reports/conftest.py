"""Known events for the report and dashboard tests, their figures computed by hand."""

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.events.publications import good_publication, obligation, publish

EXEMPTION = {"reason": "trade_secret", "basis": "《中华人民共和国政府信息公开条例》第十五条"}


@pytest.fixture
def known_events(client: TestClient, writer: dict) -> dict[str, int]:
    return post_known_events(client, writer)


def post_known_events(client: httpx.Client, writer: dict) -> dict[str, int]:
    """晋江 land deal (10 working days after the deal; 2025-09-26 → due 2025-10-16), as of 2025-11-01:
    A on time; B 4 days late; C 11 days late; D triggered, never published (overdue);
    E triggered 2025-10-31, due 2025-11-14 (pending); F exempt. Plus one on-time procurement notice. Any client with the service's base URL will do."""
    land_deal = obligation(client, "350582", "成交公示", "land_use_rights")["id"]
    publish(client, writer, **good_publication(land_deal, subject="A", published_at="2025-10-16"))
    publish(client, writer, **good_publication(land_deal, subject="B", published_at="2025-10-20"))
    publish(client, writer, **good_publication(land_deal, subject="C", published_at="2025-10-27"))
    publish(client, writer, obligation_id=land_deal, subject="D", kind="trigger", triggered_at="2025-09-26")
    publish(client, writer, obligation_id=land_deal, subject="E", kind="trigger", triggered_at="2025-10-31")
    publish(client, writer, **good_publication(land_deal, subject="F", content={}, exemption=EXEMPTION))
    procurement = obligation(client, "350582", "采购结果", "government_procurement")
    due = client.get(f"/v1/obligations/{procurement['id']}/due-date", params={"triggered_at": "2025-09-01"}).json()
    publish(
        client, writer, obligation_id=procurement["id"], subject="G", triggered_at="2025-09-01",
        published_at=due["due_date"], channel=procurement["channels"][0],
        publisher=procurement["responsible"][0]["name"], content={f: "x" for f in procurement["required_fields"]},
    )
    return {"land": land_deal, "procurement": procurement["id"]}
