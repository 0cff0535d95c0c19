"""The national layer, read from its tables into plain values for verdicts and the API."""

from sqlmodel import Session, col, select

from app.core.errors import NotFound
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit
from app.statutes.models import NoticeType, StatutoryRule
from app.statutes.rules import NationalLayer, NoticeTypeInfo, Statute


def national_layer(session: Session) -> NationalLayer:
    """Every notice type and statutory rule. The catalog view keeps it by catalog revision."""
    notice_types = {row.code: notice_type_info(row) for row in session.exec(select(NoticeType))}
    statutes = tuple(
        statute_of(row) for row in session.exec(select(StatutoryRule).order_by(col(StatutoryRule.position)))
    )
    return NationalLayer(notice_types=notice_types, statutes=statutes)


def notice_type_info(row: NoticeType) -> NoticeTypeInfo:
    return NoticeTypeInfo(
        code=row.code,
        name=row.name,
        domain=row.domain_code,
        trigger=row.trigger,
        trigger_name=row.trigger_name,
        basis=row.basis,
        synonyms=tuple(row.synonyms),
        field_synonyms=tuple(tuple(group) for group in row.field_synonyms),
    )


def statute_of(row: StatutoryRule) -> Statute:
    deadline = Deadline(
        text=row.deadline_text,
        kind=DeadlineKind(row.deadline_kind),
        trigger=row.deadline_trigger,
        amount=row.deadline_amount,
        unit=DeadlineUnit(row.deadline_unit) if row.deadline_unit else None,
        condition=row.condition,
        basis=f"{row.instrument}{row.article or ''}",
        review=row.review,
    )
    return Statute(
        key=row.key,
        notice_types=tuple(row.notice_types),
        fallback=row.fallback,
        deadline=deadline,
        instrument=row.instrument,
        number=row.number,
        article=row.article,
        clause=row.clause,
        source=row.source,
        condition=row.condition,
        display_period=row.display_period,
        in_force_from=row.in_force_from,
        in_force_until=row.in_force_until,
        review=row.review,
    )


def list_notice_types(session: Session, domain: str | None) -> list[NoticeType]:
    statement = select(NoticeType).order_by(col(NoticeType.position))
    if domain:
        statement = statement.where(NoticeType.domain_code == domain)
    return list(session.exec(statement))


def get_notice_type(session: Session, code: str) -> NoticeType:
    row = session.get(NoticeType, code)
    if row is None:
        raise NotFound(f"There is no notice type {code!r}; GET /v1/notice-types lists them.")
    return row


def list_statutory_rules(session: Session, notice_type: str | None) -> list[Statute]:
    layer = national_layer(session)
    if notice_type:
        get_notice_type(session, notice_type)
        return [s for s in layer.statutes if notice_type in s.notice_types or s.fallback]
    return list(layer.statutes)
