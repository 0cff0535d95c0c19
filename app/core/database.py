"""Engine and the request's unit of work.

One transaction boundary: the request's session commits when the endpoint returns and rolls
back on any error. Services only flush, so nothing half-written survives a failure.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, create_engine

from app.core.config import get_settings


def normalize_url(url: str) -> str:
    """Plain postgresql:// URLs go through psycopg 3, the driver we install."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def build_engine(url: str) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database not in (None, "", ":memory:"):
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        _configure_sqlite(engine)
        return engine
    settings = get_settings()
    # No pre-ping: it costs a round trip on every checkout, a fifth of an event's. A connection
    # found dead instead fails its request with a 503 (nothing stored, safe to retry) and makes
    # SQLAlchemy discard every connection opened before it, so one request, not one per pooled
    # connection, pays for a database restart.
    return create_engine(
        url,
        pool_size=settings.db_pool_size,
        # No overflow: a connection opened past the pool is closed again when returned, and under
        # steady load that is a new PostgreSQL session for every few requests.
        max_overflow=0,
        pool_recycle=settings.db_pool_recycle_seconds,
    )


WRITE_TRANSACTION = "write_transaction"
"""Execution option of a connection whose transaction will write (Database.write())."""


def _configure_sqlite(engine: Engine) -> None:
    # pysqlite opens transactions lazily and never for SAVEPOINT; SQLAlchemy's documented recipe
    # hands transaction control back to SQLAlchemy so rollbacks and savepoints are real.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:  # noqa: ANN001
        # A writer takes the write lock up front (IMMEDIATE), waiting out the busy timeout for
        # it. A deferred transaction that reads first and then writes cannot wait: if another
        # process committed in between, SQLite refuses it at once ("database is locked").
        immediate = connection.get_execution_options().get(WRITE_TRANSACTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@lru_cache
def get_engine() -> Engine:
    return build_engine(get_settings().database_url)


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit when the block succeeds, roll back on any error."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise


def add_unique(session: Session, row: object) -> bool:
    """Add and flush a row in a savepoint; False, the row gone and the transaction intact, when a
    unique constraint refuses it. The constraint decides, so two writers racing cannot both win.
    Rows of the session are expired by the savepoint's rollback: read what a message needs first."""
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        return False
    return True


READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_session(request: Request) -> Iterator[Session]:
    """A request that may write takes SQLite's write lock when it begins (BEGIN IMMEDIATE), waiting
    for it: begun deferred, it would read, then fail at once on its first write if anyone (another
    request, the push worker) had committed meanwhile."""
    with Session(get_engine(), expire_on_commit=False) as session, unit_of_work(session):
        if request.method not in READING_METHODS:
            session.connection(execution_options={WRITE_TRANSACTION: True})
        yield session


# SQLite takes one writer at a time and makes the others poll with back-off, which turns a burst
# of concurrent writes into second-long waits. Queuing the writers of this process on a lock
# hands the database to them one by one instead. PostgreSQL needs no such thing.
_sqlite_writer = threading.Lock()


class Database:
    """Opens the transactions of a request that does its database work in one go.

    Endpoints on the hot path do their work inside `with database.write() as session:` (or
    `read()`) rather than through the session dependency. The work then runs in one worker
    thread: a generator dependency costs two more thread hops per request, each of which can
    wait out the interpreter's switch interval. And on SQLite the writers' lock is held by one
    thread for the work and the commit only, never across the dependency machinery, where
    writers waiting for the lock could take every worker thread the holder needs to finish.
    """

    def __init__(self, engine: Engine | None = None, session: Session | None = None) -> None:
        self._engine = engine
        self._session = session

    @property
    def engine(self) -> Engine:
        return self._engine or get_engine()

    @property
    def bound_to_session(self) -> bool:
        """Whether every transaction is the given session's (a test's, rolled back after it)."""
        return self._session is not None

    @contextmanager
    def read(self, *, single_statement: bool = False) -> Iterator[Session]:
        """`single_statement`: the work reads with one statement, or with several that need not
        agree. On PostgreSQL each is then its own transaction, as in `write`: no BEGIN and COMMIT
        round trips, and each statement sees what it would in a READ COMMITTED transaction."""
        with self._transaction(write=False, single_statement=single_statement) as session:
            yield session

    @contextmanager
    def write(self, *, single_statement: bool = False) -> Iterator[Session]:
        """`single_statement`: the work writes with one statement and reads nothing it must hold
        still until then. On PostgreSQL that statement is then its own transaction (autocommit),
        which spares the BEGIN and COMMIT round trips; reads see what they would see in a READ
        COMMITTED transaction, a snapshot per statement."""
        with self._transaction(write=True, single_statement=single_statement) as session:
            yield session

    @contextmanager
    def _transaction(self, write: bool, single_statement: bool = False) -> Iterator[Session]:
        if self._session is not None:
            with unit_of_work(self._session):
                yield self._session
            return
        engine = self.engine
        lock = _sqlite_writer if write and engine.dialect.name == "sqlite" else nullcontext()
        with lock, Session(engine, expire_on_commit=False) as session, unit_of_work(session):
            options: dict[str, object] = {WRITE_TRANSACTION: True} if write else {}
            if single_statement and engine.dialect.name == "postgresql":
                options["isolation_level"] = "AUTOCOMMIT"
            if options:
                session.connection(execution_options=options)
            yield session


async def get_database() -> Database:
    # async: nothing blocks here, and a sync dependency would cost a worker-thread hop.
    return Database()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
DatabaseDep = Annotated[Database, Depends(get_database)]
