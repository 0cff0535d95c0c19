"""Schemathesis over the whole OpenAPI schema with every check (`--checks all`), on each database.

The service is served as production serves it (`python -m app serve`, migrated and seeded), and
`schemathesis run` drives it with an admin key, so the writes are exercised too: generated valid
and invalid requests, their coverage variants and the stateful sequences its links infer. Nothing
may answer 5xx; every answer must be one the schema documents; schema-valid requests are accepted
and invalid ones refused (schemathesis.toml says where a 422 judges what no schema can state);
keys are honoured; unsupported methods get 405 with their Allow. `make test` tries 25 examples per
operation with a fixed seed; `make fuzz` many more (FUZZ_EXAMPLES) with a random one.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.config import PROJECT_ROOT
from tests.conftest import BACKENDS, database_url
from tests.live_server import live_server, run_cli

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
SEED = os.environ.get("FUZZ_SEED", "20261130")
"""`random` draws a new seed each run."""
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
requests_sent = 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_operation_passes_every_check(backend: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    global requests_sent
    for url in database_url(backend, tmp_path_factory, "fuzz"):
        with live_server(url) as server:
            admin = run_cli(server.env, "keys", "create", "fuzz", "--scope", "admin").strip().splitlines()[-1]
            command = [
                str(SCHEMATHESIS), "run", f"{server.base_url}/openapi.json",
                "--checks", "all",
                "--max-examples", str(EXAMPLES),
                "--header", f"X-API-Key: {admin}",
                # Revoking keys would revoke the run's own key; revocation has its own tests.
                "--exclude-path-regex", "revoke",
                "--no-color",
            ]
            if SEED != "random":
                command += ["--seed", SEED]
            run = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=1800)
    generated = re.search(r"(\d+) generated", run.stdout)
    requests_sent += int(generated.group(1)) if generated else 0
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
