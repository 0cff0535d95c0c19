"""The working calendar and the deadline arithmetic on it, against SPEC's worked examples and an
independent second source (chinese_calendar) walked day by day."""

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest

from app.calendar.sources import OFFICIAL_YEARS, library_official_years
from app.calendar.working import CalendarStatus, DayKind, OutOfCalendar, WorkingCalendar
from app.deadlines.due import Trigger, due_date
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit

CALENDAR = WorkingCalendar(library_official_years())
FIRST, LAST = date(2018, 1, 1), date(2026, 12, 31)


def rule(kind: str, amount: int | None = None, unit: str | None = None, **extra) -> Deadline:
    return Deadline(
        text="test",
        kind=DeadlineKind(kind),
        trigger="info_formed",
        amount=amount,
        unit=DeadlineUnit(unit) if unit else None,
        **extra,
    )


def due(kind: str, amount: int | None, unit: str | None, trigger, **extra):  # noqa: ANN001
    return due_date(rule(kind, amount, unit, **extra), Trigger.at(trigger), CALENDAR)


def days(start: date, end: date):  # noqa: ANN201
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


# The day-by-day reference, on the second source: what a clerk with a printed calendar does.
def walk_after(day: date, n: int) -> date:
    while n:
        day += timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


def walk_before(day: date, n: int) -> date:
    while n:
        day -= timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


def test_agrees_with_the_second_source_on_every_day_2018_to_2026() -> None:
    disagreements = [day for day in days(FIRST, LAST) if CALENDAR.is_working_day(day) != chinese_calendar.is_workday(day)]
    assert disagreements == []
    assert OFFICIAL_YEARS == tuple(range(2018, 2027))


@pytest.mark.parametrize(
    ("kind", "amount", "unit", "trigger", "expected"),
    [
        ("after", 20, "working_day", date(2025, 9, 26), date(2025, 10, 30)),
        ("after", 3, "calendar_day", date(2025, 9, 29), date(2025, 10, 9)),
        ("before", 20, "working_day", date(2025, 3, 31), date(2025, 3, 3)),
        ("after", 7, "working_day", date(2026, 2, 11), date(2026, 2, 27)),
    ],
)
def test_spec_worked_examples(kind, amount, unit, trigger, expected) -> None:  # noqa: ANN001
    result = due(kind, amount, unit, trigger)
    assert result.due_date == expected
    assert result.due_at == datetime.fromisoformat(f"{expected}T23:59:59+08:00")
    assert result.calendar is CalendarStatus.OFFICIAL


def test_spec_hour_example() -> None:
    result = due("after", 12, "hour", datetime.fromisoformat("2025-09-30T20:00+08:00"))
    assert result.due_at == datetime.fromisoformat("2025-10-01T08:00+08:00")
    assert result.due_date == date(2025, 10, 1)


def holiday_periods() -> list[tuple[date, date]]:
    """Every run of days off 2018-2026 that holds a holiday: (first day off, last day off)."""
    periods, start = [], None
    for day in days(FIRST - timedelta(days=10), LAST):
        if not chinese_calendar.is_workday(day):
            start = start or day
        elif start:
            if any(chinese_calendar.is_holiday(d) and d.weekday() < 5 for d in days(start, day - timedelta(days=1))):
                periods.append((start, day - timedelta(days=1)))
            start = None
    return [(s, e) for s, e in periods if FIRST <= e]


PERIODS = holiday_periods()


def test_there_are_holiday_periods_in_every_year() -> None:
    assert {end.year for _, end in PERIODS} == set(range(2018, 2027))
    assert len(PERIODS) >= 9 * 6


@pytest.mark.parametrize(("first_off", "last_off"), PERIODS, ids=[f"{s}..{e}" for s, e in PERIODS])
def test_every_holiday_period_from_both_sides_and_inside(first_off: date, last_off: date) -> None:
    before = first_off - timedelta(days=1)
    after = last_off + timedelta(days=1)
    assert CALENDAR.is_working_day(before) and CALENDAR.is_working_day(after)
    # From the working day before: the next working day is the one after the period.
    assert due("after", 1, "working_day", before).due_date == after
    for n in (1, 3, 10):
        assert due("after", n, "working_day", before).due_date == walk_after(before, n)
        assert due("before", n, "working_day", after).due_date == walk_before(after, n)
    # From inside, every day of the period: working days count from the day after the break.
    for day in days(first_off, last_off):
        assert not CALENDAR.is_working_day(day)
        assert due("after", 1, "working_day", day).due_date == after
        assert due("after", 5, "working_day", day).due_date == walk_after(day, 5)
        assert due("before", 1, "working_day", day).due_date == before
        # A calendar-day period ending inside the break moves to the first day after it.
        if day < last_off:
            assert due("after", (last_off - day).days, "calendar_day", day).due_date == after
    # From the working day after, counting back.
    assert due("before", 1, "working_day", after).due_date == before


def test_spring_festival_2020_extended_by_the_state_council() -> None:
    for day in (date(2020, 1, 31), date(2020, 2, 1), date(2020, 2, 2)):
        assert not CALENDAR.is_working_day(day)
    # 2020-02-01 was a make-up working day before the extension cancelled it.
    assert CALENDAR.kind_of(date(2020, 2, 1))[0] is DayKind.WEEKEND
    assert due("after", 1, "working_day", date(2020, 1, 23)).due_date == date(2020, 2, 3)


def test_trigger_on_a_holiday() -> None:
    assert due("after", 3, "calendar_day", date(2025, 10, 1)).due_date == date(2025, 10, 9)
    assert due("after", 1, "working_day", date(2025, 10, 1)).due_date == date(2025, 10, 9)
    assert due("before", 1, "working_day", date(2025, 10, 1)).due_date == date(2025, 9, 30)


def test_trigger_on_a_make_up_working_day() -> None:
    assert CALENDAR.kind_of(date(2025, 9, 28)) == (DayKind.MAKE_UP_WORKING_DAY, "调休上班日")
    assert due("after", 1, "working_day", date(2025, 9, 28)).due_date == date(2025, 9, 29)
    # Counting towards it: the Sunday is a working day like any other.
    assert due("after", 1, "working_day", date(2025, 9, 26)).due_date == date(2025, 9, 28)
    assert due("before", 1, "working_day", date(2025, 9, 29)).due_date == date(2025, 9, 28)


def test_across_a_year_end() -> None:
    # 2026-01-01 and 01-02 are off, Sunday 01-04 is worked.
    result = due("after", 5, "working_day", date(2025, 12, 30))
    assert result.due_date == walk_after(date(2025, 12, 30), 5) == date(2026, 1, 7)
    assert due("before", 3, "working_day", date(2026, 1, 5)).due_date == walk_before(date(2026, 1, 5), 3)
    assert due("after", 3, "calendar_day", date(2025, 12, 29)).due_date == date(2026, 1, 4)


def test_calendar_days() -> None:
    assert due("after", 7, "calendar_day", date(2025, 3, 3)).due_date == date(2025, 3, 10)
    # Ends on a Saturday: the next working day.
    assert due("after", 5, "calendar_day", date(2025, 3, 3)).due_date == date(2025, 3, 10)
    # Before, in calendar days: no adjustment.
    assert due("before", 20, "calendar_day", date(2025, 10, 28)).due_date == date(2025, 10, 8)


def test_hours_across_midnight_and_holidays() -> None:
    crossing = due("after", 12, "hour", datetime.fromisoformat("2026-02-14T22:30+08:00"))
    assert crossing.due_at == datetime.fromisoformat("2026-02-15T10:30+08:00")
    through_holiday = due("after", 48, "hour", datetime.fromisoformat("2025-10-01T09:00+08:00"))
    assert through_holiday.due_at == datetime.fromisoformat("2025-10-03T09:00+08:00")
    # An instant in another zone is read in China Standard Time.
    utc = due("after", 12, "hour", datetime.fromisoformat("2025-09-30T12:00+00:00"))
    assert utc.due_at == datetime.fromisoformat("2025-10-01T08:00+08:00")
    assert utc.due_date == date(2025, 10, 1)
    # A naive time is Asia/Shanghai.
    naive = due("after", 12, "hour", datetime(2025, 9, 30, 20, 0))
    assert naive.due_at == datetime.fromisoformat("2025-10-01T08:00+08:00")


def test_same_day_and_fixed_date() -> None:
    assert due("same_day", None, None, date(2025, 10, 1)).due_date == date(2025, 10, 1)
    assert due("fixed_date", None, None, date(2025, 1, 15), month=3, day=31).due_date == date(2025, 3, 31)
    assert due("fixed_date", None, None, date(2025, 1, 15), month=3, day=31, year_offset=1).due_date == date(2026, 3, 31)


def test_a_fixed_date_on_a_day_off_moves_to_the_next_working_day() -> None:
    # 民法典 第二百零三条: 每年3月31日前 ends a period; 2024-03-31 was a Sunday, so Monday 04-01.
    assert due("fixed_date", None, None, date(2024, 1, 10), month=3, day=31).due_date == date(2024, 4, 1)
    # 2025-05-01 falls in Labour Day (May 1-5 off): the next working day is May 6.
    assert due("fixed_date", None, None, date(2025, 1, 10), month=5, day=1).due_date == date(2025, 5, 6)


def test_a_monthly_duty_is_due_with_the_month() -> None:
    # 喀左 序号2: 在建项目按月公开进展. 2025-11-30 is a Sunday: Monday 12-01.
    assert due("recurring", 1, "month", date(2025, 11, 3)).due_date == date(2025, 12, 1)
    # December wraps into the next year; 2025-12-31 is a Wednesday.
    assert due("recurring", 1, "month", date(2025, 12, 15)).due_date == date(2025, 12, 31)
    # 2026-01-31 is a Saturday: Monday 02-02.
    assert due("recurring", 1, "month", date(2026, 1, 1)).due_date == date(2026, 2, 2)


def test_provisional_year() -> None:
    assert CALENDAR.status_of(2027) is CalendarStatus.PROVISIONAL
    # 2027: statutory holidays only. National Day Oct 1-3 (Fri-Sun), no 调休 yet.
    result = due("after", 5, "working_day", date(2027, 9, 30))
    assert result.due_date == date(2027, 10, 8)
    assert result.calendar is CalendarStatus.PROVISIONAL
    assert not CALENDAR.is_working_day(date(2027, 2, 5))  # 除夕 (since 2025 a statutory holiday)
    # A period from an official year into a provisional one is provisional.
    assert due("after", 5, "working_day", date(2026, 12, 28)).calendar is CalendarStatus.PROVISIONAL
    assert due("after", 5, "working_day", date(2026, 12, 1)).calendar is CalendarStatus.OFFICIAL


def test_loading_a_year_changes_the_results() -> None:
    from app.calendar.working import YearArrangement

    official_2027 = YearArrangement(
        year=2027,
        status=CalendarStatus.OFFICIAL,
        holidays={date(2027, 10, d): "国庆节" for d in (1, 4, 5, 6, 7)},
        workdays={date(2027, 9, 26): "调休上班日", date(2027, 10, 9): "调休上班日"},
        source="test",
    )
    loaded = WorkingCalendar({**library_official_years(), 2027: official_2027})
    result = due_date(rule("after", 5, "working_day"), Trigger.at(date(2027, 9, 30)), loaded)
    # Oct 8 (Fri), the make-up Saturday Oct 9, then Oct 11, 12, 13.
    assert result.due_date == date(2027, 10, 13)
    assert result.calendar is CalendarStatus.OFFICIAL


def test_outside_the_calendar() -> None:
    with pytest.raises(OutOfCalendar):
        due("after", 1, "working_day", date(1999, 12, 1))
    with pytest.raises(OutOfCalendar):
        due("after", 10, "working_day", date(2099, 12, 28))


def test_working_days_in_a_range() -> None:
    assert CALENDAR.count_working_days(date(2025, 10, 1), date(2025, 10, 8)) == 0
    assert CALENDAR.working_days(date(2025, 9, 27), date(2025, 10, 12)) == [
        date(2025, 9, 28), date(2025, 9, 29), date(2025, 9, 30), date(2025, 10, 9), date(2025, 10, 10), date(2025, 10, 11)
    ]
