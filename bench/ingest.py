"""Batch ingest: POST /v1/events/batch in batches of 500, beside an executemany of the same rows.

    .venv/bin/python bench/ingest.py [--databases sqlite postgresql] [--disclosures 1000000]
        [--batches 10] [--rounds 3]

Each database is a fresh one, migrated and seeded, then filled with `--disclosures` disclosures of
another platform, so the indexes the upserts walk are as deep as in production. Ours: batches of
500 new publications sent one after another to the server (its own process) with httpx. The
baseline: the rows ours stored, events and disclosures, inserted again under new subjects with
the driver's executemany (psycopg, sqlite3), one transaction per 500 events, into the same tables:
what a loader that judges nothing would cost. Rounds alternate ours and the baseline.
"""

import argparse
import itertools
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import Figures, Result, databases, print_table  # noqa: E402
from tests.live_server import live_server  # noqa: E402

BATCH = 500
EVENT = {
    "obligation_id": 15,
    "triggered_at": "2025-09-26",
    "published_at": "2025-10-16",
    "publisher": "市国土局",
    "channel": "中国土地市场网",
    "content": {"受让人": "a", "出让方式": "b", "宗地坐落": "c", "面积": "d", "土地用途": "e", "出让价款": "f"},
}
DISCLOSURE_COLUMNS = (
    "platform", "series", "ref", "notice_type", "subject", "obligation_id", "jurisdiction_code", "domain_code",
    "status", "verdict", "exemption", "triggered_at", "due_date", "due_at", "published_at", "timeliness_check",
    "channel_check", "publisher_check", "content_check", "updated_at",
)


def run(names: list[str], disclosures: int = 1_000_000, batches: int = 10, rounds: int = 3) -> list[Result]:
    return [run_on(database, url, disclosures, batches, rounds) for database, url in databases(names)]


def run_on(database: str, url: str, disclosures: int, batches: int, rounds: int) -> Result:
    with live_server(url, rate_limit="1000000/second") as server:
        raw = _connect(url)
        try:
            _fill(raw, database, disclosures)
            serial = itertools.count()
            ours_seconds = baseline_seconds = 0.0
            stored = 0
            with httpx.Client(base_url=server.base_url, headers={"X-API-Key": server.key}, timeout=120) as client:
                _post(client, [f"WARM-{next(serial)}" for _ in range(BATCH)])  # caches, connections
                for round_ in range(rounds):
                    subjects = [[f"R{round_}-{next(serial)}" for _ in range(BATCH)] for _ in range(batches)]
                    started = time.perf_counter()
                    for batch in subjects:
                        _post(client, batch)
                    ours_seconds += time.perf_counter() - started
                    stored += batches * BATCH
                    baseline_seconds += _executemany(raw, database, f"R{round_}-", f"X{round_}-")
        finally:
            raw.close()
    return Result(
        benchmark=f"POST /v1/events/batch of {BATCH} ({disclosures:,} disclosures)",
        database=database,
        ours=Figures(stored / ours_seconds),
        baseline=Figures(stored / baseline_seconds),
        baseline_name=f"executemany, {BATCH} events a commit",
        goal_ratio=0.5,
        unit="events",
    )


def _post(client: httpx.Client, subjects: list[str]) -> None:
    response = client.post("/v1/events/batch", json={"events": [{**EVENT, "subject": s} for s in subjects]})
    response.raise_for_status()
    answered = response.json()
    if answered["failed"]:
        raise SystemExit(f"the batch failed items: {answered['items'][0]}")


def _connect(url: str):  # noqa: ANN202
    if url.startswith("sqlite"):
        import sqlite3

        return sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30)
    import psycopg
    from sqlalchemy.engine import make_url

    return psycopg.connect(make_url(url).set(drivername="postgresql").render_as_string(hide_password=False))


def _fill(raw, database: str, count: int) -> None:  # noqa: ANN001
    """`count` pending disclosures of another platform, so the tables are as large as in production."""
    if count <= 0:
        return
    started = time.perf_counter()
    if database == "postgresql":
        with raw.cursor() as cursor:
            cursor.execute(
                "INSERT INTO disclosures (platform, series, ref, notice_type, subject, jurisdiction_code, domain_code, "
                "status, triggered_at, due_date, updated_at) SELECT 'preloaded', '', '', 'land_transfer_result', "
                "'P-' || n, '350582', 'land_use_rights', 'pending', now(), current_date + (n %% 90), now() "
                "FROM generate_series(1, %s) AS n",
                (count,),
            )
            cursor.execute("ANALYZE disclosures")
    else:
        raw.executemany(
            "INSERT INTO disclosures (platform, series, ref, notice_type, subject, jurisdiction_code, domain_code, "
            "status, triggered_at, due_date, updated_at) VALUES ('preloaded', '', '', 'land_transfer_result', ?, "
            "'350582', 'land_use_rights', 'pending', '2025-09-26 00:00:00.000000', date('now', ? || ' days'), "
            "'2025-09-26 00:00:00.000000')",
            ((f"P-{n}", n % 90) for n in range(count)),
        )
    raw.commit()
    print(f"{database}: {count:,} disclosures in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _executemany(raw, database: str, prefix: str, renamed: str) -> float:  # noqa: ANN001
    """The seconds an executemany of the rows ours stored for subjects `prefix…` takes, under new
    subjects, one transaction per BATCH events."""
    mark = "%s" if database == "postgresql" else "?"
    cursor = raw.cursor()
    cursor.execute(f"SELECT * FROM events WHERE subject LIKE {mark} ORDER BY id", (prefix + "%",))
    names = [column[0] for column in cursor.description]
    events = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    event_columns = [name for name in names if name not in ("id", "idempotency_key")]
    cursor.execute(
        f"SELECT {', '.join(DISCLOSURE_COLUMNS)} FROM disclosures WHERE subject LIKE {mark} ORDER BY id", (prefix + "%",)
    )
    disclosures = [dict(zip(DISCLOSURE_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    raw.commit()
    wrap = _json_parameter if database == "postgresql" else (lambda value: value)
    event_rows = [
        [wrap(row[name]) if name != "subject" else renamed + row[name].removeprefix(prefix) for name in event_columns]
        for row in events
    ]
    disclosure_rows = [
        [row[name] if name != "subject" else renamed + row[name].removeprefix(prefix) for name in DISCLOSURE_COLUMNS]
        for row in disclosures
    ]
    insert_event = f"INSERT INTO events ({', '.join(event_columns)}) VALUES ({', '.join([mark] * len(event_columns))})"
    insert_disclosure = (
        f"INSERT INTO disclosures ({', '.join(DISCLOSURE_COLUMNS)}) VALUES ({', '.join([mark] * len(DISCLOSURE_COLUMNS))})"
    )
    started = time.perf_counter()
    for start in range(0, len(event_rows), BATCH):
        cursor.executemany(insert_event, event_rows[start : start + BATCH])
        cursor.executemany(insert_disclosure, disclosure_rows[start : start + BATCH])
        raw.commit()
    return time.perf_counter() - started


def _json_parameter(value):  # noqa: ANN001, ANN202
    from psycopg.types.json import Json

    return Json(value) if isinstance(value, dict | list) else value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--disclosures", type=int, default=1_000_000)
    parser.add_argument("--batches", type=int, default=10, help="batches of 500 per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print_table(run(args.databases, args.disclosures, args.batches, args.rounds))


if __name__ == "__main__":
    main()
