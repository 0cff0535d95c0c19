"""Recording events and keeping each disclosure's state. Services flush; the request commits.

Nothing here updates or deletes an event: a correction is a new event, and the disclosure it
belongs to follows the newest deciding event.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import RowMapping, bindparam, case, func, insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.calendar.errors import OutsideCalendar
from app.calendar.service import working_calendar
from app.calendar.working import OutOfCalendar
from app.catalog.models import ObligationResponsible
from app.catalog.service import department_ids
from app.core.errors import NotFound
from app.core.validation import CHINA, today_in_china
from app.deadlines.due import NotComputable, Trigger
from app.events.catalog_view import CatalogEntry, catalog_view
from app.events.errors import IdempotencyConflict, InvalidEvent
from app.events.models import Disclosure, Event
from app.events.schemas import (
    DisclosurePage,
    DisclosurePublic,
    EventCreate,
    EventKind,
    EventPage,
    EventPublic,
)
from app.events.verdict import Publication, Verdict, VerdictStatus, judge_publication, judge_trigger
from app.jurisdictions.service import require_jurisdiction
from app.keys.models import ApiKey

EVENTS, DISCLOSURES = Event.__table__, Disclosure.__table__


# The hot path's statements, built once with bound parameters: building a statement per call
# cost more than executing it (bench/events.py).
_INSERT_EVENT = insert(EVENTS).returning(EVENTS.c.id)
_SELECT_DISCLOSURE = (
    select(DISCLOSURES)
    .where(
        DISCLOSURES.c.series == bindparam("series"),
        DISCLOSURES.c.ref == bindparam("ref"),
        DISCLOSURES.c.subject == bindparam("subject"),
    )
    .with_for_update()
)
LINEAGE = ("series", "ref", "subject")
# What each kind of event decides in an existing disclosure; the rest of the row stays as it is.
ALWAYS = ("obligation_id", "jurisdiction_code", "domain_code", "updated_at")
BY_TRIGGER = ("triggered_at", "due_date", "due_at", "trigger_event_id")
BY_PUBLICATION = ("due_date", "due_at", "publication_event_id", "published_at", "verdict", "status")


def _upsert(dialect_insert, decides: tuple[str, ...]):  # noqa: ANN001, ANN202
    """Insert the disclosure as this event alone would make it, or merge the event into the
    existing row under the row's own lock: no read-modify-write, so concurrent events on one
    subject each leave their mark. A publication fills in the trigger only when none was
    registered."""
    statement = dialect_insert(DISCLOSURES)
    new, old = statement.excluded, DISCLOSURES.c
    merged = {name: new[name] for name in (*ALWAYS, *decides)}
    if "trigger_event_id" not in decides:
        merged["triggered_at"] = case((old.trigger_event_id.is_(None), new.triggered_at), else_=old.triggered_at)
    return statement.on_conflict_do_update(index_elements=list(LINEAGE), set_=merged)


_UPSERT_DISCLOSURE = {
    (dialect, kind): _upsert(dialect_insert, decides)
    for dialect, dialect_insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
    for kind, decides in ((EventKind.TRIGGER, BY_TRIGGER), (EventKind.PUBLICATION, BY_PUBLICATION))
}
PENDING, OVERDUE = "pending", "overdue"
DISCLOSURE_STATUSES = ("pending", "overdue", "published_on_time", "published_late", "exempt")


@dataclass(frozen=True)
class Submitted:
    event: EventPublic
    created: bool
    """False when an Idempotency-Key replay returned the first answer."""


def request_hash(body: EventCreate) -> str:
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def submit_event(session: Session, key: ApiKey, body: EventCreate, idempotency_key: str | None) -> Submitted:
    digest = request_hash(body)
    if idempotency_key:
        replay = _replay(session, key, idempotency_key, digest)
        if replay:
            return replay
    if not idempotency_key:
        return Submitted(event_public(_record(session, key, body, None, digest)), created=True)
    try:
        with session.begin_nested():
            event = _record(session, key, body, idempotency_key, digest)
    except IntegrityError:
        # A concurrent request with the same Idempotency-Key stored its event first.
        replay = _replay(session, key, idempotency_key, digest)
        if replay is None:
            raise
        return replay
    return Submitted(event_public(event), created=True)


def _replay(session: Session, key: ApiKey, idempotency_key: str, digest: str) -> Submitted | None:
    first = session.execute(
        select(EVENTS).where(EVENTS.c.api_key_id == key.id, EVENTS.c.idempotency_key == idempotency_key)
    ).mappings().one_or_none()
    if first is None:
        return None
    if first["request_hash"] != digest:
        raise IdempotencyConflict(
            f"Idempotency-Key {idempotency_key!r} was first used for event {first['id']} with another body."
        )
    return Submitted(event_public(first), created=False)


def _record(
    session: Session, key: ApiKey, body: EventCreate, idempotency_key: str | None, digest: str
) -> dict[str, Any]:
    # Core statements, not the ORM unit of work: this is every platform's hot path, and the
    # ORM's bookkeeping cost more than the verdict itself (bench/events.py).
    catalog = catalog_view(session)
    posted = catalog.entries.get(body.obligation_id)
    if posted is None:
        raise InvalidEvent(f"There is no obligation {body.obligation_id}.", field="obligation_id")
    series, ref = posted.series, posted.ref

    trigger_event_id = None
    registered = None if body.triggered_at is not None else _disclosure(session, series, ref, body.subject)
    if body.triggered_at is not None:
        trigger = Trigger.at(body.triggered_at)
    elif body.kind is EventKind.PUBLICATION and registered and registered["triggered_at"]:
        trigger = Trigger(moment=_china(registered["triggered_at"]), has_time=True)
        trigger_event_id = registered["trigger_event_id"]
    else:
        raise InvalidEvent(
            "Send triggered_at, or first register the trigger for this obligation and subject "
            "(an event with kind 'trigger').",
            field="triggered_at",
        )
    if body.corrects is not None:
        corrected = session.execute(
            select(EVENTS.c.series, EVENTS.c.ref, EVENTS.c.subject).where(EVENTS.c.id == body.corrects)
        ).one_or_none()
        if corrected is None or tuple(corrected) != (series, ref, body.subject):
            raise InvalidEvent(
                f"Event {body.corrects} is not an event of this obligation and subject; a correction names one that is.",
                field="corrects",
            )

    judged = catalog.in_force(posted, trigger.day)
    rule = judged.rule
    calendar = working_calendar(session)
    try:
        if body.kind is EventKind.TRIGGER:
            verdict = judge_trigger(rule, trigger, calendar)
            published_at = None
        else:
            if body.published_at is None:
                raise InvalidEvent("A publication needs published_at.", field="published_at")
            published_at = Trigger.at(body.published_at).moment
            if published_at > datetime.now(CHINA) + timedelta(days=1):
                raise InvalidEvent("published_at is in the future.", field="published_at")
            publication = Publication(
                published_at=published_at,
                channel=body.channel,
                publisher=body.publisher,
                publisher_id=catalog.department_id(judged.jurisdiction, body.publisher),
                content=body.content,
            )
            verdict = judge_publication(rule, trigger, publication, calendar, exempt=body.exemption is not None)
    except NotComputable as error:
        raise InvalidEvent(f"No due date can be computed: {error}", field="obligation_id") from None
    except OutOfCalendar as error:
        raise OutsideCalendar(str(error)) from None

    event = dict(
        kind=body.kind.value,
        obligation_id=posted.rule.id,
        judged_obligation_id=judged.rule.id,
        catalog_id=judged.catalog_id,
        series=series,
        ref=ref,
        subject=body.subject,
        triggered_at=trigger.moment,
        trigger_event_id=trigger_event_id,
        published_at=published_at,
        publisher=body.publisher,
        channel=body.channel,
        url=body.url,
        title=body.title,
        content=body.content,
        exemption=body.exemption.model_dump(mode="json") if body.exemption else None,
        corrects=body.corrects,
        status=verdict.status.value,
        timeliness=verdict.timeliness.value if verdict.timeliness else None,
        due_date=verdict.due.due_date,
        due_at=verdict.due.due_at,
        late_by=verdict.late_by,
        late_unit=verdict.late_unit,
        calendar=verdict.due.calendar.value,
        checks=[check.as_dict() for check in verdict.checks],
        api_key_id=key.id,
        received_at=datetime.now(UTC),
        idempotency_key=idempotency_key,
        request_hash=digest,
    )
    event["id"] = session.execute(_INSERT_EVENT, event).scalar_one()
    _apply(session, event, judged, verdict)
    return event


def _disclosure(session: Session, series: str, ref: str, subject: str) -> RowMapping | None:
    return session.execute(
        _SELECT_DISCLOSURE, {"series": series, "ref": ref, "subject": subject}
    ).mappings().one_or_none()


def _apply(session: Session, event: dict[str, Any], judged: CatalogEntry, verdict: Verdict) -> None:
    """The disclosure follows its newest trigger and its newest publication (a correction included)."""
    is_trigger = event["kind"] == EventKind.TRIGGER.value
    if is_trigger:
        status = PENDING
    elif verdict.status is VerdictStatus.EXEMPT:
        status = "exempt"
    elif event["timeliness"] == "late":
        status = "published_late"
    else:
        status = "published_on_time"
    row = {
        "series": event["series"],
        "ref": event["ref"],
        "subject": event["subject"],
        "obligation_id": judged.rule.id,
        "jurisdiction_code": judged.jurisdiction,
        "domain_code": judged.domain,
        "status": status,
        "verdict": None if is_trigger else event["status"],
        "triggered_at": event["triggered_at"],
        "due_date": event["due_date"],
        "due_at": event["due_at"],
        "trigger_event_id": event["id"] if is_trigger else event["trigger_event_id"],
        "publication_event_id": None if is_trigger else event["id"],
        "published_at": event["published_at"],
        "updated_at": datetime.now(UTC),
    }
    kind = EventKind.TRIGGER if is_trigger else EventKind.PUBLICATION
    session.execute(_UPSERT_DISCLOSURE[(session.get_bind().dialect.name, kind)], row)


def event_public(event: Mapping[str, Any]) -> EventPublic:
    return EventPublic(
        id=event["id"],
        kind=EventKind(event["kind"]),
        obligation_id=event["obligation_id"],
        judged_obligation_id=event["judged_obligation_id"],
        catalog_id=event["catalog_id"],
        subject=event["subject"],
        status=event["status"],
        timeliness=event["timeliness"],
        triggered_at=_china(event["triggered_at"]),
        trigger_event_id=event["trigger_event_id"],
        published_at=_china(event["published_at"]) if event["published_at"] else None,
        due_date=event["due_date"],
        due_at=_china(event["due_at"]),
        late_by=event["late_by"],
        late_unit=event["late_unit"],
        calendar=event["calendar"],
        checks=event["checks"],
        publisher=event["publisher"],
        channel=event["channel"],
        url=event["url"],
        title=event["title"],
        content=event["content"],
        exemption=event["exemption"],
        corrects=event["corrects"],
        received_at=_china(event["received_at"]),
        api_key_id=event["api_key_id"],
    )


def _china(moment: datetime) -> datetime:
    """Instants are answered in China Standard Time, the legal calendar's zone."""
    return moment.astimezone(CHINA)


def get_event(session: Session, event_id: int) -> EventPublic:
    event = session.execute(select(EVENTS).where(EVENTS.c.id == event_id)).mappings().one_or_none()
    if event is None:
        raise NotFound(f"There is no event {event_id}.")
    return event_public(event)


def list_events(
    session: Session,
    *,
    subject: str | None,
    obligation_id: int | None,
    status: str | None,
    received_from: datetime | None,
    received_to: datetime | None,
    cursor: int | None,
    limit: int,
) -> EventPage:
    statement = select(EVENTS)
    if subject:
        statement = statement.where(EVENTS.c.subject == subject)
    if obligation_id:
        statement = statement.where(EVENTS.c.obligation_id == obligation_id)
    if status:
        statement = statement.where(EVENTS.c.status == status)
    if received_from:
        statement = statement.where(EVENTS.c.received_at >= received_from)
    if received_to:
        statement = statement.where(EVENTS.c.received_at < received_to)
    if cursor:
        statement = statement.where(EVENTS.c.id > cursor)
    rows = session.execute(statement.order_by(EVENTS.c.id).limit(limit + 1)).mappings().all()
    more = len(rows) > limit
    rows = rows[:limit]
    return EventPage(
        items=[event_public(row) for row in rows], next_cursor=str(rows[-1]["id"]) if more and rows else None
    )


def list_disclosures(
    session: Session,
    *,
    status: str | None,
    jurisdiction: str | None,
    domain: str | None,
    department: str | None,
    as_of: date | None,
    limit: int,
    offset: int,
) -> DisclosurePage:
    """`overdue` is a pending disclosure whose due date is before `as_of`: computed, not stored."""
    as_of = as_of or today_in_china()
    statement = select(Disclosure)
    if status == OVERDUE:
        statement = statement.where(Disclosure.status == PENDING, col(Disclosure.due_date) < as_of)
    elif status == PENDING:
        statement = statement.where(Disclosure.status == PENDING, col(Disclosure.due_date) >= as_of)
    elif status:
        statement = statement.where(Disclosure.status == status)
    if jurisdiction:
        require_jurisdiction(session, jurisdiction, parameter="jurisdiction")
        statement = statement.where(Disclosure.jurisdiction_code == jurisdiction)
    if domain:
        statement = statement.where(Disclosure.domain_code == domain)
    if department:
        ids = department_ids(session, department, jurisdiction)
        statement = statement.where(
            col(Disclosure.obligation_id).in_(
                select(ObligationResponsible.obligation_id).where(col(ObligationResponsible.department_id).in_(ids))
            )
        )
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(
        statement.order_by(col(Disclosure.due_date), col(Disclosure.id)).offset(offset).limit(limit)
    ).all()
    items = [_disclosure_public(row, as_of) for row in rows]
    following = offset + len(items)
    return DisclosurePage(
        items=items,
        total=total,
        limit=limit,
        offset=offset,
        next_offset=following if following < total else None,
        as_of=as_of,
    )


def _disclosure_public(row: Disclosure, as_of: date) -> DisclosurePublic:
    status = row.status
    if status == PENDING and row.due_date is not None and row.due_date < as_of:
        status = OVERDUE
    return DisclosurePublic(
        id=row.id,
        obligation_id=row.obligation_id,
        jurisdiction=row.jurisdiction_code,
        domain=row.domain_code,
        subject=row.subject,
        status=status,
        verdict=row.verdict,
        triggered_at=_china(row.triggered_at) if row.triggered_at else None,
        due_date=row.due_date,
        due_at=_china(row.due_at) if row.due_at else None,
        published_at=_china(row.published_at) if row.published_at else None,
        trigger_event_id=row.trigger_event_id,
        publication_event_id=row.publication_event_id,
    )
