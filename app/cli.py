"""The command line of the service.

    python -m app serve --host 127.0.0.1 --port 8000   migrate, seed an empty database, serve
    python -m app migrate                              apply the migrations
    python -m app seed                                 load seed/ (idempotent)
    python -m app keys create NAME --scope SCOPE       print a new key on the last line
    python -m app keys list | keys revoke ID
"""

import argparse
import sys

from sqlmodel import Session, select

from app.core.config import get_settings
from app.core.database import get_engine
from app.core.migrations import upgrade
from app.keys.scopes import Scope


def migrate() -> None:
    upgrade(get_settings().database_url)


def seed(only_if_empty: bool = False) -> None:
    from app.catalog.models import Catalog
    from app.catalog.seed import seed_database

    with Session(get_engine()) as session:
        if only_if_empty and session.exec(select(Catalog).limit(1)).first() is not None:
            return
        report = seed_database(session, get_settings().seed_dir)
        session.commit()
    if report.changed:
        print(f"seeded: created {report.created or 'nothing'}, updated {report.updated or 'nothing'}")
    else:
        print("seed: the database already holds the seed catalogs; nothing changed")


def serve(host: str, port: int) -> None:
    import uvicorn

    migrate()
    seed(only_if_empty=True)
    uvicorn.run("app.main:app", host=host, port=port)


def keys_create(name: str, scopes: list[str]) -> None:
    from app.keys.service import create_key

    with Session(get_engine()) as session:
        row, key = create_key(session, name, [Scope(scope) for scope in scopes])
        session.commit()
        print(f"created key {row.id} {row.name!r} with scopes {', '.join(row.scopes)}")
        print("store it now: it is shown once and only its hash is kept")
    print(key)


def keys_list() -> None:
    from app.keys.service import list_keys

    with Session(get_engine()) as session:
        for row in list_keys(session):
            state = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            print(f"{row.id}\t{row.name}\t{row.prefix}…\t{','.join(row.scopes)}\t{state}")


def keys_revoke(key_id: int) -> None:
    from app.keys.service import revoke_key

    with Session(get_engine()) as session:
        row = revoke_key(session, key_id)
        session.commit()
        print(f"revoked key {row.id} {row.name!r}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description="Disclosure Rules Service")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="migrate, seed an empty database and serve")
    serve_parser.add_argument("--host", default="127.0.0.1")
    serve_parser.add_argument("--port", type=int, default=8000)
    commands.add_parser("migrate", help="apply the database migrations")
    commands.add_parser("seed", help="load the seed catalogs (idempotent)")
    keys = commands.add_parser("keys", help="manage API keys").add_subparsers(dest="keys_command", required=True)
    create = keys.add_parser("create", help="create a key; the key is printed alone on the last line")
    create.add_argument("name")
    create.add_argument(
        "--scope", action="append", required=True, choices=[scope.value for scope in Scope], dest="scopes"
    )
    keys.add_parser("list", help="list keys (never the keys themselves)")
    revoke = keys.add_parser("revoke", help="revoke a key by id")
    revoke.add_argument("id", type=int)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        serve(args.host, args.port)
    elif args.command == "migrate":
        migrate()
    elif args.command == "seed":
        seed()
    elif args.keys_command == "create":
        keys_create(args.name, args.scopes)
    elif args.keys_command == "list":
        keys_list()
    else:
        try:
            keys_revoke(args.id)
        except Exception as error:  # NotFound: say so plainly on the command line
            print(f"error: {getattr(error, 'detail', error)}", file=sys.stderr)
            return 1
    return 0
