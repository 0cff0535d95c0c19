"""Who may write where: every write, by key binding × scope × target jurisdiction.

A key bound to a jurisdiction covers it and the ones below it; the country (100000, the default)
covers everything. The expected answer is computed from those two rules alone, never listed by
hand: 2xx when the scope is held and the binding covers the target, else 403.
"""

import io
from collections.abc import Callable
from itertools import count

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.keys.scopes import Scope
from tests.conftest import committed_key

JINJIANG, KAZUO = "350582", "211324"
TARGETS = (JINJIANG, KAZUO)
BINDINGS: dict[str, list[str] | None] = {
    "country": None,
    "fujian": ["350000"],
    "jinjiang": [JINJIANG],
    "kazuo": [KAZUO],
    "chaoyang_and_jinjiang": ["211300", JINJIANG],
}
ABOVE = {JINJIANG: {"100000", "350000", "350500", JINJIANG}, KAZUO: {"100000", "210000", "211300", KAZUO}}
serial = count(1)


def covers(binding: list[str] | None, target: str) -> bool:
    return binding is None or any(code in ABOVE[target] for code in binding)


def department_ids(client: TestClient, jurisdiction: str) -> list[int]:
    items = client.get("/v1/departments", params={"jurisdiction": jurisdiction, "limit": 200}).json()["items"]
    return [item["id"] for item in items if item["jurisdiction"] == jurisdiction]


def catalog_of(client: TestClient, jurisdiction: str) -> int:
    items = client.get("/v1/catalogs", params={"limit": 200}).json()["items"]
    return next(item["id"] for item in items if item["jurisdiction"] == jurisdiction)


def trigger(jurisdiction: str, subject: str) -> dict:
    # 政府采购 results are a national notice: the statute judges it wherever no catalog row does.
    return {"jurisdiction": jurisdiction, "notice_type": "procurement_result", "kind": "trigger",
            "subject": subject, "triggered_at": "2025-09-29T10:00:00+08:00"}


def post_event(client: TestClient, session: Session, headers: dict, target: str) -> int:
    return client.post("/v1/events", json=trigger(target, f"M-{next(serial)}"), headers=headers).status_code


def post_batch(client: TestClient, session: Session, headers: dict, target: str) -> int:
    response = client.post("/v1/events/batch", json={"events": [trigger(target, f"B-{next(serial)}")]}, headers=headers)
    return response.json()["items"][0]["status"] if response.status_code == 200 else response.status_code


def add_department(client: TestClient, session: Session, headers: dict, target: str) -> int:
    body = {"jurisdiction": target, "name": f"矩阵测试局{next(serial)}"}
    return client.post("/v1/departments", json=body, headers=headers).status_code


def add_alias(client: TestClient, session: Session, headers: dict, target: str) -> int:
    department = department_ids(client, target)[0]
    body = {"alias": f"矩阵别名{next(serial)}"}
    return client.post(f"/v1/departments/{department}/aliases", json=body, headers=headers).status_code


def add_successor(client: TestClient, session: Session, headers: dict, target: str) -> int:
    national = {"X-API-Key": committed_key(session, f"setup-{next(serial)}", Scope.CATALOG_WRITE)}
    made = [
        client.post("/v1/departments", json={"jurisdiction": target, "name": f"矩阵旧局{next(serial)}"}, headers=national)
        for _ in range(2)
    ]
    old, new = (response.json()["id"] for response in made)
    body = {"successor_id": new, "took_over_on": "2026-01-01", "needs_review": "a test succession"}
    return client.post(f"/v1/departments/{old}/successors", json=body, headers=headers).status_code


def add_channel(client: TestClient, session: Session, headers: dict, target: str) -> int:
    n = next(serial)
    body = {"key": f"matrix_{n}", "name": f"矩阵测试网{n}", "hosts": [f"matrix{n}.example.cn"], "jurisdiction": target,
            "classes": ["trading_platform"], "needs_review": "a test channel"}
    return client.post("/v1/channels", json=body, headers=headers).status_code


def import_catalog(client: TestClient, session: Session, headers: dict, target: str) -> int:
    catalog = catalog_of(client, target)
    sheet = client.get(f"/v1/catalogs/{catalog}/export", params={"format": "csv"}).content
    response = client.post(
        "/v1/catalogs/import",
        params={"replaces": catalog, "in_force_from": "2031-01-01", "dry_run": "true"},
        files={"file": ("catalog.csv", io.BytesIO(sheet), "text/csv")},
        headers=headers,
    )
    return response.status_code


def create_key(client: TestClient, session: Session, headers: dict, target: str) -> int:
    body = {"name": f"made-{next(serial)}", "scopes": ["events:write"], "jurisdictions": [target]}
    return client.post("/v1/api-keys", json=body, headers=headers).status_code


def revoke_key(client: TestClient, session: Session, headers: dict, target: str) -> int:
    committed_key(session, f"to-revoke-{next(serial)}", Scope.EVENTS_WRITE, jurisdictions=[target])
    key_id = max(item["id"] for item in client.get("/v1/api-keys", headers=ADMIN[0]).json()["items"])
    return client.post(f"/v1/api-keys/{key_id}/revoke", headers=headers).status_code


def review_exemption(client: TestClient, session: Session, headers: dict, target: str) -> int:
    platform = {"X-API-Key": committed_key(session, f"claimant-{next(serial)}", Scope.EVENTS_WRITE)}
    publication = {**trigger(target, f"E-{next(serial)}"), "kind": "publication", "published_at": "2025-10-09T09:00:00+08:00",
                   "exemption": {"reason": "trade_secret", "basis": "《政府信息公开条例》第十五条"}}
    event = client.post("/v1/events", json=publication, headers=platform).json()["id"]
    body = {"decision": "granted", "reason": "涉及商业秘密"}
    return client.post(f"/v1/events/{event}/exemption-reviews", json=body, headers=headers).status_code


Operation = Callable[[TestClient, Session, dict, str], int]
OPERATIONS: dict[str, tuple[Operation, Scope]] = {
    "POST /v1/events": (post_event, Scope.EVENTS_WRITE),
    "POST /v1/events/batch": (post_batch, Scope.EVENTS_WRITE),
    "POST /v1/departments": (add_department, Scope.CATALOG_WRITE),
    "POST /v1/departments/{id}/aliases": (add_alias, Scope.CATALOG_WRITE),
    "POST /v1/departments/{id}/successors": (add_successor, Scope.CATALOG_WRITE),
    "POST /v1/channels": (add_channel, Scope.CATALOG_WRITE),
    "POST /v1/catalogs/import": (import_catalog, Scope.CATALOG_WRITE),
    "POST /v1/api-keys": (create_key, Scope.ADMIN),
    "POST /v1/api-keys/{id}/revoke": (revoke_key, Scope.ADMIN),
    "POST /v1/events/{id}/exemption-reviews": (review_exemption, Scope.EXEMPTIONS_REVIEW),
}
ADMIN: list[dict] = []


@pytest.fixture(autouse=True)
def _operator(session: Session) -> None:
    ADMIN[:] = [{"X-API-Key": committed_key(session, "operator", Scope.ADMIN)}]


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("binding", BINDINGS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("holds_scope", [True, False], ids=["scope", "no-scope"])
def test_a_write_is_allowed_only_within_the_key_binding_and_scope(
    client: TestClient, session: Session, operation: str, binding: str, target: str, holds_scope: bool
) -> None:
    act, needed = OPERATIONS[operation]
    other = Scope.CATALOG_WRITE if needed is Scope.EVENTS_WRITE else Scope.EVENTS_WRITE
    key = committed_key(session, f"k-{binding}", needed if holds_scope else other, jurisdictions=BINDINGS[binding])
    status = act(client, session, {"X-API-Key": key}, target)
    allowed = holds_scope and covers(BINDINGS[binding], target)
    if allowed:
        assert status in (200, 201), (operation, binding, target, status)
    else:
        assert status == 403, (operation, binding, target, status)


def test_a_refusal_names_the_binding(client: TestClient, session: Session) -> None:
    key = committed_key(session, "jinjiang-platform", Scope.EVENTS_WRITE, jurisdictions=[JINJIANG])
    response = client.post("/v1/events", json=trigger(KAZUO, "KZ-1"), headers={"X-API-Key": key})
    assert response.status_code == 403
    problem = response.json()
    assert problem["type"] == "outside-binding"
    assert problem["binding"] == {"jurisdictions": [JINJIANG], "domains": []}
    assert JINJIANG in problem["detail"] and KAZUO in problem["detail"]


@pytest.mark.parametrize("domains, allowed", [(None, True), (["government_procurement"], True), (["land_use_rights"], False)])
def test_a_key_bound_to_domains_writes_in_those_alone(
    client: TestClient, session: Session, domains: list[str] | None, allowed: bool
) -> None:
    key = committed_key(session, "domain-key", Scope.EVENTS_WRITE, domains=domains)
    response = client.post("/v1/events", json=trigger(JINJIANG, "D-1"), headers={"X-API-Key": key})
    assert response.status_code == (201 if allowed else 403), response.text
    # A department serves every domain: a domain-bound key may not add one.
    catalog_key = committed_key(session, "domain-editor", Scope.CATALOG_WRITE, domains=domains)
    made = client.post("/v1/departments", json={"jurisdiction": JINJIANG, "name": "领域测试局"}, headers={"X-API-Key": catalog_key})
    assert made.status_code == (201 if domains is None else 403), made.text


@pytest.mark.parametrize("binding", BINDINGS)
def test_the_calendar_is_loaded_by_national_admins_alone(client: TestClient, session: Session, binding: str) -> None:
    key = committed_key(session, "calendar-admin", Scope.ADMIN, jurisdictions=BINDINGS[binding])
    year = client.get("/v1/calendar/2026").json()
    body = {"source": year["source"], "holidays": year["holidays"], "workdays": year["workdays"]}
    response = client.put("/v1/calendar/2026", json=body, headers={"X-API-Key": key})
    assert response.status_code == (200 if BINDINGS[binding] is None else 403), response.text


def test_a_key_makes_keys_no_wider_than_itself(client: TestClient, session: Session) -> None:
    fujian = {"X-API-Key": committed_key(session, "fujian-admin", Scope.ADMIN, jurisdictions=["350000"])}
    wider = client.post("/v1/api-keys", json={"name": "everywhere", "scopes": ["events:write"]}, headers=fujian)
    assert wider.status_code == 403
    land_only = {"X-API-Key": committed_key(session, "land-admin", Scope.ADMIN, domains=["land_use_rights"])}
    any_domain = client.post("/v1/api-keys", json={"name": "x", "scopes": ["events:write"]}, headers=land_only)
    assert any_domain.status_code == 403
    same = client.post(
        "/v1/api-keys", json={"name": "y", "scopes": ["events:write"], "domains": ["land_use_rights"]}, headers=land_only
    )
    assert same.status_code == 201, same.text
    assert same.json()["domains"] == ["land_use_rights"]


def test_an_unknown_jurisdiction_cannot_be_bound(client: TestClient) -> None:
    response = client.post(
        "/v1/api-keys", json={"name": "z", "scopes": ["events:write"], "jurisdictions": ["999999"]}, headers=ADMIN[0]
    )
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]



READS = ("GET /v1/events", "GET /v1/events/{id}", "GET /v1/disclosures")


@pytest.mark.parametrize("read", READS)
@pytest.mark.parametrize("binding", BINDINGS)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("reader", ["supervisor", "other-platform", "poster"])
def test_an_event_is_read_by_its_platform_or_within_a_supervisor_binding(
    client: TestClient, session: Session, read: str, binding: str, target: str, reader: str
) -> None:
    poster = committed_key(session, "poster", Scope.EVENTS_WRITE, platform="the-poster")
    subject = f"R-{next(serial)}"
    event = client.post("/v1/events", json=trigger(target, subject), headers={"X-API-Key": poster}).json()
    if reader == "poster":
        # Another key of the poster's platform, bound wherever: a platform reads its own.
        key = committed_key(session, "poster-2", Scope.EVENTS_WRITE, jurisdictions=BINDINGS[binding], platform="the-poster")
    elif reader == "supervisor":
        key = committed_key(session, "supervisor", Scope.EVENTS_READ, jurisdictions=BINDINGS[binding])
    else:
        key = committed_key(session, "other", Scope.EVENTS_WRITE, jurisdictions=BINDINGS[binding])
    headers = {"X-API-Key": key}
    if read == "GET /v1/events":
        seen = event["id"] in {item["id"] for item in client.get("/v1/events", params={"subject": subject}, headers=headers).json()["items"]}
    elif read == "GET /v1/events/{id}":
        seen = client.get(f"/v1/events/{event['id']}", headers=headers).status_code == 200
    else:
        seen = client.get("/v1/disclosures", params={"subject": subject}, headers=headers).json()["total"] == 1
    expected = reader == "poster" or (reader == "supervisor" and covers(BINDINGS[binding], target))
    assert seen is expected, (read, binding, target, reader)
