"""Problems of channel writes."""

from fastapi_problem.error import ConflictProblem, UnprocessableProblem


class InvalidChannel(UnprocessableProblem):
    title = "The channel cannot be registered as given."
    type_ = "invalid-channel"


class ChannelTaken(ConflictProblem):
    title = "A registered channel already has that key, name or host."
    type_ = "channel-taken"
