"""The tallies the reports add up (app/reports/models.py) stay the counts of the disclosures
through every kind of write, on both databases, folded or not; and a report counts the same
whatever mix of tallies and disclosures its range and day take."""

import random
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, union_all
from sqlmodel import Session, col, delete

from app.events.models import Disclosure
from app.keys.scopes import Scope
from app.reports.compliance import CHECKS, PASSING, PUBLISHED, DisclosureFacts, days_late
from app.reports.models import (
    KEY,
    MEASURES,
    MONTH,
    NO_OBLIGATION,
    NOT_LATE,
    UNDATED,
    YEAR,
    DisclosureTally,
    DisclosureTallyDelta,
)
from app.reports.schemas import GroupBy
from app.reports.service import ReportFilter, compliance_reports
from app.reports.tallies import fold_tallies
from tests.conftest import committed_key
from tests.events.publications import good_publication, publish
from tests.reports.conftest import post_known_events
from tests.reports.test_counted_in_the_database import counts, reference

RESULTS = ("pass", "fail", "not_applicable")


def recount(session: Session) -> dict[tuple, dict[str, int]]:
    """The tallies as the definitions make them, counted here in Python from every disclosure."""
    tallies: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for row in session.exec(select(Disclosure)).scalars():
        published = row.status in PUBLISHED
        checks = [getattr(row, f"{name}_check") for name in CHECKS]
        counted = {
            "pending_dated": row.status == "pending" and row.due_date is not None,
            "pending_undated": row.status == "pending" and row.due_date is None,
            **{status: row.status == status for status in ("published_on_time", "published_late", "exempt")},
            **{
                f"{name}_{result}": published and check == result
                for name, check in zip(CHECKS, checks, strict=True)
                for result in RESULTS
            },
            "published_failing": published and "fail" in checks,
            "published_passing": published and all(check in PASSING for check in checks),
        }
        late = days_late(DisclosureFacts(row.status, row.due_date, row.published_at, ()))
        for grain in (YEAR, MONTH):
            if row.due_date is None:
                period = UNDATED
            else:
                period = row.due_date.replace(month=1, day=1) if grain == YEAR else row.due_date.replace(day=1)
            key = (grain, period, row.jurisdiction_code, row.domain_code, row.obligation_id or NO_OBLIGATION,
                   row.notice_type or "", NOT_LATE if late is None else late)
            for name, counts_it in counted.items():
                tallies[key][name] += int(counts_it)
    return {key: measures for key, measures in tallies.items() if any(measures.values())}


def stored(session: Session) -> dict[tuple, dict[str, int]]:
    """The tallies and the deltas not folded yet, added up by key."""
    tables = (DisclosureTally.__table__, DisclosureTallyDelta.__table__)
    both = union_all(*(select(*(table.c[name] for name in (*KEY, *MEASURES))) for table in tables)).subquery()
    keys = [both.c[name] for name in KEY]
    rows = session.execute(select(*keys, *(func.sum(both.c[name]) for name in MEASURES)).group_by(*keys)).all()
    found = {}
    for row in rows:
        measures = dict(zip(MEASURES, (int(value) for value in row[len(KEY):]), strict=True))
        if any(measures.values()):
            found[tuple(row[:len(KEY)])] = measures
    return found


def deltas(session: Session) -> int:
    return session.execute(select(func.count()).select_from(DisclosureTallyDelta)).scalar_one()


def test_tallies_follow_every_write(
    client: TestClient, session: Session, writer: dict, random_disclosures: list[Disclosure], backend: str
) -> None:
    # Through the API: single events (a trigger and its publication upserting one disclosure), an
    # exemption granted, a batch, a correction.
    reviewer = {"X-API-Key": committed_key(session, "tally-reviewer", Scope.EXEMPTIONS_REVIEW, jurisdictions=["350582"])}
    ids = post_known_events(client, writer, reviewer)
    batch = [good_publication(ids["land"], subject=f"T-{number}", published_at=f"2025-10-{10 + number}") for number in range(8)]
    answered = client.post("/v1/events/batch", json={"events": batch}, headers=writer)
    assert answered.status_code == 200 and answered.json()["created"] == 8, answered.text
    late = publish(client, writer, **good_publication(ids["land"], subject="T-late", published_at="2025-11-20"))
    publish(client, writer, **good_publication(ids["land"], subject="T-late", published_at="2025-10-01", corrects=late["id"]))
    # Straight to the table: updates of every tallied column, a due date removed, deletions.
    rng = random.Random(7)
    for row in rng.sample(random_disclosures, 120):
        row.status = rng.choice(["pending", "published_on_time", "published_late", "exempt"])
        row.due_date = rng.choice([None, row.due_date + timedelta(days=rng.randrange(-60, 60))])
        row.published_at = datetime(2025, 6, 1, 17, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 24 * 200))
        row.jurisdiction_code = rng.choice(["350582", "211324"])
        row.obligation_id = rng.choice([None, row.obligation_id])
        setattr(row, f"{rng.choice(CHECKS)}_check", rng.choice(["pass", "fail", None]))
    session.flush()
    doomed = [row.id for row in rng.sample(random_disclosures, 40)]
    session.execute(delete(Disclosure).where(col(Disclosure.id).in_(doomed)))
    session.flush()

    expected = recount(session)
    assert stored(session) == expected
    if backend == "postgresql":
        assert deltas(session) > 0, "PostgreSQL's writers add deltas"
        assert fold_tallies(session) > 0
        assert deltas(session) == 0
    else:
        assert deltas(session) == 0, "SQLite's triggers update the tallies themselves"
        assert fold_tallies(session) == 0
    assert stored(session) == expected


def some_day(rng: random.Random) -> date:
    return date(2024, 12, 1) + timedelta(days=rng.randrange(0, 430))


@pytest.mark.parametrize("group_by", list(GroupBy))
def test_reports_count_the_same_on_any_day_and_range(
    session: Session, random_disclosures: list[Disclosure], group_by: GroupBy
) -> None:
    """The random disclosures span 2025 into 2026: the ranges and days here cut them every way,
    whole years, whole months, days and the month of as_of."""
    rng = random.Random(f"{group_by.value}-20261207")
    cases = [(None, None, date(2026, 3, 15)), (date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1)),
             (date(2025, 2, 1), None, date(2025, 7, 31))]
    for _ in range(6):
        due_from, due_to = rng.choice([None, some_day(rng)]), rng.choice([None, some_day(rng)])
        if due_from and due_to and due_from > due_to:
            due_from, due_to = due_to, due_from
        cases.append((due_from, due_to, some_day(rng)))
    for due_from, due_to, as_of in cases:
        filters = ReportFilter(
            jurisdiction=None, domain=None, department=None, due_from=due_from, due_to=due_to, as_of=as_of
        )
        report = compliance_reports(session, filters, (group_by,))[group_by]
        rows = [
            row for row in random_disclosures
            if (due_from is None or row.due_date >= due_from) and (due_to is None or row.due_date <= due_to)
        ]
        if not rows:
            continue
        expected = reference(session, rows, group_by, None, as_of)
        assert counts(report.totals) == expected["totals"], (due_from, due_to, as_of)
        assert {row.key: counts(row) for row in report.rows} == expected["rows"], (due_from, due_to, as_of)
