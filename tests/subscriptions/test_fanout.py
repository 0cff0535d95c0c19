"""The fan-out's position on each database: changes nobody is subscribed to are passed over, and a
subscription hears of the changes after it, each once."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlmodel import Session

from app.feed.models import ChangeKind
from app.feed.service import record_change
from app.keys.scopes import Scope
from app.subscriptions.fanout import FANOUT, fan_out
from app.subscriptions.models import Notification, PushPosition
from tests.conftest import committed_key, committing_client


@pytest.fixture(scope="module")
def client(committed_engine: Engine) -> Iterator[TestClient]:
    with committing_client(committed_engine) as client:
        yield client


def calendar_changes(engine: Engine, count: int) -> list[int]:
    with Session(engine) as session:
        ids = [record_change(session, ChangeKind.CALENDAR_CHANGED, detail={"year": 2030 + n}) for n in range(count)]
        session.commit()
    return ids


def fan_out_once(engine: Engine, limit: int) -> tuple[int, int]:
    with Session(engine) as session:
        done = fan_out(session, limit)
        session.commit()
    return done


def position(engine: Engine) -> int:
    with Session(engine) as session:
        return session.get(PushPosition, FANOUT).change_id


def notified(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return list(session.exec(select(Notification.change_id).order_by(Notification.change_id)).scalars())


def test_changes_nobody_hears_are_passed_over_and_a_subscription_hears_what_follows(
    client: TestClient, committed_engine: Engine
) -> None:
    while fan_out_once(committed_engine, 500)[0]:  # what seeding recorded
        pass
    unheard = calendar_changes(committed_engine, 5)
    assert fan_out_once(committed_engine, 3) == (3, 0)  # a round reads no more than its limit
    assert position(committed_engine) == unheard[2]
    assert fan_out_once(committed_engine, 3) == (2, 0)
    assert position(committed_engine) == unheard[-1]
    assert fan_out_once(committed_engine, 3) == (0, 0)

    with Session(committed_engine) as session:
        headers = {"X-API-Key": committed_key(session, "fan-out listener", [Scope.SUBSCRIPTIONS_WRITE])}
    made = client.post(
        "/v1/subscriptions", json={"url": "http://127.0.0.1:9/hook", "kinds": ["calendar_changed"]}, headers=headers
    )
    assert made.status_code == 201, made.text
    heard = calendar_changes(committed_engine, 4)
    assert fan_out_once(committed_engine, 3) == (3, 3)
    assert fan_out_once(committed_engine, 3) == (1, 1)
    assert position(committed_engine) == heard[-1]
    assert notified(committed_engine) == heard
