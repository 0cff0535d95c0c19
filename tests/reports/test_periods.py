"""A report's due dates are each counted once: from a year tally, a month tally or the
disclosures themselves, and from a tally only where its whole period is in the range and clear of
the month of as_of (app/reports/periods.py)."""

import random
from datetime import date, timedelta

import pytest

from app.reports.periods import Coverage, coverage

WINDOW = (date(2020, 1, 1), date(2029, 12, 31))


def within(run: tuple[date | None, date | None], period: date) -> bool:
    first, last = run
    return (first is None or period >= first) and (last is None or period <= last)


def month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def check(plan: Coverage, due_from: date | None, due_to: date | None, as_of: date) -> None:
    day = WINDOW[0]
    while day <= WINDOW[1]:
        year, month = day.replace(month=1, day=1), day.replace(day=1)
        by_year = any(within(run, year) for run in plan.years)
        by_month = any(within(run, month) for run in plan.months)
        by_day = any(first <= day <= last for first, last in plan.days)
        wanted = (due_from is None or day >= due_from) and (due_to is None or day <= due_to)
        assert by_year + by_month + by_day == wanted, (day, plan)
        if by_year:
            assert year.year != as_of.year and (due_from is None or year >= due_from)
            assert due_to is None or date(year.year, 12, 31) <= due_to
        if by_month:
            assert month != as_of.replace(day=1) and (due_from is None or month >= due_from)
            assert due_to is None or month_end(month) <= due_to
        if by_day:
            # Only where no tally can serve: a month cut by the range, or as_of's.
            whole = (due_from is None or month >= due_from) and (due_to is None or month_end(month) <= due_to)
            assert not whole or month == as_of.replace(day=1), (day, plan)
        day += timedelta(days=1)
    assert plan.undated == (due_from is None and due_to is None)


@pytest.mark.parametrize("by_month", [False, True])
def test_every_due_date_is_counted_once(by_month: bool) -> None:
    rng = random.Random(20261207)

    def some_day() -> date:
        return date(2021, 1, 1) + timedelta(days=rng.randrange(0, 365 * 8))

    cases = [(None, None, date(2025, 11, 1)), (date(2024, 1, 1), date(2025, 12, 31), date(2025, 6, 30)),
             (date(2025, 1, 1), None, date(2025, 1, 1)), (None, date(2024, 12, 31), date(2026, 12, 6))]
    for _ in range(60):
        due_from = rng.choice([None, some_day(), some_day().replace(day=1), some_day().replace(month=1, day=1)])
        due_to = rng.choice([None, some_day(), month_end(some_day()), some_day().replace(month=12, day=31)])
        if due_from and due_to and due_from > due_to:
            due_from, due_to = due_to, due_from
        cases.append((due_from, due_to, some_day()))
    for due_from, due_to, as_of in cases:
        plan = coverage(due_from, due_to, as_of, by_month=by_month)
        if by_month:
            assert plan.years == ()
        check(plan, due_from, due_to, as_of)
