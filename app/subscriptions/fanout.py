"""Fan-out: each change, read in commit order, becomes one notification per subscription it
concerns. The position read to is stored with the notifications, in one transaction, so a change
is fanned out once, whichever worker does it and whenever one dies."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from app.feed.models import ChangeKind
from app.feed.service import FeedCursor, between, changes_after, positions_after
from app.jurisdictions.service import jurisdiction_index
from app.keys.bindings import Bindings
from app.keys.models import ApiKey
from app.keys.scopes import Scope, grants
from app.subscriptions.models import Notification, PushPosition, Subscription
from app.subscriptions.schemas import NotificationKind

NOTIFICATIONS = Notification.__table__
FANOUT = "fanout"
TYPES = {
    NotificationKind.DUE_SOON: "disclosure.due_soon",
    NotificationKind.OVERDUE: "disclosure.overdue",
    NotificationKind.NONCOMPLIANT: "event.noncompliant",
    NotificationKind.CATALOG_CHANGED: "catalog.changed",
    NotificationKind.CALENDAR_CHANGED: "calendar.changed",
}
"""The `type` of each notification's body, as Standard Webhooks suggests (a dotted name)."""
ABOUT_DISCLOSURES = {NotificationKind.DUE_SOON, NotificationKind.OVERDUE, NotificationKind.NONCOMPLIANT}
"""Event-level kinds: a platform hears only of its own, unless its key read every platform's."""


@dataclass(frozen=True)
class Listener:
    """A subscription and what the key that made it may read now: its bindings, and whether it
    reads every platform's records. A key narrowed since narrows its subscriptions with it."""

    subscription: Subscription
    bindings: Bindings
    reads_every_platform: bool


def notification_kind(change: dict[str, Any]) -> NotificationKind | None:
    """What a change is to subscribers, if anything (an exemption review is in the feed only)."""
    kind = change["kind"]
    if kind == ChangeKind.EVENT and change["status"] == "noncompliant":
        return NotificationKind.NONCOMPLIANT
    if kind in (ChangeKind.DUE_SOON, ChangeKind.OVERDUE, ChangeKind.CATALOG_CHANGED, ChangeKind.CALENDAR_CHANGED):
        return NotificationKind(kind)
    return None


def concerns(listener: Listener, kind: NotificationKind, change: dict[str, Any], lineage: Callable[[str], Sequence[str]]) -> bool:
    """Whether a change of this kind is for this subscription: its kinds, its place and domain
    within the key's bindings, and, for a disclosure, the platform's own unless it reads all."""
    subscription = listener.subscription
    if kind.value not in subscription.kinds or change["at"] < subscription.created_at:
        return False  # not asked for, or before it was asked for
    if kind is NotificationKind.DUE_SOON and change["detail"].get("due_soon_days") != subscription.due_soon_days:
        return False
    if kind in ABOUT_DISCLOSURES and not listener.reads_every_platform and change["platform"] != subscription.platform:
        return False
    domain = change["domain_code"]
    if domain is not None and (
        not listener.bindings.covers_domain(domain) or subscription.domain_code not in (None, domain)
    ):
        return False
    place = change["jurisdiction_code"]
    if place is None:  # the country's: a calendar
        return True
    above = lineage(place)
    if kind is NotificationKind.CATALOG_CHANGED:
        # A catalog applies below its jurisdiction too: a county hears of its province's.
        wanted = subscription.jurisdiction_code
        return _related(listener.bindings, above, lineage) and (wanted is None or wanted in above or place in lineage(wanted))
    return listener.bindings.covers_jurisdiction(above) and subscription.jurisdiction_code in (None, *above)


def _related(bindings: Bindings, above: Sequence[str], lineage: Callable[[str], Sequence[str]]) -> bool:
    return bindings.covers_jurisdiction(above) or any(above[0] in lineage(code) for code in bindings.jurisdictions)


def listeners(session: Session) -> list[Listener]:
    """Subscriptions not deleted, of keys not revoked."""
    rows = session.exec(
        select(Subscription, ApiKey)
        .join(ApiKey, col(ApiKey.id) == Subscription.api_key_id)
        .where(col(Subscription.deleted_at).is_(None), col(ApiKey.revoked_at).is_(None))
        .order_by(col(Subscription.id))
    ).all()
    return [Listener(subscription, key.bindings, grants(key.scopes, Scope.EVENTS_READ)) for subscription, key in rows]


FANOUT_LIMIT = 500
"""Changes a worker fans out in one round."""


def fan_out(session: Session, limit: int = FANOUT_LIMIT) -> tuple[int, int]:
    """Fan out up to `limit` changes past the stored position: (changes read, notifications made).
    Nothing when another worker holds the position (it is fanning out now)."""
    position = PushPosition.take(session, FANOUT)
    if position is None:
        return 0, 0
    after = FeedCursor(position.xact, position.change_id)
    # Where the round's changes end, read before the subscriptions: one committed meanwhile hears
    # of them all the same, as it would have before the round.
    passed = positions_after(session, after, limit)
    if not passed:
        return 0, 0
    heard = listeners(session)
    if not heard:  # nothing they say can concern anybody: passed over unread
        _move(session, position, passed[-1])
        return len(passed), 0
    entries = changes_after(session, after, limit, [between(session, after, passed[-1])])
    lineage = jurisdiction_index(session).lineage
    now = datetime.now(UTC)
    rows = []
    for entry in entries:
        change = entry.change
        kind = notification_kind(change)
        if kind is None:
            continue
        for listener in heard:
            if concerns(listener, kind, change, lineage):
                subscription_id = listener.subscription.id
                rows.append({
                    "webhook_id": f"msg_{change['id']}_{subscription_id}",
                    "subscription_id": subscription_id,
                    "change_id": change["id"],
                    "type": TYPES[kind],
                    "state": "pending",
                    "attempts": 0,
                    "created_at": now,
                    "next_attempt_at": now,
                })
    if rows:
        dialect_insert = postgresql_insert if session.connection().dialect.name == "postgresql" else sqlite_insert
        session.connection().execute(dialect_insert(NOTIFICATIONS).on_conflict_do_nothing(), rows)
    _move(session, position, passed[-1])
    return len(entries), len(rows)


def _move(session: Session, position: PushPosition, to: FeedCursor) -> None:
    position.xact, position.change_id = to.xact, to.id
    session.add(position)
    session.flush()
