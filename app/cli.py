"""The command line of the service.

    python -m app serve --host 127.0.0.1 --port 8000   migrate, seed an empty database, serve
    python -m app worker                               deliver push notifications (no server)
    python -m app migrate                              apply the migrations
    python -m app seed                                 load seed/ (idempotent)
    python -m app prepare                              migrate, then seed an empty database
    python -m app keys create NAME --scope SCOPE       print a new key on the last line
        [--jurisdiction CODE …] [--domain CODE …] [--platform NAME]
    python -m app keys list | keys revoke ID
    python -m app calendar load YEAR FILE.json         load a year's holiday arrangement
    python -m app calendar show YEAR
    python -m app events import FILE.jsonl --key ID    backfill events, one a line, as key ID's platform
"""

import argparse
import logging.config
import sys
from pathlib import Path

from sqlalchemy import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

from app.catalog.domains import DomainCode
from app.core.config import get_settings
from app.core.database import get_engine
from app.core.migrations import migration_lock, upgrade
from app.keys.scopes import Scope


def migrate() -> None:
    url = get_settings().database_url
    with migration_lock(url):
        upgrade(url)


def seed(only_if_empty: bool = False) -> None:
    """The catalogs (skipped at start-up when any exist) and the official calendar years missing."""
    from app.calendar.service import seed_calendar
    from app.catalog.models import Catalog
    from app.catalog.seed import seed_database

    with Session(get_engine()) as session:
        if only_if_empty and session.exec(select(Catalog).limit(1)).first() is not None:
            report = None
        else:
            report = seed_database(session, get_settings().seed_dir)
        years = seed_calendar(session)
        session.commit()
    if report is not None and report.changed:
        print(f"seeded catalogs: created {report.created or 'nothing'}, updated {report.updated or 'nothing'}")
    elif report is not None:
        print("seed: the database already holds the seed catalogs; nothing changed")
    if years:
        print(f"seeded the official calendar of {', '.join(map(str, years))}")


def prepare() -> None:
    """Migrate and seed an empty database, one replica at a time when several start at once."""
    url = get_settings().database_url
    with migration_lock(url):
        upgrade(url)
        seed(only_if_empty=True)


def logs_as_json(log_format: str | None) -> bool:
    """JSON for log collectors, text for a person at a terminal, unless LOG_FORMAT says."""
    if log_format:
        return log_format == "json"
    return not sys.stderr.isatty()


def serve(host: str, port: int) -> None:
    import os
    import tempfile

    import uvicorn

    from app.core.observability import log_config

    settings = get_settings()
    prepare()
    if settings.web_concurrency > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Each worker writes its metrics there and /metrics adds them up (prometheus_client).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="disclosure-metrics-")
    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        workers=settings.web_concurrency,
        log_config=log_config(settings.log_level, json=logs_as_json(settings.log_format)),
        access_log=False,
        timeout_graceful_shutdown=settings.graceful_shutdown_seconds,
        http="app.core.protocol:ProblemHttpProtocol",
    )


def keys_create(name: str, scopes: list[str], platform: str | None, jurisdictions: list[str], domains: list[str]) -> None:
    from app.keys.bindings import Bindings
    from app.keys.service import create_key

    with Session(get_engine()) as session:
        bindings = Bindings.of(jurisdictions, domains)
        row, key = create_key(session, name, [Scope(scope) for scope in scopes], platform=platform, bindings=bindings)
        session.commit()
        print(
            f"created key {row.id} {row.name!r} of platform {row.platform!r} with scopes {', '.join(row.scopes)}, "
            f"bound to {row.bindings.describe()}"
        )
        print("store it now: it is shown once and only its hash is kept")
    print(key)


def keys_list() -> None:
    from app.keys.service import list_keys

    with Session(get_engine()) as session:
        for row in list_keys(session):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            bound = ",".join(row.jurisdictions) + (f" ({','.join(row.domains)})" if row.domains else "")
            print(f"{row.id}\t{row.name}\t{row.platform}\t{row.prefix}…\t{','.join(row.scopes)}\t{bound}\t{state}")


def keys_revoke(key_id: int) -> None:
    from app.keys.service import revoke_key

    with Session(get_engine()) as session:
        row = revoke_key(session, key_id)
        session.commit()
        print(f"revoked key {row.id} {row.name!r}")


def calendar_load(year: int, path: str, loaded_by: str) -> int:
    """Load a year's arrangement from a JSON file shaped like the body of PUT /v1/calendar/{year}."""
    import json

    from pydantic import ValidationError

    from app.calendar.errors import InvalidArrangement
    from app.calendar.schemas import ArrangementIn
    from app.calendar.service import load_year

    try:
        body = ArrangementIn.model_validate(json.loads(open(path, encoding="utf-8").read()))
    except (OSError, ValueError, ValidationError) as error:
        print(f"error: {path}: {error}", file=sys.stderr)
        return 1
    holidays = {day.date: day.name or "休息日" for day in body.holidays}
    workdays = {day.date: day.name or "调休上班日" for day in body.workdays}
    with Session(get_engine()) as session:
        try:
            load_year(session, year, body.source, holidays, workdays, loaded_by=loaded_by)
        except InvalidArrangement as error:
            print(f"error: {error.detail}", file=sys.stderr)
            for problem in error.extras.get("errors", []):
                print(f"  {problem['list']} {problem['date']}: {problem['msg']}", file=sys.stderr)
            return 1
        session.commit()
    print(f"loaded {year}: {len(holidays)} weekdays off, {len(workdays)} make-up working days ({body.source})")
    return 0


def calendar_show(year: int) -> None:
    from app.calendar.service import arrangement_of

    with Session(get_engine()) as session:
        arrangement = arrangement_of(session, year)
    print(f"{year}: {arrangement.status.value} ({arrangement.source})")
    for day, name in arrangement.holidays.items():
        print(f"  off   {day} {name}")
    for day, name in arrangement.workdays.items():
        print(f"  work  {day} {name}")


def events_import(file: str, key_id: int) -> int:
    """Store a file of events (JSON Lines) through the batch path, as the platform of key ID and
    within its bindings; the lines refused go to FILE.rejected.jsonl with their problem."""
    from tqdm import tqdm

    from app.events.importing import import_events, rejected_path
    from app.keys.models import ApiKey
    from app.keys.scopes import grants

    path = Path(file)
    if not path.is_file():
        print(f"error: there is no file {file}", file=sys.stderr)
        return 2
    with Session(get_engine()) as session:
        key = session.get(ApiKey, key_id)
    # The file is posted as this key would post it: an active key holding events:write.
    if key is None or key.revoked_at is not None:
        print(f"error: there is no active key {key_id}; `python -m app keys list` lists them", file=sys.stderr)
        return 2
    if not grants(key.scopes, Scope.EVENTS_WRITE):
        print(f"error: key {key_id} does not hold {Scope.EVENTS_WRITE.value}; it holds {key.scopes}", file=sys.stderr)
        return 2
    with path.open(encoding="utf-8") as source:
        total = sum(1 for line in source if line.strip())
    rejected = rejected_path(path)
    print(f"importing {total:,} events of {path.name} as platform {key.platform!r} (key {key.id}, {key.name!r})")
    with rejected.open("w", encoding="utf-8") as out, tqdm(total=total, unit=" events", desc=path.name) as bar:
        summary = import_events(get_engine(), key.id, path, out, bar)
    print(f"created {summary.created:,}, replayed {summary.replayed:,} (already stored), failed {summary.failures:,}")
    for problem, count in summary.failed.most_common():
        print(f"  {count:,}\t{problem}")
    if summary.failures:
        print(f"the lines refused, with their problem: {rejected}")
        return 1
    rejected.unlink()
    return 0


def worker() -> None:
    """A push worker alone, until SIGTERM or SIGINT; it finishes the batch in hand first."""
    import asyncio
    import signal
    import threading

    from app.core.observability import log_config
    from app.subscriptions.worker import PushWorker

    settings = get_settings()
    logging.config.dictConfig(log_config(settings.log_level, json=logs_as_json(settings.log_format)))
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print("push worker: delivering notifications (SIGTERM to stop)", flush=True)
    asyncio.run(PushWorker().run(stop))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="Disclosure Rules Service")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="migrate, seed an empty database and serve")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    commands.add_parser(
        "worker", help="deliver push notifications alone, for deployments that run it apart from the servers"
    )
    commands.add_parser("migrate", help="apply the database migrations")
    commands.add_parser("seed", help="load the seed catalogs (idempotent)")
    commands.add_parser("prepare", help="migrate, then seed an empty database (what serve does first)")
    keys = commands.add_parser("keys", help="manage API keys").add_subparsers(dest="keys_command", required=True)
    create = keys.add_parser("create", help="create a key; the key is printed alone on the last line")
    create.add_argument("name")
    create.add_argument(
        "--scope", action="append", required=True, choices=[scope.value for scope in Scope], dest="scopes"
    )
    create.add_argument("--platform", help="the platform or office it belongs to (default: NAME)")
    create.add_argument(
        "--jurisdiction", action="append", default=[], dest="jurisdictions", metavar="CODE",
        help="bind it to a jurisdiction and those below it (repeatable; default 100000, the country)",
    )
    create.add_argument(
        "--domain", action="append", default=[], dest="domains", choices=[domain.value for domain in DomainCode],
        help="bind it to a domain (repeatable; default: every domain)",
    )
    keys.add_parser("list", help="list keys (never the keys themselves)")
    revoke = keys.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("id", type=int)
    calendar = commands.add_parser("calendar", help="the working calendar").add_subparsers(
        dest="calendar_command", required=True
    )
    load = calendar.add_parser("load", help="load a year's arrangement from a JSON file")
    load.add_argument("year", type=int)
    load.add_argument("file", help='{"source": …, "holidays": [{"date", "name"}], "workdays": [...]}')
    load.add_argument("--loaded-by", default="command line")
    show = calendar.add_parser("show", help="print a year's arrangement")
    show.add_argument("year", type=int)
    events = commands.add_parser("events", help="events").add_subparsers(dest="events_command", required=True)
    backfill = events.add_parser(
        "import",
        help="store a file of events, one JSON object a line, as a platform; re-running it stores nothing twice",
    )
    backfill.add_argument("file", help="JSON Lines: each line the body of POST /v1/events")
    backfill.add_argument(
        "--key", type=int, required=True, dest="key_id", metavar="ID",
        help="the id of the platform's key (keys list): its platform and bindings apply, as to its requests",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except OperationalError as error:
        # The first thing a newcomer meets when PostgreSQL is not set up: one line saying what to
        # do, not a driver's traceback.
        print(f"error: {database_problem(get_settings().database_url, error)}", file=sys.stderr)
        return 1


def database_problem(url: str, error: OperationalError) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return f"the database at {parsed.database} cannot be opened: {error.orig}"
    where = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    if "does not exist" in str(error.orig) and "database" in str(error.orig):
        create = f"createdb -h {parsed.host or 'localhost'} -p {parsed.port or 5432} -U {parsed.username or 'postgres'} {parsed.database}"
        return f"the database {parsed.database!r} does not exist on {where}; create it with: {create}"
    return f"PostgreSQL at {where} cannot be reached as {parsed.username!r}: {str(error.orig).strip().splitlines()[0]}"


def run(args: argparse.Namespace) -> int:
    if args.command == "serve":
        serve(args.host, args.port)
    elif args.command == "worker":
        worker()
    elif args.command == "migrate":
        migrate()
    elif args.command == "seed":
        with migration_lock(get_settings().database_url):
            seed()
    elif args.command == "prepare":
        prepare()
    elif args.command == "events":
        return events_import(args.file, args.key_id)
    elif args.command == "calendar":
        if args.calendar_command == "load":
            return calendar_load(args.year, args.file, args.loaded_by)
        calendar_show(args.year)
    elif args.keys_command == "create":
        try:
            keys_create(args.name, args.scopes, args.platform, args.jurisdictions, args.domains)
        except Exception as error:  # an unknown jurisdiction: say so plainly on the command line
            print(f"error: {getattr(error, 'detail', error)}", file=sys.stderr)
            return 2
    elif args.keys_command == "list":
        keys_list()
    else:
        try:
            keys_revoke(args.id)
        except Exception as error:  # NotFound: say so plainly on the command line
            print(f"error: {getattr(error, 'detail', error)}", file=sys.stderr)
            return 1
    return 0
