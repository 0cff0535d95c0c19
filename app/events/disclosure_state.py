"""How events decide a disclosure's row: which columns each kind of event decides, the row an
event makes, and the merge of an event into a row — the same merge the upsert does in SQL
(service._upsert), here in memory, so a batch can follow a disclosure through its own events and
write the outcome once. No database, no FastAPI.
"""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from app.events.verdict import CheckName

LINEAGE = ("platform", "jurisdiction_code", "series", "ref", "notice_type", "subject")
"""A disclosure's key: one notice of one platform's subject (`service.disclosure_key`)."""
TRIGGER, PUBLICATION = "trigger", "publication"
# What each kind of event decides in an existing disclosure; the rest of the row stays as it is.
ALWAYS = ("obligation_id", "domain_code", "updated_at")
BY_TRIGGER = ("triggered_at", "due_date", "due_at", "trigger_event_id")
CHECKS = tuple(check.value for check in CheckName)
BY_PUBLICATION = (
    "due_date", "due_at", "publication_event_id", "published_at", "verdict", "status", "exemption",
    *(f"{check}_check" for check in CHECKS),
)
PENDING = "pending"
CLAIMED = "claimed"


def decided_by(kinds: frozenset[str]) -> tuple[str, ...]:
    """The columns events of these kinds decide between them (ALWAYS aside)."""
    columns = (*(BY_TRIGGER if TRIGGER in kinds else ()), *(BY_PUBLICATION if PUBLICATION in kinds else ()))
    return tuple(dict.fromkeys(columns))


def disclosure_row(event: Mapping[str, Any], lineage: Sequence[str], domain: str) -> dict[str, Any]:
    """The disclosure as this event alone would make it."""
    is_trigger = event["kind"] == TRIGGER
    if is_trigger:
        status = PENDING
    elif event["timeliness"] == "late":
        status = "published_late"
    else:
        status = "published_on_time"
    row = {
        **dict(zip(LINEAGE, lineage, strict=True)),
        "obligation_id": event["judged_obligation_id"],
        "domain_code": domain,
        "status": status,
        "verdict": None if is_trigger else event["status"],
        "triggered_at": event["triggered_at"],
        "due_date": event["due_date"],
        "due_at": event["due_at"],
        "trigger_event_id": event["id"] if is_trigger else event["trigger_event_id"],
        "publication_event_id": None if is_trigger else event["id"],
        "published_at": event["published_at"],
        # A claimed exemption is judged as if unclaimed until a reviewer grants it.
        "exemption": CLAIMED if event["exemption"] and not is_trigger else None,
        "updated_at": datetime.now(UTC),
    }
    results = {check["name"]: check["result"] for check in event["checks"]}
    row.update({f"{check}_check": results.get(check) for check in CHECKS})
    return row


def merged(existing: Mapping[str, Any] | None, incoming: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """The disclosure after `incoming` (an event's own row, `disclosure_row`) is upserted into
    `existing`: the new row when there is none, else the columns its kind decides, and for a
    publication the trigger only when none was registered."""
    if existing is None:
        return dict(incoming)
    row = dict(existing)
    for name in (*ALWAYS, *(BY_TRIGGER if kind == TRIGGER else BY_PUBLICATION)):
        row[name] = incoming[name]
    if kind != TRIGGER and existing["trigger_event_id"] is None:
        row["triggered_at"] = incoming["triggered_at"]
    return row


def folded(rows: Sequence[tuple[str, Mapping[str, Any]]]) -> tuple[frozenset[str], dict[str, Any]]:
    """One disclosure's events of a batch, in order, as one upsert: the row they make from nothing,
    and the kinds among them. Upserted with the columns those kinds decide (`decided_by`), it
    leaves an existing row as the events one by one would have:
    - every decided column is the value of the last event deciding it, in both;
    - triggered_at: after a trigger of the batch, the newest trigger's, which later publications
      keep; with publications only, the last one's where the existing row has no registered
      trigger, else the existing row's — the single publication's rule, which the upsert applies.
    """
    kinds = frozenset(kind for kind, _ in rows)
    state: dict[str, Any] | None = None
    for kind, row in rows:
        state = merged(state, row, kind)
    assert state is not None, "a disclosure is folded from at least one event"
    return kinds, state
