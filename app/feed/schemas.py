"""Response models of the change feed."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from app.feed.models import ChangeKind


class FeedItem(BaseModel):
    cursor: str = Field(description="This change's position: pass it as `after` to read what follows it")
    kind: ChangeKind
    at: datetime
    event_id: int | None
    disclosure_id: int | None
    jurisdiction: str | None = Field(description="null: the whole country (a calendar)")
    domain: str | None
    platform: str | None = Field(description="Whose record; null for public data (catalogs, calendars)")
    subject: str | None
    notice_type: str | None
    status: str | None = Field(description="The event's verdict (kind event)")
    disclosure_status: str | None = Field(description="The disclosure's status after the change")
    due_date: date | None
    detail: dict[str, Any]


class FeedPage(BaseModel):
    items: list[FeedItem]
    next_cursor: str = Field(
        description="Pass as `after` for the changes that follow; the same cursor when nothing new has committed"
    )
