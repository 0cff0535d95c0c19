"""Due dates: a `Deadline` applied to a trigger on the working calendar. Pure functions.

All arithmetic is in China Standard Time. Legal rules:
- the day of the trigger never counts (民法典 第二百零一条);
- a period in days whose last day is not a working day ends on the next working day
  (民法典 第二百零三条);
- hour periods run through holidays, instant to instant;
- a period in months ends on the corresponding day of its last month, or on that month's last
  day when it has none (民法典 第二百零二条: 1月31日 + 1个月 → 2月28日, or 29日 in a leap year),
  and moves to the next working day like a period in days;
- a fixed date (每年3月31日前) or the end of a recurring period (按月公开, 按季度公开) is the last
  day of a period that runs from the start of the year, month or quarter, so it moves to the next
  working day too when it falls on a day off (民法典 第二百零三条; docs/legal-calendar.md says why);
  a recurring duty that names its day (每季度结束后15日内) counts from that period's end;
- a standing duty (常态化公开) has no due date at all: asking for one is `StandingDuty`.
"""

import calendar as months_calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple

from app.calendar.working import CalendarStatus, DayKind, WorkingCalendar
from app.core.validation import CHINA
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit, TriggerCode

END_OF_DAY = time(23, 59, 59)


class NotComputable(ValueError):
    """A deadline the service cannot compute a date for (unparsed text, missing trigger time)."""


class StandingDuty(NotComputable):
    """A duty to keep information public continuously (常态化公开, 长期公开): no date is due."""

    def __init__(self, deadline: Deadline) -> None:
        super().__init__(
            f"{deadline.text!r} is a standing duty: the information is kept public continuously, so no "
            "publication is due by a date."
        )
        self.deadline = deadline


@dataclass(frozen=True)
class Trigger:
    """When the anchor event happened, in China Standard Time."""

    moment: datetime
    has_time: bool
    day: date = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "day", self.moment.date())

    @classmethod
    def at(cls, value: date | datetime) -> "Trigger":
        """A plain date, a naive time (read as Asia/Shanghai) or an aware time."""
        if isinstance(value, datetime):
            aware = value.replace(tzinfo=CHINA) if value.tzinfo is None else value.astimezone(CHINA)
            return cls(moment=aware, has_time=True)
        return cls(moment=datetime.combine(value, time(0), tzinfo=CHINA), has_time=False)


class DueDate(NamedTuple):
    # A NamedTuple, not a frozen dataclass: built once per computation, and a frozen dataclass
    # costs more to build than the date arithmetic itself (bench/deadlines.py).
    due_date: date
    calendar: CalendarStatus
    uses_calendar: bool
    """False for rules no holiday can move (hours, days before, same day, fixed date)."""
    instant: datetime | None = None
    """The due instant of an hour rule; day rules end with their due day."""

    @property
    def due_at(self) -> datetime:
        return self.instant or datetime.combine(self.due_date, END_OF_DAY, tzinfo=CHINA)


def due_date(deadline: Deadline, trigger: Trigger, calendar: WorkingCalendar) -> DueDate:
    kind, unit, amount = deadline.kind, deadline.unit, deadline.amount
    if kind is DeadlineKind.SAME_DAY:
        return _day_rule(trigger.day, trigger.day, calendar, uses_calendar=False)
    if kind is DeadlineKind.FIXED_DATE:
        if deadline.month is None or deadline.day is None:
            raise NotComputable("the fixed date has no month and day")
        due = date(trigger.day.year + deadline.year_offset, deadline.month, deadline.day)
        return _day_rule(trigger.day, calendar.working_day_on_or_after(due), calendar, uses_calendar=True)
    if kind is DeadlineKind.STANDING:
        raise StandingDuty(deadline)
    if kind is DeadlineKind.RECURRING:
        # The trigger is any day of the period (a month, a quarter) whose information is due.
        ends = period_end(trigger.day, deadline)
        if unit is DeadlineUnit.WORKING_DAY and amount is not None:
            due = calendar.nth_working_day_after(ends, amount)
        elif unit is DeadlineUnit.CALENDAR_DAY and amount is not None:
            due = calendar.working_day_on_or_after(ends + timedelta(days=amount))
        else:
            due = calendar.working_day_on_or_after(ends)
        return _day_rule(trigger.day, due, calendar, uses_calendar=True)
    if kind not in (DeadlineKind.AFTER, DeadlineKind.BEFORE) or amount is None or unit is None:
        raise NotComputable(f"the deadline text could not be read: {deadline.text}")
    if unit in (DeadlineUnit.MONTH, DeadlineUnit.QUARTER):
        months = amount * MONTHS[unit]
        if kind is DeadlineKind.AFTER:
            due = calendar.working_day_on_or_after(add_months(trigger.day, months))
            return _day_rule(trigger.day, due, calendar, uses_calendar=True)
        return _day_rule(trigger.day, add_months(trigger.day, -months), calendar, uses_calendar=False)
    if unit is DeadlineUnit.HOUR:
        if kind is DeadlineKind.BEFORE:
            raise NotComputable("an hour period before a trigger is not a rule the catalogs use")
        due_at = trigger.moment + timedelta(hours=amount)
        return DueDate(due_at.date(), CalendarStatus.OFFICIAL, uses_calendar=False, instant=due_at)
    if unit is DeadlineUnit.WORKING_DAY:
        if kind is DeadlineKind.AFTER:
            due = calendar.nth_working_day_after(trigger.day, amount)
        else:
            due = calendar.nth_working_day_before(trigger.day, amount)
        return _day_rule(trigger.day, due, calendar, uses_calendar=True)
    if kind is DeadlineKind.AFTER:
        # 民法典 第二百零三条: a last day that is not a working day moves to the next one.
        due = calendar.working_day_on_or_after(trigger.day + timedelta(days=amount))
        return _day_rule(trigger.day, due, calendar, uses_calendar=True)
    return _day_rule(trigger.day, trigger.day - timedelta(days=amount), calendar, uses_calendar=False)


MONTHS = {DeadlineUnit.MONTH: 1, DeadlineUnit.QUARTER: 3}


def add_months(day: date, months: int) -> date:
    """民法典 第二百零二条: the corresponding day of the month `months` later (or earlier), or that
    month's last day when it has no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, months_calendar.monthrange(year, month)[1]))


def period_end(day: date, deadline: Deadline) -> date:
    """The last day of the reporting period `day` falls in: its calendar quarter for a quarterly
    duty, else its month."""
    quarterly = deadline.trigger == TriggerCode.REPORTING_QUARTER or deadline.unit is DeadlineUnit.QUARTER
    length = 3 if quarterly else 1
    first = date(day.year, (day.month - 1) // length * length + 1, 1)
    return add_months(first, length) - timedelta(days=1)


def _day_rule(start: date, due: date, calendar: WorkingCalendar, uses_calendar: bool) -> DueDate:
    status = calendar.status_between(start, due) if uses_calendar else CalendarStatus.OFFICIAL
    return DueDate(due, status, uses_calendar)


class DayNoteKind(StrEnum):
    COUNTED = "counted"
    SKIPPED = "skipped"
    DUE = "due"


@dataclass(frozen=True)
class DayNote:
    day: date
    note: DayNoteKind
    kind: DayKind
    name: str | None
    count: int | None = None
    """For a counted working day, its rank in the period."""


def explain_days(deadline: Deadline, trigger: Trigger, due: DueDate, calendar: WorkingCalendar) -> list[DayNote]:
    """The days between trigger and due date, counted or skipped with the reason.

    Only for rules the calendar moves, and only to explain: the due date itself never walks.
    """
    if not due.uses_calendar or deadline.kind not in (DeadlineKind.AFTER, DeadlineKind.BEFORE):
        return []
    if deadline.kind is DeadlineKind.BEFORE:
        days = _range(due.due_date, trigger.day - timedelta(days=1))
        ranks = {day: rank for rank, day in enumerate(reversed(calendar.working_days(days[0], days[-1])), 1)}
    else:
        days = _range(trigger.day + timedelta(days=1), due.due_date)
        ranks = {day: rank for rank, day in enumerate(calendar.working_days(days[0], days[-1]), 1)}
    last_counted = (
        add_months(trigger.day, (deadline.amount or 0) * MONTHS[deadline.unit])
        if deadline.unit in MONTHS
        else trigger.day + timedelta(days=deadline.amount or 0)
    )
    notes = []
    for day in days:
        kind, name = calendar.kind_of(day)
        if deadline.unit in (DeadlineUnit.CALENDAR_DAY, *MONTHS):
            within = day <= last_counted
            note = DayNoteKind.COUNTED if within else DayNoteKind.SKIPPED
            rank = (day - trigger.day).days if within else None
        else:
            note = DayNoteKind.COUNTED if day in ranks else DayNoteKind.SKIPPED
            rank = ranks.get(day)
        if day == due.due_date:
            note = DayNoteKind.DUE
        notes.append(DayNote(day, note, kind, name, rank))
    return notes


def _range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
