"""POST/GET/DELETE /v1/subscriptions and the deliveries list: who may subscribe to what, and the
bad input each refusal answers."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.keys.scopes import Scope
from tests.conftest import committed_key

HOOK = "https://platform.example/hooks/disclosure"


def subscriber(session: Session, name: str = "jinjiang", **binding) -> dict[str, str]:  # noqa: ANN003
    return {"X-API-Key": committed_key(session, name, Scope.SUBSCRIPTIONS_WRITE, **binding)}


def test_a_subscription_is_made_its_secret_shown_once_and_listed_without_it(client: TestClient, session: Session) -> None:
    headers = subscriber(session, jurisdictions=["350582"])
    body = {"url": HOOK, "kinds": ["due_soon", "overdue"], "jurisdiction": "350582", "due_soon_days": 2}
    created = client.post("/v1/subscriptions", json=body, headers=headers)
    assert created.status_code == 201, created.text
    made = created.json()
    assert made["secret"].startswith("whsec_") and len(made["secret"]) > 30
    assert created.headers["Location"] == f"/v1/subscriptions/{made['id']}"
    shown = client.get(created.headers["Location"], headers=headers).json()
    assert shown == {name: value for name, value in made.items() if name != "secret"}
    assert (made["kinds"], made["jurisdiction"], made["due_soon_days"], made["url"]) == (
        ["due_soon", "overdue"], "350582", 2, HOOK,
    )
    listed = client.get("/v1/subscriptions", headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [made["id"]]
    assert "secret" not in listed["items"][0]
    assert client.get(f"/v1/subscriptions/{made['id']}/deliveries", headers=headers).json()["items"] == []


def test_another_platform_neither_sees_nor_deletes_it(client: TestClient, session: Session) -> None:
    mine = subscriber(session, "jinjiang")
    theirs = subscriber(session, "shanwei")
    made = client.post("/v1/subscriptions", json={"url": HOOK, "kinds": ["overdue"]}, headers=mine).json()
    assert client.get("/v1/subscriptions", headers=theirs).json()["items"] == []
    assert client.get(f"/v1/subscriptions/{made['id']}", headers=theirs).status_code == 404
    assert client.delete(f"/v1/subscriptions/{made['id']}", headers=theirs).status_code == 404
    assert client.get(f"/v1/subscriptions/{made['id']}/deliveries", headers=theirs).status_code == 404
    assert client.delete(f"/v1/subscriptions/{made['id']}", headers=mine).status_code == 204
    assert client.get("/v1/subscriptions", headers=mine).json()["items"] == []
    assert client.delete(f"/v1/subscriptions/{made['id']}", headers=mine).status_code == 404


def test_a_jurisdiction_outside_the_keys_bindings_is_a_403_naming_them(client: TestClient, session: Session) -> None:
    headers = subscriber(session, jurisdictions=["350582"])
    refused = client.post("/v1/subscriptions", json={"url": HOOK, "kinds": ["overdue"], "jurisdiction": "440000"}, headers=headers)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["binding"]["jurisdictions"] == ["350582"]
    # Below the binding is within it.
    within = client.post("/v1/subscriptions", json={"url": HOOK, "kinds": ["overdue"], "jurisdiction": "350582"}, headers=headers)
    assert within.status_code == 201


def test_a_domain_outside_the_keys_domains_is_a_403(client: TestClient, session: Session) -> None:
    headers = subscriber(session, domains=["land_use_rights"])
    refused = client.post("/v1/subscriptions", json={"url": HOOK, "kinds": ["overdue"], "domain": "government_procurement"}, headers=headers)
    assert refused.status_code == 403


def test_bad_input_is_a_problem(client: TestClient, session: Session) -> None:
    headers = subscriber(session)
    for body, status in [
        ({"url": "ftp://platform.example/hooks", "kinds": ["overdue"]}, 422),
        ({"url": "not a url", "kinds": ["overdue"]}, 422),
        ({"url": HOOK, "kinds": ["overdue", "someday"]}, 422),
        ({"url": HOOK, "kinds": []}, 422),
        ({"url": HOOK, "kinds": ["overdue"], "due_soon_days": 0}, 422),
        ({"url": HOOK, "kinds": ["overdue"], "jurisdiction": "999999"}, 404),
        ({"url": HOOK, "kinds": ["overdue"], "secret": "mine"}, 422),
    ]:
        answer = client.post("/v1/subscriptions", json=body, headers=headers)
        assert answer.status_code == status, (body, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"


def test_subscribing_needs_the_scope(client: TestClient, session: Session) -> None:
    body = {"url": HOOK, "kinds": ["overdue"]}
    assert client.post("/v1/subscriptions", json=body).status_code == 401
    writer = {"X-API-Key": committed_key(session, "writer", Scope.EVENTS_WRITE)}
    assert client.post("/v1/subscriptions", json=body, headers=writer).status_code == 403
    assert client.get("/v1/subscriptions", headers=writer).status_code == 403
