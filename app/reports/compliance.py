"""The compliance report's arithmetic: plain values in, figures out (no database, no FastAPI).

The reports are counted by the database (a GROUP BY in app/reports/service.py); `summarize` here is
the same definitions as plain code, which tests/reports/test_counted_in_the_database.py holds the
database's counts to on random disclosures.

Definitions (the same in the API, the downloads and the dashboard):
- A disclosure counts once in each group it belongs to (under `department`, once for each of its
  obligation's responsible bodies).
- `overdue`: pending with a due date before `as_of`; `pending`: not yet due.
- `on_time_rate`: published on time ÷ (published on time + published late + overdue). Pending
  and exempt disclosures are left out: the first are not yet due, the second need not be public.
- `median_days_late`: over the disclosures published late, the calendar days from the due date to
  the publication's date in China (0 when an hour-based rule was missed within its due day).
- Per check (timeliness, channel, publisher, content): the deciding publication's results over the
  published disclosures (on time and late). An early publication under a same-day rule is
  `published_on_time` by status but fails the timeliness check.
- `compliant`: published, and every check passed or did not apply. `noncompliant`: overdue, or
  published with any check failed. `unverified`: published, none failed, at least one could not be
  verified (a role as publisher, no catalog row to check against). Never compliant by default: a
  result not recorded counts as unverified.
- `compliance_rate`: compliant ÷ (on time + late + overdue), the on-time rate's denominator, so the
  two rates compare: 合规率 ≤ 按时率 always.
"""

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.core.validation import CHINA
from app.events.verdict import CheckName

STATUSES = ("pending", "overdue", "published_on_time", "published_late", "exempt")
CHECKS = tuple(check.value for check in CheckName)
RESULTS = ("pass", "fail", "unverified", "not_applicable")
PUBLISHED = ("published_on_time", "published_late")
PASSING = ("pass", "not_applicable")
VERDICTS = ("compliant", "noncompliant", "unverified")


@dataclass(frozen=True)
class DisclosureFacts:
    """What a report needs of one disclosure, with the groups it falls in."""

    status: str
    due_date: date | None
    published_at: datetime | None
    groups: tuple[tuple[str, str], ...]
    """(key, label) of each group the disclosure counts in."""
    checks: Mapping[str, str | None] = field(default_factory=dict)
    """The deciding publication's result of each check, by check name."""


@dataclass
class Figures:
    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    days_late: list[int] = field(default_factory=list)
    checks: dict[str, dict[str, int]] = field(default_factory=lambda: {name: dict.fromkeys(RESULTS, 0) for name in CHECKS})
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def judged(self) -> int:
        return self.counts["published_on_time"] + self.counts["published_late"] + self.counts["overdue"]

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.counts["published_on_time"], self.judged)

    @property
    def compliance_rate(self) -> float | None:
        return rate(self.verdicts["compliant"], self.judged)

    @property
    def median_days_late(self) -> float | None:
        return statistics.median(self.days_late) if self.days_late else None

    def add(self, status: str, days_late: int | None, checks: Mapping[str, str | None] | None = None) -> None:
        self.counts[status] += 1
        if days_late is not None:
            self.days_late.append(days_late)
        if status == "overdue":
            self.verdicts["noncompliant"] += 1
        elif status in PUBLISHED:
            results = [_recorded((checks or {}).get(name)) for name in CHECKS]
            for name, result in zip(CHECKS, results, strict=True):
                self.checks[name][result] += 1
            self.verdicts[verdict_of(results)] += 1


def rate(part: int, judged: int) -> float | None:
    """A share of the judged (on time + late + overdue), to four places; none when nothing is judged."""
    return round(part / judged, 4) if judged else None


def row_fields(
    key: str,
    label: str,
    counts: Mapping[str, int],
    checks: Mapping[str, Mapping[str, int]],
    verdicts: Mapping[str, int],
    median_days_late: float | None,
) -> dict[str, Any]:
    """A report row as plain values, in the API's names (app/reports/schemas.py ReportRow): counts by
    status, each check's results and each verdict, with the rates derived by the definitions above.
    A row's jurisdiction is for a body's or a notice's to fill in."""
    judged = counts["published_on_time"] + counts["published_late"] + counts["overdue"]
    return {
        "key": key,
        "label": label,
        "jurisdiction": None,
        "jurisdiction_name": None,
        "total": sum(counts.values()),
        **counts,
        "on_time_rate": rate(counts["published_on_time"], judged),
        "median_days_late": median_days_late,
        **verdicts,
        "compliance_rate": rate(verdicts["compliant"], judged),
        "checks": checks,
    }


def _recorded(result: str | None) -> str:
    return result if result in RESULTS else "unverified"


def verdict_of(results: list[str]) -> str:
    """All four checks passed or did not apply: compliant; any failed: noncompliant; else unverified."""
    if "fail" in results:
        return "noncompliant"
    return "compliant" if all(result in PASSING for result in results) else "unverified"


def effective_status(status: str, due_date: date | None, as_of: date) -> str:
    if status == "pending" and due_date is not None and due_date < as_of:
        return "overdue"
    return status


def days_late(facts: DisclosureFacts) -> int | None:
    if facts.status != "published_late" or facts.published_at is None or facts.due_date is None:
        return None
    return max(0, (facts.published_at.astimezone(CHINA).date() - facts.due_date).days)


def summarize(
    disclosures: list[DisclosureFacts], as_of: date, order: Callable[[str], Any] = str
) -> tuple[list[Figures], Figures]:
    """Figures per group, sorted by `order` of their keys, and over all disclosures (each once)."""
    groups: dict[str, Figures] = {}
    overall = Figures(key="all", label="合计")
    for facts in disclosures:
        status = effective_status(facts.status, facts.due_date, as_of)
        late = days_late(facts)
        overall.add(status, late, facts.checks)
        for key, label in facts.groups:
            groups.setdefault(key, Figures(key=key, label=label)).add(status, late, facts.checks)
    return [groups[key] for key in sorted(groups, key=order)], overall


def by_month(due_date: date | None) -> tuple[str, str]:
    month = f"{due_date:%Y-%m}" if due_date else "none"
    return month, by_month_label(month)


def by_month_label(month: str) -> str:
    return "无截止日期" if month == "none" else month
