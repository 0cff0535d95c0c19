"""The database counts what the report's definitions say: on random disclosures, every grouping and
filter counted by SQL equals the pure count (app/reports/compliance.py `summarize`) of the same
rows, medians included, on both databases."""

from datetime import date

import pytest
from sqlmodel import Session, col, select

from app.catalog.models import ObligationResponsible
from app.catalog.service import department_ids
from app.events.models import Disclosure
from app.reports.compliance import CHECKS, DisclosureFacts, by_month, summarize
from app.reports.schemas import GroupBy, ReportRow
from app.reports.service import NOTICE_SEPARATOR, ReportFilter, compliance_reports

AS_OF = date(2025, 11, 1)


def reference(
    session: Session, rows: list[Disclosure], group_by: GroupBy, kept: set[int] | None, as_of: date = AS_OF
) -> dict:
    """The pure count, grouped in Python as the definitions say."""
    bodies: dict[int, list[str]] = {}
    for obligation_id, department_id in session.exec(
        select(ObligationResponsible.obligation_id, ObligationResponsible.department_id)
    ).all():
        if kept is None or department_id in kept:
            bodies.setdefault(obligation_id, []).append(str(department_id))

    def groups(row: Disclosure) -> tuple[tuple[str, str], ...]:
        if group_by is GroupBy.MONTH:
            return (by_month(row.due_date),)
        if group_by is GroupBy.DOMAIN:
            return ((row.domain_code, ""),)
        if group_by is GroupBy.JURISDICTION:
            return ((row.jurisdiction_code, ""),)
        if group_by is GroupBy.NOTICE:
            key = NOTICE_SEPARATOR.join([row.jurisdiction_code, str(row.obligation_id or ""), row.notice_type])
            return ((key, ""),)
        return tuple((body, "") for body in bodies.get(row.obligation_id, ["none"]))

    facts = [
        DisclosureFacts(status=row.status, due_date=row.due_date, published_at=row.published_at, groups=groups(row),
                        checks={check: getattr(row, f"{check}_check") for check in CHECKS})
        for row in rows
    ]
    figures, overall = summarize(facts, as_of)
    return {"rows": {one.key: counts(ReportRow.of(one)) for one in figures}, "totals": counts(ReportRow.of(overall))}


def counts(row: ReportRow) -> dict:
    return row.model_dump(exclude={"key", "label", "jurisdiction", "jurisdiction_name"})


@pytest.mark.parametrize("group_by", list(GroupBy))
@pytest.mark.parametrize("narrowed", [
    {},
    {"jurisdiction": "350500", "due_from": date(2025, 3, 1), "due_to": date(2025, 12, 31)},
    {"jurisdiction": "350582", "department": "市国土局"},
])
def test_the_database_counts_as_the_definitions_say(
    session: Session, random_disclosures: list[Disclosure], group_by: GroupBy, narrowed: dict
) -> None:
    filters = ReportFilter(**{"jurisdiction": None, "domain": None, "department": None, "due_from": None,
                              "due_to": None, "as_of": AS_OF, **narrowed})
    counted = compliance_reports(session, filters, (group_by,))[group_by]
    # The same disclosures, chosen by the filters in Python (the seed has none of its own).
    subtree = {"350500": {"350500", "350582", "350583"}, "350582": {"350582"}}.get(filters.jurisdiction)
    kept = None
    if filters.department:
        kept = set(department_ids(session, filters.department, filters.jurisdiction))
        wanted = set(session.exec(select(ObligationResponsible.obligation_id).where(
            col(ObligationResponsible.department_id).in_(kept))).all())
    rows = [
        row for row in random_disclosures
        if (subtree is None or row.jurisdiction_code in subtree)
        and (filters.due_from is None or row.due_date >= filters.due_from)
        and (filters.due_to is None or row.due_date <= filters.due_to)
        and (kept is None or row.obligation_id in wanted)
    ]
    assert rows, "the filters leave nothing to count"
    expected = reference(session, rows, group_by, kept)
    assert counts(counted.totals) == expected["totals"]
    assert {row.key: counts(row) for row in counted.rows} == expected["rows"]
    assert any(row.median_days_late for row in counted.rows) or not any(r.status == "published_late" for r in rows)
