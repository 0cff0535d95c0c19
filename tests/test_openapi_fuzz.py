"""Schemathesis over the whole OpenAPI schema, with a key so the writes are exercised too.

Every operation gets generated valid and invalid requests; none may answer 5xx, and every answer
must be one the schema documents, with the documented content type and body. Runs on SQLite,
on a database of its own, migrated and seeded like a real one. `make test` tries 25 examples per
operation; `make fuzz` many more (FUZZ_EXAMPLES). The run's count is printed at the end.
"""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.config import SchemathesisConfig
from sqlmodel import Session

from app.calendar.service import seed_calendar
from app.catalog.seed import seed_database
from app.core.config import PROJECT_ROOT, get_settings
from app.core.database import Database, build_engine, get_database, get_session, unit_of_work
from app.core.migrations import upgrade
from app.keys.scopes import Scope
from app.keys.service import create_key
from app.main import create_app

FOLDER = Path(tempfile.mkdtemp(prefix="drs-fuzz-"))
URL = f"sqlite:///{FOLDER / 'fuzz.db'}"
upgrade(URL)
ENGINE = build_engine(URL)
with Session(ENGINE) as setup:
    seed_database(setup, get_settings().seed_dir)
    seed_calendar(setup)
    KEY = create_key(setup, "fuzz", [Scope.ADMIN])[1]
    setup.commit()


def fuzz_session() -> Iterator[Session]:
    with Session(ENGINE, expire_on_commit=False) as session, unit_of_work(session):
        yield session


APP = create_app()
APP.dependency_overrides[get_session] = fuzz_session
APP.dependency_overrides[get_database] = lambda: Database(engine=ENGINE)

# Revoking keys would revoke the fuzzer's own key; key revocation has its own tests.
# schemathesis.toml: a 413 for an oversized invalid body is a rejection like any other 4xx.
CONFIG = SchemathesisConfig.from_path(str(PROJECT_ROOT / "schemathesis.toml"))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP, config=CONFIG).exclude(path_regex="revoke")

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
requests_sent = 0


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case: schemathesis.Case) -> None:
    global requests_sent
    requests_sent += 1
    case.call_and_validate(headers={"X-API-Key": KEY}, checks=CHECKS)


@pytest.fixture(scope="module", autouse=True)
def _dispose() -> Iterator[None]:
    yield
    ENGINE.dispose()
