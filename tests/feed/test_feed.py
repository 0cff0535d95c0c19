"""GET /v1/feed: every change once, in commit order, even while writers commit out of id order;
and only what the key may read."""

import random
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine
from sqlmodel import Session

from app.feed.models import ChangeKind
from app.feed.service import record_change
from app.keys.scopes import Scope
from tests.conftest import committed_key, committing_client
from tests.events.publications import good_publication, obligation, publish


@pytest.fixture(scope="module")
def client(committed_engine: Engine) -> Iterator[TestClient]:
    with committing_client(committed_engine) as client:
        yield client


def key(engine: Engine, name: str, scopes: list[Scope], **binding) -> dict[str, str]:  # noqa: ANN003
    with Session(engine) as session:
        return {"X-API-Key": committed_key(session, name, scopes, **binding)}


def read_all(client: TestClient, headers: dict[str, str], after: str | None = None, limit: int = 100) -> tuple[list[dict], str]:
    items: list[dict] = []
    while True:
        page = client.get("/v1/feed", params={"limit": limit} | ({"after": after} if after else {}), headers=headers)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        if not body["items"]:
            return items, body["next_cursor"]
        after = body["next_cursor"]


def test_a_reader_never_misses_a_change_while_twenty_writers_commit_out_of_id_order(client: TestClient, committed_engine: Engine) -> None:
    reader = key(committed_engine, "hub", [Scope.EVENTS_READ])
    _, start = read_all(client, reader)
    committed: list[tuple[int, int, int]] = []
    lock = threading.Lock()
    writing = threading.Barrier(20)
    # The writers' own connections: the reader never queues behind them for one of the pool's.
    writers_engine = create_engine(committed_engine.url, pool_size=20, max_overflow=0) if committed_engine.dialect.name == "postgresql" else committed_engine

    def write(writer: int) -> None:
        rng = random.Random(writer)
        writing.wait()
        for number in range(10):
            with Session(writers_engine) as session:
                change = record_change(session, ChangeKind.CALENDAR_CHANGED, detail={"writer": writer, "number": number})
                # Holding the transaction open after the id is drawn: later ids commit first.
                time.sleep(rng.uniform(0, 0.05))
                session.commit()
            with lock:
                committed.append((change, writer, number))

    writers = [threading.Thread(target=write, args=(writer,)) for writer in range(20)]
    seen: list[dict] = []
    cursor = start
    for thread in writers:
        thread.start()
    while any(thread.is_alive() for thread in writers):
        page, cursor = read_all(client, reader, cursor, limit=7)
        seen += page
    for thread in writers:
        thread.join()
    if writers_engine is not committed_engine:
        writers_engine.dispose()
    assert seen, "the reader read while the writers wrote"
    page, cursor = read_all(client, reader, cursor)
    seen += page

    written = [(item["detail"]["writer"], item["detail"]["number"]) for item in seen if "writer" in item["detail"]]
    assert len(written) == 200 == len(set(written)), "every change once, none twice"
    assert set(written) == {(writer, number) for _, writer, number in committed}
    positions = [tuple(map(int, item["cursor"].split("-"))) for item in seen]
    assert positions == sorted(positions), "the feed is read in one order"
    if committed_engine.dialect.name == "postgresql":
        in_commit_order = [change for change, _, _ in committed]
        assert in_commit_order != sorted(in_commit_order), "the writers did commit out of id order"


def test_a_platform_reads_its_own_records_and_public_changes_a_supervisor_its_bindings(client: TestClient, committed_engine: Engine) -> None:
    land = obligation(client, "350582", "成交公示", "land_use_rights")["id"]
    jinjiang = key(committed_engine, "feed-jinjiang", [Scope.EVENTS_WRITE])
    other = key(committed_engine, "feed-other", [Scope.EVENTS_WRITE])
    nearby = key(committed_engine, "feed-quanzhou", [Scope.EVENTS_READ], jurisdictions=["350500"])
    faraway = key(committed_engine, "feed-guangdong", [Scope.EVENTS_READ], jurisdictions=["440000"])
    marks = {name: read_all(client, headers)[1] for name, headers in [("jinjiang", jinjiang), ("other", other), ("nearby", nearby), ("faraway", faraway)]}
    mine = publish(client, jinjiang, **good_publication(land, "FEED-MINE"))
    theirs = publish(client, other, **good_publication(land, "FEED-THEIRS", published_at="2025-12-20T10:00:00+08:00"))

    def events(headers: dict[str, str], name: str) -> list[int]:
        return [item["event_id"] for item in read_all(client, headers, marks[name])[0] if item["kind"] == "event"]

    assert events(jinjiang, "jinjiang") == [mine["id"]]
    assert events(other, "other") == [theirs["id"]]
    assert events(nearby, "nearby") == [mine["id"], theirs["id"]]
    assert events(faraway, "faraway") == []
    change = next(item for item in read_all(client, nearby, marks["nearby"])[0] if item["event_id"] == theirs["id"])
    assert (change["status"], change["disclosure_status"], change["subject"], change["jurisdiction"]) == (
        "noncompliant", "published_late", "FEED-THEIRS", "350582",
    )


def test_bad_cursors_and_missing_keys_are_problems(client: TestClient, committed_engine: Engine) -> None:
    assert client.get("/v1/feed").status_code == 401
    headers = key(committed_engine, "feed-cursor", [Scope.EVENTS_READ])
    for bad in ["x", "1", "1-", "-1", "1-2-3", "9" * 19 + "-1", "1-" + "9" * 19]:
        answer = client.get("/v1/feed", params={"after": bad}, headers=headers)
        assert answer.status_code == 422, bad
        assert answer.headers["content-type"] == "application/problem+json"
