"""Calendar tables: each arranged year, its days, and every load kept as history."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from app.core.types import UtcDateTime


class CalendarYear(SQLModel, table=True):
    """A year whose arrangement the State Council has published (or an admin has loaded)."""

    __tablename__ = "calendar_years"

    year: int = Field(primary_key=True, ge=1900, le=2200)
    status: str = Field(max_length=16)
    source: str = Field(max_length=256, description="The notice the arrangement comes from")
    loaded_by: str = Field(max_length=64)
    loaded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class CalendarDay(SQLModel, table=True):
    """A weekday off (holiday) or a weekend working day (workday) of an arranged year."""

    __tablename__ = "calendar_days"

    day: date = Field(primary_key=True)
    year: int = Field(foreign_key="calendar_years.year", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=16, description="holiday or workday")
    name: str = Field(max_length=64)


class CalendarLoad(SQLModel, table=True):
    """Every arrangement ever loaded, who loaded it and when: the calendar's history."""

    __tablename__ = "calendar_loads"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    source: str = Field(max_length=256)
    loaded_by: str = Field(max_length=64)
    loaded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    holidays: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    workdays: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
