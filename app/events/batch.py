"""Many events at once, at the database's pace: judged in memory one after another, then written
with set-based statements, so a batch costs a few round trips, not two per event.

Each event is answered as if it had been submitted alone, in the batch's order: what it reads of
stored state (idempotency replays, registered triggers, corrected events) is read for the whole
batch in one query each, and what earlier events of the batch change is followed in memory
(`disclosure_state`). All of it stays in the caller's transaction: the batch commits once.
"""

import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from fastapi_problem.error import Problem
from pydantic import ValidationError
from sqlalchemy import JSON, Connection, Table, func, insert, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.postgresql.psycopg import dialect as psycopg_dialect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.calendar.service import working_calendar
from app.core.errors import exception_handler, validation_errors
from app.core.json_text import json_text
from app.core.request_rules import NUL_DETAIL, NulCharacter, holds_nul
from app.events.catalog_view import catalog_view
from app.events.disclosure_state import LINEAGE, decided_by, disclosure_row, folded, merged
from app.events.errors import IdempotencyConflict, InvalidEvent
from app.events.schemas import EventCreate
from app.events.service import (
    DISCLOSURES,
    EVENTS,
    Judged,
    Submitted,
    _populated,
    _upsert,
    disclosure_key,
    judge,
    locate,
    public_fields,
    request_hash,
    submit_event,
)
from app.feed.service import CHANGES, event_change, insert_changes
from app.keys.models import ApiKey

# Sent with a list of parameters: the driver's executemany, which psycopg pipelines (every row
# in one round trip, the statement parsed once) and sqlite3 loops over in C. No RETURNING: it
# would make SQLAlchemy build one INSERT … VALUES of every row instead, whose tens of thousands
# of placeholders psycopg takes longer to parse than the server takes to run (measured: 0.6 s
# of a 500-event batch).
_INSERT_EVENTS = insert(EVENTS)
# SQLite: each disclosure's id and status come back from its upsert. SQLAlchemy sends the rows as
# multi-row INSERT … VALUES statements (insertmanyvalues), which SQLite parses in no time; reading
# them back by key afterwards cost a third of a group of single events (app/events/writer.py).
_RETURNED = (*(DISCLOSURES.c[name] for name in LINEAGE), DISCLOSURES.c.id, DISCLOSURES.c.status)
_UPSERT_FOLDED = {
    kinds: _upsert(sqlite_insert(DISCLOSURES), decided_by(kinds)).returning(*_RETURNED)
    for kinds in (frozenset({"trigger"}), frozenset({"publication"}), frozenset({"trigger", "publication"}))
}


@functools.cache
def _upsert_returning(kinds: frozenset[str], names: tuple[str, ...]) -> str:
    """PostgreSQL: a batch's disclosures of one mix of kinds in one statement with one parameter
    (the rows as a JSON array), each returning its id and status. An executemany returns nothing,
    and the read that then fetched them back by key cost more than the upsert itself (a tuple IN
    of 3,500 parameters, a third of a 500-event batch)."""
    names_, rows = _populated(DISCLOSURES, names, many=True)
    statement = _upsert(postgresql_insert(DISCLOSURES).from_select(names_, select(*rows.c)), decided_by(kinds))
    return str(statement.returning(*_RETURNED).compile(dialect=psycopg_dialect()))


_NEXT_EVENT_IDS = text("SELECT nextval(pg_get_serial_sequence('events', 'id')) FROM generate_series(1, :count)")


@dataclass(frozen=True)
class ItemAnswer:
    """One item's answer, field for field as BatchItem documents it (tests/events/test_answers.py),
    sent as it is (`app.core.json_text`)."""

    index: int
    status: int
    """The HTTP status this item would have had alone."""
    event: dict[str, Any] | None = None
    """The event as EventPublic shows it (`public_fields`)."""
    problem: dict[str, Any] | None = None
    replayed: bool = False


def submit_items(
    session: Session, key: ApiKey, items: Sequence[Any], idempotency_keys: Sequence[str | None]
) -> list[ItemAnswer]:
    """Items as received (JSON values), each validated as the body of POST /v1/events and answered
    with the status and problem it would have had alone."""
    answers: dict[int, ItemAnswer] = {}
    valid: list[tuple[int, EventCreate, str | None]] = []
    for index, (raw, idempotency_key) in enumerate(zip(items, idempotency_keys, strict=True)):
        try:
            if holds_nul(raw):
                raise NulCharacter(f"{NUL_DETAIL} Found in this item.")
            valid.append((index, EventCreate.model_validate(raw), idempotency_key))
        except ValidationError as error:
            problem = InvalidEvent("The item is not a valid event.", errors=validation_errors(error.errors()))
            answers[index] = ItemAnswer(index, 422, problem=marshal(problem))
        except Problem as problem:
            answers[index] = ItemAnswer(index, problem.status, problem=marshal(problem))
    outcomes = submit_events(session, key, [(body, idempotency_key) for _, body, idempotency_key in valid])
    for (index, _, _), outcome in zip(valid, outcomes, strict=True):
        if isinstance(outcome, Problem):
            answers[index] = ItemAnswer(index, outcome.status, problem=marshal(outcome))
        else:
            answers[index] = ItemAnswer(index, 201, event=outcome.event, replayed=not outcome.created)
    return [answers[index] for index in range(len(items))]


def marshal(problem: Problem) -> dict[str, Any]:
    return problem.marshal(uri=exception_handler.documentation_uri_template, strict=exception_handler.strict)


@dataclass(frozen=True)
class _Request:
    position: int
    body: EventCreate
    idempotency_key: str | None
    digest: str | None


@dataclass(frozen=True)
class _FirstAnswer:
    """What an Idempotency-Key was first used for: replayed when the body is the same."""

    digest: str
    event: dict[str, Any]


class _Slot(int):
    """The id an event of the batch will get, known only once the batch's ids are drawn: its
    position among the batch's new events. Never stored."""


def submit_events(
    session: Session, key: ApiKey, requests: Sequence[tuple[EventCreate, str | None]]
) -> list[Submitted | Problem]:
    """Each event's answer, in order: as if submitted one by one through `submit_event`."""
    outcomes: list[Submitted | Problem | None] = [None] * len(requests)
    pending = [
        _Request(position, body, idempotency_key, request_hash(body, idempotency_key))
        for position, (body, idempotency_key) in enumerate(requests)
    ]
    first_answers = _first_answers(session, key, [r.idempotency_key for r in pending if r.idempotency_key])
    corrected = _event_lineages(session, {r.body.corrects for r in pending if r.body.corrects is not None})
    segment: list[_Request] = []
    keys_in_segment: set[str] = set()
    for request in pending:
        # Two rare cases need what the events before them store, so the run so far is written first:
        # - a correction of an event not stored yet: one of this batch (its id is drawn only when
        #   the batch is written) or none at all; it takes the single event's path, as alone;
        # - an Idempotency-Key used earlier in the batch (a line repeated in an imported file): a
        #   replay of that event, or a conflict, once it is stored.
        if request.body.corrects is not None and request.body.corrects not in corrected:
            _write(session, key, segment, first_answers, corrected, outcomes)
            segment, keys_in_segment = [], set()
            _one_by_one(session, key, [request], first_answers, outcomes)
            continue
        if request.idempotency_key in keys_in_segment:
            _write(session, key, segment, first_answers, corrected, outcomes)
            segment, keys_in_segment = [], set()
        segment.append(request)
        if request.idempotency_key:
            keys_in_segment.add(request.idempotency_key)
    _write(session, key, segment, first_answers, corrected, outcomes)
    assert all(outcome is not None for outcome in outcomes)
    return outcomes  # type: ignore[return-value]


def _write(
    session: Session,
    key: ApiKey,
    segment: list[_Request],
    first_answers: dict[str, _FirstAnswer],
    corrected: Mapping[int, tuple[str, ...]],
    outcomes: list[Submitted | Problem | None],
) -> None:
    """Judge a run of events in memory, in order, then store them and their disclosures at once."""
    fresh = []
    for request in segment:
        first = first_answers.get(request.idempotency_key) if request.idempotency_key else None
        if first is not None:
            outcomes[request.position] = _replayed(first, request)
        else:
            fresh.append(request)
    if not fresh:
        return
    catalog = catalog_view(session)
    calendar = working_calendar(session)
    # The disclosures publications without triggered_at take their trigger from, read at once and
    # locked as the single event's path locks them; then followed through the batch's own events.
    wanted = set()
    for request in fresh:
        if request.body.triggered_at is None:
            try:
                wanted.add(locate(catalog, key, request.body).lineage)
            except Problem:
                pass  # judged again below, and refused there with the same problem
    registered = _disclosures(session, wanted)

    judged: list[tuple[_Request, Judged, dict[str, Any]]] = []
    for request in fresh:
        try:
            event = judge(
                catalog,
                lambda: calendar,
                key,
                request.body,
                request.idempotency_key,
                request.digest,
                registered=registered.get,
                corrected=corrected.get,
            )
        except Problem as problem:
            outcomes[request.position] = problem
            continue
        event.event["id"] = _Slot(len(judged))
        row = disclosure_row(event.event, event.lineage, event.domain)
        if event.lineage in wanted:
            registered[event.lineage] = merged(registered.get(event.lineage), row, event.event["kind"])
        judged.append((request, event, row))
    if not judged:
        return
    try:
        with session.begin_nested():
            _store(session, judged)
    except (IntegrityError, psycopg.IntegrityError):  # the latter from COPY, which bypasses SQLAlchemy
        # Another request stored an event with one of these Idempotency-Keys since they were
        # read: the single event's path answers each with the first answer, as it would alone.
        _one_by_one(session, key, fresh, first_answers, outcomes)
        return
    for request, event, _ in judged:
        public = public_fields(event.event)
        outcomes[request.position] = Submitted(public, created=True)
        if request.idempotency_key:
            first_answers[request.idempotency_key] = _FirstAnswer(request.digest, public)


def _store(session: Session, judged: list[tuple[_Request, Judged, dict[str, Any]]]) -> None:
    """The events with the ids drawn for them, then each disclosure once: five statements at most
    (the ids, the events, an upsert for each mix of kinds among a disclosure's events)."""
    connection = session.connection()
    dialect = connection.dialect.name
    ids = _event_ids(session, len(judged))

    def resolved(value: object) -> object:
        return ids[value] if isinstance(value, _Slot) else value

    by_lineage: dict[tuple[str, ...], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for _, event, row in judged:
        event.event["id"] = resolved(event.event["id"])
        event.event["trigger_event_id"] = resolved(event.event["trigger_event_id"])
        row["trigger_event_id"] = resolved(row["trigger_event_id"])
        row["publication_event_id"] = resolved(row["publication_event_id"])
        by_lineage[event.lineage].append((event.event["kind"], row))
    events = [event.event for _, event, _ in judged]
    if dialect == "postgresql":
        _copy_events(connection, events)
    else:
        connection.execute(_INSERT_EVENTS, events)
    by_kinds: dict[frozenset[str], list[dict[str, Any]]] = defaultdict(list)
    # In the disclosures' key order, as concurrent batches then lock the rows they share.
    for lineage in sorted(by_lineage):
        kinds, row = folded(by_lineage[lineage])
        by_kinds[kinds].append(row)
    # The feed's changes need each disclosure's id and status as the batch left it.
    stored: dict[tuple[str, ...], dict[str, Any]] = {}
    for kinds, rows in by_kinds.items():
        if dialect == "postgresql":
            upserted = connection.exec_driver_sql(_upsert_returning(kinds, tuple(rows[0])), {DISCLOSURES.name: json_text(rows)})
        else:
            upserted = connection.execute(_UPSERT_FOLDED[kinds], rows)
        for *lineage, disclosure_id, status in upserted:
            stored[tuple(lineage)] = {"id": disclosure_id, "status": status}
    changes = [
        event_change(event.event, stored[event.lineage]["id"], stored[event.lineage]["status"]) for _, event, _ in judged
    ]
    if dialect == "postgresql":
        _copy(connection, CHANGES, changes)
    else:
        insert_changes(session, changes)


def _copy_events(connection: Connection, events: list[dict[str, Any]]) -> None:
    """COPY, PostgreSQL's bulk load, in the transaction's own connection: the events' ids are
    drawn already, so nothing needs to come back. Measured on 500 events of a batch: COPY 95-100 ms,
    an executemany 100-140 ms, one INSERT from a JSON array (json_populate_recordset) 140-190 ms."""
    _copy(connection, EVENTS, events)


def _copy(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    columns = list(rows[0])
    json_columns = {name for name in columns if isinstance(table.c[name].type, JSON)}
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    # JSON columns go as text, made as the single event's are: psycopg's Json wrapper cost a Python
    # call per value and escaped every Chinese character (twice the bytes).
    with connection.connection.driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([json_text(row[name]) if name in json_columns else row[name] for name in columns])


def _event_ids(session: Session, count: int) -> list[int]:
    """Ids for `count` new events, in order: drawn from the sequence on PostgreSQL; on SQLite the
    next ones after the largest, which the writer's lock (BEGIN IMMEDIATE) keeps ours."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return sorted(connection.execute(_NEXT_EVENT_IDS, {"count": count}).scalars())
    first = connection.execute(select(func.coalesce(func.max(EVENTS.c.id), 0))).scalar_one() + 1
    return list(range(first, first + count))


def _one_by_one(
    session: Session,
    key: ApiKey,
    requests: list[_Request],
    first_answers: dict[str, _FirstAnswer],
    outcomes: list[Submitted | Problem | None],
) -> None:
    for request in requests:
        first = first_answers.get(request.idempotency_key) if request.idempotency_key else None
        if first is not None:
            outcomes[request.position] = _replayed(first, request)
            continue
        try:
            submitted = submit_event(session, key, request.body, request.idempotency_key)
        except Problem as problem:
            outcomes[request.position] = problem
            continue
        outcomes[request.position] = submitted
        if request.idempotency_key:
            first_answers[request.idempotency_key] = _FirstAnswer(request.digest, submitted.event)


def _replayed(first: _FirstAnswer, request: _Request) -> Submitted | Problem:
    if first.digest != request.digest:
        return IdempotencyConflict(
            f"Idempotency-Key {request.idempotency_key!r} was first used for event {first.event['id']} with another body."
        )
    return Submitted(first.event, created=False)


def _first_answers(session: Session, key: ApiKey, idempotency_keys: list[str]) -> dict[str, _FirstAnswer]:
    if not idempotency_keys:
        return {}
    rows = session.execute(
        select(EVENTS).where(EVENTS.c.api_key_id == key.id, EVENTS.c.idempotency_key.in_(set(idempotency_keys)))
    ).mappings()
    return {row["idempotency_key"]: _FirstAnswer(row["request_hash"], public_fields(row)) for row in rows}


def _event_lineages(session: Session, event_ids: set[int]) -> dict[int, tuple[str, ...]]:
    """The disclosure key of each stored event a correction of the batch names."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(
            EVENTS.c.id, EVENTS.c.platform, EVENTS.c.jurisdiction_code, EVENTS.c.notice_type, EVENTS.c.series,
            EVENTS.c.ref, EVENTS.c.subject,
        ).where(EVENTS.c.id.in_(event_ids))
    )
    return {row[0]: disclosure_key(*row[1:]) for row in rows}


def _disclosures(session: Session, lineages: set[tuple[str, ...]]) -> dict[tuple[str, ...], dict[str, Any]]:
    if not lineages:
        return {}
    columns = [DISCLOSURES.c[name] for name in LINEAGE]
    rows = session.connection().execute(
        select(DISCLOSURES).where(tuple_(*columns).in_(sorted(lineages))).order_by(*columns).with_for_update()
    ).mappings()
    return {tuple(row[name] for name in LINEAGE): dict(row) for row in rows}
