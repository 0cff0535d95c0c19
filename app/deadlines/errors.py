"""Deadline problems."""

from fastapi_problem.error import UnprocessableProblem


class DeadlineNotComputable(UnprocessableProblem):
    title = "No due date can be computed for this deadline."
    type_ = "deadline-not-computable"


class InvalidTrigger(UnprocessableProblem):
    title = "The trigger time is not valid."
    type_ = "invalid-trigger"
