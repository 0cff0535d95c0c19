"""A batch stores what its events sent one by one store: the same events, the same disclosures,
the same answers — on fresh databases, so even the ids agree."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from app.events.models import Disclosure, Event
from app.events.schemas import EventCreate
from app.events.service import submit_event
from app.keys.bindings import Bindings
from app.keys.models import ApiKey
from app.keys.scopes import Scope
from app.keys.service import create_key
from tests.conftest import BACKENDS, committing_client
from tests.events.conftest import fresh_engine
from tests.events.publications import good_publication, obligation

IDEMPOTENCY_KEY = "backfill-1"


@contextmanager
def serving(engine: Engine) -> Iterator[tuple[TestClient, dict]]:
    """The application on `engine`, committing as in production, and a platform's key bound to 晋江."""
    with Session(engine) as session:
        key = create_key(
            session, "jinjiang-platform", [Scope.EVENTS_WRITE], platform="jj", bindings=Bindings.of(["350582"], None)
        )[1]
        session.commit()
    with committing_client(engine) as client:
        yield client, {"X-API-Key": key}


def trigger(land: int, subject: str, day: str = "2025-09-26") -> dict:
    return {"obligation_id": land, "subject": subject, "kind": "trigger", "triggered_at": day}


def publication(land: int, subject: str, published_at: str, **changes) -> dict:  # noqa: ANN003
    body = good_publication(land, subject, published_at=published_at, **changes)
    del body["triggered_at"]
    return body


def history(land: int) -> list[dict]:
    """Sent one by one to both databases first: what the batch finds stored."""
    return [
        trigger(land, "DB-TRIGGER"),  # event 1, published by the batch without triggered_at
        good_publication(land, "TO-CORRECT", published_at="2025-10-30"),  # event 2, corrected by the batch
    ]


def varied_batch(land: int) -> list[dict]:
    return [
        trigger(land, "B-1"),                                                    # 0: event 3
        trigger(land, "B-2"),                                                    # 1: event 4
        publication(land, "B-1", "2025-10-09T10:00:00+08:00"),                   # 2: event 5, on time, B-1's trigger
        publication(land, "B-2", "2025-10-30T10:00:00+08:00"),                   # 3: event 6, late
        publication(land, "DB-TRIGGER", "2025-10-10T10:00:00+08:00"),            # 4: the stored trigger
        good_publication(land, "TO-CORRECT", published_at="2025-10-10", corrects=2),  # 5: a correction
        {"subject": "NOT-AN-EVENT"},                                             # 6: 422
        {**good_publication(land, "UNKNOWN"), "obligation_id": 999999},          # 7: 404
        {"jurisdiction": "360800", "notice_type": "procurement_result", "subject": "JIAN-1",  # 8: 403, not 晋江
         "triggered_at": "2025-09-29", "published_at": "2025-10-09", "publisher": "吉安市财政局",
         "channel": "中国政府采购网"},
        {**good_publication(land, "NUL"), "title": "a\u0000b"},                  # 9: NUL refused
        publication(land, "NO-TRIGGER", "2025-10-10"),                           # 10: no trigger registered
        good_publication(land, "B-1", published_at="2025-10-11", corrects=5),    # 11: corrects event 5, of this batch
        trigger(land, "B-2", "2025-10-20"),                                      # 12: a newer trigger for B-2
        publication(land, "B-2", "2025-10-31T10:00:00+08:00"),                   # 13: judged from the newer trigger
        good_publication(land, "B-3", published_at="2025-10-12"),                # 14: publication first
        trigger(land, "B-3", "2025-10-01"),                                      # 15: then its trigger
        publication(land, "B-3", "2025-10-13"),                                  # 16: judged from that trigger
        good_publication(land, "B-4", content={}, exemption={"reason": "trade_secret", "basis": "第十五条"}),  # 17
        trigger(land, "REPLAYED"),                                               # 18: sent before: replayed
        trigger(land, "CONFLICT"),                                               # 19: its key was used for another body
        # 20, 21: a triggered_at of their own where a trigger is registered: the disclosure keeps the registered one
        good_publication(land, "B-2", published_at="2025-11-01", triggered_at="2025-10-15"),
        good_publication(land, "DB-TRIGGER", published_at="2025-10-11", triggered_at="2025-09-25"),
    ]


def first_use(land: int) -> dict[int, dict]:
    """Items whose Idempotency-Key (`<key>#<index>`) both databases saw before the batch."""
    return {18: trigger(land, "REPLAYED"), 19: trigger(land, "OTHER-BODY")}


def answers(items: list[dict]) -> list[tuple]:
    """What each item was answered, comparable across the two paths. A body that is no event is
    422 on both, though typed as the batch's item problem there and as request validation here."""
    return [
        (item["status"], item["replayed"], item["event"]) if item["event"]
        else (item["status"], item["problem"]["type"] if item["status"] != 422 else None)
        for item in items
    ]


def stored(engine: Engine) -> tuple[list[dict], list[dict]]:
    with Session(engine) as session:
        events = [
            {name: value for name, value in row.model_dump().items() if name != "received_at"}
            for row in session.exec(select(Event).order_by(Event.id)).all()
        ]
        disclosures = sorted(
            ({name: value for name, value in row.model_dump().items() if name not in ("id", "updated_at")}
             for row in session.exec(select(Disclosure)).all()),
            key=lambda row: row["subject"],
        )
    return events, disclosures


def without_receipt(answer: tuple) -> tuple:
    if len(answer) == 3:
        return (answer[0], answer[1], {k: v for k, v in answer[2].items() if k != "received_at"})
    return answer


def test_a_batch_stores_what_its_events_one_by_one_store(two_databases: tuple[Engine, Engine]) -> None:
    batched, single = two_databases
    with serving(batched) as (batch_client, batch_key), serving(single) as (single_client, single_key):
        land = obligation(batch_client, "350582", "成交公示", "land_use_rights")["id"]
        for client, key in ((batch_client, batch_key), (single_client, single_key)):
            for body in history(land):
                assert client.post("/v1/events", json=body, headers=key).status_code == 201
            for index, body in first_use(land).items():
                headers = {**key, "Idempotency-Key": f"{IDEMPOTENCY_KEY}#{index}"}
                assert client.post("/v1/events", json=body, headers=headers).status_code == 201
        items = varied_batch(land)
        response = batch_client.post(
            "/v1/events/batch", json={"events": items}, headers={**batch_key, "Idempotency-Key": IDEMPOTENCY_KEY}
        )
        assert response.status_code == 200, response.text
        by_batch = response.json()["items"]

        one_by_one = []
        for index, body in enumerate(items):
            answer = single_client.post(
                "/v1/events", json=body, headers={**single_key, "Idempotency-Key": f"{IDEMPOTENCY_KEY}#{index}"}
            )
            one_by_one.append({
                "status": answer.status_code,
                "replayed": answer.headers.get("Idempotent-Replayed") == "true",
                "event": answer.json() if answer.status_code == 201 else None,
                "problem": answer.json() if answer.status_code != 201 else None,
            })

    assert [item["status"] for item in by_batch] == [
        201, 201, 201, 201, 201, 201, 422, 404, 403, 422, 409, 201, 201, 201, 201, 201, 201, 201, 201, 409, 201, 201,
    ]
    assert [without_receipt(a) for a in answers(by_batch)] == [without_receipt(a) for a in answers(one_by_one)]
    assert by_batch[2]["event"]["trigger_event_id"] == by_batch[0]["event"]["id"]
    assert by_batch[13]["event"]["trigger_event_id"] == by_batch[12]["event"]["id"]
    assert by_batch[18]["replayed"] and not by_batch[17]["replayed"]
    assert stored(batched) == stored(single)


def test_a_batch_costs_the_same_statements_whatever_its_size(client: TestClient, writer: dict, engine: Engine) -> None:
    land = obligation(client, "350582", "成交公示", "land_use_rights")["id"]

    def statements_for(size: int, prefix: str) -> int:
        items = [trigger(land, f"{prefix}-{n}") for n in range(size)]
        items += [publication(land, f"{prefix}-{n}", "2025-10-09") for n in range(size)]
        sent = []

        def count(*_: object) -> None:
            sent.append(1)

        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.post("/v1/events/batch", json={"events": items}, headers=writer)
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.json()["created"] == 2 * size, response.text
        return len(sent)

    statements_for(1, "WARM")  # the catalog and the calendar, read once and kept
    assert statements_for(10, "SMALL") == statements_for(300, "LARGE")


@pytest.fixture(params=BACKENDS)
def fresh(request: pytest.FixtureRequest, tmp_path_factory, seed_dir: Path) -> Iterator[Engine]:
    with fresh_engine(request.param, tmp_path_factory, seed_dir, "race") as engine:
        yield engine


def test_an_idempotency_key_stored_meanwhile_is_replayed_not_stored_twice(fresh: Engine) -> None:
    """Another request stores item 1's Idempotency-Key after the batch read the keys and before
    it wrote: the unique constraint refuses the batch's write, and the batch answers as the single
    event's path does, with the first answer."""
    with serving(fresh) as (client, headers):
        land = obligation(client, "350582", "成交公示", "land_use_rights")["id"]
        items = [trigger(land, "RACE-0"), trigger(land, "RACE-1"), publication(land, "RACE-0", "2025-10-09")]
        with Session(fresh) as other:
            key = other.exec(select(ApiKey).where(ApiKey.name == "jinjiang-platform")).one()
            first = submit_event(other, key, EventCreate.model_validate(items[1]), "race#1")
            answer: dict = {}
            sender = threading.Thread(target=lambda: answer.update(
                client.post("/v1/events/batch", json={"events": items}, headers={**headers, "Idempotency-Key": "race"}).json()
            ))
            sender.start()
            time.sleep(1.5)  # the batch waits on the key's unique index (PostgreSQL) or the writer's lock (SQLite)
            other.commit()
            sender.join(timeout=60)
    assert [item["status"] for item in answer["items"]] == [201, 201, 201]
    assert [item["replayed"] for item in answer["items"]] == [False, True, False]
    assert answer["items"][1]["event"]["id"] == first.event["id"]
    with Session(fresh) as session:
        subjects = sorted(row.subject for row in session.exec(select(Event)).all())
    assert subjects == ["RACE-0", "RACE-0", "RACE-1"]
