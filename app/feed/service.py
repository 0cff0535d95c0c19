"""Recording changes and reading them back in commit order.

PostgreSQL draws ids before commit, so ids are not commit order: a writer holding id 7 can commit
after a reader has read id 8, and a cursor at 8 would skip 7 for ever. Each change therefore keeps
the transaction that wrote it (`xact`, from pg_current_xact_id()), and a read returns only changes of
transactions older than the oldest one still running (`pg_snapshot_xmin` of the statement's own
snapshot): those have all ended, and no transaction that starts later can draw an older id. Read
in (xact, id) order, the feed is final up to where it was read; a cursor at (xact, id) can neither
skip nor repeat a change. A long transaction holds the horizon back, so the feed lags behind it
rather than running ahead of it.

SQLite commits one writer at a time: its ids are commit order, and `xact` is always 0.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlalchemy import BigInteger, ColumnElement, Select, and_, insert, literal, literal_column, select, tuple_
from sqlmodel import Session

from app.feed.models import Change, ChangeKind

CHANGES = Change.__table__
_INSERT_CHANGE = insert(CHANGES)
# Not mapped (the column exists on PostgreSQL only): see the module's docstring.
XACT = literal_column("changes.xact")
_XACT_NUMBER = literal_column("changes.xact::text::bigint", BigInteger).label("xact_number")
_HORIZON = literal_column("pg_snapshot_xmin(pg_current_snapshot())")
CURSOR_PATTERN = r"^[0-9]{1,18}-[0-9]{1,18}$"
"""Eighteen digits at most: every such number fits the 64-bit integers both databases compare."""


@dataclass(frozen=True)
class FeedCursor:
    """A position in the feed: after the change with this transaction and id."""

    xact: int = 0
    id: int = 0

    def encode(self) -> str:
        return f"{self.xact}-{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> "FeedCursor":
        if not text:
            return cls()
        if not re.fullmatch(CURSOR_PATTERN, text):
            raise ValueError(f"{text!r} is not a feed cursor")
        xact, change_id = text.split("-")
        return cls(int(xact), int(change_id))


_EMPTY = {column.name: None for column in CHANGES.c if column.name not in ("id", "kind", "at")} | {"detail": {}}


def record_change(session: Session, kind: ChangeKind, **fields: Any) -> int:
    """Store a change in the caller's transaction (with it, or not at all); its id."""
    row = {**_EMPTY, "kind": kind.value, "at": datetime.now(UTC), **fields}
    row["detail"] = to_jsonable_python(row["detail"])
    return session.connection().execute(_INSERT_CHANGE.returning(CHANGES.c.id), row).scalar_one()


def event_change(event: dict[str, Any], disclosure_id: int | None, disclosure_status: str | None) -> dict[str, Any]:
    """The change an event makes: who posted what, where, and the verdict."""
    return {
        **_EMPTY,
        "kind": ChangeKind.EVENT.value,
        "at": event["received_at"],
        "event_id": event["id"],
        "disclosure_id": disclosure_id,
        "jurisdiction_code": event["jurisdiction_code"],
        "domain_code": event["domain_code"],
        "platform": event["platform"],
        "subject": event["subject"],
        "notice_type": event["notice_type"],
        "status": event["status"],
        "disclosure_status": disclosure_status,
        "due_date": event["due_date"],
        "detail": {"event_kind": event["kind"]},
    }


def insert_changes(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(_INSERT_CHANGE, list(rows))


@dataclass(frozen=True)
class FeedEntry:
    cursor: FeedCursor
    change: dict[str, Any]


def changes_after(
    session: Session, after: FeedCursor, limit: int, conditions: Iterable[ColumnElement[bool]] = ()
) -> list[FeedEntry]:
    """Up to `limit` changes after `after`, in commit order, none of which can still be followed
    by an earlier one."""
    statement = _after(session, after).where(*conditions).limit(limit)
    return [
        FeedEntry(FeedCursor(row["xact_number"], row["id"]), {key: row[key] for key in row.keys() if key != "xact_number"})
        for row in session.execute(statement).mappings()
    ]


def positions_after(session: Session, after: FeedCursor, limit: int) -> list[FeedCursor]:
    """Where each of those changes stands, and nothing of what they say: what passing over them
    takes when nobody wants to read them."""
    statement = _after(session, after, CHANGES.c.id).limit(limit)
    return [FeedCursor(xact, change_id) for change_id, xact in session.execute(statement)]


def feed_head(session: Session) -> FeedCursor | None:
    """The last change that can no longer be preceded by another; None while there is none."""
    if session.connection().dialect.name == "postgresql":
        statement = select(_XACT_NUMBER, CHANGES.c.id).where(XACT < _HORIZON).order_by(XACT.desc(), CHANGES.c.id.desc())
    else:
        statement = select(literal(0, BigInteger), CHANGES.c.id).order_by(CHANGES.c.id.desc())
    row = session.execute(statement.limit(1)).one_or_none()
    return FeedCursor(row[0], row[1]) if row else None


def between(session: Session, after: FeedCursor, through: FeedCursor) -> ColumnElement[bool]:
    """Changes after `after` up to `through`, both positions the feed has returned."""
    if session.connection().dialect.name == "postgresql":
        return and_(tuple_(XACT, CHANGES.c.id) > _position(after), tuple_(XACT, CHANGES.c.id) <= _position(through))
    return CHANGES.c.id.between(after.id + 1, through.id)


def _position(cursor: FeedCursor) -> ColumnElement:
    # xid8 has no cast from a bound integer; the cursor's numbers were parsed as integers.
    return tuple_(literal_column(f"'{int(cursor.xact)}'::xid8"), literal(cursor.id, BigInteger))


def _after(session: Session, after: FeedCursor, *columns: Any) -> Select:
    """Changes after `after`, in the feed's order: `columns` of them (all by default), then the
    number of the transaction that wrote each (`xact_number`)."""
    columns = columns or (CHANGES,)
    if session.connection().dialect.name == "postgresql":
        return (
            select(*columns, _XACT_NUMBER)
            .where(XACT < _HORIZON, tuple_(XACT, CHANGES.c.id) > _position(after))
            .order_by(XACT, CHANGES.c.id)
        )
    return select(*columns, literal(0, BigInteger).label("xact_number")).where(CHANGES.c.id > after.id).order_by(CHANGES.c.id)


def public_change(change: Mapping[str, Any]) -> dict[str, Any]:
    """A change as the feed and the notifications show it, less its position and time."""
    return {
        "event_id": change["event_id"],
        "disclosure_id": change["disclosure_id"],
        "jurisdiction": change["jurisdiction_code"],
        "domain": change["domain_code"],
        "platform": change["platform"],
        "subject": change["subject"],
        "notice_type": change["notice_type"],
        "status": change["status"],
        "disclosure_status": change["disclosure_status"],
        "due_date": change["due_date"],
        "detail": change["detail"],
    }
