"""POST /v1/events under load, beside a bare FastAPI endpoint inserting one row with plain SQL into
the same database, run in the same go.

    .venv/bin/python bench/events.py [--databases sqlite postgresql] [--requests 3000] [--concurrency 16]

Each database is a fresh one (SQLite in a temporary folder; PostgreSQL a new database on
TEST_POSTGRES_URL's server), migrated and seeded. Both servers are one uvicorn process on this
machine; the load comes from threads of this process, so client and servers share the cores.
Prints throughput and p50/p99 latency of both and the ratio.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.databases import fresh_postgres_database, probe_postgres  # noqa: E402
from tests.live_server import free_port, live_server, wait_until_healthy  # noqa: E402

EVENT = {
    "obligation_id": 15,
    "triggered_at": "2025-09-26",
    "published_at": "2025-10-16",
    "publisher": "市国土局",
    "channel": "中国土地市场网",
    "content": {"受让人": "a", "出让方式": "b", "宗地坐落": "c", "面积": "d", "土地用途": "e", "出让价款": "f"},
}


def load(url: str, headers: dict, body, requests: int, concurrency: int) -> dict:  # noqa: ANN001
    """Fire `requests` POSTs from `concurrency` threads; each thread keeps one connection."""
    per_thread = requests // concurrency

    def worker(number: int) -> list[float]:
        latencies = []
        with httpx.Client(timeout=60, headers=headers) as client:
            for n in range(per_thread):
                started = time.perf_counter()
                response = client.post(url, json=body(f"T{number:02d}-{n:05d}"))
                latencies.append(time.perf_counter() - started)
                if response.status_code != 201:
                    raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
        return latencies

    # Warm up: first requests build caches and open connections.
    with httpx.Client(timeout=60, headers=headers) as client:
        for n in range(20):
            client.post(url, json=body(f"warm-{n}"))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = sorted(l for ls in pool.map(worker, range(concurrency)) for l in ls)
    elapsed = time.perf_counter() - started
    return {
        "throughput": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    }


def bare_server(database_url: str):  # noqa: ANN201
    port = free_port()
    process = subprocess.Popen(
        # Uvicorn's defaults, access log included, as `python -m app serve` runs: same conditions.
        [sys.executable, "-m", "uvicorn", "bench.bare_app:app", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(base, process)
    return base, process


def run(database: str, url: str, requests: int, concurrency: int) -> None:
    with live_server(url) as server:
        ours = load(
            f"{server.base_url}/v1/events",
            {"X-API-Key": server.key},
            lambda subject: {**EVENT, "subject": subject},
            requests,
            concurrency,
        )
    base, process = bare_server(url)
    try:
        bare = load(f"{base}/bare", {}, lambda subject: {"subject": subject}, requests, concurrency)
    finally:
        process.terminate()
        process.wait(timeout=20)
    ratio = ours["throughput"] / bare["throughput"]
    print(f"events on {database}: {requests:,} POSTs at concurrency {concurrency}")
    print(f"  POST /v1/events (verdict)  {ours['throughput']:8.0f} req/s   p50 {ours['p50']:6.1f} ms   p99 {ours['p99']:6.1f} ms")
    print(f"  bare insert endpoint       {bare['throughput']:8.0f} req/s   p50 {bare['p50']:6.1f} ms   p99 {bare['p99']:6.1f} ms")
    print(f"  ratio events / bare        {ratio:8.2f}x   (goal: >= 0.5x, p99 < 100 ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=3200)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    for database in args.databases:
        if database == "sqlite":
            with tempfile.TemporaryDirectory() as folder:
                run(database, f"sqlite:///{folder}/bench.db", args.requests, args.concurrency)
        elif probe_postgres().reachable:
            with fresh_postgres_database("bench") as url:
                run(database, url, args.requests, args.concurrency)
        else:
            print(f"events on postgresql: skipped, {probe_postgres().reason}")


if __name__ == "__main__":
    main()
