"""Which due dates of a report its tallies can count, and which only the disclosures themselves
(no database, no FastAPI).

A tally counts the disclosures due in one year or one month (app/reports/models.py). It serves a
report for a period wholly inside the report's due-date range, and never for the month of `as_of`:
there a pending disclosure is overdue or not by its own day. So a report's dated disclosures fall
into whole years, whole months (in the years that are not whole) and days (the range's partial
first and last months and the month of `as_of`), each due date in exactly one of them.
"""

from dataclasses import dataclass
from datetime import date, timedelta

Run = tuple[date | None, date | None]
"""First and last period start, inclusive; None: unbounded."""


@dataclass(frozen=True)
class Coverage:
    years: tuple[Run, ...]
    """Runs of whole years (first days), counted from the year tallies."""
    months: tuple[Run, ...]
    """Runs of whole months (first days), counted from the month tallies."""
    days: tuple[tuple[date, date], ...]
    """Due dates counted from the disclosures, first and last day inclusive."""
    undated: bool
    """Whether disclosures with no due date count: only when the range is unbounded both ways."""
    as_of_month: date
    """The first day of the month of `as_of`: periods before it are past due, those after it not."""


EARLIEST, LATEST = date(1900, 1, 1), date(2199, 12, 31)
"""Due dates are computed on the legal calendar (2000 to 2099): a bound or `as_of` beyond these
counts exactly as these do, and keeps the year and month arithmetic within what a date can hold
(a report as of 0001-01-01 once failed on the month before it)."""


def _within(day: date | None) -> date | None:
    return None if day is None else min(max(day, EARLIEST), LATEST)


def coverage(due_from: date | None, due_to: date | None, as_of: date, *, by_month: bool = False) -> Coverage:
    """Where each due date in [due_from, due_to] is counted; `by_month`: no year tallies (a report
    grouped by month needs each month apart)."""
    due_from, due_to, as_of = _within(due_from), _within(due_to), _within(as_of)
    as_of_month = as_of.replace(day=1)

    def inside(first: date, last: date) -> bool:
        return (due_from is None or first >= due_from) and (due_to is None or last <= due_to)

    def whole_year(year: int) -> bool:
        return not by_month and year != as_of.year and inside(date(year, 1, 1), date(year, 12, 31))

    # Years strictly between the range's first and last are whole, but for the year of as_of: only
    # those three can hold months or days.
    edges = sorted({as_of.year, *(bound.year for bound in (due_from, due_to) if bound)})
    months: list[date] = []
    days: list[tuple[date, date]] = []
    for year in (year for year in edges if not whole_year(year)):
        for month in range(1, 13):
            first = date(year, month, 1)
            last = _month_end(first)
            if (due_from is not None and last < due_from) or (due_to is not None and first > due_to):
                continue
            if first != as_of_month and inside(first, last):
                if not by_month:  # by month, every whole month is in the runs around as_of's
                    months.append(first)
            else:
                days.append((max(first, due_from or first), min(last, due_to or last)))
    if by_month:
        years: tuple[Run, ...] = ()
        month_runs = _month_runs(due_from, due_to, as_of_month)
    else:
        years = _year_runs(due_from, due_to, as_of.year)
        month_runs = _runs(months)
    return Coverage(years, month_runs, tuple(days), due_from is None and due_to is None, as_of_month)


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _next_month(first: date) -> date:
    return _month_end(first) + timedelta(days=1)


def _previous_month(first: date) -> date:
    return (first - timedelta(days=1)).replace(day=1)


def _year_runs(due_from: date | None, due_to: date | None, as_of_year: int) -> tuple[Run, ...]:
    """Every whole year of the range but as_of's, in two runs around it."""
    first = None if due_from is None else (due_from.year if due_from == date(due_from.year, 1, 1) else due_from.year + 1)
    last = None if due_to is None else (due_to.year if due_to == date(due_to.year, 12, 31) else due_to.year - 1)
    runs = _around(first, last, as_of_year - 1, as_of_year + 1)
    return tuple((None if low is None else date(low, 1, 1), None if high is None else date(high, 1, 1)) for low, high in runs)


def _month_runs(due_from: date | None, due_to: date | None, as_of_month: date) -> tuple[Run, ...]:
    """Every whole month of the range but as_of's, in two runs around it."""
    first = None if due_from is None else (due_from if due_from.day == 1 else _next_month(due_from.replace(day=1)))
    last = None
    if due_to is not None:
        last = due_to.replace(day=1) if due_to == _month_end(due_to) else _previous_month(due_to.replace(day=1))
    return _around(first, last, _previous_month(as_of_month), _next_month(as_of_month))


def _around(first, last, before, after):  # noqa: ANN001, ANN202  (ints or dates alike)
    """[first, last] less what lies strictly between `before` and `after`, as up to two runs."""
    runs = []
    for low, high in ((first, before if last is None else min(before, last)), (after if first is None else max(after, first), last)):
        if low is None or high is None or low <= high:
            runs.append((low, high))
    return tuple(runs)


def _runs(months: list[date]) -> tuple[Run, ...]:
    """Consecutive months as runs."""
    runs: list[list[date]] = []
    for month in sorted(months):
        if runs and _next_month(runs[-1][1]) == month:
            runs[-1][1] = month
        else:
            runs.append([month, month])
    return tuple((first, last) for first, last in runs)
