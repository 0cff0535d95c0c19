"""GET /v1/obligations with filters under load, beside a bare FastAPI endpoint answering JSON of
the same size: full reads and revalidations (If-None-Match → 304) measured and reported apart.

    .venv/bin/python bench/queries.py [--databases sqlite postgresql] [--seconds 5] [--concurrency 16]

What government apps do: poll a filtered catalog query that rarely changes, fetching it whole or
revalidating it as an HTTP cache in front of such an app does. The bare endpoint answers a
document of the queries' mean size through FastAPI's ordinary JSON response, or its 304. Both
servers run at once; wrk sends from its own process (bench/load.py), in alternating rounds.
"""

import argparse
import statistics
import sys
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Figures, Result, bare_server, databases, print_table  # noqa: E402
from bench.load import Load, Measure, interleaved, require_wrk, wrk  # noqa: E402
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


def run(names: list[str], seconds: float = 5, concurrency: int = 16) -> list[Result]:
    require_wrk()
    return [result for database, url in databases(names) for result in run_on(database, url, seconds, concurrency)]


def run_on(database: str, url: str, seconds: float, concurrency: int) -> list[Result]:
    results = []
    with live_server(url) as server, bare_server(url) as base:
        for name, queries in SETS.items():
            answers = [httpx.get(f"{server.base_url}{query}") for query in queries]
            for query, answer in zip(queries, answers, strict=True):
                if answer.status_code != 200 or not answer.json()["items"]:
                    raise RuntimeError(f"{query}: {answer.status_code} {answer.text[:200]}")
            size = sum(len(answer.content) for answer in answers) // len(answers)
            bare_tag = httpx.get(f"{base}/bare/json?size={size}").headers["etag"]

            def reading(base_url: str, paths: list[str], headers: dict | None = None) -> Measure:
                load = Load("GET", tuple(quote(path, safe="/?=&") for path in paths), headers or {})
                return lambda run, seconds: wrk(base_url, load, seconds, concurrency, run)

            # wrk sends one header set per run: each revalidated query is its own contender, and
            # their figures are pooled as one.
            contenders = {
                "full": reading(server.base_url, queries),
                "bare full": reading(base, [f"/bare/json?size={size}"]),
                "bare 304": reading(base, [f"/bare/json?size={size}"], {"If-None-Match": bare_tag}),
                **{f"304 {n}": reading(server.base_url, [query], {"If-None-Match": answer.headers["etag"]})
                   for n, (query, answer) in enumerate(zip(queries, answers, strict=True))},
            }
            figures = interleaved(contenders, seconds=seconds)
            revalidated = [figures[f"304 {n}"] for n in range(len(queries))]
            results += [
                Result(f"{name} (c={concurrency})", database, figures["full"], figures["bare full"],
                       f"bare endpoint, {size:,} B of JSON", goal_ratio=0.5),
                Result(f"{name}, If-None-Match → 304 (c={concurrency})", database, pooled(revalidated),
                       figures["bare 304"], "bare endpoint, its 304", goal_ratio=0.5),
            ]
    return results


def pooled(figures: list[Figures]) -> Figures:
    """The queries' revalidations as one mixed load: mean throughput, median p50, worst p99."""
    return Figures(
        throughput=statistics.fmean(f.throughput for f in figures),
        p50_ms=statistics.median(f.p50_ms for f in figures),
        p99_ms=max(f.p99_ms for f in figures),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print_table(run(args.databases, args.seconds, args.concurrency))


if __name__ == "__main__":
    main()
