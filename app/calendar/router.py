"""Calendar endpoints: a year's arrangement, working days in a range, loading a year (admin)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlmodel import Session

from app.calendar import service
from app.calendar.errors import InvalidArrangement, OutsideCalendar
from app.calendar.schemas import ArrangementIn, CalendarYearPublic, NamedDay, WorkingDays
from app.calendar.working import OutOfCalendar, WorkingCalendar
from app.core.database import SessionDep
from app.core.errors import Forbidden, Unauthorized, problem_responses
from app.core.validation import CalendarDate
from app.keys.dependencies import AdminKeyDep
from app.keys.service import outside_binding

router = APIRouter(prefix="/v1/calendar", tags=["calendar"])

Year = Annotated[int, Path(ge=WorkingCalendar.FIRST_YEAR, le=WorkingCalendar.LAST_YEAR, examples=[2025])]


@router.get(
    "/working-days",
    summary="Working days from start to end, both included",
    responses=problem_responses(OutsideCalendar),
)
def working_days(
    session: SessionDep,
    start: Annotated[CalendarDate, Query(examples=["2025-09-26"])],
    end: Annotated[CalendarDate, Query(examples=["2025-10-31"], description="An end before the start is an empty range")],
) -> WorkingDays:
    calendar = service.working_calendar(session)
    try:
        days = calendar.working_days(start, end)
        status = calendar.status_between(start, end)
    except OutOfCalendar as error:
        raise OutsideCalendar(str(error)) from None
    return WorkingDays(start=start, end=end, count=len(days), days=days, calendar=status)


@router.get("/{year:int}", summary="A year's holidays and make-up working days")
def get_year(year: Year, session: SessionDep) -> CalendarYearPublic:
    return _year_public(session, year)


@router.put(
    "/{year:int}",
    summary="Load a year's arrangement the day the State Council publishes it (admin)",
    description=(
        "Replaces the year's arrangement; every earlier load stays in the history with who "
        "loaded it and when. Due dates follow at once. `holidays` lists the weekdays off, "
        "`workdays` the weekend days worked (调休上班日)."
    ),
    responses=problem_responses(Unauthorized, Forbidden, InvalidArrangement),
)
def put_year(year: Year, body: ArrangementIn, session: SessionDep, key: AdminKeyDep) -> CalendarYearPublic:
    holidays = {day.date: day.name or "休息日" for day in body.holidays}
    workdays = {day.date: day.name or "调休上班日" for day in body.workdays}
    if not key.bindings.national:
        # One calendar serves the whole country: only a key bound to all of it may change it.
        raise outside_binding(key, "the calendar is national (100000).")
    service.load_year(session, year, body.source, holidays, workdays, loaded_by=f"api key {key.id} ({key.name})", actor=key)
    return _year_public(session, year)


def _year_public(session: Session, year: int) -> CalendarYearPublic:
    record = service.year_record(session, year)
    arrangement = service.arrangement_of(session, year)
    return CalendarYearPublic(
        year=year,
        status=arrangement.status,
        source=arrangement.source,
        holidays=[NamedDay(date=day, name=name) for day, name in arrangement.holidays.items()],
        workdays=[NamedDay(date=day, name=name) for day, name in arrangement.workdays.items()],
        loaded_by=record.loaded_by if record else None,
        loaded_at=record.loaded_at if record else None,
    )
