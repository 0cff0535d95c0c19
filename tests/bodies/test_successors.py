"""Bodies under their new names: successors, the API that records them, and what it refuses."""

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.bodies.rules import Standing, Succession, successor_standing
from app.keys.scopes import Scope
from tests.conftest import committed_key
from tests.events.publications import good_publication, publish

PROBLEM = "application/problem+json"


def publisher_check(event: dict) -> dict:
    return next(check for check in event["checks"] if check["name"] == "publisher")


@pytest.fixture
def editor(session: Session) -> dict[str, str]:
    return {"X-API-Key": committed_key(session, "zhengwu-gongkai-ban", Scope.CATALOG_WRITE)}


def department(client: TestClient, jurisdiction: str, name: str) -> dict:
    items = client.get("/v1/departments", params={"jurisdiction": jurisdiction, "limit": 200}).json()["items"]
    return next(item for item in items if item["name"] == name)


def test_the_successor_publishes_for_its_predecessor(client: TestClient, writer: dict, land_deal: int) -> None:
    # 晋江 成交公示 names 市国土局; 晋江市自然资源局 took over in the 2018-2019 reform.
    event = publish(client, writer, **good_publication(land_deal, publisher="晋江市自然资源局"))
    check = publisher_check(event)
    assert check["result"] == "pass" and "晋江市国土资源局" in check["detail"]["zh"]
    assert publish(client, writer, **good_publication(land_deal, subject="JJ-2", publisher="市自然资源局"))["status"] == "compliant"
    # Only the day by which it took over is known (the reform's deadline): before it, unverified.
    early = publish(client, writer, **good_publication(land_deal, subject="JJ-3", publisher="晋江市自然资源局",
                                                      triggered_at="2018-10-08", published_at="2018-10-19"))
    assert publisher_check(early)["result"] == "unverified"
    # The predecessor's name stays good: the catalog names it.
    assert publisher_check(publish(client, writer, **good_publication(land_deal, subject="JJ-4")))["result"] == "pass"


def test_a_recorded_successor_with_its_day(client: TestClient, writer: dict, editor: dict, land_deal: int) -> None:
    created = client.post("/v1/departments", headers=editor,
                          json={"jurisdiction": "350582", "name": "晋江市自然资源和规划局", "aliases": ["市自规局"]})
    assert created.status_code == 201, created.text
    assert created.json()["recorded_by"].endswith("(zhengwu-gongkai-ban)") and created.json()["recorded_at"]
    renamed = department(client, "350582", "晋江市自然资源局")
    succession = client.post(f"/v1/departments/{renamed['id']}/successors", headers=editor, json={
        "successor_id": created.json()["id"], "took_over_on": "2024-01-01",
        "source": {"title": "机构更名通知", "date": "2023-12-20"},
    })
    assert succession.status_code == 201, succession.text
    assert succession.json()["recorded_by"].endswith("(zhengwu-gongkai-ban)")
    # Down the chain 国土资源局 → 自然资源局 → 自然资源和规划局: from 2024-01-01, not before.
    later = publish(client, writer, **good_publication(land_deal, publisher="市自规局"))
    assert publisher_check(later)["result"] == "pass"
    before = publish(client, writer, **good_publication(land_deal, subject="JJ-2", publisher="市自规局",
                                                       triggered_at="2023-06-01", published_at="2023-06-05"))
    assert (publisher_check(before)["result"], before["status"]) == ("fail", "noncompliant")
    assert "2024-01-01" in publisher_check(before)["detail"]["zh"]
    shown = client.get(f"/v1/departments/{created.json()['id']}").json()
    assert shown["succeeds"][0]["predecessor_id"] == renamed["id"] and shown["aliases"] == ["市自规局"]


def test_what_the_body_writes_refuse(client: TestClient, writer: dict, editor: dict) -> None:
    natural = department(client, "350582", "晋江市自然资源局")
    finance = department(client, "350582", "晋江市财政局")
    cases = [
        ("/v1/departments", {"jurisdiction": "999999", "name": "某局"}, 404),
        ("/v1/departments", {"jurisdiction": "350582", "name": "某部门", "kind": "function"}, 422),
        ("/v1/departments", {"jurisdiction": "350582", "name": "某局", "levels": ["city"]}, 422),
        ("/v1/departments", {"jurisdiction": "350582", "name": "晋江市财政局"}, 409),
        ("/v1/departments", {"jurisdiction": "350582", "name": "某局", "aliases": ["市财政局"]}, 409),
        (f"/v1/departments/{finance['id']}/aliases", {"alias": "市国土局"}, 409),
        ("/v1/departments/999999/aliases", {"alias": "某局"}, 404),
        # A successor dated before its predecessor took over (晋江市自然资源局: by 2019-03-31).
        (f"/v1/departments/{natural['id']}/successors",
         {"successor_id": finance["id"], "took_over_on": "2017-01-01", "source": {"title": "t"}}, 422),
        (f"/v1/departments/{natural['id']}/successors", {"successor_id": natural["id"], "source": {"title": "t"}}, 422),
        (f"/v1/departments/{natural['id']}/successors", {"successor_id": finance["id"]}, 422),  # no source
        (f"/v1/departments/{natural['id']}/successors",
         {"successor_id": finance["id"], "took_over_on": "2024-02-01", "took_over_by": "2024-01-01", "source": {"title": "t"}}, 422),
        (f"/v1/departments/{natural['id']}/successors", {"successor_id": 999999, "source": {"title": "t"}}, 404),
        # In a circle: 国土资源局 → 自然资源局 is recorded; 自然资源局 → 国土资源局 is refused.
        (f"/v1/departments/{natural['id']}/successors",
         {"successor_id": department(client, "350582", "晋江市国土资源局")["id"], "source": {"title": "t"}}, 422),
        # Recorded already (the seed's 国土资源局 → 自然资源局).
        (f"/v1/departments/{department(client, '350582', '晋江市国土资源局')['id']}/successors",
         {"successor_id": natural["id"], "source": {"title": "t"}}, 409),
        # Another jurisdiction's department.
        (f"/v1/departments/{natural['id']}/successors",
         {"successor_id": department(client, "360800", "吉安市财政局")["id"], "source": {"title": "t"}}, 422),
    ]
    for path, body, status in cases:
        response = client.post(path, headers=editor, json=body)
        assert response.status_code == status, (path, body, response.text)
        assert response.headers["content-type"].startswith(PROBLEM)
    assert client.post("/v1/departments", json={"jurisdiction": "350582", "name": "某局"}).status_code == 401
    assert client.post("/v1/departments", headers=writer, json={"jurisdiction": "350582", "name": "某局"}).status_code == 403
    assert department(client, "350582", "晋江市财政局")["succeeds"] == []


def test_a_chain_is_as_sure_as_its_latest_day() -> None:
    chain = {1: (Succession(1, 2, None, date(2019, 3, 31)),), 2: (Succession(2, 3, date(2024, 1, 1), None),)}
    assert successor_standing(3, frozenset({1}), chain, date(2023, 6, 1))[0] is Standing.NOT_YET
    assert successor_standing(3, frozenset({1}), chain, date(2024, 1, 1))[0] is Standing.RESPONSIBLE
    assert successor_standing(2, frozenset({1}), chain, date(2019, 1, 1))[0] is Standing.UNSURE
    assert successor_standing(4, frozenset({1}), chain, date(2025, 1, 1))[0] is Standing.NONE
