"""The compliance report's arithmetic: plain values in, figures out (no database, no FastAPI).

Definitions (the same in the API, the downloads and the dashboard):
- A disclosure counts once in each group it belongs to (under `department`, once for each of its
  obligation's responsible bodies).
- `overdue`: pending with a due date before `as_of`; `pending`: not yet due.
- `on_time_rate`: published on time ÷ (published on time + published late + overdue). Pending
  and exempt disclosures are left out: the first are not yet due, the second need not be public.
- `median_days_late`: over the disclosures published late, the calendar days from the due date to
  the publication's date in China (0 when an hour-based rule was missed within its due day).
"""

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from app.core.validation import CHINA

STATUSES = ("pending", "overdue", "published_on_time", "published_late", "exempt")


@dataclass(frozen=True)
class DisclosureFacts:
    """What a report needs of one disclosure, with the groups it falls in."""

    status: str
    due_date: date | None
    published_at: datetime | None
    groups: tuple[tuple[str, str], ...]
    """(key, label) of each group the disclosure counts in."""


@dataclass
class Figures:
    key: str
    label: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    days_late: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time_rate(self) -> float | None:
        judged = self.counts["published_on_time"] + self.counts["published_late"] + self.counts["overdue"]
        return round(self.counts["published_on_time"] / judged, 4) if judged else None

    @property
    def median_days_late(self) -> float | None:
        return statistics.median(self.days_late) if self.days_late else None

    def add(self, status: str, days_late: int | None) -> None:
        self.counts[status] += 1
        if days_late is not None:
            self.days_late.append(days_late)


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
        overall.add(status, late)
        for key, label in facts.groups:
            groups.setdefault(key, Figures(key=key, label=label)).add(status, late)
    return [groups[key] for key in sorted(groups, key=order)], overall


def by_month(due_date: date | None) -> tuple[str, str]:
    month = f"{due_date:%Y-%m}" if due_date else "none"
    return month, month if due_date else "无截止日期"
