"""Which rule governs a notice when several apply. Pure: no database, no FastAPI.

A notice may fall under its jurisdiction's catalog row, the rows of the jurisdictions above it and
the statutory rules of its notice type. Each is computed from its own trigger; among those
computed, the earliest due date governs, so a catalog may be stricter than the law, never looser
(《政府信息公开条例》第二十六条: 法律、法规对政府信息公开的期限另有规定的，从其规定). A rule whose
trigger the event did not report is listed with the trigger it lacks and decides nothing. A
standing duty (常态化公开) is listed too and decides nothing: it has no due date to compare.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from app.calendar.working import WorkingCalendar
from app.core.enums import DescribedEnum
from app.deadlines.due import DueDate, StandingDuty, Trigger, due_date
from app.deadlines.rules import Deadline, DeadlineKind

INFO_FORMED = "info_formed"
# 招标公告和公示信息发布管理办法 wording, repeated by 喀左 序号20–28: a notice submitted on paper is
# published within 1 working day of 核验确认, and "核验确认最长不得超过3个工作日". Without the
# verification's own date, the latest lawful one stands in for it.
PAPER_ROUTE, VERIFIED, RECEIVED, VERIFICATION_WORKING_DAYS = "paper", "verified", "received", 3


STANDING_NOTE = "常态化公开：持续保持公开，无单次公开期限，不参与确定截止日期。"


class RuleSource(DescribedEnum):
    """Where a rule the verdict applied comes from."""

    CATALOG = "catalog", "目录 / a row of the jurisdiction's catalog, or of a catalog above it"
    STATUTE = "statute", "法律法规 / a statutory rule (GET /v1/statutory-rules), cited with its clause"


@dataclass(frozen=True)
class CandidateRule:
    source: RuleSource
    deadline: Deadline
    citation: str
    """Where the rule comes from: the catalog row, or the instrument and article."""
    clause: str | None = None
    """The words that set it, verbatim."""
    obligation_id: int | None = None
    jurisdiction: str | None = None
    statute_key: str | None = None
    display_period: str | None = None


@dataclass(frozen=True)
class AppliedRule:
    rule: CandidateRule
    trigger: str
    anchor: Trigger | None
    due: DueDate | None
    governing: bool = False
    note: str | None = None

    @property
    def missing_trigger(self) -> str | None:
        if self.due is not None or self.rule.deadline.kind is DeadlineKind.STANDING:
            return None
        return self.trigger


class Anchors:
    """The triggers an event reported, by kind. `primary` is what `triggered_at` stands for, and a
    catalog row's 信息形成 on a notice is the notice type's own forming event."""

    def __init__(self, primary: str, triggered: Trigger, others: Mapping[str, Trigger], notice_trigger: str | None):
        self.primary = primary
        self._known = {**others, primary: triggered}
        if notice_trigger and primary in (notice_trigger, INFO_FORMED):
            self._known[notice_trigger] = triggered
            self._known[INFO_FORMED] = triggered

    def get(self, kind: str) -> Trigger | None:
        return self._known.get(kind)

    def __contains__(self, kind: str) -> bool:
        return kind in self._known


def apply_rules(candidates: Iterable[CandidateRule], anchors: Anchors, calendar: WorkingCalendar) -> list[AppliedRule]:
    """Every candidate computed from its own trigger; the earliest due instant governs (on a tie,
    the first listed: the catalog row before the statute that says the same)."""
    applied = []
    standing: StandingDuty | None = None
    for candidate in candidates:
        trigger = candidate.deadline.trigger or anchors.primary
        if candidate.deadline.kind is DeadlineKind.STANDING:
            standing = StandingDuty(candidate.deadline)
            applied.append(AppliedRule(candidate, trigger, anchors.get(trigger), None, note=STANDING_NOTE))
            continue
        anchor, note = anchors.get(trigger), None
        if anchor is None and candidate.deadline.route == PAPER_ROUTE and trigger == VERIFIED:
            received = anchors.get(RECEIVED)
            if received is not None:
                latest = calendar.nth_working_day_after(received.day, VERIFICATION_WORKING_DAYS)
                anchor = Trigger.at(latest)
                note = f"核验确认日期未报告，按最长3个工作日（{latest}）计算"
        due = due_date(candidate.deadline, anchor, calendar) if anchor is not None else None
        applied.append(AppliedRule(candidate, trigger, anchor, due, note=note))
    computed = [rule for rule in applied if rule.due is not None]
    if not computed:
        if standing is not None and not any(rule.missing_trigger for rule in applied):
            raise standing  # nothing else applies: no date can be judged, and none is made up
        return applied
    governing = min(computed, key=lambda rule: rule.due.due_at)
    return [
        AppliedRule(r.rule, r.trigger, r.anchor, r.due, governing=r is governing, note=r.note) for r in applied
    ]


def governing_rule(applied: list[AppliedRule]) -> AppliedRule | None:
    return next((rule for rule in applied if rule.governing), None)


# A year of trigger days is enough to meet every weekday, holiday and make-up day pattern.
COMPARISON_DAYS = 366


def looser_than(row: Deadline, statute: Deadline, calendar: WorkingCalendar, start: date) -> date | None:
    """A trigger day on which the catalog row falls due after the statute, both read from the same
    trigger: the row is looser than the law. None when it never is (or they cannot be compared)."""
    comparable = (DeadlineKind.AFTER, DeadlineKind.BEFORE, DeadlineKind.SAME_DAY)
    if row.kind not in comparable or statute.kind not in comparable:
        return None
    for offset in range(COMPARISON_DAYS):
        trigger = Trigger.at(start + timedelta(days=offset))
        if due_date(row, trigger, calendar).due_at > due_date(statute, trigger, calendar).due_at:
            return trigger.day
    return None
