"""Delivering notifications: claim what is due, send it signed, record the attempt, retry later.

A claim is a lease: the claiming worker's token and a time the lease runs out, written and
committed before anything is sent (on PostgreSQL with FOR UPDATE SKIP LOCKED, so two workers
never claim one notification; SQLite has one writer at a time). The lease outlasts the request's
timeout, so no other worker sends the notification while it is being sent; a worker that dies
mid-delivery leaves a lease that runs out, and the notification is sent again under the same
webhook-id, which receivers drop as a duplicate.
"""

import json
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from sqlalchemy import bindparam, or_, select, update
from sqlmodel import Session
from standardwebhooks.webhooks import Webhook

from app.feed.service import CHANGES, public_change
from app.subscriptions.models import DeliveryAttempt, Notification, Subscription

NOTIFICATIONS, SUBSCRIPTIONS, ATTEMPTS = Notification.__table__, Subscription.__table__, DeliveryAttempt.__table__
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
DRAWN_FROM_CHANGE = (
    "at", "event_id", "disclosure_id", "jurisdiction_code", "domain_code", "platform", "subject", "notice_type", "status",
    "disclosure_status", "due_date", "detail",
)
TIMEOUT = "timeout"


def retry_delay(attempts: int, base_seconds: float, cap_seconds: float, draw: float) -> float:
    """Exponential backoff with jitter: between half and all of base·2^(attempts−1), capped.
    `draw` is a random number in [0, 1); the jitter keeps a receiver that comes back from being
    hit by every retry at once."""
    ceiling = min(cap_seconds, base_seconds * 2 ** max(attempts - 1, 0))
    return ceiling / 2 + draw * ceiling / 2


@dataclass(frozen=True)
class Claimed:
    id: int
    webhook_id: str
    subscription_id: int
    body: str
    attempts: int
    created_at: datetime
    url: str
    secret: str


@dataclass(frozen=True)
class Sent:
    claimed: Claimed
    started_at: datetime
    duration_ms: int
    outcome: str
    status_code: int | None
    error: str | None


def claim(session: Session, limit: int, lease_seconds: float, now: datetime) -> tuple[str, list[Claimed]]:
    """Lease up to `limit` notifications due now, oldest first: (the lease's token, what it holds)."""
    token = secrets.token_hex(8)
    due = (
        select(NOTIFICATIONS.c.id)
        .where(
            NOTIFICATIONS.c.state == PENDING,
            NOTIFICATIONS.c.next_attempt_at <= now,
            or_(NOTIFICATIONS.c.leased_until.is_(None), NOTIFICATIONS.c.leased_until < now),
        )
        .order_by(NOTIFICATIONS.c.next_attempt_at, NOTIFICATIONS.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    connection = session.connection()
    ids = list(connection.execute(due).scalars())
    if not ids:
        return token, []
    connection.execute(
        update(NOTIFICATIONS)
        .where(NOTIFICATIONS.c.id.in_(ids))
        .values(lease=token, leased_until=now + timedelta(seconds=lease_seconds))
    )
    rows = connection.execute(
        select(
            NOTIFICATIONS.c.id, NOTIFICATIONS.c.webhook_id, NOTIFICATIONS.c.subscription_id, NOTIFICATIONS.c.type,
            NOTIFICATIONS.c.attempts, NOTIFICATIONS.c.created_at, NOTIFICATIONS.c.change_id, SUBSCRIPTIONS.c.url,
            SUBSCRIPTIONS.c.secret, *(CHANGES.c[name] for name in DRAWN_FROM_CHANGE),
        )
        .join(SUBSCRIPTIONS, SUBSCRIPTIONS.c.id == NOTIFICATIONS.c.subscription_id)
        .join(CHANGES, CHANGES.c.id == NOTIFICATIONS.c.change_id)
        .where(NOTIFICATIONS.c.id.in_(ids))
        .order_by(NOTIFICATIONS.c.id)
    ).mappings()
    claimed = [
        Claimed(
            id=row["id"],
            webhook_id=row["webhook_id"],
            subscription_id=row["subscription_id"],
            body=body(row["type"], row, row["created_at"]),
            attempts=row["attempts"],
            created_at=row["created_at"],
            url=row["url"],
            secret=row["secret"],
        )
        for row in rows
    ]
    return token, claimed


def body(type_: str, change: Mapping[str, Any], created_at: datetime) -> str:
    """What a notification says, as Standard Webhooks suggests ({type, timestamp, data}): drawn
    from the change and the notification alone, so every attempt sends the same bytes."""
    data = {"change": change["change_id"], "at": change["at"].isoformat(), **public_change(change)}
    if data["due_date"] is not None:
        data["due_date"] = data["due_date"].isoformat()
    if change["event_id"] is not None:
        data["links"] = {"event": f"/v1/events/{change['event_id']}"}
    payload = {"type": type_, "timestamp": created_at.isoformat(), "data": data}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


async def send(client: aiohttp.ClientSession, claimed: Claimed) -> Sent:
    """POST the body, signed by the subscription's secret; 2xx is delivered, anything else a
    failure. Redirects are not followed: a subscriber's URL is where its notifications go."""
    started = datetime.now(UTC)
    signature = Webhook(claimed.secret).sign(claimed.webhook_id, started, claimed.body)
    headers = {
        "content-type": "application/json",
        "webhook-id": claimed.webhook_id,
        "webhook-timestamp": str(int(started.timestamp())),
        "webhook-signature": signature,
        "user-agent": "disclosure-rules-webhooks/1",
    }
    status_code, error = None, None
    try:
        async with client.post(claimed.url, data=claimed.body.encode("utf-8"), headers=headers, allow_redirects=False) as response:
            await response.read()
            status_code = response.status
        outcome = DELIVERED if 200 <= status_code < 300 else FAILED
        if outcome == FAILED:
            error = f"HTTP {status_code}"
    except TimeoutError:
        outcome, error = TIMEOUT, "no answer in time"
    except (aiohttp.ClientError, OSError, ValueError) as failure:
        outcome, error = FAILED, f"{type(failure).__name__}: {failure}"[:512]
    duration = datetime.now(UTC) - started
    return Sent(claimed, started, int(duration.total_seconds() * 1000), outcome, status_code, error)


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float
    cap_seconds: float
    retry_for: timedelta
    """Failures are retried until the notification is this old: at least this long."""


def settle(session: Session, token: str, results: Sequence[Sent], policy: RetryPolicy, rng: random.Random) -> None:
    """Record each attempt, and mark its notification delivered, due again, or given up. A lease
    that ran out meanwhile (another worker took the notification over) is not overwritten: its
    attempt is still recorded, as it happened."""
    connection = session.connection()
    now = datetime.now(UTC)
    attempts, updates = [], []
    for sent in results:
        claimed = sent.claimed
        attempt = claimed.attempts + 1
        next_at = None
        if sent.outcome == DELIVERED:
            state = DELIVERED
        elif now - claimed.created_at >= policy.retry_for:
            state = FAILED
        else:
            state = PENDING
            next_at = now + timedelta(seconds=retry_delay(attempt, policy.base_seconds, policy.cap_seconds, rng.random()))
        attempts.append({
            "notification_id": claimed.id,
            "subscription_id": claimed.subscription_id,
            "attempt": attempt,
            "started_at": sent.started_at,
            "duration_ms": sent.duration_ms,
            "outcome": sent.outcome,
            "status_code": sent.status_code,
            "error": sent.error,
            "next_attempt_at": next_at,
        })
        updates.append({
            "the_id": claimed.id,
            "the_lease": token,
            "state": state,
            "attempts": attempt,
            "next_attempt_at": next_at or now,
            "delivered_at": now if state == DELIVERED else None,
        })
    if not results:
        return
    connection.execute(ATTEMPTS.insert(), attempts)
    connection.execute(
        update(NOTIFICATIONS)
        .where(NOTIFICATIONS.c.id == bindparam("the_id"), NOTIFICATIONS.c.lease == bindparam("the_lease"))
        .values(
            state=bindparam("state"),
            attempts=bindparam("attempts"),
            next_attempt_at=bindparam("next_attempt_at"),
            delivered_at=bindparam("delivered_at"),
            lease=None,
            leased_until=None,
        ),
        updates,
    )
