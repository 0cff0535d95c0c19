"""Concurrent writers against a real server: nothing acknowledged is lost or stored twice."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.conftest import BACKENDS, database_url
from tests.live_server import LiveServer, live_server


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory) -> LiveServer:
    for url in database_url(request.param, tmp_path_factory, "live"):
        with live_server(url) as running:
            yield running


@pytest.fixture(scope="module", params=BACKENDS)
def two_worker_server(request: pytest.FixtureRequest, tmp_path_factory, monkeypatch_module) -> LiveServer:
    """Two uvicorn worker processes on one database: what WEB_CONCURRENCY=2 gives in production."""
    monkeypatch_module.setenv("WEB_CONCURRENCY", "2")
    for url in database_url(request.param, tmp_path_factory, "workers"):
        with live_server(url) as running:
            yield running


@pytest.fixture(scope="module")
def monkeypatch_module() -> pytest.MonkeyPatch:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def event(subject: str) -> dict:
    return {
        "obligation_id": 15,
        "subject": subject,
        "triggered_at": "2025-09-26",
        "published_at": "2025-10-16",
        "publisher": "市国土局",
        "channel": "中国土地市场网",
        "content": {"受让人": "a", "出让方式": "b", "宗地坐落": "c", "面积": "d", "土地用途": "e", "出让价款": "f"},
    }


def all_events(client: httpx.Client, base: str, key: str) -> list[dict]:
    items, cursor = [], None
    while True:
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{base}/v1/events", params=params, headers={"X-API-Key": key}).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            return items


def test_twenty_simultaneous_retries_store_one_event(server: LiveServer) -> None:
    headers = {"X-API-Key": server.key, "Idempotency-Key": "burst-1"}

    def post(_: int) -> httpx.Response:
        with httpx.Client(timeout=30) as client:
            return client.post(f"{server.base_url}/v1/events", json=event("IDEMPOTENT-1"), headers=headers)

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(post, range(20)))
    assert [r.status_code for r in responses] == [201] * 20, [r.text for r in responses if r.status_code != 201]
    assert len({r.json()["id"] for r in responses}) == 1
    assert len({r.text for r in responses}) == 1
    with httpx.Client() as client:
        stored = client.get(
            f"{server.base_url}/v1/events", params={"subject": "IDEMPOTENT-1"}, headers={"X-API-Key": server.key}
        ).json()["items"]
    assert len(stored) == 1


def test_fifty_writers_a_hundred_events_each(server: LiveServer) -> None:
    headers = {"X-API-Key": server.key}

    def writer(number: int) -> list[tuple[int, str]]:
        acknowledged = []
        with httpx.Client(timeout=60) as client:
            for n in range(100):
                subject = f"W{number:02d}-{n:03d}"
                response = client.post(f"{server.base_url}/v1/events", json=event(subject), headers=headers)
                if response.status_code == 201:
                    acknowledged.append((response.json()["id"], subject))
        return acknowledged

    with ThreadPoolExecutor(max_workers=50) as pool:
        acknowledged = [pair for pairs in pool.map(writer, range(50)) for pair in pairs]
    assert len(acknowledged) == 5000
    with httpx.Client(timeout=60) as client:
        stored = [(item["id"], item["subject"]) for item in all_events(client, server.base_url, server.key) if item["subject"].startswith("W")]
    assert sorted(stored) == sorted(acknowledged)
    assert len({subject for _, subject in stored}) == 5000


def test_two_worker_processes_store_every_acknowledged_event_once(two_worker_server: LiveServer) -> None:
    """SQLite's writers in two processes cannot share the in-process lock: each write transaction
    takes SQLite's write lock up front and waits for it, instead of being refused mid-way."""
    server = two_worker_server
    headers = {"X-API-Key": server.key}

    def writer(number: int) -> list[tuple[int, str]]:
        with httpx.Client(timeout=60, headers=headers) as client:
            answers = [
                (client.post(f"{server.base_url}/v1/events", json=event(f"P{number:02d}-{n:03d}")), f"P{number:02d}-{n:03d}")
                for n in range(50)
            ]
        assert [answer.status_code for answer, _ in answers] == [201] * 50, [a.text for a, _ in answers if a.status_code != 201][:3]
        return [(answer.json()["id"], subject) for answer, subject in answers]

    with ThreadPoolExecutor(max_workers=16) as pool:
        acknowledged = [pair for pairs in pool.map(writer, range(16)) for pair in pairs]
    with httpx.Client(timeout=60) as client:
        stored = [(item["id"], item["subject"]) for item in all_events(client, server.base_url, server.key) if item["subject"].startswith("P")]
    assert sorted(stored) == sorted(acknowledged)
