"""Push end to end, on each database: changes committed by the API, fanned out and delivered by a
worker to a real receiver on loopback, signed as Standard Webhooks says; retries, timeouts, and
due and overdue notices raised once."""

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlmodel import Session
from standardwebhooks.webhooks import Webhook

from app.calendar.service import working_calendar
from app.core.config import get_settings
from app.core.database import Database
from app.core.observability import requests_arrived
from app.core.validation import today_in_china
from app.feed.models import Change, ChangeKind
from app.feed.service import record_change
from app.keys.scopes import Scope
from app.subscriptions.fanout import FANOUT_LIMIT
from app.subscriptions.models import Notification, PushPosition
from app.subscriptions.raising import raise_due
from app.subscriptions.worker import InProcessWorker, Progress, PushWorker
from tests.conftest import committed_key, committing_client
from tests.events.publications import good_publication, obligation, publish
from tests.subscriptions.receiver import Receiver


@pytest.fixture(scope="module")
def client(committed_engine: Engine) -> Iterator[TestClient]:
    with committing_client(committed_engine) as client:
        yield client


def platform(engine: Engine, name: str) -> dict[str, str]:
    with Session(engine) as session:
        return {"X-API-Key": committed_key(session, name, [Scope.EVENTS_WRITE, Scope.SUBSCRIPTIONS_WRITE])}


def worker(engine: Engine, **settings: float) -> PushWorker:
    quick = {"push_retry_base_seconds": 0.05, "push_timeout_seconds": 2.0, "push_raise_seconds": 0.0} | settings
    return PushWorker(engine, get_settings().model_copy(update=quick), seed=1)


def drive(pusher: PushWorker, until: Callable[[], bool], seconds: float = 15.0, settle: float = 0.0) -> None:
    """Run the worker's rounds until `until()` holds (then `settle` seconds more), or fail."""

    async def rounds() -> None:
        deadline = time.monotonic() + seconds
        async with pusher.client() as http:
            while not until():
                assert time.monotonic() < deadline, "the worker did not get there in time"
                await pusher.run_once(http)
                await asyncio.sleep(0.02)
            calm = time.monotonic() + settle
            while time.monotonic() < calm:
                await pusher.run_once(http)
                await asyncio.sleep(0.05)

    asyncio.run(rounds())


def subscribe(client: TestClient, headers: dict[str, str], url: str, kinds: list[str], **more) -> dict:  # noqa: ANN003
    made = client.post("/v1/subscriptions", json={"url": url, "kinds": kinds, **more}, headers=headers)
    assert made.status_code == 201, made.text
    return made.json()


def land_deal(client: TestClient) -> int:
    return obligation(client, "350582", "成交公示", "land_use_rights")["id"]


def test_a_noncompliant_verdict_is_delivered_once_signed(client: TestClient, committed_engine: Engine) -> None:
    headers = platform(committed_engine, "push-signed")
    with Receiver() as receiver:
        subscription = subscribe(client, headers, receiver.url, ["noncompliant"])
        late = publish(client, headers, **good_publication(land_deal(client), "PUSH-LATE", published_at="2025-12-20T10:00:00+08:00"))
        on_time = publish(client, headers, **good_publication(land_deal(client), "PUSH-ON-TIME"))
        assert (late["status"], on_time["status"]) == ("noncompliant", "compliant")
        drive(worker(committed_engine), lambda: len(receiver.received) >= 1, settle=0.3)
    assert len(receiver.received) == 1, "the compliant event notifies nobody, the noncompliant one once"
    got = receiver.received[0]
    payload = Webhook(subscription["secret"]).verify(got.body, got.headers)
    assert payload["type"] == "event.noncompliant"
    assert (payload["data"]["event_id"], payload["data"]["subject"], payload["data"]["status"]) == (late["id"], "PUSH-LATE", "noncompliant")
    with pytest.raises(Exception, match="signature"):
        Webhook("whsec_" + "A" * 32).verify(got.body, got.headers)
    attempts = client.get(f"/v1/subscriptions/{subscription['id']}/deliveries", headers=headers).json()["items"]
    assert [(a["attempt"], a["outcome"], a["status_code"], a["webhook_id"]) for a in attempts] == [
        (1, "delivered", 204, got.headers["webhook-id"])
    ]


def test_a_receiver_failing_twice_gets_the_same_id_three_times(client: TestClient, committed_engine: Engine) -> None:
    headers = platform(committed_engine, "push-retry")
    with Receiver(fail_first=2) as receiver:
        subscription = subscribe(client, headers, receiver.url, ["noncompliant"])
        publish(client, headers, **good_publication(land_deal(client), "PUSH-RETRY", published_at="2025-12-20T10:00:00+08:00"))
        drive(worker(committed_engine), lambda: len(receiver.received) >= 3, settle=0.3)
    assert len(receiver.ids()) == 1 and list(receiver.ids().values()) == [3]
    attempts = client.get(f"/v1/subscriptions/{subscription['id']}/deliveries", headers=headers).json()["items"]
    assert [(a["attempt"], a["outcome"], a["status_code"]) for a in reversed(attempts)] == [
        (1, "failed", 503), (2, "failed", 503), (3, "delivered", 204)
    ]
    assert len({a["webhook_id"] for a in attempts}) == 1
    assert attempts[-1]["next_attempt_at"] is not None and attempts[0]["next_attempt_at"] is None


def test_a_receiver_that_never_answers_times_out_and_is_retried(client: TestClient, committed_engine: Engine) -> None:
    headers = platform(committed_engine, "push-timeout")
    with Receiver(hang_seconds=3) as receiver:
        subscription = subscribe(client, headers, receiver.url, ["noncompliant"])
        publish(client, headers, **good_publication(land_deal(client), "PUSH-HANG", published_at="2025-12-20T10:00:00+08:00"))
        pusher = worker(committed_engine, push_timeout_seconds=0.3, push_lease_seconds=1.0)
        drive(pusher, lambda: len(receiver.received) >= 2, seconds=20)

    attempts = client.get(f"/v1/subscriptions/{subscription['id']}/deliveries", headers=headers).json()["items"]
    assert len(attempts) >= 2 and {a["outcome"] for a in attempts} == {"timeout"}
    assert all(a["status_code"] is None and a["next_attempt_at"] for a in attempts)
    assert len(receiver.ids()) == 1


def test_due_soon_and_overdue_are_raised_once_across_restarts(client: TestClient, committed_engine: Engine) -> None:
    headers = platform(committed_engine, "push-due")
    land = land_deal(client)
    today = today_in_china()
    with Receiver() as receiver:
        subscribe(client, headers, receiver.url, ["due_soon", "overdue"], due_soon_days=10)
        # 10 working days after the trade: one closed long ago (overdue), one closed today (due soon).
        for subject, traded in [("PUSH-OVERDUE", today - timedelta(days=60)), ("PUSH-DUE-SOON", today)]:
            trigger = {"obligation_id": land, "kind": "trigger", "subject": subject, "triggered_at": traded.isoformat()}
            assert client.post("/v1/events", json=trigger, headers=headers).status_code == 201
        for _restart in range(3):  # a new worker each time, as after a restart
            drive(worker(committed_engine), lambda: len(receiver.received) >= 2, settle=0.2)
    assert len(receiver.ids()) == 2 and set(receiver.ids().values()) == {1}
    bodies = [got.body.decode() for got in receiver.received]
    assert any('"disclosure.overdue"' in body and "PUSH-OVERDUE" in body for body in bodies)
    assert any('"disclosure.due_soon"' in body and "PUSH-DUE-SOON" in body for body in bodies)
    with Session(committed_engine) as session:
        raised = session.execute(
            select(Change.kind, func.count())
            .where(Change.subject.in_(["PUSH-OVERDUE", "PUSH-DUE-SOON"]), Change.raised_key.is_not(None))
            .group_by(Change.kind)
        ).all()
        assert sorted(map(tuple, raised)) == [("due_soon", 1), ("overdue", 1)]
        owed = (
            select(func.count())
            .select_from(Notification)
            .join(Change, Change.id == Notification.change_id)
            .where(Change.subject.in_(["PUSH-OVERDUE", "PUSH-DUE-SOON"]))
        )
        assert session.execute(owed).scalar_one() == 2


def test_a_supervisor_hears_of_every_platform_a_platform_of_its_own(client: TestClient, committed_engine: Engine) -> None:
    poster = platform(committed_engine, "push-poster")
    bystander = platform(committed_engine, "push-bystander")
    with Session(committed_engine) as session:
        supervisor = {"X-API-Key": committed_key(
            session, "push-supervisor", [Scope.EVENTS_READ, Scope.SUBSCRIPTIONS_WRITE], jurisdictions=["350500"]
        )}
        elsewhere = {"X-API-Key": committed_key(
            session, "push-guangdong", [Scope.EVENTS_READ, Scope.SUBSCRIPTIONS_WRITE], jurisdictions=["440000"]
        )}
    with Receiver() as heard, Receiver() as unheard:
        subscribe(client, supervisor, heard.url, ["noncompliant"])
        subscribe(client, bystander, unheard.url, ["noncompliant"])
        subscribe(client, elsewhere, unheard.url, ["noncompliant"])
        late = publish(client, poster, **good_publication(land_deal(client), "PUSH-SUPERVISED", published_at="2025-12-20T10:00:00+08:00"))
        drive(worker(committed_engine), lambda: len(heard.received) >= 1, settle=0.3)
    assert [json.loads(got.body)["data"]["event_id"] for got in heard.received] == [late["id"]]
    assert unheard.received == [], "another platform, or a supervisor of another province, hears nothing"


def test_later_rounds_raise_what_passed_its_date_and_what_events_touched(client: TestClient, committed_engine: Engine) -> None:
    """After the first round, a round looks at due dates passed since the last one and at the
    disclosures events touched since: a trigger posted late, its due date long behind it."""
    headers = platform(committed_engine, "push-rounds")
    land = land_deal(client)
    today = today_in_china()
    database = Database(engine=committed_engine)

    def round_on(day: date) -> None:
        with database.write() as session:
            raise_due(session, day, working_calendar(session), [])

    def overdue(subject: str) -> int:
        with Session(committed_engine) as session:
            return session.execute(
                select(func.count()).select_from(Change).where(Change.subject == subject, Change.kind == "overdue")
            ).scalar_one()

    def trigger(subject: str, traded: date) -> dict:
        body = {"obligation_id": land, "kind": "trigger", "subject": subject, "triggered_at": traded.isoformat()}
        answer = client.post("/v1/events", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        return answer.json()

    round_on(today)
    late = trigger("ROUNDS-LATE", today - timedelta(days=90))
    coming = trigger("ROUNDS-COMING", today)
    assert overdue("ROUNDS-LATE") == 0
    round_on(today)  # the same day: only what events touched
    assert (overdue("ROUNDS-LATE"), overdue("ROUNDS-COMING")) == (1, 0)
    after_due = date.fromisoformat(coming["due_date"]) + timedelta(days=1)
    round_on(after_due)  # its due date passed since the last round
    round_on(after_due)
    assert (overdue("ROUNDS-LATE"), overdue("ROUNDS-COMING")) == (1, 1)
    assert late["due_date"] < today.isoformat()


def test_the_fan_out_keeps_reading_while_changes_concern_nobody(committed_engine: Engine) -> None:
    """A worker that read changes is not idle, though none was for a subscriber: more than a round's
    worth of them must not leave it a poll interval behind each time."""
    with Session(committed_engine) as session:
        last = max(record_change(session, ChangeKind.EXEMPTION_REVIEW, detail={"n": n}) for n in range(1200))
        session.commit()
    pusher = worker(committed_engine, push_raise_seconds=3600.0)

    async def until_idle() -> list[Progress]:
        rounds = []
        async with pusher.client() as http:
            while not rounds or not rounds[-1].idle:
                rounds.append(await pusher.run_once(http))
        return rounds

    rounds = asyncio.run(until_idle())
    assert sum(progress.fanned_out for progress in rounds) >= 1200
    assert not rounds[0].idle
    with Session(committed_engine) as session:
        assert session.get(PushPosition, "fanout").change_id >= last


@pytest.mark.parametrize(
    ("progress", "most", "least"),
    [
        (Progress(fanned_out=2, folded=3), 8, 1),          # keeping up: a round every push_pace_seconds
        (Progress(fanned_out=FANOUT_LIMIT), None, 50),     # behind: the next round at once
    ],
)
def test_a_worker_keeping_up_paces_its_rounds_and_one_behind_goes_on(
    committed_engine: Engine, monkeypatch: pytest.MonkeyPatch, progress: Progress, most: int | None, least: int
) -> None:
    pusher = worker(committed_engine, push_pace_seconds=0.2, push_poll_seconds=30.0)

    async def one_round(_http: object) -> Progress:
        return progress

    rounds = rounds_in_a_second(pusher, one_round, monkeypatch)
    assert least <= rounds <= (most or rounds)


def rounds_in_a_second(pusher: PushWorker, one_round: Callable, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many rounds the worker's loop runs in a second, each round being `one_round`."""
    rounds = []

    async def counted(http: object) -> Progress:
        rounds.append(http)
        return await one_round(http)

    monkeypatch.setattr(pusher, "run_once", counted)
    stop = threading.Event()
    running = threading.Thread(target=asyncio.run, args=(pusher.run(stop),))
    running.start()
    time.sleep(1.0)
    stop.set()
    running.join(10)
    return len(rounds)


@pytest.mark.parametrize(
    ("requests_coming", "most", "least"),
    [
        (True, 7, 3),       # a 0.05 s round, then 0.15 s left to the requests: about 5 in a second
        (False, None, 12),  # none came: a worker that is behind goes on at once, about 20
    ],
)
def test_the_servers_own_worker_leaves_three_quarters_of_the_time_to_requests(
    committed_engine: Engine, monkeypatch: pytest.MonkeyPatch, requests_coming: bool, most: int | None, least: int
) -> None:
    settings = get_settings().model_copy(update={"push_in_process_share": 0.25, "push_poll_seconds": 30.0})
    arrivals = itertools.count()
    pusher = PushWorker(committed_engine, settings, requests=(lambda: next(arrivals)) if requests_coming else (lambda: 0))

    async def behind(_http: object) -> Progress:
        await asyncio.sleep(0.05)
        return Progress(fanned_out=FANOUT_LIMIT)

    rounds = rounds_in_a_second(pusher, behind, monkeypatch)
    assert least <= rounds <= (most or rounds)


def test_the_server_counts_the_requests_its_worker_yields_to(client: TestClient, session: Session) -> None:
    before = requests_arrived()
    client.get("/healthz")
    client.get("/v1/notice-types")
    assert requests_arrived() == before + 2
    assert InProcessWorker(session.get_bind().engine)._worker.requests is requests_arrived
