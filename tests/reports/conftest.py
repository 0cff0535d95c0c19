"""Known events for the report and dashboard tests, their figures computed by hand; random
disclosures for the tests that hold the database's counts to the definitions."""

import random
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.catalog.models import ObligationResponsible
from app.events.models import Disclosure
from app.keys.scopes import Scope
from app.reports.compliance import CHECKS
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


PLACES = ["350582", "350583", "350500", "211324"]  # 晋江, 南安, 泉州 itself, 喀左
STATUSES = ["pending", "published_on_time", "published_late", "exempt"]
RESULTS = ["pass", "fail", "unverified", "not_applicable", None, "garbled"]


@pytest.fixture
def random_disclosures(session: Session) -> list[Disclosure]:
    rng = random.Random(20261130)
    links = session.exec(select(ObligationResponsible.obligation_id)).all()
    obligations = [*rng.sample(sorted(set(links)), 12), None]
    rows = []
    for number in range(400):
        due = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 400))
        status = rng.choice(STATUSES)
        published = None
        if status.startswith("published"):
            # Around midnight in China, so the China date and the UTC date differ.
            published = datetime.combine(due, datetime.min.time(), UTC) + timedelta(hours=rng.randrange(-30, 24 * 20))
        rows.append(Disclosure(
            platform="random", series="s", ref=str(number), notice_type=rng.choice(["bid_result", "tender_notice", ""]),
            subject=f"R-{number}", obligation_id=rng.choice(obligations), jurisdiction_code=rng.choice(PLACES),
            domain_code=rng.choice(["land_use_rights", "government_procurement"]), status=status,
            due_date=due, published_at=published, updated_at=datetime.now(UTC),
            # A third of them passing every check, the rest drawn at random (compliant ones are rare so).
            **{f"{check}_check": rng.choice(RESULTS if number % 3 else ["pass", "not_applicable"]) for check in CHECKS},
        ))
    session.add_all(rows)
    session.flush()
    return rows
