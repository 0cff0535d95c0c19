"""Calendar problems."""

from fastapi_problem.error import UnprocessableProblem


class InvalidArrangement(UnprocessableProblem):
    """A year's arrangement that contradicts itself or the week (listed in `errors`)."""

    title = "The arrangement is not valid."
    type_ = "invalid-arrangement"


class OutsideCalendar(UnprocessableProblem):
    title = "The date is outside the calendar."
    type_ = "outside-calendar"
