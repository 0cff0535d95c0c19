"""Catalog wordings beyond the seed documents (issue 13): standing duties, real time, quarterly
duties, periods in months and acceptance. Pure: the reader, the arithmetic, the explanation and
precedence, on the legal calendar. 2025's National Day break runs 10-01 to 10-08."""

from datetime import date

import pytest

from app.calendar.sources import library_official_years
from app.calendar.working import WorkingCalendar
from app.deadlines.due import NotComputable, StandingDuty, Trigger, add_months, due_date, explain_days
from app.deadlines.explain import standing, summary
from app.deadlines.precedence import Anchors, CandidateRule, RuleSource, apply_rules, governing_rule, looser_than
from app.deadlines.reader import REAL_TIME_REVIEW, TRIGGERS, read_deadline
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit, TriggerCode, general_default

CALENDAR = WorkingCalendar(library_official_years())


def due(text: str, trigger: date) -> date:
    return due_date(read_deadline(text), Trigger.at(trigger), CALENDAR).due_date


@pytest.mark.parametrize(
    ("text", "kind", "trigger", "amount", "unit"),
    [
        ("常态化公开", "standing", "info_formed", None, None),
        ("长期公开", "standing", "info_formed", None, None),
        ("实时公开", "same_day", "info_formed", None, None),
        ("每季度结束后15日内", "recurring", "reporting_quarter", 15, "calendar_day"),
        ("项目完成后1个月内", "after", "project_completed", 1, "month"),
        ("自验收之日起10日内", "after", "accepted", 10, "calendar_day"),
        ("按季度公开", "recurring", "reporting_quarter", 1, "quarter"),
        ("每月结束后10个工作日内", "recurring", "reporting_month", 10, "working_day"),
    ],
)
def test_reads_the_wordings_catalogs_use(text: str, kind: str, trigger: str, amount: int | None, unit: str | None) -> None:
    deadline = read_deadline(text)
    assert (deadline.kind.value, deadline.trigger, deadline.amount) == (kind, trigger, amount)
    assert (deadline.unit.value if deadline.unit else None) == unit
    assert not deadline.defaulted


def test_real_time_is_read_as_the_same_day_and_flagged_for_review() -> None:
    # No law sets a period for 实时; the reading says so rather than passing as certain.
    deadline = read_deadline("实时公开")
    assert deadline.review == REAL_TIME_REVIEW and "第二十六条" in deadline.review
    assert due("实时公开", date(2025, 9, 30)) == date(2025, 9, 30)
    assert read_deadline("常态化公开").review is None


@pytest.mark.parametrize("text", ["每月10日前公开", "每季度首月5日前", "实时交互", "长期", "季度"])
def test_recurring_or_real_time_words_with_more_it_cannot_place_stay_unparsed(text: str) -> None:
    assert read_deadline(text).kind is DeadlineKind.UNPARSED


def test_a_period_in_the_text_comes_before_a_standing_word() -> None:
    deadline = read_deadline("自信息形成之日起20个工作日内公开，并常态化公开")
    assert (deadline.kind, deadline.amount) == (DeadlineKind.AFTER, 20)
    # 及时 sets a period in law (条例 第二十六条); 常态化 beside it does not take that away.
    assert read_deadline("常态化、及时公开") == general_default("常态化、及时公开")


def test_a_standing_duty_never_yields_a_due_date() -> None:
    deadline = read_deadline("常态化公开")
    with pytest.raises(StandingDuty) as raised:
        due_date(deadline, Trigger.at(date(2025, 9, 26)), CALENDAR)
    assert isinstance(raised.value, NotComputable)
    zh, en = standing(deadline)
    assert "常态化公开义务" in zh and "standing duty" in en


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 8, 31), 3, date(2025, 11, 30)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_months_end_on_the_corresponding_day_or_the_month_end(start: date, months: int, end: date) -> None:
    # 民法典 第二百零二条.
    assert add_months(start, months) == end


def test_one_month_after_a_project_is_completed() -> None:
    # 2025-01-31 + 1个月 → 2025-02-28, a Friday and a working day.
    assert due("项目完成后1个月内", date(2025, 1, 31)) == date(2025, 2, 28)
    # 2025-08-31 + 1个月 → 09-30, a working day (the break starts 10-01).
    assert due("项目完成后1个月内", date(2025, 8, 31)) == date(2025, 9, 30)
    # 2025-09-05 + 1个月 → 10-05, inside the National Day break: the next working day, 10-09.
    assert due("项目完成后1个月内", date(2025, 9, 5)) == date(2025, 10, 9)
    # 2024-01-31 + 1个月 → 2024-02-29 (a leap year), a Thursday and a working day.
    assert due("项目完成后1个月内", date(2024, 1, 31)) == date(2024, 2, 29)


def test_a_month_before_a_trigger_is_not_moved() -> None:
    before = Deadline("挂牌起始日1个月前", DeadlineKind.BEFORE, "trading_start", 1, DeadlineUnit.MONTH)
    assert due_date(before, Trigger.at(date(2025, 3, 31)), CALENDAR).due_date == date(2025, 2, 28)


def test_ten_days_from_acceptance() -> None:
    assert due("自验收之日起10日内", date(2025, 9, 15)) == date(2025, 9, 25)
    # 09-28 + 10 → 10-08, still the break: 10-09.
    assert due("自验收之日起10日内", date(2025, 9, 28)) == date(2025, 10, 9)


def test_each_quarter_is_due_fifteen_days_after_its_end() -> None:
    rule = "每季度结束后15日内"
    assert due(rule, date(2025, 1, 1)) == date(2025, 4, 15)
    assert due(rule, date(2025, 3, 31)) == date(2025, 4, 15)
    # Q3 ends 09-30; 10-15 is a Wednesday after the break.
    assert due(rule, date(2025, 8, 20)) == date(2025, 10, 15)
    # Q4 2025 ends 12-31; 2026-01-15 is a Thursday.
    assert due(rule, date(2025, 12, 31)) == date(2026, 1, 15)
    # Q2 2025 ends 06-30; 07-15 is a Tuesday.
    assert due(rule, date(2025, 4, 1)) == date(2025, 7, 15)


def test_a_quarter_with_no_day_named_is_due_by_its_last_day() -> None:
    # Q3 2025 ends on Tuesday 09-30; Q1 2025 on Monday 03-31; Q2 2024 on Sunday 06-30 → Monday 07-01.
    assert due("按季度公开", date(2025, 7, 2)) == date(2025, 9, 30)
    assert due("按季度公开", date(2025, 2, 14)) == date(2025, 3, 31)
    assert due("按季度公开", date(2024, 4, 1)) == date(2024, 7, 1)
    assert read_deadline("按季度公开").review is not None


def test_a_monthly_duty_counting_working_days_after_the_month() -> None:
    # September 2025 ends on a Tuesday; the 10th working day after it, past the break, is 10-21.
    assert due("每月结束后10个工作日内", date(2025, 9, 3)) == date(2025, 10, 21)


def test_explanations_name_the_rule_in_both_languages() -> None:
    for text, trigger, zh_words, en_words in [
        ("每季度结束后15日内", date(2025, 8, 20), "按季度公开", "Quarterly"),
        ("项目完成后1个月内", date(2025, 1, 31), "民法典第二百零二条", "art. 202"),
        ("实时公开", date(2025, 9, 30), "复核", "needs review"),
    ]:
        deadline = read_deadline(text)
        moment = Trigger.at(trigger)
        zh, en = summary(deadline, moment, due_date(deadline, moment, CALENDAR))
        assert zh_words in zh and en_words in en, (text, zh, en)


def test_a_month_period_is_explained_day_by_day_as_calendar_days() -> None:
    deadline = read_deadline("项目完成后1个月内")
    moment = Trigger.at(date(2025, 9, 5))
    notes = explain_days(deadline, moment, due_date(deadline, moment, CALENDAR), CALENDAR)
    counted = [note for note in notes if note.note.value == "counted"]
    assert counted[-1].day == date(2025, 10, 5) and counted[-1].count == 30
    assert notes[-1].day == date(2025, 10, 9) and notes[-1].note.value == "due"


def test_a_standing_duty_decides_nothing_when_another_rule_applies() -> None:
    row = CandidateRule(RuleSource.CATALOG, read_deadline("常态化公开"), citation="catalog row", obligation_id=1)
    law = CandidateRule(RuleSource.STATUTE, general_default(), citation="条例 第二十六条", statute_key="general")
    applied = apply_rules([row, law], Anchors("info_formed", Trigger.at(date(2025, 9, 26)), {}, None), CALENDAR)
    assert applied[0].due is None and applied[0].missing_trigger is None and "常态化" in applied[0].note
    assert governing_rule(applied).rule is law
    assert governing_rule(applied).due.due_date == date(2025, 10, 30)


def test_a_standing_duty_alone_is_refused_rather_than_given_a_date() -> None:
    row = CandidateRule(RuleSource.CATALOG, read_deadline("长期公开"), citation="catalog row", obligation_id=1)
    with pytest.raises(StandingDuty):
        apply_rules([row], Anchors("info_formed", Trigger.at(date(2025, 9, 26)), {}, None), CALENDAR)


def test_a_standing_duty_is_never_called_looser_than_the_law() -> None:
    assert looser_than(read_deadline("常态化公开"), general_default(), CALENDAR, date(2025, 1, 1)) is None


def test_every_trigger_the_reader_gives_is_a_code_with_labels() -> None:
    read = {code for _, code in TRIGGERS} | {"annual", "reporting_month", "reporting_quarter", "info_formed"}
    assert read <= {code.value for code in TriggerCode}
    assert all(code.label and code.description.split(" / ", 1)[1] for code in TriggerCode)
