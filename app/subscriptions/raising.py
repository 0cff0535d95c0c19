"""What happens as time passes: disclosures coming due and going overdue, raised as changes once
each (the unique `raised_key`), however often and by however many workers this runs.

Overdue disclosures pile up over the years, so a round does not look at them all again: only at
those whose due date has passed since the last round, and those whose events since (a trigger
posted late, with its due date already behind it) left them pending and due, read from the feed
up to its head in the same statement. The first round
looks at all of them. Due-soon windows are a few weeks of due dates, read off an index each round.
"""

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import String, and_, bindparam, cast, exists, literal_column, or_, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from app.calendar.working import OutOfCalendar, WorkingCalendar
from app.core.types import UtcDateTime
from app.events.disclosure_state import PENDING
from app.events.models import Disclosure
from app.feed.models import ChangeKind
from app.feed.service import CHANGES, FeedCursor, between, feed_head
from app.subscriptions.models import PushPosition

DISCLOSURES = Disclosure.__table__
RAISED = "raised"


def raise_due(session: Session, today: date, calendar: WorkingCalendar, due_soon_days: Iterable[int]) -> int:
    """Raise `overdue` for every pending disclosure due before today, and `due_soon` (one per N in
    `due_soon_days`) for every one due today or within N working days. The number raised; nothing
    while another worker is raising."""
    position = PushPosition.take(session, RAISED)
    if position is None:
        return 0
    # Every change up to the head is final: the scan reads them, and whatever commits meanwhile is
    # past the head, read next round.
    head = feed_head(session)
    overdue = DISCLOSURES.c.due_date < today
    if position.day is not None:
        since = DISCLOSURES.c.due_date >= position.day
        if head is not None:
            # A trigger posted late: its change says its disclosure is pending and already due.
            touched = select(CHANGES.c.disclosure_id).where(
                between(session, FeedCursor(position.xact, position.change_id), head),
                CHANGES.c.kind == ChangeKind.EVENT.value,
                CHANGES.c.disclosure_status == PENDING,
                CHANGES.c.due_date < today,
            )
            since = or_(since, DISCLOSURES.c.id.in_(touched))
        overdue = and_(overdue, since)
    raised = _raise(session, ChangeKind.OVERDUE, "overdue", overdue, {})
    if head is not None:
        position.xact, position.change_id = head.xact, head.id
    position.day = today
    session.add(position)
    for days in sorted(set(due_soon_days)):
        try:
            horizon = calendar.nth_working_day_after(today, days)
        except OutOfCalendar:
            continue  # past the calendar's years: nothing can be said to be due soon
        window = DISCLOSURES.c.due_date.between(today, horizon)
        raised += _raise(session, ChangeKind.DUE_SOON, f"due_soon:{days}", window, {"due_soon_days": days})
    session.flush()
    return raised


def _raise(session: Session, kind: ChangeKind, key_prefix: str, when, detail: dict[str, int]) -> int:  # noqa: ANN001
    raised_key = literal_column(f"'{key_prefix}:'").concat(cast(DISCLOSURES.c.id, String))
    values = {
        "kind": literal_column(f"'{kind.value}'"),
        "at": bindparam("at", datetime.now(UTC), type_=UtcDateTime()),
        "disclosure_id": DISCLOSURES.c.id,
        "jurisdiction_code": DISCLOSURES.c.jurisdiction_code,
        "domain_code": DISCLOSURES.c.domain_code,
        "platform": DISCLOSURES.c.platform,
        "subject": DISCLOSURES.c.subject,
        "notice_type": DISCLOSURES.c.notice_type,
        "disclosure_status": DISCLOSURES.c.status,
        "due_date": DISCLOSURES.c.due_date,
        # Whole numbers only, so the literal needs no escaping; a bound JSON would need a cast per database.
        "detail": literal_column("'" + json.dumps(detail) + "'"),
        "raised_key": raised_key,
    }
    already = exists().where(CHANGES.c.raised_key == raised_key)
    chosen = select(*values.values()).where(DISCLOSURES.c.status == PENDING, when, ~already).order_by(DISCLOSURES.c.id)
    dialect_insert = postgresql_insert if session.connection().dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(CHANGES).from_select(list(values), chosen).on_conflict_do_nothing(index_elements=["raised_key"])
    return session.connection().execute(statement).rowcount
