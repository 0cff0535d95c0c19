"""Migrations are code: upgrade → downgrade → upgrade works, and the models match them."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.core.database import build_engine
from app.core.migrations import downgrade, upgrade
from app.events.schemas import EventCreate
from app.events.service import submit_event
from app.feed.models import include_object
from app.keys.scopes import Scope
from app.keys.service import create_key
from app.models import metadata
from tests.conftest import BACKENDS, database_url, prepared_engine


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_downgrade_upgrade_without_drift(backend: str, tmp_path_factory) -> None:
    for url in database_url(backend, tmp_path_factory, "migrations"):
        upgrade(url)
        downgrade(url, "base")
        engine = build_engine(url)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(url)
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object}
            )
            assert compare_metadata(context, metadata) == []
        assert set(metadata.tables) <= set(inspect(engine).get_table_names())
        engine.dispose()


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_national_layer_migration_keeps_the_events_it_finds(backend: str, tmp_path_factory, seed_dir) -> None:
    """0006 changes the events table (nullable rows, a jurisdiction per event): events recorded
    before it survive a downgrade and the upgrade back, and stay append-only."""
    for url in database_url(backend, tmp_path_factory, "national-layer"):
        engine = prepared_engine(url, seed_dir)
        with Session(engine) as session:
            key = create_key(session, "platform", [Scope.EVENTS_WRITE])[0]
            for number in range(3):
                body = EventCreate(obligation_id=15, subject=f"JJ-M-{number}", triggered_at="2025-09-26",
                                   published_at="2025-10-16T10:00:00+08:00", publisher="市国土局", channel="中国土地市场网")
                submit_event(session, key, body, None)
            session.commit()
        before = _events(engine)
        downgrade(url, "0005")
        assert _events(engine) == before
        upgrade(url)
        assert _events(engine) == before
        with engine.connect() as connection:
            assert set(connection.execute(text("SELECT jurisdiction_code FROM events")).scalars()) == {"350582"}
            with pytest.raises(DBAPIError, match="append-only"):
                connection.execute(text("UPDATE events SET subject = 'rewritten'"))
        engine.dispose()


def _events(engine) -> list[tuple]:  # noqa: ANN001
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT id, obligation_id, subject, due_date FROM events ORDER BY id")))


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_disclosure_checks_migration_fills_in_each_publications_results(backend: str, tmp_path_factory, seed_dir) -> None:
    """0013 gives each disclosure its deciding publication's check results; disclosures written
    before it get them from the events' verdicts, on both backends."""
    for url in database_url(backend, tmp_path_factory, "disclosure-checks"):
        engine = prepared_engine(url, seed_dir)
        with Session(engine) as session:
            key = create_key(session, "platform", [Scope.EVENTS_WRITE])[0]
            # One that passes every check, one on the wrong channel by the wrong body, one only triggered.
            good = EventCreate(obligation_id=15, subject="JJ-C-1", triggered_at="2025-09-26",
                               published_at="2025-10-16T10:00:00+08:00", publisher="市国土局", channel="中国土地市场网")
            bad = EventCreate(obligation_id=15, subject="JJ-C-2", triggered_at="2025-09-26",
                              published_at="2025-10-20T10:00:00+08:00", publisher="市财政局", channel="某某论坛")
            trigger = EventCreate(obligation_id=15, subject="JJ-C-3", kind="trigger", triggered_at="2025-09-26")
            for body in (good, bad, trigger):
                submit_event(session, key, body, None)
            session.commit()
        written = _disclosure_checks(engine)
        assert written["JJ-C-3"] == (None, None, None, None)
        assert written["JJ-C-1"][:3] == ("pass", "pass", "pass")
        assert written["JJ-C-2"][:3] == ("fail", "fail", "fail")
        downgrade(url, "0012")
        with engine.connect() as connection:
            assert "channel_check" not in {column["name"] for column in inspect(connection).get_columns("disclosures")}
        upgrade(url)
        assert _disclosure_checks(engine) == written
        engine.dispose()


def _disclosure_checks(engine) -> dict[str, tuple]:  # noqa: ANN001
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT subject, timeliness_check, channel_check, publisher_check, content_check FROM disclosures"
        ))
        return {row[0]: tuple(row[1:]) for row in rows}
