"""The service as operators run it, as real processes: logs, shutdown, SIGKILL, several replicas
starting at once."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from app.catalog.models import Catalog, Obligation
from app.core.config import PROJECT_ROOT
from app.core.database import build_engine
from tests.conftest import BACKENDS, database_url
from tests.events.publications import good_publication
from tests.live_server import LiveServer, live_server, start_server, stop_server

LAND_DEAL = 15  # 晋江 成交公示, as the seed numbers it


@pytest.fixture(params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[LiveServer]:
    for url in database_url(request.param, tmp_path_factory, "operations"):
        with live_server(url, log=tmp_path / "server.log") as running:
            yield running


def log_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_logs_are_json_lines_carrying_the_request_id(server: LiveServer, tmp_path: Path) -> None:
    answer = httpx.get(f"{server.base_url}/v1/obligations/{LAND_DEAL}", headers={"X-Request-ID": "trace-42"})
    assert answer.headers["x-request-id"] == "trace-42"
    stop_server(server.process)
    records = log_records(tmp_path / "server.log")  # every line parses, or this raises
    access = [r for r in records if r.get("request_id") == "trace-42"]
    assert len(access) == 1
    assert access[0]["logger"] == "app.access" and access[0]["level"] == "INFO"
    assert access[0]["route"] == "/v1/obligations/{obligation_id}" and access[0]["status"] == 200
    assert access[0]["duration_ms"] >= 0 and access[0]["time"]
    assert any("Application startup complete" in r["message"] for r in records)


def test_sigterm_lets_requests_in_flight_finish(server: LiveServer) -> None:
    batch = [good_publication(LAND_DEAL, subject=f"SHUTDOWN-{n}") for n in range(1000)]
    payload = json.dumps({"events": batch}).encode()
    begun, stopping = threading.Event(), threading.Event()

    def slowly() -> Iterator[bytes]:
        # The request is surely in flight when the signal comes: its body is not all sent yet.
        yield payload[:1000]
        begun.set()
        stopping.wait(10)
        yield payload[1000:]

    answers: list[httpx.Response] = []
    sender = threading.Thread(
        target=lambda: answers.append(
            httpx.post(
                f"{server.base_url}/v1/events/batch", content=slowly(),
                headers={"X-API-Key": server.key, "Content-Type": "application/json"}, timeout=60,
            )
        )
    )
    sender.start()
    assert begun.wait(10)
    server.process.send_signal(signal.SIGTERM)
    # Shutting down: new connections are refused, the one in flight is still served.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{server.base_url}/healthz", timeout=1)
        except httpx.TransportError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the server still took new connections 10 s after SIGTERM")
    stopping.set()
    sender.join()
    assert answers[0].status_code == 200 and answers[0].json()["created"] == 1000
    # Uvicorn re-raises the signal once it has shut down, so the exit says it was asked to stop.
    assert server.process.wait(timeout=40) in (0, -signal.SIGTERM)

    base_url, process = start_server(server.env)
    try:
        stored = httpx.get(
            f"{base_url}/v1/events", params={"subject": "SHUTDOWN-999"}, headers={"X-API-Key": server.key}
        ).json()["items"]
        assert len(stored) == 1
    finally:
        stop_server(process)


def test_every_event_acknowledged_before_a_sigkill_survives_it(server: LiveServer) -> None:
    acknowledged: dict[int, str] = {}
    stop = threading.Event()

    def writer(number: int) -> None:
        with httpx.Client(headers={"X-API-Key": server.key}, timeout=10) as client:
            n = 0
            while not stop.is_set():
                subject = f"KILL-{number}-{n}"
                try:
                    answer = client.post(f"{server.base_url}/v1/events", json=good_publication(LAND_DEAL, subject=subject))
                except httpx.HTTPError:
                    return  # the server died under this request: not acknowledged
                if answer.status_code == 201:
                    acknowledged[answer.json()["id"]] = subject
                n += 1

    with ThreadPoolExecutor(max_workers=8) as pool:
        for number in range(8):
            pool.submit(writer, number)
        time.sleep(1.5)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=10)
        stop.set()
    assert len(acknowledged) > 20

    base_url, process = start_server(server.env)
    try:
        with httpx.Client(base_url=base_url, headers={"X-API-Key": server.key}) as client:
            for event_id, subject in acknowledged.items():
                stored = client.get(f"/v1/events/{event_id}")
                assert stored.status_code == 200, f"event {event_id} was acknowledged and is gone"
                assert stored.json()["subject"] == subject
    finally:
        stop_server(process)


def counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return (
            connection.execute(select(func.count()).select_from(Catalog)).scalar_one(),
            connection.execute(select(func.count()).select_from(Obligation)).scalar_one(),
        )


def test_replicas_starting_at_once_migrate_and_seed_once(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Four replicas on an empty database of the suite's backend end with what one seeded run gives."""
    for url in database_url(engine.dialect.name, tmp_path_factory, "replicas"):
        replicas = [
            subprocess.Popen(
                [sys.executable, "-m", "app", "prepare"],
                cwd=PROJECT_ROOT,
                env={**os.environ, "DATABASE_URL": url},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        outcomes = [(replica.wait(timeout=180), replica.stderr.read()) for replica in replicas]
        assert [code for code, _ in outcomes] == [0] * 4, [error for _, error in outcomes]
        started = build_engine(url)
        try:
            assert counts(started) == counts(engine)
            with started.connect() as connection:
                assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        finally:
            started.dispose()


def test_a_lost_database_connection_is_a_503_once_then_the_pool_reconnects(server: LiveServer) -> None:
    if not server.env["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("SQLite has no connections to lose")
    headers = {"X-API-Key": server.key}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=30) as client:
        for n in range(5):  # several pooled connections in use and returned
            assert client.post("/v1/events", json=good_publication(LAND_DEAL, subject=f"LOST-{n}")).status_code == 201
        database = make_url(server.env["DATABASE_URL"]).database
        admin = build_engine(server.env["DATABASE_URL"])
        with admin.begin() as connection:  # what a database restart does to every connection
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"),
                {"d": database},
            )
        admin.dispose()
        answers = [client.post("/v1/events", json=good_publication(LAND_DEAL, subject=f"AFTER-{n}")) for n in range(5)]
    statuses = [answer.status_code for answer in answers]
    assert set(statuses) <= {201, 503} and statuses.count(503) <= 1, statuses
    assert statuses[-1] == 201
    for answer in answers:
        if answer.status_code == 503:
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.headers["retry-after"] == "1"
            assert answer.json()["type"] == "database-unavailable"
