"""Single events stored in groups: the events that arrive together share one transaction.

Under load, most of what a lone event costs is its transaction, not its verdict: beginning it,
committing it (on SQLite, writing every page it touched to the log, about 27 of them), and on
SQLite queuing with every other request thread for the one writer's lock, each hop a wait for the
interpreter. So POST /v1/events hands its event to a writer thread instead. The writer takes every
event queued meanwhile and stores them as a batch stores its items (app/events/batch.py): each
answered as if submitted alone, in the order they arrived, all committed at once. An event that
arrives alone takes the single event's path (one statement on PostgreSQL), so a quiet service
answers as fast as before.

What a group may not do is make one request's failure another's: a problem (a 403, an unknown
notice type …) is that event's answer alone, and if the group's transaction fails for any other
reason, its events are written again one by one, each in a transaction of its own.
"""

import asyncio
import logging
import queue
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from fastapi_problem.error import Problem
from sqlalchemy import Engine
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.core.database import Database
from app.core.observability import EVENT_GROUPS
from app.events import batch, service
from app.events.schemas import EventCreate
from app.events.service import Submitted
from app.keys.dependencies import PresentedKey
from app.keys.models import ApiKey
from app.keys.scopes import Scope

logger = logging.getLogger(__name__)

GROUP_LIMIT = 64
"""The most events one transaction takes: enough to share a commit, few enough that the group's
verdicts (about half a millisecond each) keep the first one's answer well within 100 ms."""


@dataclass(frozen=True)
class Posted:
    """One POST /v1/events, waiting for its answer on its event loop."""

    presented: PresentedKey
    body: EventCreate
    idempotency_key: str | None
    loop: asyncio.AbstractEventLoop
    answer: asyncio.Future

    def settle(self, outcome: Submitted | BaseException) -> None:
        try:
            self.loop.call_soon_threadsafe(_settle, self.answer, outcome)
        except RuntimeError:  # its event loop has closed: nobody is waiting any more
            pass


def _settle(answer: asyncio.Future, outcome: Submitted | BaseException) -> None:
    if answer.cancelled():  # the client went away; what was stored stays stored
        return
    if isinstance(outcome, BaseException):
        answer.set_exception(outcome)
    else:
        answer.set_result(outcome)


_STOP = object()


def writer_threads(engine: Engine) -> int:
    """One on SQLite, whose writes are serial anyway; two on PostgreSQL, so that one group's round
    trips overlap the next group's verdicts. Each holds a pooled connection while it writes."""
    return 1 if engine.dialect.name == "sqlite" else 2


class EventWriter:
    """The writer threads of one database (`writer_threads`), taking groups off one queue."""

    def __init__(self, engine: Engine) -> None:
        self._database = Database(engine=engine)
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._run, name=f"event-writer-{n}", daemon=True)
            for n in range(writer_threads(engine))
        ]

    def start(self) -> "EventWriter":
        for thread in self._threads:
            thread.start()
        return self

    async def submit(self, presented: PresentedKey, body: EventCreate, idempotency_key: str | None) -> Submitted:
        loop = asyncio.get_running_loop()
        posted = Posted(presented, body, idempotency_key, loop, loop.create_future())
        self._queue.put(posted)
        return await posted.answer

    def stop(self) -> None:
        """Writes what is queued, then ends the threads."""
        started = [thread for thread in self._threads if thread.ident is not None]
        for _ in started:
            self._queue.put(_STOP)
        for thread in started:
            thread.join()

    def _run(self) -> None:
        while (first := self._queue.get()) is not _STOP:
            group = [first]
            stopping = False
            while len(group) < GROUP_LIMIT:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is _STOP:
                    stopping = True
                    break
                group.append(more)
            try:
                self._write(group)
            except Exception as error:  # noqa: BLE001  (a writer that died would leave every later event waiting)
                logger.exception("the event writer failed a group of %d events", len(group))
                for posted in group:
                    posted.settle(error)
            if stopping:
                return

    def _write(self, group: list[Posted]) -> None:
        EVENT_GROUPS.observe(len(group))
        if len(group) == 1:
            self._write_alone(group[0])
            return
        try:
            with self._database.write() as session:
                outcomes = store_together(session, group)
        except Exception:  # noqa: BLE001  (rolled back whole: each is written again alone)
            for posted in group:
                self._write_alone(posted)
            return
        for posted, outcome in zip(group, outcomes, strict=True):
            posted.settle(outcome)

    def _write_alone(self, posted: Posted) -> None:
        try:
            outcome: Submitted | BaseException = write_alone(
                self._database, posted.presented, posted.body, posted.idempotency_key
            )
        except BaseException as error:  # noqa: BLE001  (answered to the request that caused it)
            outcome = error
        posted.settle(outcome)


def write_alone(database: Database, presented: PresentedKey, body: EventCreate, idempotency_key: str | None) -> Submitted:
    """The single event's path: its own transaction, a single statement where it reads nothing."""
    with database.write(single_statement=service.writes_alone(body, idempotency_key)) as session:
        key = presented.verify(session, Scope.EVENTS_WRITE)
        return service.submit_event(session, key, body, idempotency_key)


def store_together(session: Session, group: Sequence[Posted]) -> list[Submitted | Problem]:
    """Each event's answer, in order. The events are stored in the order they arrived: each run of
    events posted with one key as one batch."""
    outcomes: list[Submitted | Problem] = []
    run: list[Posted] = []
    run_key: ApiKey | None = None
    for posted in group:
        try:
            key = posted.presented.verify(session, Scope.EVENTS_WRITE)
        except Problem as problem:
            outcomes.extend(_stored(session, run_key, run))
            run, run_key = [], None
            outcomes.append(problem)
            continue
        if run_key is not None and key.id != run_key.id:
            outcomes.extend(_stored(session, run_key, run))
            run = []
        run.append(posted)
        run_key = key
    outcomes.extend(_stored(session, run_key, run))
    return outcomes


def _stored(session: Session, key: ApiKey | None, run: list[Posted]) -> list[Submitted | Problem]:
    if key is None or not run:
        return []
    return batch.submit_events(session, key, [(posted.body, posted.idempotency_key) for posted in run])


_writers: dict[Engine, EventWriter] = {}
_writers_lock = threading.Lock()


def event_writer(engine: Engine) -> EventWriter:
    # Every POST /v1/events asks: found without the lock once the writer exists.
    if (writer := _writers.get(engine)) is not None:
        return writer
    with _writers_lock:
        writer = _writers.get(engine)
        if writer is None:
            writer = _writers[engine] = EventWriter(engine).start()
        return writer


def close_writers() -> None:
    """At shutdown (and when a test drops its database): write what is queued and end the threads."""
    with _writers_lock:
        writers = list(_writers.values())
        _writers.clear()
    for writer in writers:
        writer.stop()


async def submit(database: Database, presented: PresentedKey, body: EventCreate, idempotency_key: str | None) -> Submitted:
    """POST /v1/events: through the database's writer, or alone when the database is a given session."""
    if database.bound_to_session:
        return await run_in_threadpool(write_alone, database, presented, body, idempotency_key)
    return await event_writer(database.engine).submit(presented, body, idempotency_key)
