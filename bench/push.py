"""Push under load: events posted while ten subscriptions hear of every one, and the delivery
throughput of one worker.

    .venv/bin/python bench/push.py [--databases sqlite postgresql] [--seconds 5] [--concurrency 16]
        [--notifications 3000]

1. POST /v1/events (each a noncompliant publication, so all ten subscriptions match it), beside
   the bare one-row INSERT, as bench/events.py measures them: once with the worker elsewhere
   (PUSH_IN_PROCESS=false, no worker running: what the request path itself pays, the change row
   in its statement), once with the server's own worker fanning each event out to ten
   notifications and delivering them to a loopback receiver meanwhile, on the same two cores.
2. One worker delivering N notifications to the same receiver, beside the same number of POSTs
   of a body like theirs sent straight from the same client at the same concurrency (no database,
   no signing).
"""

import argparse
import asyncio
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app.core.config import get_settings  # noqa: E402
from app.core.database import build_engine  # noqa: E402
from app.core.revisions import close_watchers  # noqa: E402
from app.feed.models import ChangeKind  # noqa: E402
from app.feed.service import CHANGES, record_change  # noqa: E402
from app.keys.models import ApiKey  # noqa: E402
from app.subscriptions.delivery import body  # noqa: E402
from app.subscriptions.models import Notification  # noqa: E402
from app.subscriptions.schemas import SubscriptionCreate  # noqa: E402
from app.subscriptions.service import create_subscription  # noqa: E402
from app.subscriptions.worker import PushWorker  # noqa: E402
from bench.events import BY_OBLIGATION, EVENT  # noqa: E402
from bench.harness import Figures, Result, bare_server, databases, print_table  # noqa: E402
from bench.load import Load, interleaved, require_wrk, wrk  # noqa: E402
from tests.live_server import prepare_database, start_server, stop_server  # noqa: E402

LATE = {**EVENT, **BY_OBLIGATION, "published_at": "2025-12-20"}
"""Published two months after its deadline: noncompliant, so every subscription hears of it."""


def subscribe(url: str, hooks: str, count: int, kinds: list[str]) -> None:
    engine = build_engine(url)
    with Session(engine) as session:
        key = session.exec(select(ApiKey).where(ApiKey.name == "load-test")).scalar_one()
        for _ in range(count):
            create_subscription(session, key, SubscriptionCreate(url=hooks, kinds=kinds))
        session.commit()
    engine.dispose()


def events_with_subscribers(database: str, url: str, seconds: float, concurrency: int, in_process: bool) -> Result:
    env, key = prepare_database(url, "1000000/second")
    env["PUSH_IN_PROCESS"] = str(in_process).lower()
    # The receiver is a server of its own: the baseline's is not also taking the webhooks.
    with bare_server(url) as base, bare_server(url) as receiver:
        subscribe(url, f"{receiver}/hooks", 10, ["noncompliant"])
        server, process = start_server(env)
        try:
            ours = {"X-API-Key": key, "Content-Type": "application/json"}

            def posting(base_url: str, path: str, body: dict, headers: dict):  # noqa: ANN202
                load = Load("POST", (path,), headers, json.dumps({**body, "subject": "@SUBJECT@"}, ensure_ascii=False))
                return lambda run, seconds: wrk(base_url, load, seconds, concurrency, run)

            figures = interleaved({
                "ours": posting(server, "/v1/events", LATE, ours),
                "bare": posting(base, "/bare", {}, {"Content-Type": "application/json"}),
            }, seconds=seconds)
        finally:
            stop_server(process)
        engine = build_engine(url)
        with Session(engine) as session:
            owed = session.execute(select(func.count()).select_from(Notification)).scalar_one()
            sent = session.execute(select(func.count()).select_from(Notification).where(Notification.state == "delivered")).scalar_one()
        engine.dispose()
        if in_process:
            print(f"{database}: {owed:,} notifications fanned out during the run, {sent:,} delivered by the in-process worker")
    where = "worker in the server, delivering" if in_process else "worker elsewhere"
    return Result(
        benchmark=f"POST /v1/events, 10 subscriptions matching, {where} (c={concurrency})",
        database=database,
        ours=figures["ours"],
        baseline=figures["bare"],
        baseline_name="bare endpoint, one INSERT",
        goal_ratio=0.5,
    )


def delivery_throughput(database: str, url: str, notifications: int, concurrency: int) -> Result:
    prepare_database(url)
    with bare_server(url) as base:
        hooks = f"{base}/hooks"
        subscribe(url, hooks, 1, ["calendar_changed"])
        engine = build_engine(url)
        with Session(engine) as session:
            for number in range(notifications):
                record_change(session, ChangeKind.CALENDAR_CHANGED, detail={"bench": number})
            session.commit()
        settings = get_settings().model_copy(update={"push_concurrency": concurrency, "push_batch": 200, "push_raise_seconds": 3600})
        worker = PushWorker(engine, settings)

        async def deliver_all() -> float:
            started = time.perf_counter()
            async with worker.client() as client:
                while True:
                    progress = await worker.run_once(client)
                    if progress.idle:
                        break
            return time.perf_counter() - started

        elapsed = asyncio.run(deliver_all())
        with Session(engine) as session:
            sent = session.execute(select(func.count()).select_from(Notification).where(Notification.state == "delivered")).scalar_one()
            change = session.execute(select(CHANGES).order_by(CHANGES.c.id.desc()).limit(1)).mappings().one()
        sample = body("calendar.changed", {**change, "change_id": change["id"]}, datetime.now(UTC))
        assert sent == notifications, f"{sent} of {notifications} delivered"

        async def straight() -> float:
            async with worker.client() as client:
                gate = asyncio.Semaphore(concurrency)

                async def one() -> None:
                    async with gate, client.post(hooks, data=sample.encode(), headers={"content-type": "application/json"}) as sent:
                        sent.raise_for_status()

                started = time.perf_counter()
                await asyncio.gather(*(one() for _ in range(notifications)))
                return time.perf_counter() - started

        baseline = asyncio.run(straight())
        close_watchers()  # the worker's revision listener: hung up before the database is dropped
        engine.dispose()
    result = Result(
        benchmark=f"push worker: {notifications:,} deliveries (c={concurrency})",
        database=database,
        ours=Figures(notifications / elapsed),
        baseline=Figures(notifications / baseline),
        baseline_name="the same POSTs, no database",
        unit="notifications",
    )
    goal = "met" if result.ours.throughput >= 500 else "NOT met"
    print(f"{database}: one worker delivered {result.ours.throughput:,.0f} notifications/s (goal >= 500/s: {goal})")
    return result


def run(names: list[str], seconds: float = 5, concurrency: int = 16, notifications: int = 3000) -> list[Result]:
    require_wrk()
    results = []
    for in_process in (False, True):
        for database, url in databases(names):
            results.append(events_with_subscribers(database, url, seconds, concurrency, in_process))
    for database, url in databases(names):
        results.append(delivery_throughput(database, url, notifications, 32))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--notifications", type=int, default=3000)
    args = parser.parse_args()
    print_table(run(args.databases, args.seconds, args.concurrency, args.notifications))


if __name__ == "__main__":
    main()
