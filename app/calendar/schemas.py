"""Request and response models of the calendar API."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from app.calendar.working import CalendarStatus, DayKind
from app.core.validation import IsoDate


class NamedDay(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    name: str


class CalendarYearPublic(BaseModel):
    year: int
    status: CalendarStatus = Field(description="official: the State Council's arrangement; provisional: none yet")
    source: str | None
    holidays: list[NamedDay] = Field(description="Weekdays off (weekends are off anyway)")
    workdays: list[NamedDay] = Field(description="Make-up working days (调休上班日) on weekends")
    loaded_by: str | None
    loaded_at: datetime | None


class ArrangedDay(BaseModel):
    date: IsoDate
    name: str = Field(default="", max_length=64, examples=["国庆节"])


class ArrangementIn(BaseModel):
    """A year's arrangement as the State Council's notice sets it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "source": "国务院办公厅关于2027年部分节假日安排的通知",
                "holidays": [{"date": "2027-10-04", "name": "国庆节"}],
                "workdays": [{"date": "2027-09-26", "name": "调休上班日"}],
            }
        }
    )

    source: str = Field(min_length=1, max_length=256, description="The notice, by title or 文号")
    holidays: list[ArrangedDay] = Field(max_length=60, description="Weekdays off")
    workdays: list[ArrangedDay] = Field(default=[], max_length=20, description="Weekend working days")


class WorkingDays(BaseModel):
    start: date
    end: date
    count: int
    days: list[date]
    calendar: CalendarStatus


class DayExplained(BaseModel):
    date: date
    note: str = Field(description="counted, skipped or due")
    kind: DayKind
    name: str | None = Field(description="The holiday, where the day is one")
    count: int | None = Field(description="Rank of a counted day in the period")
