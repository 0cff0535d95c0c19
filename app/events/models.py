"""Event and disclosure tables.

An event is never updated or deleted (全程留痕): a correction is a new event naming the one it
corrects, and the database refuses UPDATE and DELETE on the table (migration 0003). A
disclosure is the current state of one (obligation, subject), derived from its events.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.core.types import UtcDateTime


class Event(SQLModel, table=True):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("api_key_id", "idempotency_key"),
        Index("ix_events_lineage_subject", "series", "ref", "subject"),
        Index("ix_events_jurisdiction_notice_type", "jurisdiction_code", "notice_type"),
        Index("ix_events_corrects", "corrects"),
        Index("ix_events_platform", "platform", "id"),
        Index("ix_events_jurisdiction_id", "jurisdiction_code", "id"),
        # received_at only grows with the id (events are never updated): on PostgreSQL a BRIN
        # index answers its ranges at a thousandth of a B-tree's size (docs/scale-out.md §2).
        Index("ix_events_received_at", "received_at", postgresql_using="brin", postgresql_with={"autosummarize": "on"}),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=16, description="publication or trigger")
    obligation_id: int | None = Field(
        default=None, foreign_key="obligations.id", index=True, description="As posted or resolved; null: statutes alone"
    )
    judged_obligation_id: int | None = Field(
        default=None,
        foreign_key="obligations.id",
        description="The obligation as the catalog in force on the trigger date states it",
    )
    catalog_id: int | None = Field(
        default=None, foreign_key="catalogs.id", description="The catalog version the verdict used"
    )
    series: str = Field(max_length=64, description="'' when no catalog row applies")
    ref: str = Field(max_length=16)
    jurisdiction_code: str = Field(max_length=6)
    notice_type: str | None = Field(default=None, max_length=48)
    submission: str | None = Field(default=None, max_length=16, description="electronic or paper")
    triggers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    rules: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    subject: str = Field(max_length=128, index=True)
    triggered_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    trigger_event_id: int | None = Field(default=None, foreign_key="events.id")
    published_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    publisher: str | None = Field(default=None, max_length=128)
    channel: str | None = Field(default=None, max_length=128)
    url: str | None = Field(default=None, max_length=2048)
    title: str | None = Field(default=None, max_length=512)
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    exemption: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    corrects: int | None = Field(default=None, foreign_key="events.id")
    status: str = Field(max_length=16, index=True)
    timeliness: str | None = Field(default=None, max_length=16)
    due_date: date
    due_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    late_by: int | None = None
    late_unit: str | None = Field(default=None, max_length=16)
    calendar: str = Field(max_length=16)
    checks: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    api_key_id: int = Field(foreign_key="api_keys.id")
    platform: str = Field(max_length=64, description="The platform of the key that posted it: it alone may correct it")
    domain_code: str | None = Field(default=None, max_length=32)
    received_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    idempotency_key: str | None = Field(default=None, max_length=128)
    request_hash: str | None = Field(default=None, max_length=64)


class Disclosure(SQLModel, table=True):
    """One notice of one subject: trigger, due date and whether it was published in time. A row
    covering several notices keeps one disclosure per notice type."""

    __tablename__ = "disclosures"
    __table_args__ = (
        # Subjects are each platform's own: two platforms' 项目 A are two disclosures.
        UniqueConstraint("platform", "jurisdiction_code", "series", "ref", "notice_type", "subject", name="uq_disclosures_lineage"),
        # The overdue list: pending disclosures whose due date has passed, straight off an index.
        Index("ix_disclosures_status_due_date", "status", "due_date"),
        # One jurisdiction's overdue list in paging order (keyset on due date, id): no sort.
        Index("ix_disclosures_jurisdiction_status_due", "jurisdiction_code", "status", "due_date", "id"),
        # An exemption review finds the disclosure its event decided.
        Index("ix_disclosures_publication_event", "publication_event_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=64)
    series: str = Field(max_length=64)
    ref: str = Field(max_length=16)
    notice_type: str = Field(default="", max_length=48, sa_column_kwargs={"server_default": ""})
    subject: str = Field(max_length=128, index=True)
    obligation_id: int | None = Field(default=None, foreign_key="obligations.id", index=True)
    jurisdiction_code: str = Field(max_length=6)
    domain_code: str = Field(max_length=32)
    status: str = Field(max_length=24, description="pending, published_on_time, published_late or exempt")
    verdict: str | None = Field(default=None, max_length=16, description="Status of the deciding publication")
    exemption: str | None = Field(
        default=None, max_length=16, description="The deciding publication's exemption: claimed, granted or rejected"
    )
    triggered_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    due_date: date | None = None
    due_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    trigger_event_id: int | None = Field(default=None, foreign_key="events.id")
    publication_event_id: int | None = Field(default=None, foreign_key="events.id")
    published_at: datetime | None = Field(default=None, sa_column=Column(UtcDateTime()))
    # The deciding publication's result of each check (pass, fail, not_applicable, unverified;
    # null until published), kept here so that reports count them with GROUP BY.
    timeliness_check: str | None = Field(default=None, max_length=16)
    channel_check: str | None = Field(default=None, max_length=16)
    publisher_check: str | None = Field(default=None, max_length=16)
    content_check: str | None = Field(default=None, max_length=16)
    updated_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class ExemptionReview(SQLModel, table=True):
    """A reviewer's decision on the exemption an event claims. Append-only like the events: a
    decision changed is a new decision, and the newest stands."""

    __tablename__ = "exemption_reviews"

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", index=True)
    decision: str = Field(max_length=16, description="granted or rejected")
    reason: str = Field(max_length=512)
    api_key_id: int = Field(foreign_key="api_keys.id")
    reviewed_by: str = Field(max_length=160)
    reviewed_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
