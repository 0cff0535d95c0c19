"""Response models of the due-date API."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from app.calendar.schemas import DayExplained
from app.calendar.working import CalendarStatus
from app.catalog.schemas import DeadlinePublic


class AlternativeDue(BaseModel):
    condition: str | None
    due_date: date
    due_at: datetime
    calendar: CalendarStatus


class Explanation(BaseModel):
    zh: str
    en: str
    days: list[DayExplained] = Field(description="Days between trigger and due date, counted or skipped")


class DueDatePublic(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "obligation_id": 1,
                "triggered_at": "2025-09-26T00:00:00+08:00",
                "due_date": "2025-10-30",
                "due_at": "2025-10-30T23:59:59+08:00",
                "calendar": "official",
                "rule": {
                    "text": "自信息形成或变更之日起20个工作日内",
                    "kind": "after",
                    "trigger": "info_formed",
                    "amount": 20,
                    "unit": "working_day",
                    "defaulted": False,
                },
                "explanation": {
                    "zh": "自2025-09-26（不计当日）起第20个工作日：2025-10-30。",
                    "en": "The 20th working day after 2025-09-26 (the trigger day does not count): 2025-10-30.",
                    "days": [],
                },
                "alternatives": [],
            }
        }
    )

    obligation_id: int
    triggered_at: datetime = Field(description="The trigger in China Standard Time")
    due_date: date = Field(description="Latest on-time publication date, local")
    due_at: datetime = Field(description="Latest on-time instant (+08:00); end of the due day for day rules")
    calendar: CalendarStatus = Field(description="provisional when a year in the period has no official arrangement")
    rule: DeadlinePublic
    explanation: Explanation
    alternatives: list[AlternativeDue] = Field(description="Due dates of the further rules the text sets")
