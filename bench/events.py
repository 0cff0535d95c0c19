"""POST /v1/events under load, beside a bare FastAPI endpoint inserting one row with plain SQL into
the same database, run in the same go.

    .venv/bin/python bench/events.py [--databases sqlite postgresql] [--requests 3200] [--concurrency 16]

Each database is a fresh one, migrated and seeded. Both servers are one uvicorn process on this
machine; the load comes from threads of this process, so client and servers share the cores.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Result, bare_server, databases, measure, print_table  # noqa: E402
from tests.live_server import live_server  # noqa: E402

EVENT = {
    "obligation_id": 15,
    "triggered_at": "2025-09-26",
    "published_at": "2025-10-16",
    "publisher": "市国土局",
    "channel": "中国土地市场网",
    "content": {"受让人": "a", "出让方式": "b", "宗地坐落": "c", "面积": "d", "土地用途": "e", "出让价款": "f"},
}


def run(names: list[str], requests: int = 3200, concurrency: int = 16) -> list[Result]:
    return [run_on(database, url, requests, concurrency) for database, url in databases(names)]


def run_on(database: str, url: str, requests: int, concurrency: int) -> Result:
    with live_server(url) as server:
        ours = measure(
            lambda client, t, n: client.post(
                f"{server.base_url}/v1/events", json={**EVENT, "subject": f"T{t:02d}-{n:05d}"}
            ),
            {"X-API-Key": server.key},
            requests,
            concurrency,
        )
    with bare_server(url) as base:
        bare = measure(
            lambda client, t, n: client.post(f"{base}/bare", json={"subject": f"T{t:02d}-{n:05d}"}),
            {},
            requests,
            concurrency,
        )
    return Result(
        benchmark=f"POST /v1/events (c={concurrency})",
        database=database,
        ours=ours,
        baseline=bare,
        baseline_name="bare endpoint, one INSERT",
        goal_ratio=0.5,
        goal_p99_ms=100,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=3200)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print_table(run(args.databases, args.requests, args.concurrency))


if __name__ == "__main__":
    main()
