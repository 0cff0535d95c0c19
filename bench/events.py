"""POST /v1/events under load, beside a bare FastAPI endpoint inserting one row with plain SQL into
the same database: once naming the catalog row (`obligation_id`), once naming the notice
(`jurisdiction` + `notice_type`), which the service resolves to every rule that applies.

    .venv/bin/python bench/events.py [--databases sqlite postgresql] [--seconds 5] [--concurrency 16]

Each database is a fresh one, migrated and seeded. Both servers run at once, one uvicorn process
each; wrk sends from its own process (bench/load.py), every subject new, and the three contenders
are measured in alternating rounds after a warm-up.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Result, bare_server, databases, print_table  # noqa: E402
from bench.load import Load, Measure, interleaved, require_wrk, wrk  # noqa: E402
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


def run(names: list[str], seconds: float = 5, concurrency: int = 16) -> list[Result]:
    require_wrk()
    return [result for database, url in databases(names) for result in run_on(database, url, seconds, concurrency)]


def run_on(database: str, url: str, seconds: float, concurrency: int) -> list[Result]:
    # The per-key rate limit counted as in production, set far above what the load reaches.
    with live_server(url, rate_limit="1000000/second") as server, bare_server(url) as base:
        ours = {"X-API-Key": server.key, "Content-Type": "application/json"}

        def posting(base_url: str, path: str, body: dict, headers: dict) -> Measure:
            load = Load("POST", (path,), headers, json.dumps({**body, "subject": "@SUBJECT@"}, ensure_ascii=False))
            return lambda run, seconds: wrk(base_url, load, seconds, concurrency, run)

        figures = interleaved({
            "obligation_id": posting(server.base_url, "/v1/events", {**EVENT, **BY_OBLIGATION}, ours),
            "notice_type": posting(server.base_url, "/v1/events", {**EVENT, **BY_NOTICE_TYPE}, ours),
            "bare": posting(base, "/bare", {}, {"Content-Type": "application/json"}),
        }, seconds=seconds)
    return [
        Result(
            benchmark=f"POST /v1/events by {name} (c={concurrency})",
            database=database,
            ours=figures[name],
            baseline=figures["bare"],
            baseline_name="bare endpoint, one INSERT",
            goal_ratio=0.5,
            goal_p99_ms=100,
        )
        for name in ("obligation_id", "notice_type")
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print_table(run(args.databases, args.seconds, args.concurrency))


if __name__ == "__main__":
    main()
