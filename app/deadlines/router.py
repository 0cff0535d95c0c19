"""Due-date endpoint: when an obligation must be published, for a given trigger."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.calendar.errors import OutsideCalendar
from app.core.database import SessionDep
from app.core.errors import NotFound, problem_responses
from app.core.validation import CalendarTimestamp, parse_timestamp
from app.deadlines import service
from app.deadlines.due import Trigger
from app.deadlines.errors import DeadlineNotComputable, InvalidTrigger, StandingDutyHasNoDueDate
from app.deadlines.schemas import DueDatePublic

router = APIRouter(prefix="/v1/obligations", tags=["deadlines"])


@router.get(
    "/{obligation_id:int}/due-date",
    summary="The due date of an obligation for a trigger, explained day by day",
    description=(
        "`triggered_at` is when the information was formed (or the rule's other anchor event "
        "happened): a date, or a date-time with or without offset (a naive one is read as "
        "Asia/Shanghai). The answer says whether the legal calendar it used is official or "
        "provisional, and lists the days counted and skipped with the reason for each. A standing duty "
        "(常态化公开, 长期公开: kept public continuously) has no due date: it answers 422 `standing-duty`, "
        "never a date made up."
    ),
    responses=problem_responses(NotFound, InvalidTrigger, DeadlineNotComputable, StandingDutyHasNoDueDate, OutsideCalendar),
)
def get_due_date(
    obligation_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: SessionDep,
    triggered_at: Annotated[
        CalendarTimestamp,
        Query(
            description="YYYY-MM-DD or ISO 8601 date-time",
            examples=["2025-09-26", "2025-09-30T20:00+08:00"],
        ),
    ],
) -> DueDatePublic:
    try:
        trigger = Trigger.at(parse_timestamp(triggered_at))
    except ValueError as error:
        raise InvalidTrigger(str(error), parameter="triggered_at") from None
    return service.obligation_due_date(session, obligation_id, trigger)
