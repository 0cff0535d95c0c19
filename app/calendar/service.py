"""The working calendar in the database: loading arrangements, and the cached index.

The index is rebuilt only when the calendar changed, which one cheap query tells (the newest
load's id), so every replica follows an admin's load on its next request.
"""

from datetime import UTC, date, datetime

from sqlmodel import Session, col, delete, select

from app.audit.service import record
from app.calendar.errors import InvalidArrangement
from app.calendar.models import CalendarDay, CalendarLoad, CalendarYear
from app.calendar.sources import OFFICIAL_YEARS, library_arrangement
from app.calendar.working import (
    CalendarStatus,
    WorkingCalendar,
    YearArrangement,
    is_weekend,
    statutory_arrangement,
)
from app.core.revisions import CALENDAR, RevisionCache
from app.feed.models import ChangeKind
from app.feed.service import record_change
from app.keys.models import ApiKey

HOLIDAY, WORKDAY = "holiday", "workday"



def validate_arrangement(year: int, holidays: dict[date, str], workdays: dict[date, str]) -> None:
    """A make-up working day falls on a weekend, a day off on a weekday, all inside the year."""
    errors = []

    def refuse(day: date, listed: str, code: str, message: str) -> None:
        # Shaped as request validation errors are (where, what, which code), plus the date and list.
        errors.append({"loc": ["body", listed, day.isoformat()], "msg": message, "type": code,
                       "date": day.isoformat(), "list": listed})

    for day in holidays:
        if day.year != year:
            refuse(day, "holidays", "date_not_in_year", f"not in {year}")
        elif is_weekend(day):
            refuse(day, "holidays", "day_off_on_weekend", "a day off must be a weekday")
    for day in workdays:
        if day.year != year:
            refuse(day, "workdays", "date_not_in_year", f"not in {year}")
        elif not is_weekend(day):
            refuse(day, "workdays", "workday_on_weekday", "a make-up working day must be a weekend day")
        if day in holidays:
            refuse(day, "workdays", "listed_twice", "also listed as a holiday")
    if errors:
        raise InvalidArrangement(f"{len(errors)} date(s) in the {year} arrangement are not valid.", errors=errors)


def load_year(
    session: Session,
    year: int,
    source: str,
    holidays: dict[date, str],
    workdays: dict[date, str],
    loaded_by: str,
    actor: ApiKey | str | None = None,
) -> CalendarYear:
    """Replace a year's arrangement; the previous one stays in the history (calendar_loads) and the
    audit log. `actor`: the key that loaded it, or who ran the command."""
    validate_arrangement(year, holidays, workdays)
    now = datetime.now(UTC)
    row = session.get(CalendarYear, year)
    before = _arrangement_record(session, row) if row is not None else None
    if row is None:
        row = CalendarYear(year=year, status=CalendarStatus.OFFICIAL.value, source=source, loaded_by=loaded_by, loaded_at=now)
        session.add(row)
    else:
        row.status, row.source, row.loaded_by, row.loaded_at = CalendarStatus.OFFICIAL.value, source, loaded_by, now
    session.flush()
    session.exec(delete(CalendarDay).where(col(CalendarDay.year) == year))
    session.add_all(
        [CalendarDay(day=day, year=year, kind=HOLIDAY, name=name) for day, name in holidays.items()]
        + [CalendarDay(day=day, year=year, kind=WORKDAY, name=name) for day, name in workdays.items()]
    )
    session.add(
        CalendarLoad(
            year=year,
            source=source,
            loaded_by=loaded_by,
            loaded_at=now,
            holidays={day.isoformat(): name for day, name in sorted(holidays.items())},
            workdays={day.isoformat(): name for day, name in sorted(workdays.items())},
        )
    )
    session.flush()
    record(session, actor or loaded_by, "calendar.load", f"calendar {year}", before, _arrangement_record(session, row))
    record_change(session, ChangeKind.CALENDAR_CHANGED, detail={"year": year, "source": source})
    return row


def _arrangement_record(session: Session, row: CalendarYear) -> dict[str, object]:
    days = session.exec(select(CalendarDay).where(col(CalendarDay.year) == row.year).order_by(col(CalendarDay.day))).all()
    return {
        "status": row.status,
        "source": row.source,
        "holidays": {day.day.isoformat(): day.name for day in days if day.kind == HOLIDAY},
        "workdays": {day.day.isoformat(): day.name for day in days if day.kind == WORKDAY},
    }


def seed_calendar(session: Session) -> list[int]:
    """The official years 2018 to 2026 from the holidays package, where not loaded yet."""
    loaded = []
    for year in OFFICIAL_YEARS:
        if session.get(CalendarYear, year) is None:
            arrangement = library_arrangement(year)
            load_year(
                session,
                year,
                arrangement.source or "",
                dict(arrangement.holidays),
                dict(arrangement.workdays),
                loaded_by="seed (holidays package)",
            )
            loaded.append(year)
    return loaded


def official_arrangements(session: Session, only_year: int | None = None) -> dict[int, YearArrangement]:
    years_query, days_query = select(CalendarYear), select(CalendarDay).order_by(col(CalendarDay.day))
    if only_year is not None:
        years_query = years_query.where(CalendarYear.year == only_year)
        days_query = days_query.where(CalendarDay.year == only_year)
    years = {row.year: row for row in session.exec(years_query)}
    holidays: dict[int, dict[date, str]] = {year: {} for year in years}
    workdays: dict[int, dict[date, str]] = {year: {} for year in years}
    for day in session.exec(days_query):
        (holidays if day.kind == HOLIDAY else workdays)[day.year][day.day] = day.name
    return {
        year: YearArrangement(
            year=year,
            status=CalendarStatus(row.status),
            holidays=holidays[year],
            workdays=workdays[year],
            source=row.source,
        )
        for year, row in years.items()
    }


_calendars = RevisionCache(CALENDAR, lambda session: WorkingCalendar(official_arrangements(session)))


def working_calendar(session: Session) -> WorkingCalendar:
    """The calendar index, rebuilt only when a load happened since it was built."""
    return _calendars.get(session)


def arrangement_of(session: Session, year: int) -> YearArrangement:
    """The stored arrangement of a year, or the provisional statutory one."""
    return official_arrangements(session, only_year=year).get(year) or statutory_arrangement(year)


def year_record(session: Session, year: int) -> CalendarYear | None:
    return session.get(CalendarYear, year)
