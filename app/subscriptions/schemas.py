"""Request and response models of the subscription and delivery endpoints."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints, UrlConstraints

from app.catalog.domains import DomainCode
from app.subscriptions.models import DeliveryAttempt, Subscription


class NotificationKind(StrEnum):
    DUE_SOON = "due_soon"
    """A pending disclosure `due_soon_days` working days (legal calendar) or fewer before its due date."""
    OVERDUE = "overdue"
    """A disclosure still unpublished after its due date."""
    NONCOMPLIANT = "noncompliant"
    """An event judged noncompliant."""
    CATALOG_CHANGED = "catalog_changed"
    """A new catalog version imported."""
    CALENDAR_CHANGED = "calendar_changed"
    """A year's holiday arrangement loaded."""


WebhookUrl = Annotated[AnyHttpUrl, UrlConstraints(max_length=2048, allowed_schemes=["http", "https"])]


class SubscriptionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: WebhookUrl = Field(description="Where notifications are POSTed (http or https)", examples=["https://platform.example/hooks/disclosure"])
    kinds: list[NotificationKind] = Field(
        min_length=1, max_length=len(NotificationKind), json_schema_extra={"uniqueItems": True}, examples=[["due_soon", "overdue"]]
    )
    jurisdiction: Annotated[str, StringConstraints(pattern=r"^\d{6}$")] | None = Field(
        default=None,
        description="Only changes in this jurisdiction and those below it; default: everywhere the key's bindings cover",
        examples=["350582"],
    )
    domain: DomainCode | None = Field(default=None, description="Only this domain; default: every domain the key covers")
    due_soon_days: int = Field(default=3, ge=1, le=20, description="For due_soon: working days before the due date")


class SubscriptionPublic(BaseModel):
    id: int
    url: str
    kinds: list[NotificationKind]
    jurisdiction: str | None
    domain: str | None
    due_soon_days: int
    platform: str
    created_at: datetime

    @classmethod
    def of(cls, row: Subscription) -> "SubscriptionPublic":
        return cls(
            id=row.id,
            url=row.url,
            kinds=[NotificationKind(kind) for kind in row.kinds],
            jurisdiction=row.jurisdiction_code,
            domain=row.domain_code,
            due_soon_days=row.due_soon_days,
            platform=row.platform,
            created_at=row.created_at,
        )


class SubscriptionCreated(SubscriptionPublic):
    secret: str = Field(
        description="The signing secret (Standard Webhooks, whsec_…): shown in this answer only. Verify each "
        "delivery's webhook-signature with it."
    )


class DeliveryAttemptPublic(BaseModel):
    id: int
    webhook_id: str = Field(description="The notification's webhook-id: the same on every attempt")
    type: str
    attempt: int
    started_at: datetime
    duration_ms: int
    outcome: str = Field(description="delivered (2xx), failed (another status or no connection) or timeout")
    status_code: int | None
    error: str | None
    next_attempt_at: datetime | None = Field(description="When it is retried; null once delivered or given up")

    @classmethod
    def of(cls, row: DeliveryAttempt, webhook_id: str, type_: str) -> "DeliveryAttemptPublic":
        return cls(
            id=row.id,
            webhook_id=webhook_id,
            type=type_,
            attempt=row.attempt,
            started_at=row.started_at,
            duration_ms=row.duration_ms,
            outcome=row.outcome,
            status_code=row.status_code,
            error=row.error,
            next_attempt_at=row.next_attempt_at,
        )
