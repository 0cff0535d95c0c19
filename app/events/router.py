"""Event endpoints: what trading platforms call each time they publish, and the reading side."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response, status

from app.calendar.errors import OutsideCalendar
from app.catalog.domains import DomainCode
from app.core.config import get_settings
from app.core.database import DatabaseDep, SessionDep
from app.core.errors import (
    AnotherPlatformsRecord,
    Forbidden,
    NotFound,
    Unauthorized,
    UnknownFilterValue,
    UnknownReference,
    problem_responses,
)
from app.core.json_text import json_bytes
from app.core.observability import VERDICTS
from app.core.openapi import created
from app.core.validation import CalendarTimestamp, IsoDate, parse_timestamp
from app.deadlines.due import Trigger
from app.events import batch, service, writer
from app.events.errors import ExemptionNotClaimed, IdempotencyConflict, InvalidEvent, TriggerNotRegistered
from app.events.schemas import (
    BatchIn,
    BatchOut,
    DisclosurePage,
    DisclosureStatus,
    EventCreate,
    EventPage,
    EventPublic,
    ExemptionReviewIn,
    ExemptionReviewPublic,
)
from app.events.verdict import VerdictStatus
from app.keys.dependencies import AuthenticatedKeyDep, ExemptionReviewerDep, PresentedKeyDep
from app.keys.scopes import Scope
from app.keys.service import read_scope

router = APIRouter(tags=["events"])

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=100,
        description="Retry safely: the same key with the same body returns the first answer and stores nothing new",
    ),
]
WRITE_PROBLEMS = (
    Unauthorized, Forbidden, AnotherPlatformsRecord, InvalidEvent, UnknownReference, OutsideCalendar, IdempotencyConflict,
    TriggerNotRegistered,
)


@router.post(
    "/v1/events",
    status_code=status.HTTP_201_CREATED,
    summary="Report a publication (or a trigger) and get its compliance verdict",
    description=(
        "Name the notice by `obligation_id` (and, for a row covering several notices, `notice_type`), or "
        "by `jurisdiction` and `notice_type` (GET /v1/notice-types). A publication is judged at once: "
        "timeliness against every rule that applies (the catalog row in force on the trigger date, the "
        "rows inherited from above, the statutes of the notice type), each from its own trigger, the "
        "earliest due date governing (`rules`); then channel, publisher (any alias) and content. Rules "
        "anchored elsewhere read `triggers` ({\"trading_start\": …}). Without `triggered_at`, the trigger "
        "registered earlier for the same notice and subject is used. A trigger (`kind: trigger`) answers "
        "`pending` with its due date. Events are never changed: to correct one, send a new event with "
        "`corrects`."
    ),
    response_model=EventPublic,
    responses={**created("the event and its verdict"), **problem_responses(*WRITE_PROBLEMS)},
)
async def create_event(
    body: EventCreate,
    database: DatabaseDep,
    presented: PresentedKeyDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    # async: the event is stored by the database's writer (app/events/writer.py), with the events
    # posted at the same moment, and this request waits for its answer without holding a thread.
    submitted = await writer.submit(database, presented, body, idempotency_key)
    event = submitted.event
    if submitted.created:
        VERDICTS.labels(event["kind"], event["status"]).inc()
    # The platforms' hot path: sent as EventPublic shows it, not validated into one first.
    return Response(
        content=json_bytes(event),
        status_code=status.HTTP_201_CREATED,
        media_type="application/json",
        headers={"Location": f"/v1/events/{event['id']}"}
        | ({} if submitted.created else {"Idempotent-Replayed": "true"}),
    )


@router.post(
    "/v1/events/batch",
    max_body_size=get_settings().max_batch_body_bytes,
    summary="Report up to 1,000 events; each gets its own verdict or its own problem",
    description=(
        "What is atomic: each item on its own. An item is stored whole or not at all, and a bad "
        "item (malformed, unknown obligation, no trigger …) is answered with its problem without "
        "blocking the others. The batch is committed once, at the end: when the answer is 200, every "
        "item answered 201 is stored; when it is an error, none is. With an Idempotency-Key header, "
        "item i is keyed '<key>#i', so retrying the same batch returns the same answers."
    ),
    response_model=BatchOut,
    responses=problem_responses(Unauthorized, Forbidden),
)
def create_events(
    body: BatchIn, database: DatabaseDep, presented: PresentedKeyDep, idempotency_key: IdempotencyKey = None
) -> Response:
    with database.write() as session:
        key = presented.verify(session, Scope.EVENTS_WRITE)
        keys = [f"{idempotency_key}#{index}" if idempotency_key else None for index in range(len(body.events))]
        items = batch.submit_items(session, key, body.events, keys)
    for item in items:
        if item.event is not None and not item.replayed:
            VERDICTS.labels(item.event["kind"], item.event["status"]).inc()
    created = sum(item.status == 201 for item in items)
    # Sent as BatchOut shows it, as the single event's answer is: validating a thousand answers
    # into the response model cost more than storing them.
    answer = {"items": items, "created": created, "failed": len(items) - created}
    return Response(content=json_bytes(answer), media_type="application/json")


READ_PROBLEMS = (Unauthorized,)
READING = (
    " Needs a key: a platform reads what it posted; a key with `events:read` reads every platform's within its "
    "bindings."
)
EventId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get(
    "/v1/events/{event_id:int}",
    summary="One event and its verdict",
    description="With the corrections that followed it (`corrected_by`) and its exemption's review." + READING,
    responses=problem_responses(*READ_PROBLEMS, NotFound),
)
def get_event(event_id: EventId, session: SessionDep, key: AuthenticatedKeyDep) -> EventPublic:
    return service.get_event(session, event_id, read_scope(session, key))


@router.post(
    "/v1/events/{event_id:int}/exemption-reviews",
    status_code=status.HTTP_201_CREATED,
    summary="Grant or reject the exemption an event claims (exemptions:review)",
    description=(
        "A claimed exemption changes nothing until it is reviewed: the disclosure is judged as if none were "
        "claimed. A key with `exemptions:review`, bound to the event's jurisdiction and domain and of another "
        "platform than the one claiming, grants it (the disclosure becomes `exempt`) or rejects it, with a "
        "reason. Decisions are kept, never changed: a later decision stands over an earlier one. Recorded in "
        "the audit log."
    ),
    responses={
        **created("the event, with its exemption's status"),
        **problem_responses(Unauthorized, Forbidden, AnotherPlatformsRecord, NotFound, ExemptionNotClaimed),
    },
)
def review_exemption(
    event_id: EventId, body: ExemptionReviewIn, session: SessionDep, key: ExemptionReviewerDep, response: Response
) -> ExemptionReviewPublic:
    response.headers["Location"] = f"/v1/events/{event_id}"
    return service.review_exemption(session, key, event_id, body)


@router.get(
    "/v1/events",
    summary="Events, oldest first, with cursor paging",
    description="Filter by subject, obligation, status and when received." + READING,
    responses=problem_responses(*READ_PROBLEMS, InvalidEvent),
)
def list_events(
    session: SessionDep,
    key: AuthenticatedKeyDep,
    subject: Annotated[str | None, Query(max_length=128)] = None,
    obligation_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    status: VerdictStatus | None = None,
    received_from: Annotated[
        CalendarTimestamp | None, Query(alias="from", description="Received at or after")
    ] = None,
    received_to: Annotated[
        CalendarTimestamp | None, Query(alias="to", description="Received before")
    ] = None,
    # An event id: bounded like one, or PostgreSQL would refuse to compare it with its integer ids.
    cursor: Annotated[int | None, Query(ge=0, le=2**31 - 1, description="next_cursor of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> EventPage:
    return service.list_events(
        session,
        read_scope(session, key),
        subject=subject,
        obligation_id=obligation_id,
        status=status,
        received_from=_instant(received_from, "from"),
        received_to=_instant(received_to, "to"),
        cursor=cursor,
        limit=limit,
    )


def _instant(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return Trigger.at(parse_timestamp(value)).moment
    except ValueError as error:
        raise InvalidEvent(str(error), parameter=name) from None


DISCLOSURE_CURSOR = r"^[1-9]\d{0,5}\.\d{1,9}$"
"""A due date and an id: where the previous page ended."""


@router.get(
    "/v1/disclosures",
    summary="The state of each (obligation, subject): pending, overdue, published on time or late",
    description=(
        "`overdue`: a trigger whose due date passed before `as_of` (default today in China) with no publication. "
        "Subjects are each platform's own." + READING
    ),
    response_model=DisclosurePage,
    responses=problem_responses(*READ_PROBLEMS, UnknownFilterValue),
)
def list_disclosures(
    database: DatabaseDep,
    key: AuthenticatedKeyDep,
    status: DisclosureStatus | None = None,
    jurisdiction: Annotated[str | None, Query(pattern=r"^\d{6}$")] = None,
    domain: DomainCode | None = None,
    department: Annotated[str | None, Query(min_length=1, max_length=128)] = None,
    subject: Annotated[str | None, Query(min_length=1, max_length=128, description="One project or case")] = None,
    as_of: IsoDate | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[
        str | None,
        Query(pattern=DISCLOSURE_CURSOR, description="next_cursor of the previous page", examples=["739540.1234"]),
    ] = None,
) -> Response:
    # Read in one go (app/core/database.py Database), and written as they are: a supervisor's
    # screen reads a page every few seconds, and validating them into the model only to serialize
    # them again cost more than reading them.
    with database.read(single_statement=True) as session:
        page = service.list_disclosures(
            session,
            read_scope(session, key),
            status=status,
            jurisdiction=jurisdiction,
            domain=domain.value if domain else None,
            department=department,
            subject=subject,
            as_of=as_of,
            limit=limit,
            cursor=_disclosure_cursor(cursor),
        )
    return Response(json_bytes(page), media_type="application/json")


def _disclosure_cursor(text: str | None) -> service.DisclosureCursor | None:
    # DISCLOSURE_CURSOR admits only day numbers of real dates and ids PostgreSQL can hold.
    return service.DisclosureCursor.decode(text) if text is not None else None
