"""The changes table: the service's transactional outbox and the source of the change feed.

A change is stored in the transaction that makes it (an event and its verdict, an exemption review,
a catalog import, a calendar load) or, for what happens as time passes (a disclosure coming due,
one going overdue), in the worker's transaction that notices it. Notifications are fanned out
from it by the worker, so the platforms' hot path writes one row however many subscribers listen.

On PostgreSQL every change also keeps the transaction that wrote it (`xact`, an xid8 the
migration adds, not mapped here): ids are drawn before commit, so a smaller id can commit after a
larger one, and readers page by (xact, id) below the oldest transaction still running instead
(app/feed/service.py). SQLite commits one writer at a time, so its ids are commit order.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from app.core.types import BigId, UtcDateTime

POSTGRESQL_ONLY = {("column", "xact"), ("index", "ix_changes_xact_id")}
"""Schema the migrations add on PostgreSQL alone and the models leave unmapped (`include_object`)."""


def include_object(_object: object, name: str | None, type_: str, _reflected: bool, _compare_to: object) -> bool:
    """Alembic's filter: schema compared against the models, less what only PostgreSQL has."""
    return (type_, name) not in POSTGRESQL_ONLY


class ChangeKind(StrEnum):
    EVENT = "event"
    """An event recorded, with its verdict and its disclosure's status after it."""
    EXEMPTION_REVIEW = "exemption_review"
    """An exemption granted or rejected: the disclosure's status after it."""
    DUE_SOON = "due_soon"
    """A pending disclosure within `due_soon_days` working days of its due date."""
    OVERDUE = "overdue"
    """A disclosure still unpublished after its due date."""
    CATALOG_CHANGED = "catalog_changed"
    CALENDAR_CHANGED = "calendar_changed"


class Change(SQLModel, table=True):
    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_jurisdiction_id", "jurisdiction_code", "id"),)

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)
    kind: str = Field(max_length=24)
    at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    event_id: int | None = Field(default=None, foreign_key="events.id")
    disclosure_id: int | None = Field(default=None, foreign_key="disclosures.id")
    jurisdiction_code: str | None = Field(default=None, max_length=6, description="null: the whole country")
    domain_code: str | None = Field(default=None, max_length=32)
    platform: str | None = Field(default=None, max_length=64, description="Whose record; null: public data")
    subject: str | None = Field(default=None, max_length=128)
    notice_type: str | None = Field(default=None, max_length=48)
    status: str | None = Field(default=None, max_length=16, description="The event's verdict")
    disclosure_status: str | None = Field(default=None, max_length=24)
    due_date: date | None = None
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    raised_key: str | None = Field(
        default=None, max_length=64, unique=True, description="What a change raised as time passes is raised once for"
    )
