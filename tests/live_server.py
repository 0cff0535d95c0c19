"""A real server process on a database of its own, for tests that need real concurrency."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.core.config import PROJECT_ROOT


@dataclass(frozen=True)
class LiveServer:
    base_url: str
    key: str
    process: subprocess.Popen
    env: dict


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_cli(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def wait_until_healthy(base_url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not become healthy")


def prepare_database(database_url: str, rate_limit: str = "") -> tuple[dict, str]:
    """Migrate and seed the database; the environment to serve it with, and a writer's key."""
    # Load tests send thousands of requests a second with one key: no rate limit unless asked (the
    # limits have tests of their own).
    env = {**os.environ, "DATABASE_URL": database_url, "RATE_LIMIT": rate_limit}
    run_cli(env, "migrate")
    run_cli(env, "seed")
    key = run_cli(env, "keys", "create", "load-test", "--scope", "events:write").strip().splitlines()[-1]
    return env, key


def start_server(env: dict, log: Path | None = None) -> tuple[str, subprocess.Popen]:
    """`python -m app serve` on a free port, healthy; its log (stderr) to `log` when given."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab") if log else subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base_url, process)
    except BaseException:
        stop_server(process)
        raise
    return base_url, process


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def live_server(database_url: str, log: Path | None = None, rate_limit: str = "") -> Iterator[LiveServer]:
    env, key = prepare_database(database_url, rate_limit)
    base_url, process = start_server(env, log)
    try:
        yield LiveServer(base_url, key, process, env)
    finally:
        stop_server(process)
