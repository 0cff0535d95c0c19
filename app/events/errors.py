"""Event problems."""

from fastapi_problem.error import ConflictProblem, UnprocessableProblem


class InvalidEvent(UnprocessableProblem):
    """An event that cannot be judged as sent: unknown obligation, no trigger, bad correction …"""

    title = "The event cannot be recorded."
    type_ = "invalid-event"


class IdempotencyConflict(ConflictProblem):
    title = "The Idempotency-Key was used with another request body."
    type_ = "idempotency-key-reused"


class ExemptionNotClaimed(ConflictProblem):
    title = "The event claims no exemption."
    type_ = "exemption-not-claimed"


class TriggerNotRegistered(ConflictProblem):
    """A publication without triggered_at, for a notice and subject whose trigger nobody registered."""

    title = "No trigger is registered for this notice and subject."
    type_ = "trigger-not-registered"
