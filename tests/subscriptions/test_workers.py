"""Workers as deployments run them, `python -m app worker` in processes of their own: killed
mid-delivery and restarted, and two sharing one PostgreSQL database."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from app.core.config import PROJECT_ROOT
from app.feed.models import ChangeKind
from app.feed.service import record_change
from app.keys.scopes import Scope
from app.keys.service import find_active_key
from app.subscriptions.models import Notification, Subscription
from app.subscriptions.schemas import SubscriptionCreate
from app.subscriptions.service import create_subscription
from tests.conftest import committed_key
from tests.subscriptions.receiver import Receiver


@contextmanager
def worker_process(engine: Engine, **settings: str) -> Iterator[subprocess.Popen]:
    environment = {
        **os.environ,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "PUSH_POLL_SECONDS": "0.05",
        "PUSH_RAISE_SECONDS": "3600",
        "PUSH_RETRY_BASE_SECONDS": "0.2",
        "LOG_FORMAT": "text",
        **settings,
    }
    process = subprocess.Popen([sys.executable, "-m", "app", "worker"], cwd=PROJECT_ROOT, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def calendar_subscription(engine: Engine, name: str, url: str) -> int:
    """A subscription to calendar changes, which concern everyone: the tests raise them by the thousand."""
    with Session(engine) as session:
        value = committed_key(session, name, Scope.SUBSCRIPTIONS_WRITE)
        key = find_active_key(session, value)
        row, _ = create_subscription(session, key, SubscriptionCreate(url=url, kinds=["calendar_changed"]))
        session.commit()
        return row.id


def raise_calendar_changes(engine: Engine, count: int) -> None:
    with Session(engine) as session:
        for number in range(count):
            record_change(session, ChangeKind.CALENDAR_CHANGED, detail={"test": number})
        session.commit()


def delivered(engine: Engine, subscription_id: int) -> int:
    with Session(engine) as session:
        return session.execute(
            select(func.count()).select_from(Notification).where(
                Notification.subscription_id == subscription_id, Notification.state == "delivered"
            )
        ).scalar_one()


def owed(engine: Engine, subscription_id: int) -> int:
    with Session(engine) as session:
        return session.execute(
            select(func.count()).select_from(Notification).where(Notification.subscription_id == subscription_id)
        ).scalar_one()


def retire(engine: Engine, subscription_id: int) -> None:
    """Later tests' changes are not for this test's receiver, gone by then."""
    with Session(engine) as session:
        session.get(Subscription, subscription_id).kinds = ["noncompliant"]
        session.commit()


def test_a_worker_killed_mid_delivery_loses_nothing(committed_engine: Engine) -> None:
    with Receiver(hang_seconds=1.0) as receiver:
        subscription = calendar_subscription(committed_engine, "push-killed", receiver.url)
        raise_calendar_changes(committed_engine, 5)
        lease = {"PUSH_TIMEOUT_SECONDS": "3", "PUSH_LEASE_SECONDS": "4"}
        with worker_process(committed_engine, **lease) as first:
            wait_for(lambda: len(receiver.received) >= 5, 30, "the first worker to send")
            first.send_signal(signal.SIGKILL)  # while the receiver holds every request
            first.wait()
        assert delivered(committed_engine, subscription) == 0
        assert owed(committed_engine, subscription) == 5, "the calendars seeded before it are not its business"
        with worker_process(committed_engine, **lease):
            wait_for(lambda: delivered(committed_engine, subscription) == 5, 60, "the restarted worker to deliver")
        retire(committed_engine, subscription)
    ids = receiver.ids()
    assert len(ids) == 5, "every notification reached the receiver"
    # The only duplicates are redeliveries under the same webhook-id, which the receiver drops.
    assert set(ids.values()) <= {2}


def test_two_workers_deliver_a_thousand_notifications_once_each(committed_engine: Engine) -> None:
    if committed_engine.dialect.name != "postgresql":
        pytest.skip("several workers share one database on PostgreSQL (FOR UPDATE SKIP LOCKED); SQLite has one writer")
    with Receiver() as receiver:
        subscription = calendar_subscription(committed_engine, "push-shared", receiver.url)
        raise_calendar_changes(committed_engine, 1000)
        with worker_process(committed_engine), worker_process(committed_engine):
            wait_for(lambda: delivered(committed_engine, subscription) == 1000, 120, "1,000 deliveries")
        retire(committed_engine, subscription)
    ids = receiver.ids()
    assert len(ids) == 1000
    assert set(ids.values()) == {1}, "no notification was delivered twice"
