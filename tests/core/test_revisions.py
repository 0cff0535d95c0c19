"""Revision counters: committed changes by anyone move them, and caches keyed by them follow."""

import time
from contextlib import closing

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from app.core.config import get_settings
from app.core.revisions import APPLICATION_NAME, CALENDAR, CATALOG, RevisionListener, current_revision
from app.events.catalog_view import catalog_view


@pytest.fixture
def engine(committed_engine: Engine) -> Engine:
    """These tests commit: a database of their own, not the suite's shared one."""
    return committed_engine


def stored(engine: Engine, topic: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT revision FROM revisions WHERE topic = :t"), {"t": topic}).scalar_one()


def commit(engine: Engine, sql: str, parameters: dict | None = None) -> None:
    with engine.begin() as connection:
        connection.execute(text(sql), parameters or {})


def test_a_committed_catalog_change_moves_the_catalog_revision_only(engine: Engine) -> None:
    catalog, calendar = stored(engine, CATALOG), stored(engine, CALENDAR)
    commit(engine, "UPDATE obligations SET legal_basis = legal_basis WHERE id = 1")
    assert stored(engine, CATALOG) != catalog
    assert stored(engine, CALENDAR) == calendar


def test_a_calendar_change_moves_the_calendar_revision(engine: Engine) -> None:
    calendar = stored(engine, CALENDAR)
    commit(engine, "UPDATE calendar_years SET source = source WHERE year = 2025")
    assert stored(engine, CALENDAR) != calendar


def test_a_rolled_back_change_leaves_no_revision_a_later_change_could_repeat(engine: Engine) -> None:
    before = stored(engine, CATALOG)
    with engine.connect() as connection, connection.begin() as transaction:
        connection.execute(text("UPDATE obligations SET legal_basis = 'draft' WHERE id = 1"))
        drawn = connection.execute(text("SELECT revision FROM revisions WHERE topic = 'catalog'")).scalar_one()
        transaction.rollback()
    assert stored(engine, CATALOG) == before
    commit(engine, "UPDATE obligations SET legal_basis = legal_basis WHERE id = 1")
    assert stored(engine, CATALOG) not in (before, drawn)


def test_the_catalog_view_sees_an_in_place_repair_made_elsewhere(engine: Engine) -> None:
    with Session(engine) as session:
        original = catalog_view(session).entries[1].rule.legal_basis
    try:
        commit(engine, "UPDATE obligations SET legal_basis = 'repaired' WHERE id = 1")
        with Session(engine) as session:
            assert catalog_view(session).entries[1].rule.legal_basis == "repaired"
    finally:
        with engine.begin() as connection:
            connection.execute(text("UPDATE obligations SET legal_basis = :b WHERE id = 1"), {"b": original})


def eventually(condition, seconds: float = 5.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_the_listener_hears_changes_made_anywhere_and_survives_losing_its_connection(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's; SQLite reads its counter on every request")
    listener = RevisionListener(engine)
    with Session(engine) as session, closing(listener):
        assert eventually(lambda: listener._listening)
        commit(engine, "UPDATE obligations SET legal_basis = legal_basis WHERE id = 1")
        assert eventually(lambda: listener.current(session, CATALOG) == stored(engine, CATALOG))

        # The listening connection dies: revisions are read from the database meanwhile, then
        # heard again once it reconnects.
        commit(
            engine,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :name",
            {"name": APPLICATION_NAME},
        )
        assert eventually(lambda: not listener._listening, seconds=2)
        commit(engine, "UPDATE obligations SET legal_basis = legal_basis WHERE id = 2")
        assert listener.current(session, CATALOG) == stored(engine, CATALOG)
        assert eventually(lambda: listener._listening)
        commit(engine, "UPDATE calendar_years SET source = source WHERE year = 2024")
        assert eventually(lambda: listener.current(session, CALENDAR) == stored(engine, CALENDAR))


def test_current_revision_reads_the_database_when_not_listening(engine: Engine) -> None:
    commit(engine, "UPDATE obligations SET legal_basis = legal_basis WHERE id = 3")
    with Session(engine) as session:
        assert current_revision(session, CATALOG) == stored(engine, CATALOG)


def test_a_watched_revision_follows_changes_committed_by_other_connections(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "watch_revisions", True)
    with Session(engine) as session:
        current_revision(session, CATALOG)
        for row in (4, 5):
            commit(engine, f"UPDATE obligations SET legal_basis = legal_basis WHERE id = {row}")
            # SQLite's is read at once; PostgreSQL's is heard within moments of the commit.
            assert eventually(lambda: current_revision(session, CATALOG) == stored(engine, CATALOG))
