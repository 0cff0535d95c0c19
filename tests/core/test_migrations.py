"""Migrations are code: upgrade → downgrade → upgrade works, and the models match them."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.core.database import build_engine
from app.core.migrations import downgrade, upgrade
from app.models import metadata
from tests.conftest import BACKENDS, database_url


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_downgrade_upgrade_without_drift(backend: str, tmp_path_factory) -> None:
    for url in database_url(backend, tmp_path_factory, "migrations"):
        upgrade(url)
        downgrade(url, "base")
        engine = build_engine(url)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(url)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
        assert set(metadata.tables) <= set(inspect(engine).get_table_names())
        engine.dispose()
