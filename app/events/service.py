"""Recording events and keeping each disclosure's state. Services flush; the request commits.

Nothing here updates or deletes an event: a correction is a new event, and the disclosure it
belongs to follows the newest deciding event.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    Integer,
    RowMapping,
    Select,
    String,
    Table,
    bindparam,
    case,
    cast,
    func,
    insert,
    literal_column,
    tuple_,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.postgresql import psycopg
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.audit.service import record
from app.calendar.errors import OutsideCalendar
from app.calendar.service import working_calendar
from app.calendar.working import OutOfCalendar, WorkingCalendar
from app.catalog.service import department_ids, obligations_of
from app.channels.registry import Place, host_of
from app.core.errors import AnotherPlatformsRecord, NotFound, UnknownReference
from app.core.json_text import json_text
from app.core.validation import CHINA, today_in_china
from app.deadlines.due import NotComputable, Trigger
from app.deadlines.precedence import (
    INFO_FORMED,
    PAPER_ROUTE,
    RECEIVED,
    Anchors,
    AppliedRule,
    CandidateRule,
    RuleSource,
    apply_rules,
)
from app.deadlines.rules import Deadline, DeadlineKind
from app.events.catalog_view import CatalogEntry, CatalogView, catalog_view
from app.events.disclosure_state import (
    ALWAYS,
    BY_PUBLICATION,
    BY_TRIGGER,
    CLAIMED,
    LINEAGE,
    PENDING,
    disclosure_row,
)
from app.events.errors import ExemptionNotClaimed, IdempotencyConflict, InvalidEvent, TriggerNotRegistered
from app.events.models import Disclosure, Event, ExemptionReview
from app.events.schemas import (
    EventCreate,
    EventKind,
    EventPage,
    EventPublic,
    ExemptionDecision,
    ExemptionReviewIn,
    ExemptionReviewPublic,
)
from app.events.verdict import (
    NoRuleComputable,
    Publication,
    channel_named_in,
    judge_publication,
    judge_trigger,
)
from app.feed.models import ChangeKind
from app.feed.service import CHANGES, event_change, insert_changes, record_change
from app.jurisdictions.service import subtree_of, within
from app.keys.models import ApiKey, key_label
from app.keys.service import ReadScope, require_binding, require_place
from app.statutes.rules import NationalLayer

EVENTS, DISCLOSURES, REVIEWS = Event.__table__, Disclosure.__table__, ExemptionReview.__table__
_CHANGED = ("id", "kind", "received_at", "jurisdiction_code", "domain_code", "platform", "subject", "notice_type", "status", "due_date")
"""What the change an event makes reads of it (app/feed/service.event_change)."""


# The hot path's statements, built once with bound parameters: building a statement per call
# cost more than executing it (bench/events.py).
_INSERT_EVENT = insert(EVENTS).returning(EVENTS.c.id)
_SELECT_DISCLOSURE = (
    select(DISCLOSURES).where(*(DISCLOSURES.c[name] == bindparam(name) for name in LINEAGE)).with_for_update()
)


def _upsert(statement, decides: tuple[str, ...]):  # noqa: ANN001, ANN202  (a dialect's Insert)
    """Insert the disclosure as this event alone would make it, or merge the event into the
    existing row under the row's own lock: no read-modify-write, so concurrent events on one
    subject each leave their mark. A publication fills in the trigger only when none was
    registered."""
    new, old = statement.excluded, DISCLOSURES.c
    merged = {name: new[name] for name in (*ALWAYS, *decides)}
    if "trigger_event_id" not in decides:
        merged["triggered_at"] = case((old.trigger_event_id.is_(None), new.triggered_at), else_=old.triggered_at)
    return statement.on_conflict_do_update(index_elements=list(LINEAGE), set_=merged)


DECIDED = {EventKind.TRIGGER: BY_TRIGGER, EventKind.PUBLICATION: BY_PUBLICATION}
"""The columns of its disclosure each kind of event decides."""
# SQLite's: the disclosure upserted after the event. PostgreSQL writes both at once (_RECORD_AT_ONCE).
_UPSERT_DISCLOSURE = {
    kind: _upsert(sqlite_insert(DISCLOSURES), decides).returning(DISCLOSURES.c.id, DISCLOSURES.c.status)
    for kind, decides in DECIDED.items()
}
OVERDUE = "overdue"


def _populated(table: Table, names: Sequence[str] | None = None, *, many: bool = False) -> tuple[list[str], Any]:
    """A row of `table` given as one JSON object (PostgreSQL's json_populate_record), or many rows
    as one JSON array (json_populate_recordset): one parameter where a row's columns took
    thirty-six, which psycopg adapts one by one and, past fifty, parses the statement again for
    every time."""
    names = list(names) if names is not None else [column.name for column in table.c if column.name != "id"]
    parameter = cast(bindparam(table.name, type_=String), JSON)
    populate = func.json_populate_recordset if many else func.json_populate_record
    return names, populate(literal_column(f"NULL::{table.name}"), parameter).table_valued(*names)


def _recorded_at_once(kind: EventKind) -> Select:
    """PostgreSQL: the event and its disclosure in one statement, the disclosure naming the event by
    the id the insert returns. Alone in its transaction when the event reads nothing stored: one
    round trip where BEGIN, an insert, an upsert and COMMIT took four."""
    names, event = _populated(EVENTS)
    recorded = (
        insert(EVENTS).from_select(names, select(*event.c)).returning(*(EVENTS.c[name] for name in _CHANGED)).cte("recorded")
    )
    names, disclosure = _populated(DISCLOSURES)
    by_this_event = "trigger_event_id" if kind is EventKind.TRIGGER else "publication_event_id"
    values = [select(recorded.c.id).scalar_subquery() if name == by_this_event else disclosure.c[name] for name in names]
    disclosed = (
        _upsert(postgresql_insert(DISCLOSURES).from_select(names, select(*values)), DECIDED[kind])
        .returning(DISCLOSURES.c.id, DISCLOSURES.c.status)
        .cte("disclosed")
    )
    # The feed's change, and the outbox's: from what the two inserts return, no parameter of its own.
    change = {
        # Constants as SQL literals: the statement is compiled once and run with its two parameters alone.
        "kind": literal_column(f"'{ChangeKind.EVENT.value}'"),
        "at": recorded.c.received_at,
        "event_id": recorded.c.id,
        "disclosure_id": disclosed.c.id,
        "jurisdiction_code": recorded.c.jurisdiction_code,
        "domain_code": recorded.c.domain_code,
        "platform": recorded.c.platform,
        "subject": recorded.c.subject,
        "notice_type": recorded.c.notice_type,
        "status": recorded.c.status,
        "disclosure_status": disclosed.c.status,
        "due_date": recorded.c.due_date,
        "detail": func.json_build_object(literal_column("'event_kind'"), recorded.c.kind),
    }
    changed = insert(CHANGES).from_select(list(change), select(*change.values()).select_from(recorded, disclosed))
    return select(recorded.c.id).add_cte(disclosed).add_cte(changed.cte("changed"))


# Compiled once to the driver's SQL: SQLAlchemy would otherwise walk the whole statement on every
# execution to find it in its compiled cache.
_RECORD_AT_ONCE = {kind: str(_recorded_at_once(kind).compile(dialect=psycopg.dialect())) for kind in EventKind}


@dataclass(frozen=True)
class Submitted:
    event: dict[str, Any]
    """The event as EventPublic shows it (`public_fields`), sent as it is."""
    created: bool
    """False when an Idempotency-Key replay returned the first answer."""


def request_hash(body: EventCreate, idempotency_key: str | None) -> str | None:
    """What a retry with the same Idempotency-Key must match; nothing to match without one."""
    if idempotency_key is None:
        return None
    canonical = json.dumps(body.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def writes_alone(body: EventCreate, idempotency_key: str | None) -> bool:
    """Whether the event reads nothing stored (no replay, no registered trigger, no corrected event),
    so its one write statement is all its transaction holds."""
    return idempotency_key is None and body.triggered_at is not None and body.corrects is None


def submit_event(session: Session, key: ApiKey, body: EventCreate, idempotency_key: str | None) -> Submitted:
    digest = request_hash(body, idempotency_key)
    if idempotency_key:
        replay = _replay(session, key, idempotency_key, digest)
        if replay:
            return replay
    if not idempotency_key:
        return Submitted(public_fields(_record(session, key, body, None, digest)), created=True)
    try:
        with session.begin_nested():
            event = _record(session, key, body, idempotency_key, digest)
    except IntegrityError:
        # A concurrent request with the same Idempotency-Key stored its event first.
        replay = _replay(session, key, idempotency_key, digest)
        if replay is None:
            raise
        return replay
    return Submitted(public_fields(event), created=True)


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
    return Submitted(public_fields(first), created=False)


def _record(
    session: Session, key: ApiKey, body: EventCreate, idempotency_key: str | None, digest: str | None
) -> dict[str, Any]:
    judged = judge(
        catalog_view(session),
        lambda: working_calendar(session),
        key,
        body,
        idempotency_key,
        digest,
        registered=lambda lineage: _disclosure(session, lineage),
        corrected=lambda event_id: _event_lineage(session, event_id),
    )
    event = judged.event
    # The connection, not the session: Core statements need none of the ORM's execution machinery,
    # which cost 0.6 of the 2 ms the service itself spends on an event (measured in-process).
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        disclosure = disclosure_row({**event, "id": None}, judged.lineage, judged.domain)
        rows = {EVENTS.name: json_text(event), DISCLOSURES.name: json_text(disclosure)}
        event["id"] = connection.exec_driver_sql(_RECORD_AT_ONCE[EventKind(event["kind"])], rows).scalar_one()
        return event
    event["id"] = connection.execute(_INSERT_EVENT, event).scalar_one()
    disclosure_id, status = _apply(session, event, judged.lineage, judged.domain)
    insert_changes(session, [event_change(event, disclosure_id, status)])
    return event


@dataclass(frozen=True)
class Located:
    notice: "Notice"
    place: Place
    lineage: tuple[str, ...]
    """The disclosure it belongs to (`disclosure_key`)."""


@dataclass(frozen=True)
class Judged:
    """An event judged and ready to store: its row (without an id yet) and its disclosure's key."""

    event: dict[str, Any]
    lineage: tuple[str, ...]
    domain: str


def locate(catalog: CatalogView, key: ApiKey, body: EventCreate) -> Located:
    """The notice an event names, where, and its disclosure; refused when the key may not post there."""
    if body.url is not None and host_of(body.url) is None:
        raise InvalidEvent("url has no valid host name; send the address the notice was published at.", field="url")
    notice = resolve_notice(catalog, body)
    place = catalog.place(notice.jurisdiction)
    if not key.bindings.covers_jurisdiction(place.lineage):
        require_binding(key, place.lineage, f"{notice.jurisdiction} ({place.names[notice.jurisdiction][0]})")
    lineage = disclosure_key(
        key.platform, notice.jurisdiction, notice.notice_type, notice.series, notice.ref, body.subject
    )
    return Located(notice, place, lineage)


def judge(
    catalog: CatalogView,
    calendar_of: Callable[[], WorkingCalendar],
    key: ApiKey,
    body: EventCreate,
    idempotency_key: str | None,
    digest: str | None,
    *,
    registered: Callable[[tuple[str, ...]], Mapping[str, Any] | None],
    corrected: Callable[[int], tuple[str, ...] | None],
) -> Judged:
    """The event's verdict and row. What it needs of stored state comes through `registered` (the
    disclosure a publication without triggered_at takes its trigger from) and `corrected` (the
    disclosure key of the event a correction names): read one by one from the database for a
    single event, read for a whole batch at once and followed in memory by a batch."""
    located = locate(catalog, key, body)
    notice, place, lineage = located.notice, located.place, located.lineage

    trigger_event_id = None
    registration = None if body.triggered_at is not None else registered(lineage)
    if body.triggered_at is not None:
        trigger = Trigger.at(body.triggered_at)
    elif body.kind is EventKind.PUBLICATION and registration and registration["triggered_at"]:
        trigger = Trigger(moment=_china(registration["triggered_at"]), has_time=True)
        trigger_event_id = registration["trigger_event_id"]
    else:
        # Not malformed: the request needs state (a registered trigger) that is not there yet.
        raise TriggerNotRegistered(
            "Send triggered_at, or first register the trigger for this notice and subject "
            "(an event with kind 'trigger').",
            field="triggered_at",
        )
    if body.corrects is not None:
        corrected_lineage = corrected(body.corrects)
        if corrected_lineage is not None and corrected_lineage[0] != key.platform:
            # A record must not be rewritable by another party: a correction is the poster's own.
            raise AnotherPlatformsRecord(
                f"Event {body.corrects} was posted by another platform; only the platform that posted an event may "
                "correct it.",
                field="corrects",
            )
        if corrected_lineage != lineage:
            raise InvalidEvent(
                f"Event {body.corrects} is not an event of this notice and subject; a correction names one that is.",
                field="corrects",
            )

    calendar = calendar_of()
    applied, judged = _applied_rules(catalog, notice, body, trigger, calendar)
    domain = judged.domain if judged else catalog.national.notice_types[notice.notice_type].domain
    if not key.bindings.covers_domain(domain):
        require_binding(key, place.lineage, f"the domain {domain}", (domain,))
    try:
        if body.kind is EventKind.TRIGGER:
            verdict = judge_trigger(applied)
            published_at = None
        else:
            published_at = Trigger.at(body.published_at).moment  # a publication has one (EventCreate)
            if published_at > datetime.now(CHINA) + timedelta(days=1):
                raise InvalidEvent("published_at is in the future.", field="published_at")
            _not_before_trigger(applied, published_at)
            publication = Publication(
                published_at=published_at,
                channel=body.channel,
                publisher=body.publisher,
                publisher_id=catalog.department_id(judged.jurisdiction, body.publisher) if judged else None,
                content=body.content,
                url=body.url,
            )
            notice_type = catalog.national.notice_types.get(notice.notice_type) if notice.notice_type else None
            verdict = judge_publication(
                judged.rule.for_notice(notice.notice_type) if judged else None,
                applied,
                publication,
                calendar,
                synonyms=notice_type.field_aliases if notice_type else None,
                channels=catalog.channels,
                place=place,
                bodies=catalog.bodies,
            )
    except NoRuleComputable as error:
        raise InvalidEvent(f"No due date can be computed: {error}.", field="triggers") from None

    posted = notice.posted
    event = dict(
        kind=body.kind.value,
        obligation_id=posted.rule.id if posted else (judged.rule.id if judged else None),
        judged_obligation_id=judged.rule.id if judged else None,
        catalog_id=judged.catalog_id if judged else None,
        series=notice.series,
        ref=notice.ref,
        jurisdiction_code=notice.jurisdiction,
        notice_type=notice.notice_type,
        submission=body.submission.value if body.submission else None,
        triggers={kind: Trigger.at(moment).moment.isoformat() for kind, moment in body.triggers.items()},
        rules=[applied_rule_dict(rule) for rule in verdict.rules],
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
        platform=key.platform,
        domain_code=domain,
        received_at=datetime.now(UTC),
        idempotency_key=idempotency_key,
        request_hash=digest,
    )
    return Judged(event, lineage, domain)


@dataclass(frozen=True)
class Notice:
    """What an event is about: where, which notice, and the catalog row it was posted under."""

    jurisdiction: str
    notice_type: str | None
    posted: CatalogEntry | None
    """The row posted by obligation_id; None for an event posted by notice type."""

    @property
    def series(self) -> str:
        return self.posted.series if self.posted else ""

    @property
    def ref(self) -> str:
        return self.posted.ref if self.posted else ""


def resolve_notice(catalog: CatalogView, body: EventCreate) -> Notice:
    """The notice an event names, by obligation_id (and which of the row's notices) or by
    jurisdiction and notice type; every ambiguity is the client's to resolve, never guessed."""
    national = catalog.national
    if body.notice_type is not None and body.notice_type not in national.notice_types:
        raise UnknownReference(
            f"There is no notice type {body.notice_type!r}; GET /v1/notice-types lists them.", field="notice_type"
        )
    if body.jurisdiction is not None and body.jurisdiction not in catalog.jurisdictions:
        raise UnknownReference(f"No jurisdiction has the code {body.jurisdiction!r}.", field="jurisdiction")
    if body.obligation_id is None:
        return Notice(jurisdiction=body.jurisdiction, notice_type=body.notice_type, posted=None)
    posted = catalog.entries.get(body.obligation_id)
    if posted is None:
        raise UnknownReference(f"There is no obligation {body.obligation_id}.", field="obligation_id")
    jurisdiction = body.jurisdiction or posted.jurisdiction
    if posted.jurisdiction not in catalog.lineage(jurisdiction):
        raise InvalidEvent(
            f"Obligation {posted.rule.id} belongs to {posted.jurisdiction}'s catalog, which does not apply in "
            f"{jurisdiction}.",
            field="jurisdiction",
        )
    covered = posted.notice_types
    if body.notice_type is not None:
        if body.notice_type not in covered:
            domain = national.notice_types[body.notice_type].domain
            other = f" belongs to {domain}, not {posted.domain}; it" if domain != posted.domain else ""
            raise InvalidEvent(
                f"Notice type {body.notice_type!r}{other} is not one obligation {posted.rule.id} covers "
                f"({', '.join(covered) or 'none: the row is not a notice'}).",
                field="notice_type",
            )
        return Notice(jurisdiction, body.notice_type, posted)
    if len(covered) > 1:
        raise InvalidEvent(
            f"Obligation {posted.rule.id} covers several notices ({', '.join(covered)}); name the one published "
            "in notice_type.",
            field="notice_type",
        )
    return Notice(jurisdiction, covered[0] if covered else None, posted)


def _applied_rules(
    catalog: CatalogView, notice: Notice, body: EventCreate, trigger: Trigger, calendar: WorkingCalendar
) -> tuple[list[AppliedRule], CatalogEntry | None]:
    """Every rule that applies, computed from its own trigger (SPEC §The law above the catalogs),
    and the catalog row, as in force on the trigger date, whose channels, bodies and content judge."""
    day = trigger.day
    rows = catalog.rows_for(notice.jurisdiction, notice.notice_type, day) if notice.notice_type else []
    if notice.posted is not None:
        judged = catalog.in_force(notice.posted, day)
        # The rows of the posted row's own catalog are other classifications of the same notice
        # (喀左 序号20, 26 and 36 are 招标公告 of general, highway and housing works): the one posted
        # under says which; the catalogs above still apply on top of it.
        rows = [judged, *(row for row in rows if row.catalog_id != judged.catalog_id)]
    else:
        _one_classification(rows, notice)
    judged = rows[0] if rows else None
    national = catalog.national
    notice_type = national.notice_types.get(notice.notice_type) if notice.notice_type else None
    statutes = national.statutes_for(notice.notice_type, day) if notice.notice_type else []
    matches_channel = channel_named_in(body.channel)
    route = body.submission.value if body.submission else None

    candidates: list[CandidateRule] = []
    for row in rows:
        deadline = row.rule.deadline.rule_for(notice.notice_type, route, matches_channel)
        if deadline.kind is DeadlineKind.UNPARSED:
            continue
        if deadline.defaulted:
            # The row sets no period of its own: the law does. With a notice type its statutes
            # follow; without one, the general rule the row defaulted to stands, cited.
            if not statutes:
                candidates.append(_defaulted(national, deadline, row, day))
            continue
        candidates.append(
            CandidateRule(
                source=RuleSource.CATALOG,
                deadline=deadline,
                citation=row.citation,
                clause=deadline.condition or deadline.text,
                obligation_id=row.rule.id,
                jurisdiction=row.jurisdiction,
            )
        )
    candidates.extend(
        CandidateRule(
            source=RuleSource.STATUTE,
            deadline=statute.deadline,
            citation=statute.citation,
            clause=statute.clause,
            statute_key=statute.key,
            display_period=statute.display_period,
        )
        for statute in statutes
    )
    if not candidates:
        raise InvalidEvent(
            f"No rule applies to {notice.notice_type or 'this notice'} in {notice.jurisdiction}.", field="notice_type"
        )
    if notice.posted is not None and candidates[0].source is RuleSource.CATALOG:
        first = candidates[0].deadline
        # On the paper route triggered_at is when the text was received; 核验确认 comes in triggers
        # or is taken at its latest.
        primary = RECEIVED if first.route == PAPER_ROUTE else (first.trigger or INFO_FORMED)
    elif notice_type is not None:
        primary = notice_type.trigger
    else:
        primary = candidates[0].deadline.trigger or INFO_FORMED
    read = {candidate.deadline.trigger for candidate in candidates} | {INFO_FORMED, primary}
    if notice_type is not None:
        read.add(notice_type.trigger)
    if any(candidate.deadline.route == PAPER_ROUTE for candidate in candidates):
        read.add(RECEIVED)
    unread = sorted(set(body.triggers) - read)
    if unread:
        raise InvalidEvent(
            f"No rule that applies here reads the trigger kind(s) {', '.join(unread)}; they read "
            f"{', '.join(sorted(read - {INFO_FORMED}))}.",
            field="triggers",
        )
    if primary in body.triggers:
        raise InvalidEvent(f"triggered_at already gives {primary}; do not repeat it in triggers.", field="triggers")
    anchors = Anchors(
        primary,
        trigger,
        {kind: Trigger.at(moment) for kind, moment in body.triggers.items()},
        notice_type.trigger if notice_type else None,
    )
    try:
        applied = apply_rules(candidates, anchors, calendar)
        if not any(rule.governing for rule in applied):
            lacking = sorted({rule.missing_trigger for rule in applied if rule.missing_trigger})
            raise InvalidEvent(
                f"Every rule that applies here counts from an anchor the event does not report; "
                f"give {', '.join(lacking)} in triggers.",
                field="triggers",
            )
        return applied, judged
    except NotComputable as error:
        raise InvalidEvent(f"No due date can be computed: {error}", field="obligation_id") from None
    except OutOfCalendar as error:
        raise OutsideCalendar(str(error)) from None


def _one_classification(rows: list[CatalogEntry], notice: Notice) -> None:
    """A notice type listed by rows of different domains or bodies in one jurisdiction (a 行政处罚决定
    under 政府采购 and under 国有产权; 喀左's 招标公告 of general, highway and housing works) names no
    single body or channel to judge by: the client says which row it published under, the service
    never guesses. Rows that only split one notice's parts (晋江 采购项目公告 and 预算金额) agree."""
    nearest = [row for row in rows if row.jurisdiction == rows[0].jurisdiction] if rows else []
    if len({(row.domain, row.rule.responsible_ids) for row in nearest}) > 1:
        listed = ", ".join(f"{row.rule.id} ({row.domain}: {row.rule.item})" for row in nearest)
        raise InvalidEvent(
            f"In {notice.jurisdiction}, {notice.notice_type} is listed by several rows, for different domains "
            f"or bodies: {listed}; name the one published under in obligation_id.",
            field="obligation_id",
        )


def _defaulted(national: NationalLayer, deadline: Deadline, row: CatalogEntry, day: date) -> CandidateRule:
    statute = national.default_for(deadline.trigger, day)
    if statute is None:
        return CandidateRule(RuleSource.STATUTE, deadline, deadline.basis or "", obligation_id=row.rule.id)
    return CandidateRule(
        source=RuleSource.STATUTE,
        deadline=deadline,
        citation=statute.citation,
        clause=statute.clause,
        obligation_id=row.rule.id,
        jurisdiction=row.jurisdiction,
        statute_key=statute.key,
    )


def _not_before_trigger(applied: list[AppliedRule], published_at: datetime) -> None:
    """SPEC §Compliance verdict: a publication before its own trigger under an `after` rule is an
    input error, never on time."""
    governing = next(rule for rule in applied if rule.governing)
    if governing.rule.deadline.kind is DeadlineKind.AFTER and published_at.date() < governing.anchor.day:
        raise InvalidEvent(
            f"published_at ({published_at.date()}) is before the trigger it answers ({governing.trigger}, "
            f"{governing.anchor.day}); a notice cannot publish information not yet formed.",
            field="published_at",
        )


def applied_rule_dict(applied: AppliedRule) -> dict[str, Any]:
    rule, deadline, due = applied.rule, applied.rule.deadline, applied.due
    return {
        "source": rule.source.value,
        "citation": rule.citation,
        "clause": rule.clause,
        "text": deadline.text,
        "kind": deadline.kind.value,
        "trigger": applied.trigger,
        "amount": deadline.amount,
        "unit": deadline.unit.value if deadline.unit else None,
        "triggered_at": applied.anchor.moment.isoformat() if applied.anchor else None,
        "due_date": due.due_date.isoformat() if due else None,
        "due_at": due.due_at.isoformat() if due else None,
        "governing": applied.governing,
        "missing_trigger": applied.missing_trigger,
        "obligation_id": rule.obligation_id,
        "jurisdiction": rule.jurisdiction,
        "statute_key": rule.statute_key,
        "display_period": rule.display_period,
        "needs_review": deadline.review,
        "note": applied.note,
    }


def disclosure_key(
    platform: str, jurisdiction: str, notice_type: str | None, series: str, ref: str, subject: str
) -> tuple[str, ...]:
    """One disclosure per notice of one platform's subject: by notice type where the notice has one
    (so a row covering 招标公告 … 中标结果 keeps one per notice), else by catalog row. Subjects are
    each platform's own: another platform's 项目 A is another disclosure."""
    if notice_type:
        return (platform, jurisdiction, "", "", notice_type, subject)
    return (platform, jurisdiction, series, ref, "", subject)


def _disclosure(session: Session, lineage: tuple[str, ...]) -> RowMapping | None:
    return session.connection().execute(_SELECT_DISCLOSURE, dict(zip(LINEAGE, lineage, strict=True))).mappings().one_or_none()


def _event_lineage(session: Session, event_id: int) -> tuple[str, ...] | None:
    """The disclosure key of a stored event (its platform first), or None when there is no such event."""
    found = session.execute(
        select(
            EVENTS.c.platform, EVENTS.c.jurisdiction_code, EVENTS.c.notice_type, EVENTS.c.series, EVENTS.c.ref,
            EVENTS.c.subject,
        ).where(EVENTS.c.id == event_id)
    ).one_or_none()
    return disclosure_key(*found) if found is not None else None


def _apply(session: Session, event: dict[str, Any], lineage: tuple[str, ...], domain: str) -> tuple[int, str]:
    """SQLite: the disclosure follows its newest trigger and its newest publication (a correction
    included). Its id and status after the event."""
    row = disclosure_row(event, lineage, domain)
    return tuple(session.connection().execute(_UPSERT_DISCLOSURE[EventKind(event["kind"])], row).one())


def event_public(
    event: Mapping[str, Any], corrected_by: list[int] | None = None, exemption_status: str | None = None
) -> EventPublic:
    return EventPublic.model_validate(public_fields(event, corrected_by, exemption_status))


def public_fields(
    event: Mapping[str, Any], corrected_by: list[int] | None = None, exemption_status: str | None = None
) -> dict[str, Any]:
    """A stored event as EventPublic shows it, field for field. The write path sends these as they
    are (`app.core.json_text`): validating a batch's answers into models, then serializing them,
    cost 33 ms of a 500-event batch, against 4 (tests/events/test_answers.py holds the two to the
    same JSON). `corrected_by` and `exemption_status` come from later records (`_later_records`); a
    new event has no correction yet, and its exemption, if any, is only claimed."""
    return {
        "id": event["id"],
        "kind": event["kind"],
        "obligation_id": event["obligation_id"],
        "judged_obligation_id": event["judged_obligation_id"],
        "catalog_id": event["catalog_id"],
        "jurisdiction": event["jurisdiction_code"],
        "notice_type": event["notice_type"],
        "subject": event["subject"],
        "status": event["status"],
        "timeliness": event["timeliness"],
        "triggered_at": _china(event["triggered_at"]),
        "trigger_event_id": event["trigger_event_id"],
        "published_at": _china(event["published_at"]) if event["published_at"] else None,
        "due_date": event["due_date"],
        "due_at": _china(event["due_at"]),
        "late_by": event["late_by"],
        "late_unit": event["late_unit"],
        "calendar": event["calendar"],
        "checks": event["checks"],
        "rules": event["rules"],
        "triggers": event["triggers"],
        "submission": event["submission"],
        "publisher": event["publisher"],
        "channel": event["channel"],
        "url": event["url"],
        "title": event["title"],
        "content": event["content"],
        "exemption": event["exemption"],
        "exemption_status": exemption_status or (CLAIMED if event["exemption"] else None),
        "corrects": event["corrects"],
        "corrected_by": corrected_by or [],
        "received_at": _china(event["received_at"]),
        "api_key_id": event["api_key_id"],
        "platform": event["platform"],
        "domain": event["domain_code"],
    }


def _events_public(session: Session, rows: Sequence[Mapping[str, Any]]) -> list[EventPublic]:
    """Events as read back, with what later records say of them: corrections and exemption reviews."""
    ids = [row["id"] for row in rows]
    corrected_by: dict[int, list[int]] = defaultdict(list)
    reviewed: dict[int, str] = {}
    if ids:
        for corrects, correction in session.execute(
            select(EVENTS.c.corrects, EVENTS.c.id).where(EVENTS.c.corrects.in_(ids)).order_by(EVENTS.c.id)
        ):
            corrected_by[corrects].append(correction)
        claimed = [row["id"] for row in rows if row["exemption"]]
        if claimed:
            for event_id, decision in session.execute(
                select(REVIEWS.c.event_id, REVIEWS.c.decision).where(REVIEWS.c.event_id.in_(claimed)).order_by(REVIEWS.c.id)
            ):
                reviewed[event_id] = decision  # the newest decision stands
    return [event_public(row, corrected_by.get(row["id"]), reviewed.get(row["id"])) for row in rows]


def _china(moment: datetime) -> datetime:
    """Instants are answered in China Standard Time, the legal calendar's zone."""
    return moment.astimezone(CHINA)


def get_event(session: Session, event_id: int, scope: ReadScope) -> EventPublic:
    event = session.execute(
        select(EVENTS).where(EVENTS.c.id == event_id, *scope.conditions(EVENTS, session.get_bind().dialect.name))
    ).mappings().one_or_none()
    if event is None:
        # Another platform's event is as absent as one never posted: its existence is not ours to tell.
        raise NotFound(f"There is no event {event_id} that this key may read.")
    return _events_public(session, [event])[0]


def list_events(
    session: Session,
    scope: ReadScope,
    *,
    subject: str | None,
    obligation_id: int | None,
    status: str | None,
    received_from: datetime | None,
    received_to: datetime | None,
    cursor: int | None,
    limit: int,
) -> EventPage:
    statement = select(EVENTS).where(*scope.conditions(EVENTS, session.get_bind().dialect.name))
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
    return EventPage(items=_events_public(session, rows), next_cursor=str(rows[-1]["id"]) if more and rows else None)


COUNT_LIMIT = 10_000
"""Disclosures counted for a list's `total`; past it the list says only that there are more."""


@dataclass(frozen=True)
class DisclosureCursor:
    """Where a page of disclosures ended: the last one's due date (as its day number, so that every
    string the pattern admits is a cursor) and id, as `739540.1234`."""

    due_date: date
    id: int

    def encode(self) -> str:
        return f"{self.due_date.toordinal()}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> "DisclosureCursor":
        day, _, number = text.partition(".")
        return cls(date.fromordinal(int(day)), int(number))


def list_disclosures(
    session: Session,
    scope: ReadScope,
    *,
    status: str | None,
    jurisdiction: str | None,
    domain: str | None,
    department: str | None,
    subject: str | None = None,
    as_of: date | None,
    limit: int,
    cursor: DisclosureCursor | None = None,
) -> dict:
    """A page of disclosures as plain values, in the API's names (DisclosurePage's fields, as its
    JSON has them). `overdue` is a pending disclosure whose due date is before `as_of`: computed,
    not stored.

    Paged by keyset on (due date, id), never by OFFSET: a deep page costs what the first does.
    The count stops at COUNT_LIMIT, so a national list does not read every row on every page."""
    as_of = as_of or today_in_china()
    listed = Listed(
        scope=scope,
        status=status,
        places=subtree_of(session, jurisdiction) if jurisdiction else None,
        domain=domain,
        by_subject=subject is not None,
        departments=frozenset(department_ids(session, department, jurisdiction)) if department else None,
        after_cursor=cursor is not None,
    )
    page, counting = _listing(session.get_bind().dialect.name, listed)
    values = {"as_of": as_of, "subject": subject, "limit": limit + 1}
    if cursor is not None:
        values |= {"cursor_due_date": cursor.due_date, "cursor_id": cursor.id}
    connection = session.connection()
    found = connection.execute(page, values).all()
    counted = found[0].total if found else connection.execute(counting, values).scalar_one()
    more = len(found) > limit
    rows = found[:limit]
    return {
        "items": [disclosure_fields(row, as_of) for row in rows],
        "total": min(counted, COUNT_LIMIT),
        "total_exact": counted <= COUNT_LIMIT,
        "limit": limit,
        "next_cursor": DisclosureCursor(rows[-1].due_date, rows[-1].id).encode() if more else None,
        "as_of": as_of,
    }


@dataclass(frozen=True)
class Listed:
    """Which disclosures a list shows, as plain values; the day, subject, cursor and page size are
    its statements' parameters (_listing)."""

    scope: ReadScope
    status: str | None
    places: tuple[str, ...] | None
    """The jurisdiction's subtree; None: everywhere."""
    domain: str | None
    by_subject: bool
    departments: frozenset[int] | None
    after_cursor: bool


@lru_cache(maxsize=256)
def _listing(dialect: str, listed: Listed) -> tuple[Select, Select]:
    """A page's statement, and its count's for a page that found nothing, of plain values alone,
    so each is built once and kept: building them took about a third of a page's time in process,
    and SQLAlchemy keeps the cache key of a statement it has seen. A kept pair holds about 20 KB."""
    d = DISCLOSURES.c
    as_of = bindparam("as_of", type_=Date)
    statement = select(*LISTED).where(*listed.scope.conditions(DISCLOSURES, dialect))
    if listed.status == OVERDUE:
        statement = statement.where(d.status == PENDING, d.due_date < as_of)
    elif listed.status == PENDING:
        statement = statement.where(d.status == PENDING, d.due_date >= as_of)
    elif listed.status:
        statement = statement.where(d.status == listed.status)
    if listed.places is not None:
        # A province's disclosures include its cities' and counties'.
        statement = statement.where(within(d.jurisdiction_code, listed.places, dialect))
    if listed.domain:
        statement = statement.where(d.domain_code == listed.domain)
    if listed.by_subject:
        statement = statement.where(d.subject == bindparam("subject", type_=String))
    if listed.departments is not None:
        statement = statement.where(d.obligation_id.in_(obligations_of(listed.departments)))
    counting = select(func.count()).select_from(statement.with_only_columns(d.id).limit(COUNT_LIMIT + 1).subquery())
    page = statement
    if listed.after_cursor:
        after = tuple_(bindparam("cursor_due_date", type_=Date), bindparam("cursor_id", type_=Integer))
        page = page.where(tuple_(d.due_date, d.id) > after)
    # The count rides on the page, one statement: the database runs it once, and a page costs one
    # round trip rather than two (a county's overdue list is read by every supervisor's screen).
    page = page.add_columns(counting.scalar_subquery().label("total"))
    return page.order_by(d.due_date, d.id).limit(bindparam("limit", type_=Integer)), counting


LISTED = tuple(
    DISCLOSURES.c[name]
    for name in (
        "id", "obligation_id", "notice_type", "jurisdiction_code", "domain_code", "subject", "status", "verdict",
        "exemption", "platform", "triggered_at", "due_date", "due_at", "published_at", "trigger_event_id",
        "publication_event_id",
    )
)
"""The columns a disclosure is listed with (DisclosurePublic's)."""


@dataclass(frozen=True)
class OverdueGroup:
    """Overdue disclosures of one notice of one jurisdiction, counted: what the public dashboard
    shows, with no platform's subjects in it."""

    jurisdiction: str
    obligation_id: int | None
    notice_type: str
    count: int
    earliest_due: date


def overdue_groups(session: Session, jurisdiction: str | None, as_of: date, limit: int) -> tuple[list[OverdueGroup], int]:
    """The notices with overdue disclosures, longest overdue first, and how many disclosures in all."""
    overdue = [Disclosure.status == PENDING, col(Disclosure.due_date) < as_of]
    if jurisdiction:
        if (places := subtree_of(session, jurisdiction)) is not None:
            overdue.append(within(DISCLOSURES.c.jurisdiction_code, places, session.get_bind().dialect.name))
    keys = (Disclosure.jurisdiction_code, Disclosure.obligation_id, Disclosure.notice_type)
    earliest = func.min(Disclosure.due_date)
    rows = session.exec(
        select(*keys, func.count(), earliest).where(*overdue).group_by(*keys).order_by(earliest, *keys).limit(limit)
    ).all()
    total = session.exec(select(func.count()).select_from(Disclosure).where(*overdue)).one()
    return [OverdueGroup(*row) for row in rows], total


def disclosure_fields(row: Row, as_of: date) -> dict:
    """A disclosure as DisclosurePublic's fields, of a row of its LISTED columns: sent as they are,
    a page of them costs a fraction of the models (tests/events/test_disclosure_paging.py holds
    them to the model's rendering)."""
    status = row.status
    if status == PENDING and row.due_date is not None and row.due_date < as_of:
        status = OVERDUE
    return {
        "id": row.id,
        "obligation_id": row.obligation_id,
        "notice_type": row.notice_type or None,
        "jurisdiction": row.jurisdiction_code,
        "domain": row.domain_code,
        "subject": row.subject,
        "status": status,
        "verdict": row.verdict,
        "exemption_status": row.exemption,
        "platform": row.platform,
        "triggered_at": _china(row.triggered_at) if row.triggered_at else None,
        "due_date": row.due_date,
        "due_at": _china(row.due_at) if row.due_at else None,
        "published_at": _china(row.published_at) if row.published_at else None,
        "trigger_event_id": row.trigger_event_id,
        "publication_event_id": row.publication_event_id,
    }


def review_exemption(session: Session, key: ApiKey, event_id: int, body: ExemptionReviewIn) -> ExemptionReviewPublic:
    """Grant or reject the exemption an event claims. The disclosure follows when the event is its
    deciding publication: `exempt` on a grant, judged as published on a rejection."""
    event = session.execute(select(EVENTS).where(EVENTS.c.id == event_id)).mappings().one_or_none()
    if event is None:
        raise NotFound(f"There is no event {event_id}.")
    require_place(
        session, key, event["jurisdiction_code"], f"event {event_id} of {event['jurisdiction_code']}", (event["domain_code"],)
    )
    if event["platform"] == key.platform:
        raise AnotherPlatformsRecord("An exemption is reviewed by someone other than the platform that claims it.")
    if not event["exemption"]:
        raise ExemptionNotClaimed(f"Event {event_id} claims no exemption.")
    decisions = session.execute(
        select(REVIEWS.c.decision).where(REVIEWS.c.event_id == event_id).order_by(REVIEWS.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    disclosure = session.exec(
        select(Disclosure).where(Disclosure.publication_event_id == event_id).with_for_update()
    ).one_or_none()
    before = {"exemption_status": decisions or CLAIMED, "disclosure_status": disclosure.status if disclosure else None}
    review = ExemptionReview(
        event_id=event_id,
        decision=body.decision.value,
        reason=body.reason,
        api_key_id=key.id,
        reviewed_by=key_label(key),
        reviewed_at=datetime.now(UTC),
    )
    session.add(review)
    if disclosure is not None:
        disclosure.exemption = body.decision.value
        if body.decision is ExemptionDecision.GRANTED:
            disclosure.status = "exempt"
        else:
            disclosure.status = "published_late" if event["timeliness"] == "late" else "published_on_time"
        disclosure.updated_at = datetime.now(UTC)
    session.flush()
    record_change(
        session,
        ChangeKind.EXEMPTION_REVIEW,
        event_id=event_id,
        disclosure_id=disclosure.id if disclosure else None,
        jurisdiction_code=event["jurisdiction_code"],
        domain_code=event["domain_code"],
        platform=event["platform"],
        subject=event["subject"],
        notice_type=event["notice_type"],
        status=event["status"],
        disclosure_status=disclosure.status if disclosure else None,
        due_date=event["due_date"],
        detail={"decision": body.decision.value},
    )
    answer = ExemptionReviewPublic(
        id=review.id,
        event_id=event_id,
        decision=body.decision,
        reason=review.reason,
        reviewed_by=review.reviewed_by,
        reviewed_at=review.reviewed_at,
        disclosure_status=disclosure.status if disclosure else None,
    )
    after = {"exemption_status": body.decision.value, "disclosure_status": answer.disclosure_status, "reason": body.reason}
    record(session, key, "exemption.review", f"event {event_id}", before=before, after=after)
    return answer
