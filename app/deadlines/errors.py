"""Deadline problems."""

from fastapi_problem.error import UnprocessableProblem


class DeadlineNotComputable(UnprocessableProblem):
    title = "No due date can be computed for this deadline."
    type_ = "deadline-not-computable"


class InvalidTrigger(UnprocessableProblem):
    title = "The trigger time is not valid."
    type_ = "invalid-trigger"


class StandingDutyHasNoDueDate(DeadlineNotComputable):
    """常态化公开, 长期公开: the information is kept public continuously; no date is due, and none
    is made up."""

    title = "常态化公开义务没有截止日期。A standing duty has no due date."
    type_ = "standing-duty"
