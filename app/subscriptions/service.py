"""Making, listing and deleting subscriptions, and reading their delivery attempts.

A subscription belongs to the platform of the key that made it, and reaches no further than that
key as it stands when each change is fanned out: within its bindings, and to other platforms'
disclosures only while the key reads every platform's (events:read).
"""

import base64
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, func, select

from app.audit.service import record
from app.core.errors import NotFound, UnknownReference
from app.core.pagination import PageParams
from app.feed.models import Change
from app.jurisdictions.service import jurisdiction_index
from app.keys.models import ApiKey
from app.keys.service import outside_binding, require_place
from app.subscriptions.models import DeliveryAttempt, Notification, Subscription
from app.subscriptions.schemas import DeliveryAttemptPublic, SubscriptionCreate, SubscriptionPublic

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A Standard Webhooks secret: whsec_ and 24 random bytes in base64, as its library reads them."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def create_subscription(session: Session, key: ApiKey, body: SubscriptionCreate) -> tuple[Subscription, str]:
    """The stored subscription and its secret, which the answer shows once."""
    domain = body.domain.value if body.domain else None
    if body.jurisdiction is not None:
        if body.jurisdiction not in jurisdiction_index(session):
            raise UnknownReference(f"No jurisdiction has the code {body.jurisdiction}.", field="jurisdiction")
        require_place(session, key, body.jurisdiction, f"jurisdiction {body.jurisdiction}", (domain,) if domain else ())
    elif domain is not None and not key.bindings.covers_domain(domain):
        raise outside_binding(key, f"domain {domain} is outside them.")
    secret = new_secret()
    row = Subscription(
        api_key_id=key.id,
        platform=key.platform,
        url=str(body.url),
        kinds=[kind.value for kind in dict.fromkeys(body.kinds)],
        jurisdiction_code=body.jurisdiction,
        domain_code=domain,
        due_soon_days=body.due_soon_days,
        secret=secret,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    record(session, key, "subscription.create", f"subscription {row.id}", after=SubscriptionPublic.of(row))
    return row, secret


def get_subscription(session: Session, key: ApiKey, subscription_id: int) -> Subscription:
    row = session.get(Subscription, subscription_id)
    if row is None or row.deleted_at is not None or row.platform != key.platform:
        # Another platform's subscription is as absent as one never made.
        raise NotFound(f"There is no subscription {subscription_id} of platform {key.platform}.")
    return row


def list_subscriptions(session: Session, key: ApiKey, page: PageParams) -> tuple[list[Subscription], int]:
    mine = (Subscription.platform == key.platform, col(Subscription.deleted_at).is_(None))
    total = session.exec(select(func.count()).select_from(Subscription).where(*mine)).one()
    rows = session.exec(select(Subscription).where(*mine).order_by(col(Subscription.id)).offset(page.offset).limit(page.limit))
    return list(rows), total


def delete_subscription(session: Session, key: ApiKey, subscription_id: int) -> None:
    """Nothing more is fanned out to it; what was owed already is still delivered. Kept, deleted_at
    set, so its attempts keep naming it."""
    row = get_subscription(session, key, subscription_id)
    row.deleted_at = datetime.now(UTC)
    session.flush()
    record(session, key, "subscription.delete", f"subscription {row.id}", before=SubscriptionPublic.of(row))


def list_deliveries(
    session: Session, key: ApiKey, subscription_id: int, page: PageParams
) -> tuple[list[DeliveryAttemptPublic], int]:
    """Every attempt, newest first."""
    get_subscription(session, key, subscription_id)
    where = DeliveryAttempt.subscription_id == subscription_id
    total = session.exec(select(func.count()).select_from(DeliveryAttempt).where(where)).one()
    rows = session.exec(
        select(DeliveryAttempt, Notification.webhook_id, Notification.type)
        .join(Notification, col(Notification.id) == DeliveryAttempt.notification_id)
        .where(where)
        .order_by(col(DeliveryAttempt.id).desc())
        .offset(page.offset)
        .limit(page.limit)
    )
    return [DeliveryAttemptPublic.of(attempt, webhook_id, type_) for attempt, webhook_id, type_ in rows], total


@dataclass(frozen=True)
class PushSummary:
    """What the dashboard shows of push: subscriptions by kind, the notifications still owed and
    those that failed, the feed's head."""

    subscriptions: dict[str, int]
    notifications: dict[str, int]
    last_change_id: int | None
    last_change_at: datetime | None


OWED = ("pending", "failed")
"""The notification states the dashboard counts: read off ix_notifications_state_next_attempt. The
delivered, which grow with every change for as long as the service runs, are not counted on
every view."""


def push_summary(session: Session) -> PushSummary:
    by_kind: dict[str, int] = {}
    for (kinds,) in session.execute(select(Subscription.kinds).where(col(Subscription.deleted_at).is_(None))):
        for kind in kinds:
            by_kind[kind] = by_kind.get(kind, 0) + 1
    states = dict(
        session.execute(
            select(Notification.state, func.count()).where(col(Notification.state).in_(OWED)).group_by(Notification.state)
        ).all()
    )
    # The newest change by its primary key, not a count of them all.
    head = session.execute(select(Change.id, Change.at).order_by(col(Change.id).desc()).limit(1)).one_or_none()
    last_id, last_at = head if head is not None else (None, None)
    return PushSummary(by_kind, {state: states.get(state, 0) for state in OWED}, last_id, last_at)
