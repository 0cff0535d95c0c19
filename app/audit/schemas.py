"""The audit log as the API answers it."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from app.audit.models import AuditEntry


class AuditEntryPublic(BaseModel):
    id: int
    at: datetime
    actor: str = Field(description="The key (id and name) that made the change, or 'command line'")
    api_key_id: int | None
    action: str = Field(description="keys.create, keys.revoke, calendar.load, catalog.import, department.create …")
    target: str = Field(description="What was changed")
    before: Any = Field(description="The record before the change; null when it is new")
    after: Any = Field(description="The record after the change")

    @classmethod
    def of(cls, row: AuditEntry) -> "AuditEntryPublic":
        return cls(
            id=row.id,
            at=row.at,
            actor=row.actor,
            api_key_id=row.api_key_id,
            action=row.action,
            target=row.target,
            before=row.before,
            after=row.after,
        )
