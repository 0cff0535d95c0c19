"""Steady load opens no PostgreSQL sessions: the pool holds a connection for every thread that
serves requests, so none is opened for one request and closed after it.

PostgreSQL only: SQLite has no sessions to count. `pg_stat_database.sessions` counts every session
the server has started on the database (PostgreSQL 14 and later).
"""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import database_url
from tests.events.test_concurrency import event
from tests.live_server import live_server

CONCURRENCY = 48
"""Three times the pool: more requests in flight than threads, as under a platform's burst."""


def load(base_url: str, key: str, rounds: int, tag: str) -> list[int]:
    def one(index: int) -> int:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            if index % 2:
                return client.post("/v1/events", json=event(f"{tag}-{index}"), headers={"X-API-Key": key}).status_code
            return client.get("/v1/obligations", params={"jurisdiction": "350582", "offset": index % 40}).status_code

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        return list(pool.map(one, range(rounds)))


def test_steady_load_opens_no_new_sessions(tmp_path_factory: pytest.TempPathFactory) -> None:
    for url in database_url("postgresql", tmp_path_factory, "sessions"):
        with live_server(url) as server:
            watcher = create_engine(url)
            with watcher.connect() as connection:
                def sessions() -> int:
                    return connection.execute(
                        text("SELECT sessions FROM pg_stat_database WHERE datname = current_database()")
                    ).scalar_one()

                # The first burst fills the pool; from then on every request finds a connection open.
                assert set(load(server.base_url, server.key, 400, "warm")) == {200, 201}
                connection.execute(text("SELECT pg_stat_clear_snapshot()"))
                before = sessions()
                assert set(load(server.base_url, server.key, 1200, "steady")) == {200, 201}
                connection.execute(text("SELECT pg_stat_clear_snapshot()"))
                opened = sessions() - before
            watcher.dispose()
    assert opened == 0, f"{opened} PostgreSQL sessions opened under steady load"
