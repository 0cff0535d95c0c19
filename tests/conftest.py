"""Test harness: every database test runs on SQLite and on PostgreSQL.

The schema is built by running the migrations and the seed is loaded once per database; each
test then runs inside a transaction that is rolled back, so tests never see each other's writes.
In CI (the CI variable set) an unreachable PostgreSQL fails the run instead of being skipped.
"""

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.calendar.service import seed_calendar
from app.catalog.seed import seed_database
from app.core.config import get_settings
from app.core.database import Database, build_engine, get_database, get_session, unit_of_work
from app.core.migrations import upgrade
from app.core.revisions import close_watchers
from app.events.writer import close_writers
from app.keys.bindings import Bindings
from app.keys.scopes import Scope
from app.keys.service import create_key
from app.main import create_app
from tests.databases import fresh_postgres_database, probe_postgres
from tests.events.publications import obligation

POSTGRES = probe_postgres()
IN_CI = bool(os.environ.get("CI"))
BACKENDS = ["sqlite", "postgresql"]

# The suite's transactions are rolled back, never committed, so their changes are never seen from
# outside them: read revisions in the test's own transaction instead. The live-server, revision and
# conditional-answer tests watch revisions as production does.
get_settings().watch_revisions = False
# The suite makes thousands of requests with a handful of keys; the limits have tests of their own.
get_settings().rate_limit = ""
# The push tests run their workers themselves, on their own databases; none runs behind an app.
get_settings().push_in_process = False


def pytest_report_header(config: pytest.Config) -> list[str]:
    if POSTGRES.reachable:
        return [f"databases: sqlite and postgresql ({POSTGRES.reason})"]
    return [f"databases: sqlite only; PostgreSQL NOT covered ({POSTGRES.reason})"]


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI and not POSTGRES.reachable:
        raise pytest.UsageError(f"CI requires PostgreSQL and it is unreachable: {POSTGRES.reason}")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ANN001
    covered = "sqlite and postgresql" if POSTGRES.reachable else "sqlite only (PostgreSQL NOT covered)"
    terminalreporter.write_line(f"database tests ran on: {covered}")
    fuzz = sys.modules.get("tests.test_openapi_fuzz")
    if fuzz is not None and fuzz.requests_sent:
        terminalreporter.write_line(
            f"schemathesis (--checks all): {fuzz.requests_sent} generated requests "
            f"(max_examples={fuzz.EXAMPLES} per operation and phase, seed {fuzz.SEED})"
        )


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return get_settings().seed_dir


def database_url(backend: str, tmp_path_factory: pytest.TempPathFactory, label: str) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp(label) / 'test.db'}"
        return
    if not POSTGRES.reachable:
        pytest.skip(f"PostgreSQL not reachable: {POSTGRES.reason}")
    with fresh_postgres_database(label) as url:
        yield url


def prepared_engine(url: str, seed_dir: Path) -> Engine:
    """The database at `url`, built as production builds it: migrations, then the seed."""
    upgrade(url)
    engine = build_engine(url)
    with Session(engine) as session:
        seed_database(session, seed_dir)
        seed_calendar(session)
        session.commit()
    return engine


@pytest.fixture(scope="session", params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path_factory, seed_dir: Path) -> Iterator[Engine]:
    """A migrated, seeded database of one backend, shared by the session's tests."""
    for url in database_url(request.param, tmp_path_factory, "suite"):
        engine = prepared_engine(url, seed_dir)
        yield engine
        close_writers()
        engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def committed_engine(request: pytest.FixtureRequest, tmp_path_factory, seed_dir: Path) -> Iterator[Engine]:
    """A migrated, seeded database of its own for a module whose tests commit."""
    for url in database_url(request.param, tmp_path_factory, "committed"):
        engine = prepared_engine(url, seed_dir)
        yield engine
        close_writers()
        close_watchers()
        engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, commits included."""
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def client(session: Session) -> Iterator[TestClient]:
    app = create_app()

    def test_session() -> Iterator[Session]:
        with unit_of_work(session):
            yield session

    app.dependency_overrides[get_session] = test_session
    app.dependency_overrides[get_database] = lambda: Database(session=session)
    with TestClient(app) as client:
        yield client


def committing_client(engine: Engine) -> TestClient:
    """The application on `engine`, each request committing as in production: no test transaction
    around it, so what a request stores is what another connection reads."""
    app = create_app()

    def committing_session() -> Iterator[Session]:
        with Session(engine, expire_on_commit=False) as opened, unit_of_work(opened):
            yield opened

    app.dependency_overrides[get_session] = committing_session
    app.dependency_overrides[get_database] = lambda: Database(engine=engine)
    return TestClient(app)


@pytest.fixture
def listening_client(committed_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The application as production runs it: its own transactions, revisions heard (LISTEN on
    PostgreSQL, SQLite's read on a connection of their own)."""
    monkeypatch.setattr(get_settings(), "watch_revisions", True)
    with committing_client(committed_engine) as client:
        yield client


def committed_key(
    session: Session,
    name: str,
    scope: Scope | list[Scope],
    jurisdictions: list[str] | None = None,
    domains: list[str] | None = None,
    platform: str | None = None,
) -> str:
    """A key committed to the test's transaction, so a request that fails and rolls back its own
    work does not take the key with it. Bound to the country unless `jurisdictions` says otherwise."""
    scopes = scope if isinstance(scope, list) else [scope]
    bindings = Bindings.of(jurisdictions, domains)
    key = create_key(session, name, scopes, platform=platform, bindings=bindings)[1]
    session.commit()
    return key


@pytest.fixture
def backend(engine: Engine) -> str:
    return engine.dialect.name


@pytest.fixture
def writer(session: Session) -> dict[str, str]:
    """Headers with a committed key holding events:write."""
    return {"X-API-Key": committed_key(session, "ggzy-platform", Scope.EVENTS_WRITE)}


@pytest.fixture
def land_deal(client: TestClient) -> int:
    """晋江 成交公示: 交易结束后10个工作日内, 中国土地市场网, 市国土局, six content fields."""
    return obligation(client, "350582", "成交公示", "land_use_rights")["id"]
