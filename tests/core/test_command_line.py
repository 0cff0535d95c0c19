"""The command line as a newcomer meets it: a PostgreSQL not yet set up is one line saying what to
do, and logs are for whoever reads them."""

import os
import pty
import subprocess
import sys

import pytest

from app.cli import logs_as_json
from app.core.config import PROJECT_ROOT
from tests.conftest import POSTGRES


def run(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)


@pytest.mark.skipif(not POSTGRES.reachable, reason="needs a PostgreSQL server to ask")
def test_a_missing_database_is_one_line_saying_how_to_create_it() -> None:
    answer = run("postgresql+psycopg://postgres@127.0.0.1:5432/drs_never_created", "migrate")
    assert answer.returncode == 1
    assert answer.stderr.strip().splitlines() == [
        "error: the database 'drs_never_created' does not exist on 127.0.0.1:5432; "
        "create it with: createdb -h 127.0.0.1 -p 5432 -U postgres drs_never_created"
    ]


def test_an_unreachable_server_is_one_line() -> None:
    answer = run("postgresql+psycopg://postgres@127.0.0.1:1/disclosure", "serve", "--port", "1")
    assert answer.returncode == 1
    lines = answer.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: PostgreSQL at 127.0.0.1:1 cannot be reached"), answer.stderr


def test_logs_are_text_at_a_terminal_and_json_elsewhere_unless_set() -> None:
    assert logs_as_json("json") is True and logs_as_json("text") is False
    probe = [sys.executable, "-c", "from app.cli import logs_as_json; print(logs_as_json(None))"]
    piped = subprocess.run(probe, cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert piped.stdout.strip() == "True"  # a pipe, a file, a container's log: JSON
    # The same with stderr on a terminal: text.
    controller, terminal = pty.openpty()
    try:
        at_terminal = subprocess.run(probe, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=terminal, text=True)
    finally:
        os.close(terminal)
        os.close(controller)
    assert at_terminal.stdout.strip() == "False"
