"""Subscriptions, the notifications owed to them, and every delivery attempt.

A notification is one change (app/feed/models.py) for one subscription. Its body is drawn from the
change, which never changes, and the notification's own type and time, so every retry sends the
same bytes under the same `webhook-id`; nothing is stored twice for ten subscribers. Attempts are
appended, never changed.
"""

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, Session, SQLModel, select

from app.core.types import BigId, UtcDateTime


class Subscription(SQLModel, table=True):
    __tablename__ = "subscriptions"

    id: int | None = Field(default=None, primary_key=True)
    api_key_id: int = Field(foreign_key="api_keys.id", index=True)
    platform: str = Field(max_length=64, description="The platform of the key that made it; it alone lists and deletes it")
    url: str = Field(max_length=2048)
    kinds: list[str] = Field(sa_column=Column(JSON, nullable=False))
    jurisdiction_code: str | None = Field(default=None, max_length=6, description="null: everywhere the key's bindings cover")
    domain_code: str | None = Field(default=None, max_length=32)
    due_soon_days: int = 3
    secret: str = Field(max_length=64, description="The Standard Webhooks signing secret (whsec_…)")
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    deleted_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("subscription_id", "change_id"),
        # The worker's claim: undelivered notifications whose time has come, oldest first.
        Index("ix_notifications_state_next_attempt", "state", "next_attempt_at"),
    )

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    webhook_id: str = Field(max_length=40, unique=True, description="The webhook-id header: the same on every retry")
    subscription_id: int = Field(foreign_key="subscriptions.id")
    change_id: int = Field(sa_type=BigId, foreign_key="changes.id")
    type: str = Field(max_length=40)
    state: str = Field(max_length=12, description="pending, delivered or failed (retries exhausted)")
    attempts: int = 0
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    next_attempt_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    lease: str | None = Field(default=None, max_length=32, description="The worker delivering it now")
    leased_until: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    delivered_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class DeliveryAttempt(SQLModel, table=True):
    __tablename__ = "delivery_attempts"
    __table_args__ = (Index("ix_delivery_attempts_subscription_id", "subscription_id", "id"),)

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    notification_id: int = Field(sa_type=BigId, foreign_key="notifications.id", index=True)
    subscription_id: int = Field(foreign_key="subscriptions.id")
    attempt: int
    started_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    duration_ms: int
    outcome: str = Field(max_length=12, description="delivered, failed or timeout")
    status_code: int | None = None
    error: str | None = Field(default=None, max_length=512)
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))


class PushPosition(SQLModel, table=True):
    """How far a worker's step has read the changes, one row a step, locked by the worker taking
    it: the fan-out (`fanout`), and the raising of overdue disclosures (`raised`, with the day of
    its last round)."""

    __tablename__ = "push_positions"

    name: str = Field(primary_key=True, max_length=32)
    xact: int = Field(default=0, sa_type=BigInteger)
    change_id: int = Field(default=0, sa_type=BigInteger)
    day: date | None = None

    @classmethod
    def take(cls, session: Session, name: str) -> "PushPosition | None":
        """The step's position, locked until the transaction ends; None while another worker holds it."""
        return session.exec(select(cls).where(cls.name == name).with_for_update(skip_locked=True)).first()
