"""Catalog rows looser than a statute: the supervisors' list (SPEC §The law above the catalogs).

A row and a statute are compared on the same notice type and the same anchor (a row's 信息形成
on a notice is the notice type's own forming event). A row is looser when, for some trigger day
of a year on the legal calendar, it falls due after the statute. The verdict already follows the
statute (the earliest due date governs); this list tells who should amend the catalog.
"""

from datetime import date

from sqlmodel import Session

from app.calendar.service import working_calendar
from app.catalog.service import get_catalog
from app.deadlines.due import Trigger, due_date
from app.deadlines.precedence import INFO_FORMED, looser_than
from app.deadlines.rules import Deadline
from app.events.catalog_view import catalog_view
from app.precedence.schemas import Conflict, ConflictExample, ConflictList, RuleText, StatuteCited

# Rows are compared over a year whose holiday arrangement is official.
COMPARISON_START = date(2025, 1, 1)


def catalog_conflicts(session: Session, catalog_id: int) -> ConflictList:
    catalog = get_catalog(session, catalog_id)
    view = catalog_view(session)
    calendar = working_calendar(session)
    national = view.national
    reference_day = catalog.in_force_until or max(catalog.in_force_from or COMPARISON_START, COMPARISON_START)
    conflicts = []
    entries = sorted((e for e in view.entries.values() if e.catalog_id == catalog_id), key=lambda e: e.rule.id)
    for entry in entries:
        for code in entry.notice_types:
            notice_type = national.notice_types[code]
            row = entry.rule.deadline.rule_for(code, None, lambda condition: False)
            if row.defaulted:
                continue
            for statute in national.statutes_for(code, reference_day):
                if _anchor(row, notice_type.trigger) != _anchor(statute.deadline, notice_type.trigger):
                    continue
                day = looser_than(row, statute.deadline, calendar, COMPARISON_START)
                if day is None:
                    continue
                trigger = Trigger.at(day)
                conflicts.append(
                    Conflict(
                        obligation_id=entry.rule.id,
                        ref=entry.ref,
                        item=entry.rule.item,
                        notice_type=code,
                        catalog_rule=_rule_text(row),
                        catalog_text=entry.source_text,
                        statute=StatuteCited(
                            key=statute.key,
                            citation=statute.citation,
                            clause=statute.clause,
                            deadline=_rule_text(statute.deadline),
                            needs_review=statute.review,
                        ),
                        example=ConflictExample(
                            triggered_at=day,
                            catalog_due_date=due_date(row, trigger, calendar).due_date,
                            statute_due_date=due_date(statute.deadline, trigger, calendar).due_date,
                        ),
                    )
                )
    return ConflictList(catalog_id=catalog.id, items=conflicts, total=len(conflicts))


def _anchor(deadline: Deadline, notice_trigger: str) -> str:
    trigger = deadline.trigger or INFO_FORMED
    return notice_trigger if trigger == INFO_FORMED else trigger


def _rule_text(deadline: Deadline) -> RuleText:
    return RuleText(
        text=deadline.text,
        kind=deadline.kind.value,
        trigger=deadline.trigger or INFO_FORMED,
        amount=deadline.amount,
        unit=deadline.unit.value if deadline.unit else None,
    )
