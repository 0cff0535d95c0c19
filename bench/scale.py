"""National volume on PostgreSQL: reports, the dashboard, the overdue list and posting events with
a million disclosures (and a million events) in the database.

    .venv/bin/python bench/scale.py [--rows 1000000] [--seconds 5]

The database is migrated and seeded, then given a generated history over every county
(tests/history.py), brought up to date as the worker would have kept it (tallies folded, overdue
disclosures raised on the change feed) and analysed. One server process serves it; wrk sends
from its own process (bench/load.py). Each figure is printed beside its goal:
- every report grouping, over the whole country and all years: p99 < 300 ms (timed one request
  at a time: at a million disclosures each takes seconds, longer than wrk's rounds);
- /dashboard for one county: p99 < 500 ms (timed the same way);
- the server's RSS grows by less than 50 MB over all the report runs;
- the overdue list: one county's first page, and its province's first page and page 51 (the
  county's has too few pages for a deep one): p99 < 50 ms;
- POST /v1/events while a report is requested in a loop: ≥ 0.8× its throughput alone.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.revisions import close_watchers  # noqa: E402
from app.subscriptions.worker import PushWorker  # noqa: E402
from bench.harness import Figures  # noqa: E402
from bench.load import Load, require_wrk, wrk  # noqa: E402
from tests.databases import fresh_postgres_database, probe_postgres  # noqa: E402
from tests.history import generate_history  # noqa: E402
from tests.live_server import live_server, run_cli  # noqa: E402

COUNTY = "350582"
PROVINCE = "350000"
"""福建省: its overdue list has about 150 pages of 20 in the history (a county's, about 9)."""
DEEP_PAGE = 51
GROUPINGS = ("jurisdiction", "domain", "department", "month", "notice")
REPEATS = 5
"""Timed runs of each slow read; with so few, the "p99" printed is the slowest of them."""
EVENT = {
    "obligation_id": 15, "triggered_at": "2025-09-26", "published_at": "2025-10-16", "publisher": "市国土局",
    "channel": "中国土地市场网",
    "content": {"受让人": "a", "出让方式": "b", "宗地坐落": "c", "面积": "d", "土地用途": "e", "出让价款": "f"},
}


@dataclass(frozen=True)
class Line:
    name: str
    figure: str
    goal: str
    met: bool


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1]) / 1024


def build(url: str, rows: int) -> None:
    started = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": url}
    run_cli(env, "migrate")
    run_cli(env, "seed")
    run_cli(env, "keys", "create", "history", "--scope", "events:write", "--platform", "history")
    engine = create_engine(url)
    with engine.connect() as connection:
        key_id = connection.execute(text("SELECT max(id) FROM api_keys")).scalar_one()
    with engine.begin() as connection:
        generate_history(connection, rows, key_id)
    # What a running service's worker would have done day by day as the history came: its counts
    # folded into the tallies, its overdue disclosures raised on the change feed and fanned out.
    # The server measured then starts in step: left to it, its worker spent its first seconds
    # raising 100,000 overdue disclosures while the first reports were being timed.
    worker = PushWorker(engine)
    worker.raise_due()
    while worker.fan_out() or worker.fold_tallies():
        pass
    close_watchers()  # the worker's revision listener: hung up before the database is dropped
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    print(f"built {rows:,} events and disclosures in {time.perf_counter() - started:.0f} s", flush=True)


def latency(base: str, paths: list[str], seconds: float, headers: dict | None = None) -> Figures:
    """Fast reads: wrk with four connections for `seconds`."""
    return wrk(base, Load("GET", tuple(paths), headers or {}), seconds, connections=4, run="scale")


def one_at_a_time(base: str, path: str, repeats: int) -> Figures:
    """Slow reads (a national report takes seconds): `repeats` requests one after the other, after
    one unmeasured, each timed from the request's start to the last byte of its answer."""
    timings = []
    with httpx.Client(base_url=base, timeout=600) as client:
        for number in range(repeats + 1):
            started = time.perf_counter()
            answer = client.get(path)
            elapsed = time.perf_counter() - started
            if answer.status_code != 200:
                raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")
            if number:
                timings.append(elapsed * 1000)
    timings.sort()
    return Figures(throughput=len(timings) / (sum(timings) / 1000), p50_ms=statistics.median(timings), p99_ms=timings[-1])


def deep_page(base: str, headers: dict, query: dict, page: int) -> str:
    """The path of the list's page `page`, reached by following its cursors from the first."""
    cursor = None
    with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
        for number in range(1, page):
            answer = client.get("/v1/disclosures", params={**query, **({"cursor": cursor} if cursor else {})})
            cursor = answer.raise_for_status().json()["next_cursor"]
            if cursor is None:
                raise RuntimeError(f"{query}: the list ends at page {number}, before page {page}")
    return f"/v1/disclosures?{urlencode({**query, 'cursor': cursor})}"


def run(rows: int, seconds: float) -> list[Line]:
    require_wrk()
    probe = probe_postgres()
    if not probe.reachable:
        raise SystemExit(f"PostgreSQL is needed: {probe.reason}")
    lines = []
    with fresh_postgres_database("scale") as url:
        build(url, rows)
        with live_server(url, rate_limit="1000000/second") as server:
            supervisor = run_cli(server.env, "keys", "create", "supervisor", "--scope", "events:read").strip().splitlines()[-1]
            reader = {"X-API-Key": supervisor}
            httpx.get(f"{server.base_url}/v1/reports/compliance", timeout=600)  # the first run fills the caches
            before = rss_mb(server.process.pid)
            for grouping in GROUPINGS:
                figures = one_at_a_time(server.base_url, f"/v1/reports/compliance?group_by={grouping}", REPEATS)
                lines.append(Line(f"report by {grouping}, whole country", f"p50 {figures.p50_ms:.0f} ms, p99 {figures.p99_ms:.0f} ms",
                                  "p99 < 300 ms", figures.p99_ms < 300))
            grown = rss_mb(server.process.pid) - before
            lines.append(Line("server RSS over the report runs", f"{before:.0f} MB → +{grown:.0f} MB", "< 50 MB", grown < 50))
            dashboard = one_at_a_time(server.base_url, f"/dashboard?jurisdiction={COUNTY}", REPEATS)
            lines.append(Line(f"/dashboard ({COUNTY})", f"p50 {dashboard.p50_ms:.0f} ms, p99 {dashboard.p99_ms:.0f} ms",
                              "p99 < 500 ms", dashboard.p99_ms < 500))

            county, province = ({"status": "overdue", "jurisdiction": place, "limit": 20} for place in (COUNTY, PROVINCE))
            pages = (
                (f"{COUNTY}, first page", f"/v1/disclosures?{urlencode(county)}"),
                (f"{PROVINCE}, first page", f"/v1/disclosures?{urlencode(province)}"),
                (f"{PROVINCE}, page {DEEP_PAGE}", deep_page(server.base_url, reader, province, DEEP_PAGE)),
            )
            for name, path in pages:
                figures = latency(server.base_url, [path], seconds, reader)
                lines.append(Line(f"overdue list ({name})", f"p50 {figures.p50_ms:.1f} ms, p99 {figures.p99_ms:.1f} ms",
                                  "p99 < 50 ms", figures.p99_ms < 50))

            posting = Load("POST", ("/v1/events",), {"X-API-Key": server.key, "Content-Type": "application/json"},
                           json.dumps({**EVENT, "subject": "@SUBJECT@"}, ensure_ascii=False))
            alone = wrk(server.base_url, posting, seconds, 16, "alone")
            looping = subprocess.Popen(
                [require_wrk(), "-t1", "-c1", f"-d{seconds + 4:g}s", f"{server.base_url}/v1/reports/compliance?group_by=department"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            time.sleep(1)
            beside = wrk(server.base_url, posting, seconds, 16, "beside")
            looping.wait()
            ratio = beside.throughput / alone.throughput
            lines.append(Line("POST /v1/events while a report loops",
                              f"{beside.throughput:,.0f} vs {alone.throughput:,.0f} req/s alone ({ratio:.2f}×), p99 {beside.p99_ms:.0f} ms",
                              ">= 0.8×", ratio >= 0.8))
    return lines


def print_lines(lines: list[Line], rows: int) -> None:
    width = max(len(line.name) for line in lines)
    figure = max(len(line.figure) for line in lines)
    print(f"{'at ' + format(rows, ',') + ' disclosures (PostgreSQL)':<{width}}  {'measured':<{figure}}  goal")
    for line in lines:
        print(f"{line.name:<{width}}  {line.figure:<{figure}}  {line.goal} {'met' if line.met else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=5)
    args = parser.parse_args()
    print_lines(run(args.rows, args.seconds), args.rows)


if __name__ == "__main__":
    main()
