"""Alembic environment: the URL comes from the settings unless the caller passes a connection."""

from alembic import context

from app.core.config import get_settings
from app.core.database import build_engine
from app.feed.models import include_object
from app.models import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.attributes.get("url") or get_settings().database_url
    engine = build_engine(url)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # noqa: ANN001
    if connection.dialect.name == "sqlite":
        _run_sqlite(connection)
        return
    _configure_and_run(connection)


def _run_sqlite(connection) -> None:  # noqa: ANN001
    """SQLite changes a column by copying the table, dropping it and renaming the copy; with
    foreign keys on, the drop counts every row that references it as a violation the rename
    never clears. So the keys are off while tables are copied (set on the driver's connection:
    the pragma does nothing inside a transaction), and every reference is checked before the
    work is committed."""
    driver = connection.connection.driver_connection
    driver.execute("PRAGMA foreign_keys = OFF")
    try:
        context.configure(
            connection=connection, target_metadata=metadata, compare_type=True, render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"The migration would leave broken references: {broken[:5]}")
    finally:
        driver.execute("PRAGMA foreign_keys = ON")


def _configure_and_run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run_migrations_online()
