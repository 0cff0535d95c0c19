"""POST /v1/events under load, beside a bare FastAPI endpoint inserting one row with plain SQL into
the same database, run in the same go: once naming the catalog row (`obligation_id`), once naming
the notice (`jurisdiction` + `notice_type`), which the service resolves to every rule that applies.

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

# 晋江's 土地出让结果: the catalog row, and the same notice as a platform names it.
BY_OBLIGATION = {"obligation_id": 15}
BY_NOTICE_TYPE = {"jurisdiction": "350582", "notice_type": "land_transfer_result"}
EVENT = {
    "triggered_at": "2025-09-26",
    "published_at": "2025-10-16",
    "publisher": "市国土局",
    "channel": "中国土地市场网",
    "content": {"受让人": "a", "出让方式": "b", "宗地坐落": "c", "面积": "d", "土地用途": "e", "出让价款": "f"},
}


def run(names: list[str], requests: int = 3200, concurrency: int = 16) -> list[Result]:
    return [result for database, url in databases(names) for result in run_on(database, url, requests, concurrency)]


def run_on(database: str, url: str, requests: int, concurrency: int) -> list[Result]:
    ours = {}
    # The per-key rate limit counted as in production, set far above what the load reaches.
    with live_server(url, rate_limit="1000000/second") as server:
        for name, names_the_notice in (("obligation_id", BY_OBLIGATION), ("notice_type", BY_NOTICE_TYPE)):
            ours[name] = measure(
                lambda client, t, n, names=names_the_notice, tag=name[0]: client.post(
                    f"{server.base_url}/v1/events", json={**EVENT, **names, "subject": f"{tag}{t:02d}-{n:05d}"}
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
    return [
        Result(
            benchmark=f"POST /v1/events by {name} (c={concurrency})",
            database=database,
            ours=figures,
            baseline=bare,
            baseline_name="bare endpoint, one INSERT",
            goal_ratio=0.5,
            goal_p99_ms=100,
        )
        for name, figures in ours.items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=3200)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print_table(run(args.databases, args.requests, args.concurrency))


if __name__ == "__main__":
    main()
