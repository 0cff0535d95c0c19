"""What every benchmark shares: a bare FastAPI baseline served by the same uvicorn beside ours,
fresh databases, and one table of results. The load itself comes from wrk (bench/load.py)."""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.live_server import free_port, wait_until_healthy  # noqa: E402

Send = Callable[[httpx.Client, int, int], httpx.Response]
"""Sends request n of thread t on the thread's client."""


@dataclass(frozen=True)
class Figures:
    throughput: float
    p50_ms: float | None = None
    p99_ms: float | None = None


@dataclass(frozen=True)
class Result:
    benchmark: str
    database: str
    ours: Figures
    baseline: Figures
    baseline_name: str
    goal_ratio: float | None = None
    goal_p99_ms: float | None = None
    unit: str = "requests"

    @property
    def ratio(self) -> float:
        return self.ours.throughput / self.baseline.throughput

    @property
    def met(self) -> bool:
        p99_ok = self.goal_p99_ms is None or (self.ours.p99_ms or 0) < self.goal_p99_ms
        return (self.goal_ratio is None or self.ratio >= self.goal_ratio) and p99_ok

    @property
    def goal(self) -> str:
        if self.goal_ratio is None:
            return "-"
        p99 = f", p99 < {self.goal_p99_ms:.0f} ms" if self.goal_p99_ms else ""
        return f">= {self.goal_ratio:g}x{p99} {'met' if self.met else 'NOT met'}"


@contextmanager
def bare_server(database_url: str) -> Iterator[str]:
    """bench/bare_app.py under uvicorn with its defaults, as `python -m app serve` runs ours."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def _latency(value: float | None) -> str:
    return f"{value:7.1f}" if value is not None else "      -"


def print_table(results: list[Result]) -> None:
    width = max(len(r.benchmark) for r in results)
    header = (
        f"{'benchmark':<{width}} {'database':<10} {'ours':>9} {'p50 ms':>7} {'p99 ms':>7}   "
        f"{'baseline':<34} {'':>9} {'p99 ms':>7} {'ratio':>7}  goal"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.benchmark:<{width}} {r.database:<10} {r.ours.throughput:>9,.0f} {_latency(r.ours.p50_ms)} "
            f"{_latency(r.ours.p99_ms)}   {r.baseline_name:<34} {r.baseline.throughput:>9,.0f} "
            f"{_latency(r.baseline.p99_ms)} {r.ratio:>6.2f}x  {r.goal}"
        )
    units = ", ".join(dict.fromkeys(r.unit for r in results))
    print(f"(throughput: {units} per second. Servers and wrk share this machine's cores; wrk runs in its own process.)")


def databases(names: list[str]) -> Iterator[tuple[str, str]]:
    """A fresh database of each backend asked for: SQLite in a temporary folder, PostgreSQL a new
    database on TEST_POSTGRES_URL's server (skipped, saying why, when it cannot be reached)."""
    import tempfile

    from tests.databases import fresh_postgres_database, probe_postgres

    for name in names:
        if name == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                yield name, f"sqlite:///{folder}/bench.db"
        elif (probe := probe_postgres()).reachable:
            with fresh_postgres_database("bench") as url:
                yield name, url
        else:
            print(f"postgresql skipped: {probe.reason}")
