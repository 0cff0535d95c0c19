"""The request's session on SQLite: a request that may write holds the write lock from its first
statement, so a write committed meanwhile elsewhere (another request, the push worker) makes it
wait its turn rather than fail with "database is locked". And on PostgreSQL, work of one
statement runs as its own transaction."""

import sqlite3
from pathlib import Path

import pytest
from psycopg.pq import TransactionStatus
from sqlalchemy import Engine, text
from starlette.requests import Request

from app.core import database


def request(method: str) -> Request:
    return Request({"type": "http", "method": method, "path": "/", "headers": [], "query_string": b""})


@pytest.fixture
def sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "sessions.db"
    engine = database.build_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
    monkeypatch.setattr(database, "get_engine", lambda: engine)
    return path


def another_writer_can_begin(path: Path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as locked:
        assert "locked" in str(locked)
        return False
    finally:
        other.close()


@pytest.mark.parametrize(("method", "holds_the_write_lock"), [("POST", True), ("DELETE", True), ("GET", False)])
def test_a_request_that_may_write_takes_the_write_lock_at_once(sqlite_file: Path, method: str, holds_the_write_lock: bool) -> None:
    sessions = database.get_session(request(method))
    next(sessions)
    assert another_writer_can_begin(sqlite_file) is not holds_the_write_lock
    sessions.close()
    assert another_writer_can_begin(sqlite_file)


@pytest.mark.parametrize("single_statement", [False, True])
@pytest.mark.parametrize("write", [False, True])
def test_a_single_statement_is_its_own_transaction_on_postgresql(engine: Engine, write: bool, single_statement: bool) -> None:
    # It spares the BEGIN and COMMIT round trips; SQLite's transactions cost none, and its writers
    # hold the write lock for theirs.
    opened = database.Database(engine=engine)
    with (opened.write if write else opened.read)(single_statement=single_statement) as session:
        session.execute(text("SELECT 1"))
        connection = session.connection().connection.dbapi_connection
        if engine.dialect.name == "postgresql":
            in_transaction = connection.info.transaction_status is TransactionStatus.INTRANS
        else:
            in_transaction = connection.in_transaction
    assert in_transaction is not (single_statement and engine.dialect.name == "postgresql")
