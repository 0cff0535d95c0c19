"""Which rule governs when a catalog row and the law both apply (SPEC §The law above the catalogs).

Pure: the rules, the triggers and the legal calendar, no database. 2025's National Day break runs
10-01 to 10-08, with 09-28 (Sunday) and 10-11 (Saturday) worked.
"""

from datetime import date

from app.calendar.sources import library_official_years
from app.calendar.working import WorkingCalendar
from app.deadlines.due import Trigger
from app.deadlines.precedence import Anchors, CandidateRule, RuleSource, apply_rules, governing_rule, looser_than
from app.deadlines.reader import read_deadline
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit

CALENDAR = WorkingCalendar(library_official_years())


def catalog(text: str) -> CandidateRule:
    return CandidateRule(RuleSource.CATALOG, read_deadline(text), citation="catalog row", obligation_id=1)


def statute(text: str, trigger: str, kind: str, amount: int, unit: str) -> CandidateRule:
    deadline = Deadline(text, DeadlineKind(kind), trigger, amount, DeadlineUnit(unit))
    return CandidateRule(RuleSource.STATUTE, deadline, citation="statute", statute_key="s")


def anchors(primary: str, day: date, notice_trigger: str | None = None, **others: date) -> Anchors:
    return Anchors(primary, Trigger.at(day), {k: Trigger.at(v) for k, v in others.items()}, notice_trigger)


def test_statute_stricter_governs_and_the_row_is_still_listed() -> None:
    # 吉安 采购结果: the row defaults to 20 working days from 信息形成, which on a 采购结果 is the
    # supplier being determined; 条例 第四十三条 says 2 working days from that same day.
    rules = [catalog("自信息形成之日起20个工作日内"), statute("自中标、成交供应商确定之日起2个工作日内", "winner_determined", "after", 2, "working_day")]
    applied = apply_rules(rules, anchors("winner_determined", date(2025, 9, 29), "winner_determined"), CALENDAR)
    assert [rule.due.due_date for rule in applied] == [date(2025, 11, 3), date(2025, 10, 9)]
    assert governing_rule(applied).rule.source is RuleSource.STATUTE
    assert [rule.governing for rule in applied] == [False, True]


def test_catalog_stricter_governs() -> None:
    # A catalog may tighten the law: 1 working day against 3 calendar days.
    rules = [catalog("自信息形成之日起1个工作日内"), statute("自收到评标报告之日起3日内", "evaluation_report_received", "after", 3, "calendar_day")]
    applied = apply_rules(
        rules, anchors("evaluation_report_received", date(2025, 9, 26), "evaluation_report_received"), CALENDAR
    )
    assert [rule.due.due_date for rule in applied] == [date(2025, 9, 28), date(2025, 9, 29)]
    assert governing_rule(applied).rule.source is RuleSource.CATALOG


def test_on_a_tie_the_catalog_row_listed_first_governs() -> None:
    rules = [catalog("自信息形成之日起2个工作日内"), statute("自合同签订之日起2个工作日内", "contract_signed", "after", 2, "working_day")]
    applied = apply_rules(rules, anchors("contract_signed", date(2025, 9, 30), "contract_signed"), CALENDAR)
    assert applied[0].due == applied[1].due and governing_rule(applied) is applied[0]


def test_each_rule_reads_its_own_trigger() -> None:
    # A 出让公告: the row counts from 信息形成, the statute backwards from the auction's start.
    rules = [catalog("自信息形成之日起20个工作日内"), statute("至少在挂牌开始日前20日", "trading_start", "before", 20, "calendar_day")]
    reported = apply_rules(rules, anchors("info_formed", date(2025, 9, 1), trading_start=date(2025, 9, 25)), CALENDAR)
    assert reported[1].due.due_date == date(2025, 9, 5) and reported[1].governing
    assert reported[1].anchor.day == date(2025, 9, 25)


def test_a_rule_without_its_trigger_is_listed_and_decides_nothing() -> None:
    rules = [catalog("自信息形成之日起20个工作日内"), statute("至少在挂牌开始日前20日", "trading_start", "before", 20, "calendar_day")]
    applied = apply_rules(rules, anchors("info_formed", date(2025, 9, 1)), CALENDAR)
    assert applied[1].due is None and applied[1].missing_trigger == "trading_start"
    assert governing_rule(applied) is applied[0]


def test_the_notice_types_forming_event_is_the_rows_info_formed() -> None:
    found = anchors("winner_determined", date(2025, 9, 29), "winner_determined")
    assert found.get("info_formed") == found.get("winner_determined")
    elsewhere = anchors("trading_start", date(2025, 9, 29), "winner_determined")
    assert "info_formed" not in elsewhere


def test_paper_route_without_verification_date_takes_the_longest_lawful_verification() -> None:
    # 喀左: 自核验确认起1个工作日内, and 核验确认最长不得超过3个工作日 from receipt.
    paper = Deadline("自核验确认起1个工作日内发布", DeadlineKind.AFTER, "verified", 1, DeadlineUnit.WORKING_DAY, route="paper")
    rule = CandidateRule(RuleSource.CATALOG, paper, citation="row")
    applied = apply_rules([rule], anchors("info_formed", date(2025, 9, 29), received=date(2025, 9, 29)), CALENDAR)
    # received 09-29 (Mon): verified at the latest 10-10 (09-30, 10-09, 10-10), published by 10-11 (a worked Saturday).
    assert applied[0].anchor.day == date(2025, 10, 10)
    assert applied[0].due.due_date == date(2025, 10, 11)
    assert "3个工作日" in applied[0].note


def test_looser_than_finds_a_trigger_day_or_none() -> None:
    twenty = read_deadline("自信息形成之日起20个工作日内")
    two = read_deadline("自信息形成之日起2个工作日内")
    assert looser_than(twenty, two, CALENDAR, date(2025, 1, 1)) == date(2025, 1, 1)
    assert looser_than(two, twenty, CALENDAR, date(2025, 1, 1)) is None
    assert looser_than(two, two, CALENDAR, date(2025, 1, 1)) is None
