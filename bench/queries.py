"""GET /v1/obligations with filters under load, beside a bare FastAPI endpoint answering JSON of
the same size, run in the same go.

    .venv/bin/python bench/queries.py [--databases sqlite postgresql] [--requests 6400] [--concurrency 16]

What government apps do: poll a filtered catalog query that rarely changes. Half the requests
revalidate with If-None-Match, as an HTTP cache in front of such an app does; the other half
fetch the answer whole. The bare endpoint answers a document of the queries' mean size through
FastAPI's ordinary JSON response.
"""

import argparse
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Result, bare_server, databases, measure, print_table  # noqa: E402
from tests.live_server import live_server  # noqa: E402

QUERIES = [
    "/v1/obligations?jurisdiction=350582&domain=government_procurement",
    "/v1/obligations?jurisdiction=211324&q=中标",
    "/v1/obligations?jurisdiction=320000&limit=20",
    "/v1/obligations?department=市财政局&jurisdiction=350582",
]
# 南京: no catalog of its own, 江苏's rows inherited from above (SPEC §Jurisdictions and bodies).
INHERITED = ["/v1/obligations?jurisdiction=320100&limit=20", "/v1/obligations?jurisdiction=320100&q=中标候选人"]
SETS = {"GET /v1/obligations": QUERIES, "GET /v1/obligations inherited (320100)": INHERITED}


def run(names: list[str], requests: int = 6400, concurrency: int = 16) -> list[Result]:
    return [result for database, url in databases(names) for result in run_on(database, url, requests, concurrency)]


def run_on(database: str, url: str, requests: int, concurrency: int) -> list[Result]:
    results = []
    for name, queries in SETS.items():
        figures, size = _ours(url, queries, requests, concurrency)
        with bare_server(url) as base:
            bare = measure(lambda client, t, n, size=size: client.get(f"{base}/bare/json?size={size}"), {}, requests, concurrency)
        results.append(
            Result(
                benchmark=f"{name} (c={concurrency})",
                database=database,
                ours=figures,
                baseline=bare,
                baseline_name=f"bare endpoint, {size:,} B of JSON",
                goal_ratio=0.5,
            )
        )
    return results


def _ours(url: str, queries: list[str], requests: int, concurrency: int):  # noqa: ANN202
    with live_server(url) as server:
        answers = [httpx.get(f"{server.base_url}{query}") for query in queries]
        for query, answer in zip(queries, answers, strict=True):
            if answer.status_code != 200 or not answer.json()["items"]:
                raise RuntimeError(f"{query}: {answer.status_code} {answer.text[:200]}")
        etags = [answer.headers["etag"] for answer in answers]

        def ours(client: httpx.Client, t: int, n: int) -> httpx.Response:
            which = (t + n) % len(queries)
            headers = {"If-None-Match": etags[which]} if n % 2 else {}
            return client.get(f"{server.base_url}{queries[which]}", headers=headers)

        figures = measure(ours, {}, requests, concurrency)
    return figures, sum(len(answer.content) for answer in answers) // len(answers)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=6400)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print_table(run(args.databases, args.requests, args.concurrency))


if __name__ == "__main__":
    main()
