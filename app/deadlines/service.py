"""Due dates of obligations: fetch the obligation and the calendar, call the pure arithmetic."""

from sqlmodel import Session

from app.calendar.errors import OutsideCalendar
from app.calendar.schemas import DayExplained
from app.calendar.service import working_calendar
from app.calendar.working import OutOfCalendar
from app.catalog.models import Obligation
from app.catalog.schemas import DeadlinePublic, deadline_of
from app.core.errors import NotFound, in_both
from app.deadlines.due import DueDate, NotComputable, StandingDuty, Trigger, due_date, explain_days
from app.deadlines.errors import DeadlineNotComputable, StandingDutyHasNoDueDate
from app.deadlines.explain import standing, summary
from app.deadlines.schemas import AlternativeDue, DueDatePublic, Explanation


def obligation_due_date(session: Session, obligation_id: int, trigger: Trigger) -> DueDatePublic:
    obligation = session.get(Obligation, obligation_id)
    if obligation is None:
        raise NotFound(f"There is no obligation {obligation_id}.")
    deadline = deadline_of(obligation)
    calendar = working_calendar(session)
    try:
        due = due_date(deadline, trigger, calendar)
        days = explain_days(deadline, trigger, due, calendar)
        alternatives = [(alternative, due_date(alternative, trigger, calendar)) for alternative in deadline.alternatives]
    except StandingDuty as error:
        raise StandingDutyHasNoDueDate(**in_both(*standing(error.deadline))) from None
    except NotComputable as error:
        raise DeadlineNotComputable(str(error)) from None
    except OutOfCalendar as error:
        raise OutsideCalendar(str(error)) from None
    zh, en = summary(deadline, trigger, due)
    return DueDatePublic(
        obligation_id=obligation_id,
        triggered_at=trigger.moment,
        due_date=due.due_date,
        due_at=due.due_at,
        calendar=due.calendar,
        rule=DeadlinePublic.of(deadline),
        explanation=Explanation(
            zh=zh,
            en=en,
            days=[
                DayExplained(date=d.day, note=d.note.value, kind=d.kind, name=d.name, count=d.count)
                for d in days
            ],
        ),
        alternatives=[_alternative(rule.condition, result) for rule, result in alternatives],
    )


def _alternative(condition: str | None, due: DueDate) -> AlternativeDue:
    return AlternativeDue(condition=condition, due_date=due.due_date, due_at=due.due_at, calendar=due.calendar)
