"""The audit log table. The database refuses UPDATE and DELETE on it (migration 0012)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.core.types import UtcDateTime


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False, index=True))
    actor: str = Field(max_length=160, description="The key (id and name) or 'command line'")
    api_key_id: int | None = Field(default=None, foreign_key="api_keys.id", index=True)
    action: str = Field(max_length=48, index=True, description="What was done: keys.create, calendar.load …")
    target: str = Field(max_length=160, description="What it was done to: api_key 5, calendar 2026 …")
    before: Any = Field(default=None, sa_column=Column(JSON))
    after: Any = Field(default=None, sa_column=Column(JSON))
