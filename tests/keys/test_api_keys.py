"""The access model: hashed keys, scopes, 401 and 403, revocation."""

import os
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.core.config import PROJECT_ROOT
from app.keys.models import ApiKey
from app.keys.scopes import Scope
from tests.conftest import committed_key

PROBLEM = "application/problem+json"


@pytest.fixture
def admin_key(session: Session) -> str:
    return committed_key(session, "operator", Scope.ADMIN)


@pytest.fixture
def events_key(session: Session) -> str:
    return committed_key(session, "platform", Scope.EVENTS_WRITE)


def test_no_key_is_401(client: TestClient) -> None:
    response = client.get("/v1/api-keys")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_unknown_key_is_401(client: TestClient) -> None:
    assert client.get("/v1/api-keys", headers={"X-API-Key": "drs_not-a-key"}).status_code == 401
    assert client.get("/v1/api-keys", headers={"Authorization": "Bearer drs_not-a-key"}).status_code == 401


def test_key_without_the_scope_is_403(client: TestClient, events_key: str) -> None:
    response = client.get("/v1/api-keys", headers={"X-API-Key": events_key})
    assert response.status_code == 403
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "admin" in response.json()["detail"]


@pytest.mark.parametrize("header", ["X-API-Key", "Authorization"])
def test_key_with_the_scope_passes_either_way(client: TestClient, admin_key: str, header: str) -> None:
    value = admin_key if header == "X-API-Key" else f"Bearer {admin_key}"
    response = client.get("/v1/api-keys", headers={header: value})
    assert response.status_code == 200, response.text
    assert "operator" in [key["name"] for key in response.json()["items"]]


def test_current_key(client: TestClient, events_key: str) -> None:
    body = client.get("/v1/api-keys/current", headers={"X-API-Key": events_key}).json()
    assert body["name"] == "platform" and body["scopes"] == ["events:write"]
    assert body["created_at"].endswith(("+00:00", "Z"))
    assert "key" not in body and "key_hash" not in body


def test_revoked_key_stops_working(client: TestClient, admin_key: str, events_key: str) -> None:
    admin = {"X-API-Key": admin_key}
    assert client.get("/v1/api-keys/current", headers={"X-API-Key": events_key}).status_code == 200
    key_id = client.get("/v1/api-keys/current", headers={"X-API-Key": events_key}).json()["id"]
    revoked = client.post(f"/v1/api-keys/{key_id}/revoke", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert client.get("/v1/api-keys/current", headers={"X-API-Key": events_key}).status_code == 401
    assert client.post("/v1/api-keys/999999/revoke", headers=admin).status_code == 404


def test_admin_creates_a_key_that_works(client: TestClient, admin_key: str) -> None:
    created = client.post(
        "/v1/api-keys", json={"name": "tender-platform", "scopes": ["events:write"]}, headers={"X-API-Key": admin_key}
    )
    assert created.status_code == 201, created.text
    new_key = created.json()["key"]
    assert client.get("/v1/api-keys/current", headers={"X-API-Key": new_key}).json()["name"] == "tender-platform"
    bad = client.post("/v1/api-keys", json={"name": "x", "scopes": ["root"]}, headers={"X-API-Key": admin_key})
    assert bad.status_code == 422


def test_keys_are_stored_hashed(session: Session, admin_key: str) -> None:
    row = session.exec(select(ApiKey).where(ApiKey.name == "operator")).one()
    stored = " ".join(str(value) for value in row.model_dump().values())
    assert admin_key not in stored
    assert admin_key[len(row.prefix):] not in stored


def test_cli_prints_the_key_alone_on_its_last_line(tmp_path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
        )

    run("migrate")
    created = run("keys", "create", "ggzy", "--scope", "events:write")
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("drs_") and " " not in key
    listed = run("keys", "list").stdout
    assert "ggzy" in listed and key not in listed
    key_id = listed.split("\t")[0]
    assert "revoked" in run("keys", "revoke", key_id).stdout
    assert "revoked" in run("keys", "list").stdout


def test_two_different_keys_are_refused(client: TestClient, admin_key: str) -> None:
    headers = {"X-API-Key": admin_key, "Authorization": "Bearer drs_someone-else"}
    assert client.get("/v1/api-keys", headers=headers).status_code == 401
    same = {"X-API-Key": admin_key, "Authorization": f"Bearer {admin_key}"}
    assert client.get("/v1/api-keys", headers=same).status_code == 200
    basic = {"X-API-Key": admin_key, "Authorization": "Basic dXNlcjpwYXNz"}
    assert client.get("/v1/api-keys", headers=basic).status_code == 401
