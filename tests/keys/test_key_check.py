"""A key is checked against the active keys kept in memory, with no worker thread, once their
revision is known without a transaction; revocations and rate limits still hold there."""

import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import Engine
from sqlmodel import Session

from app.keys import dependencies
from app.keys.limits import KeyLimiter
from app.keys.scopes import Scope
from tests.conftest import committed_key

CURRENT = "/v1/api-keys/current"


@pytest.fixture
def looked_up(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What was sent to a worker thread to look a key up."""
    sent: list[object] = []
    threadpool = dependencies.run_in_threadpool

    async def counting(function, *args):  # noqa: ANN001, ANN202
        sent.append(function)
        return await threadpool(function, *args)

    monkeypatch.setattr(dependencies, "run_in_threadpool", counting)
    return sent


def key(engine: Engine, name: str, scope: Scope) -> dict[str, str]:
    with Session(engine) as session:
        return {"X-API-Key": committed_key(session, name, scope)}


def eventually(request: Callable[[], Response], wanted: Callable[[Response], bool], seconds: float = 5.0) -> Response:
    deadline = time.monotonic() + seconds
    while not wanted(answer := request()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return answer


def checked_in_memory(client: TestClient, headers: dict[str, str], looked_up: list[object]) -> Response:
    """The answer to the first request whose key was checked in memory. The listener connects in
    the background; until then keys are looked up in a transaction."""

    def current() -> Response:
        looked_up.clear()
        return client.get(CURRENT, headers=headers)

    answer = eventually(current, lambda _: not looked_up)
    assert looked_up == []
    return answer


def test_a_key_is_checked_in_memory_and_its_revocation_still_refuses_it(
    listening_client: TestClient, committed_engine: Engine, looked_up: list[object]
) -> None:
    admin = key(committed_engine, "check-admin", Scope.ADMIN)
    reader = key(committed_engine, "check-reader", Scope.EVENTS_READ)
    answer = checked_in_memory(listening_client, reader, looked_up)
    assert answer.status_code == 200 and answer.json()["name"] == "check-reader"
    assert listening_client.get(CURRENT, headers={"X-API-Key": "no-such-key"}).status_code == 401
    assert listening_client.get("/v1/api-keys", headers=reader).status_code == 403  # the scope, checked alike
    assert looked_up == []

    assert listening_client.post(f"/v1/api-keys/{answer.json()['id']}/revoke", headers=admin).status_code == 200
    # SQLite's revision is read at once; PostgreSQL's is heard within moments of the commit.
    refused = eventually(lambda: listening_client.get(CURRENT, headers=reader), lambda answer: answer.status_code == 401)
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")


def test_a_key_checked_in_memory_still_counts_against_its_limit(
    listening_client: TestClient, committed_engine: Engine, looked_up: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    busy = key(committed_engine, "check-busy", Scope.EVENTS_READ)
    checked_in_memory(listening_client, busy, looked_up)
    limiter = KeyLimiter("3/minute", "memory://")
    monkeypatch.setattr(dependencies, "key_limiter", lambda: limiter)
    looked_up.clear()
    answers = [listening_client.get(CURRENT, headers=busy).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert looked_up == []


def test_limits_counted_in_a_shared_store_are_counted_in_a_worker_thread(
    listening_client: TestClient, committed_engine: Engine, looked_up: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A shared store (redis://…) answers over the network, which must not hold up the event loop.
    shared = KeyLimiter("", "memory://")
    shared.in_memory = False
    monkeypatch.setattr(dependencies, "key_limiter", lambda: shared)
    reader = key(committed_engine, "check-shared", Scope.EVENTS_READ)
    for _ in range(3):
        looked_up.clear()
        assert listening_client.get(CURRENT, headers=reader).status_code == 200
        assert looked_up == [dependencies._looked_up]
    assert KeyLimiter("", "memory://").in_memory
