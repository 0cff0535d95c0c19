"""Tallies: the reports' counts, kept as the disclosures change, so a report adds up a few rows a
group instead of reading every disclosure it covers.

A tally counts the disclosures of one place, domain, catalog row and notice type whose due date
falls in one period, a year or a month (the same disclosures under both grains), by what the
reports count: each status, each check's result over the published, and the published failing or
passing every check. Late ones are tallied apart by their days late, so medians come from the
tallies too. What depends on the day a report is judged on (pending or overdue) is left to the
report: a tally keeps `pending_dated`, and a period wholly before the report's day is overdue.

The database keeps them, in the transaction of every write to `disclosures` (migration 0016):
- SQLite: triggers on each row add to the tallies at once; writers take turns there anyway.
- PostgreSQL: a trigger on each statement adds its rows' counts as new rows of
  `disclosure_tally_deltas`, never updating a shared row, so concurrent writers never wait for one
  another; the worker folds them into the tallies (`fold_tallies`), and a report reads both.
"""

from datetime import date

from sqlmodel import Field, SQLModel

from app.core.types import BigId

YEAR, MONTH = "year", "month"
"""The grains: every disclosure is tallied under both."""
UNDATED = date(1, 1, 1)
"""The period of disclosures with no due date."""
NO_OBLIGATION = 0
"""The obligation of disclosures judged by the statutes alone (no catalog row)."""
NOT_LATE = -1
"""The days late of disclosures not published late (or missing a date to count them from)."""

MEASURES = (
    "pending_dated", "pending_undated", "published_on_time", "published_late", "exempt",
    "timeliness_pass", "timeliness_fail", "timeliness_not_applicable",
    "channel_pass", "channel_fail", "channel_not_applicable",
    "publisher_pass", "publisher_fail", "publisher_not_applicable",
    "content_pass", "content_fail", "content_not_applicable",
    "published_failing", "published_passing",
)  # fmt: skip
KEY = ("grain", "period", "jurisdiction_code", "domain_code", "obligation_id", "notice_type", "days_late")


class _Tallied(SQLModel):
    grain: str = Field(max_length=5, description="year or month")
    period: date = Field(description="The first day of the year or month the due dates fall in")
    jurisdiction_code: str = Field(max_length=6)
    domain_code: str = Field(max_length=32)
    obligation_id: int = Field(description="0: judged by the statutes alone")
    notice_type: str = Field(max_length=48)
    days_late: int = Field(description="Of the published late; -1 for every other disclosure")
    pending_dated: int = 0
    pending_undated: int = 0
    published_on_time: int = 0
    published_late: int = 0
    exempt: int = 0
    timeliness_pass: int = 0
    timeliness_fail: int = 0
    timeliness_not_applicable: int = 0
    channel_pass: int = 0
    channel_fail: int = 0
    channel_not_applicable: int = 0
    publisher_pass: int = 0
    publisher_fail: int = 0
    publisher_not_applicable: int = 0
    content_pass: int = 0
    content_fail: int = 0
    content_not_applicable: int = 0
    published_failing: int = 0
    published_passing: int = 0


class DisclosureTally(_Tallied, table=True):
    __tablename__ = "disclosure_tallies"

    # The key: one row per period and group (the primary key is what the upserts conflict on).
    grain: str = Field(max_length=5, primary_key=True)
    period: date = Field(primary_key=True)
    jurisdiction_code: str = Field(max_length=6, primary_key=True)
    domain_code: str = Field(max_length=32, primary_key=True)
    obligation_id: int = Field(primary_key=True)
    notice_type: str = Field(max_length=48, primary_key=True)
    days_late: int = Field(primary_key=True)


class DisclosureTallyDelta(_Tallied, table=True):
    """PostgreSQL: counts added by writes not folded into the tallies yet (empty on SQLite)."""

    __tablename__ = "disclosure_tally_deltas"

    id: int | None = Field(default=None, sa_type=BigId, primary_key=True)

