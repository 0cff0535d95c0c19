"""The databases the suite runs on: SQLite always, PostgreSQL whenever it can be reached.

Each run gets its own PostgreSQL database, created from the server's maintenance connection and
dropped at the end, so runs never see each other's rows.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@dataclass(frozen=True)
class PostgresProbe:
    reachable: bool
    reason: str


def probe_postgres() -> PostgresProbe:
    try:
        engine = create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            version = connection.execute(text("SHOW server_version")).scalar_one()
        engine.dispose()
    except (SQLAlchemyError, OSError) as error:
        return PostgresProbe(False, f"{make_url(POSTGRES_ADMIN_URL).render_as_string()}: {error.__class__.__name__}")
    return PostgresProbe(True, f"PostgreSQL {version}")


@contextmanager
def fresh_postgres_database(label: str) -> Iterator[str]:
    """A new, empty database for the duration of the block; its URL."""
    name = f"drs_{label}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
