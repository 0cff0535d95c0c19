"""Revision counters: how a process knows, without asking the database each time, that data changed.

The catalog, the calendar and the API keys are read on every request and change rarely. Database
triggers (migrations 0004, 0005) draw a new revision for a topic in the same transaction as any change to
its tables, whoever makes it: this service, a seed run, another replica, an operator's SQL. So a
value derived from a topic's tables stays valid while the topic's revision does.

On PostgreSQL the triggers also `NOTIFY revisions`, and each process keeps one listening
connection: its known revisions move when a change commits anywhere, and a request reads them from
memory. While that connection is down, revisions are read from the database, so a lost
notification can make a cache miss, never serve stale data. On SQLite, an embedded database,
the counter is read every time, on a connection kept for that.
"""

import logging
import sqlite3
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

import psycopg
from sqlalchemy import BigInteger, Engine, bindparam, select
from sqlmodel import Field, Session, SQLModel

from app.core.config import get_settings

logger = logging.getLogger(__name__)

CATALOG, CALENDAR, KEYS = "catalog", "calendar", "keys"
CHANNEL = "revisions"
APPLICATION_NAME = "disclosure-rules revisions"
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
PING_SECONDS = 5.0


class Revision(SQLModel, table=True):
    __tablename__ = "revisions"

    topic: str = Field(primary_key=True, max_length=32)
    revision: int = Field(default=0, sa_type=BigInteger)
    """Never repeats, even across rolled-back changes: a cache keyed by it cannot mistake one
    state of the tables for another."""


_SELECT_ALL = select(Revision.__table__.c.topic, Revision.__table__.c.revision)
_SELECT_ONE = select(Revision.__table__.c.revision).where(Revision.__table__.c.topic == bindparam("topic"))


class RevisionListener:
    """One LISTEN connection per PostgreSQL database and process; revisions kept as they commit."""

    RETRY_SECONDS = 1.0

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._known: dict[str, int] = {}
        self._listening = False
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="revision-listener", daemon=True)
        self._thread.start()

    def current(self, session: Session, topic: str) -> int:
        if (known := self.known(topic)) is not None:
            return known
        return self._note(topic, session.execute(_SELECT_ONE, {"topic": topic}).scalar_one_or_none() or 0)

    def known(self, topic: str) -> int | None:
        """The revision as heard, or None while not listening (then only the database knows)."""
        return self._known.get(topic, 0) if self._listening else None

    def _note(self, topic: str, revision: int) -> int:
        # On PostgreSQL a revision is drawn from a sequence under the row's lock, so revisions grow in
        # commit order and the larger of what we knew and what we hear is the newest.
        with self._lock:
            newest = max(self._known.get(topic, 0), revision)
            self._known[topic] = newest
            return newest

    def close(self) -> None:
        """Hang up within PING_SECONDS; until then, and after, revisions are read from the database."""
        self._stopped.set()
        self._listening = False

    def _run(self) -> None:
        while not self._stopped.is_set():
            try:
                self._listen()
            except Exception:  # noqa: BLE001 - any failure: fall back to reading, then reconnect
                if not self._stopped.is_set():  # hung up (close), its connection's end is no news
                    logger.warning("revision listener lost its connection; reading revisions from the database")
            self._listening = False
            self._stopped.wait(self.RETRY_SECONDS)

    def _listen(self) -> None:
        url = self._engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        # Keepalives and a periodic ping notice a connection that died silently, so no change
        # goes unheard for long while the listener believes itself connected.
        with psycopg.connect(url, autocommit=True, application_name=APPLICATION_NAME, **KEEPALIVES) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            # Listening first, then reading: a change committed in between is both read and heard.
            for topic, revision in connection.execute(str(_SELECT_ALL.compile(self._engine))):
                self._note(topic, revision)
            self._listening = not self._stopped.is_set()
            while not self._stopped.is_set():
                for notification in connection.notifies(timeout=PING_SECONDS):
                    topic, _, revision = notification.payload.partition(" ")
                    self._note(topic, int(revision))
                connection.execute("SELECT 1")


class SQLiteRevisions:
    """SQLite is embedded: reading the counter is a page read. Done on a connection of its own, in
    autocommit, it costs microseconds and no pooled connection or transaction of the request's."""

    def __init__(self, engine: Engine) -> None:
        self._connection = sqlite3.connect(engine.url.database, check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()

    def current(self, session: Session, topic: str) -> int:
        return self.known(topic)

    def known(self, topic: str) -> int:
        with self._lock:
            row = self._connection.execute("SELECT revision FROM revisions WHERE topic = ?", (topic,)).fetchone()
        return row[0] if row else 0

    def close(self) -> None:
        self._connection.close()


_watchers: dict[str, RevisionListener | SQLiteRevisions] = {}
_watchers_lock = threading.Lock()


def current_revision(session: Session, topic: str) -> int:
    """The topic's revision, committed no later than any data the session reads after asking."""
    watcher = _watcher(session.get_bind().engine)
    if watcher is None:
        return session.execute(_SELECT_ONE, {"topic": topic}).scalar_one_or_none() or 0
    return watcher.current(session, topic)


def watched_revision(engine: Engine, topic: str) -> int | None:
    """The topic's revision where it is known without a transaction (heard on PostgreSQL, read on
    SQLite's own connection), else None. What a request answers from memory asks this first."""
    watcher = _watcher(engine)
    return watcher.known(topic) if watcher is not None else None


def _watcher(engine: Engine) -> "RevisionListener | SQLiteRevisions | None":
    if not get_settings().watch_revisions or engine.url.database in (None, "", ":memory:"):
        return None
    key = database_key(engine)
    watcher = _watchers.get(key)
    if watcher is None:
        with _watchers_lock:
            watcher = _watchers.get(key)
            if watcher is None:
                watcher = RevisionListener(engine) if engine.dialect.name == "postgresql" else SQLiteRevisions(engine)
                _watchers[key] = watcher
    return watcher


def database_key(engine: Engine) -> str:
    """Names the database an engine reaches: engines built apart for one database share its caches."""
    return engine.url.render_as_string(hide_password=False)


def close_watchers() -> None:
    """At shutdown (and when a test drops its database): hang up every watcher of this process."""
    with _watchers_lock:
        for watcher in _watchers.values():
            watcher.close()
        _watchers.clear()


Value = TypeVar("Value")


class RevisionCache(Generic[Value]):
    """A value derived from one topic's tables, rebuilt when the topic's revision moves."""

    def __init__(self, topic: str, build: Callable[[Session], Value]) -> None:
        self._topic = topic
        self._build = build
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[int, Value]] = {}

    def get(self, session: Session) -> Value:
        revision = current_revision(session, self._topic)
        database = database_key(session.get_bind().engine)
        entry = self._entries.get(database)
        if entry and entry[0] == revision:
            return entry[1]
        with self._lock:
            entry = self._entries.get(database)
            if entry and entry[0] == revision:
                return entry[1]
            value = self._build(session)
            self._entries[database] = (revision, value)
            return value

    def held(self, engine: Engine) -> Value | None:
        """The value if it is built for the revision known without a transaction; else None (and
        the caller opens one and calls `get`)."""
        revision = watched_revision(engine, self._topic)
        entry = self._entries.get(database_key(engine))
        if revision is not None and entry is not None and entry[0] == revision:
            return entry[1]
        return None
