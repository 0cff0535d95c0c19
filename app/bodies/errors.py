"""Problems of body writes."""

from fastapi_problem.error import ConflictProblem, UnprocessableProblem


class InvalidBody(UnprocessableProblem):
    title = "The body cannot be recorded as given."
    type_ = "invalid-body"


class NameTaken(ConflictProblem):
    title = "The name already denotes a body of the jurisdiction."
    type_ = "name-taken"
