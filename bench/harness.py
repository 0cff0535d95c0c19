"""What every benchmark shares: load from threads against a real server, a bare FastAPI baseline
served by the same uvicorn in the same go, and one table of results."""

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
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


def measure(send: Send, headers: dict, requests: int, concurrency: int, warm_up: int = 20) -> Figures:
    """`requests` requests from `concurrency` threads, each keeping one connection; every answer
    must be a success (or a 304), or the figures would flatter a server that fails fast."""
    per_thread = requests // concurrency

    def worker(thread: int) -> list[float]:
        latencies = []
        with httpx.Client(timeout=60, headers=headers) as client:
            for n in range(per_thread):
                started = time.perf_counter()
                response = send(client, thread, n)
                latencies.append(time.perf_counter() - started)
                if response.status_code >= 400:
                    raise RuntimeError(f"{response.request.url}: {response.status_code} {response.text[:200]}")
        return latencies

    # The first requests build caches and open connections.
    with httpx.Client(timeout=60, headers=headers) as client:
        for n in range(warm_up):
            send(client, 99, n)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = sorted(latency for each in pool.map(worker, range(concurrency)) for latency in each)
    elapsed = time.perf_counter() - started
    return Figures(
        throughput=len(latencies) / elapsed,
        p50_ms=statistics.median(latencies) * 1000,
        p99_ms=latencies[int(len(latencies) * 0.99) - 1] * 1000,
    )


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
    header = (
        f"{'benchmark':<28} {'database':<10} {'ours':>12} {'p50 ms':>7} {'p99 ms':>7}   "
        f"{'baseline':<30} {'':>12} {'p99 ms':>7} {'ratio':>9}  goal"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.benchmark:<28} {r.database:<10} {r.ours.throughput:>12,.0f} {_latency(r.ours.p50_ms)} "
            f"{_latency(r.ours.p99_ms)}   {r.baseline_name:<30} {r.baseline.throughput:>12,.0f} "
            f"{_latency(r.baseline.p99_ms)} {r.ratio:>8.2f}x  {r.goal}"
        )
    units = ", ".join(dict.fromkeys(r.unit for r in results))
    print(f"(throughput: {units} per second. Client and servers share this machine's cores.)")


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
