"""What the event tests share: fresh databases of their own, for tests that compare two paths."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.core.revisions import close_watchers
from app.events.writer import close_writers
from tests.conftest import BACKENDS, database_url, prepared_engine


@contextmanager
def fresh_engine(backend: str, tmp_path_factory: pytest.TempPathFactory, seed_dir: Path, label: str) -> Iterator[Engine]:
    for url in database_url(backend, tmp_path_factory, label):
        engine = prepared_engine(url, seed_dir)
        try:
            yield engine
        finally:
            close_writers()
            close_watchers()
            engine.dispose()


@pytest.fixture(params=BACKENDS)
def two_databases(request: pytest.FixtureRequest, tmp_path_factory, seed_dir: Path) -> Iterator[tuple[Engine, Engine]]:
    """Two fresh databases of one backend, alike to the ids: one for each of two paths compared."""
    with (
        fresh_engine(request.param, tmp_path_factory, seed_dir, "first") as first,
        fresh_engine(request.param, tmp_path_factory, seed_dir, "second") as second,
    ):
        yield first, second
