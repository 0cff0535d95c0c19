"""Reads a deadline text (公开时限) into a `Deadline`.

The reader knows the phrasings of Chinese disclosure catalogs: a trigger phrase, a period, a
direction. What it cannot read it returns as `unparsed`; it never guesses.
"""

import re

from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit, TriggerCode, general_default

# Anchor events, most specific first: the first pattern found in a clause names its trigger.
# Every code is a TriggerCode (a test keeps them so).
TRIGGERS: tuple[tuple[str, str], ...] = (
    (r"信息形成|形成或变更|制作或更新", "info_formed"),
    (r"修订", "document_revised"),
    (r"制发|制定发布", "document_issued"),
    (r"批复供地计划|确定年度目标计划", "plan_approved"),
    (r"开工或竣工", "construction_milestone"),
    (r"报名申请", "applications_received"),
    (r"程序定制|程序节点结束", "procedure_step_completed"),
    (r"分配结果确定", "result_determined"),
    (r"林权变更", "rights_changed"),
    (r"发出中标通知书|签订成交确认书", "award_notice_issued"),
    (r"确定中标人|供应商确定", "winner_determined"),
    (r"活动结束|交易结束|地块成交", "transaction_closed"),
    (r"合同签订|订立合同", "contract_signed"),
    (r"投标截止日|公开拍卖日|挂牌起始日|活动开始|挂牌活动前", "trading_start"),
    (r"报审程序", "review_completed"),
    (r"处罚决定|行政决定|做出决定|作出决定|决定之日|许可之日", "decision_made"),
    (r"核验确认", "verified"),
    (r"收到", "received"),
    # 公开分布 is the source's typo for 公开发布.
    (r"公告发布|公开分布|公告同时", "announcement_published"),
    (r"项目完成", "project_completed"),
    (r"验收", "accepted"),
)

_PERIOD = re.compile(r"(?P<amount>\d+)\s*(?P<unit>个工作日|个小时|小时|个月|日|天)(?P<suffix>[内前])?")
_FIXED_DATE = re.compile(r"(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日前|底)")
_MONTHLY = re.compile(r"按月|每月|每个月")
_QUARTERLY = re.compile(r"按季度?|每季度?|每个季度")
# A recurring duty that names its day: "每季度结束后15日内", "每月结束后10个工作日内".
_AFTER_EACH_PERIOD = re.compile(
    r"(?:每个?|按)(?P<period>月|季度|季)(?:结束|届满|终了|末)(?:之日)?[后起]?"
    r"(?P<amount>\d+)\s*(?P<unit>个工作日|日|天)"
)
MONTHLY_REVIEW = "按月 names no day of the month: read as due by each month's last day."
QUARTERLY_REVIEW = "按季度 names no day of the quarter: read as due by each quarter's last day."
# 常态化公开, 长期公开: kept public continuously. No single publication falls due on a date, so the
# reading is a standing duty that never yields a due date.
_STANDING = re.compile(r"常态化|长期公开|长期公示")
# 实时 (in real time) is stricter than 及时, for which 条例 第二十六条 allows 20 working days; no law
# or regulation sets a period for it. Real time is at the latest the day the information forms, so
# that day is the latest on-time date; whether a same-day publication was in real time to the hour
# cannot be told, so the reading says so.
_REAL_TIME = re.compile(r"实时(?:公开|发布|公布|更新)")
REAL_TIME_REVIEW = (
    "实时 sets no period and no law or regulation gives one (条例 第二十六条 allows 20 working days for 及时): "
    "read as no later than the day the information is formed; whether a publication that day was in real "
    "time cannot be checked to the hour."
)
# A list number at the start of a cell ("3. 建设项目进展信息") is no quantity of the rule.
_LIST_NUMBER = re.compile(r"^\d+[.．、]")
_NOT_A_DEADLINE = re.compile(r"最长不得超过|不少于")
_CLAUSE_END = re.compile(r"[。；;]")
# How a notice reached the platform decides its period (招标公告和公示信息发布管理办法 第十条 wording,
# repeated by 喀左 序号20–28): a text exchanged under the electronic data norms, or any other form.
_PAPER_ROUTE = re.compile(r"纸质|传真|直接录入")
_ELECTRONIC_ROUTE = re.compile(r"电子招标投标")

_UNITS = {
    "个工作日": DeadlineUnit.WORKING_DAY,
    "日": DeadlineUnit.CALENDAR_DAY,
    "天": DeadlineUnit.CALENDAR_DAY,
    "小时": DeadlineUnit.HOUR,
    "个小时": DeadlineUnit.HOUR,
    "个月": DeadlineUnit.MONTH,
}
_PERIOD_TRIGGERS = {"月": "reporting_month", "季度": "reporting_quarter", "季": "reporting_quarter"}
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_MONTH_END = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def read_deadline(text: str) -> Deadline:
    """Read one deadline cell. Several rules in one text become a primary and alternatives."""
    normalized = text.translate(_FULL_WIDTH_DIGITS).replace(" ", "")
    each_period = _AFTER_EACH_PERIOD.search(normalized)
    if each_period:
        # Each period's information is due a number of days after the period ends.
        return Deadline(
            text=text,
            kind=DeadlineKind.RECURRING,
            trigger=_PERIOD_TRIGGERS[each_period["period"]],
            amount=int(each_period["amount"]),
            unit=_UNITS[each_period["unit"]],
        )
    rules = _read_rules(text, normalized)
    if rules:
        return _combine(rules)
    recurring = _recurring_by_period_end(text, normalized)
    if recurring is not None:
        return recurring
    if "同时" in normalized:
        trigger = _trigger_in(normalized) or "announcement_published"
        return Deadline(text=text, kind=DeadlineKind.SAME_DAY, trigger=trigger)
    if _REAL_TIME.search(normalized):
        trigger = _trigger_in(normalized) or TriggerCode.INFO_FORMED.value
        return Deadline(text=text, kind=DeadlineKind.SAME_DAY, trigger=trigger, review=REAL_TIME_REVIEW)
    if "及时" in normalized:
        # 及时 sets no period: the general statutory period applies (条例 第二十六条).
        return general_default(text)
    if _STANDING.search(normalized):
        # Kept public from the day the information is formed, for as long as it holds.
        return Deadline(text=text, kind=DeadlineKind.STANDING, trigger=TriggerCode.INFO_FORMED.value)
    return Deadline(text=text, kind=DeadlineKind.UNPARSED)


def _recurring_by_period_end(text: str, normalized: str) -> Deadline | None:
    """按月 / 按季度 with no day named: each period's information is due by the period's end. A text
    that also holds a number the reader has not placed ("每月10日前") says more than that: unparsed."""
    if _MONTHLY.search(normalized):
        trigger, unit, review = "reporting_month", DeadlineUnit.MONTH, MONTHLY_REVIEW
    elif _QUARTERLY.search(normalized):
        trigger, unit, review = "reporting_quarter", DeadlineUnit.QUARTER, QUARTERLY_REVIEW
    else:
        return None
    if re.search(r"\d", _LIST_NUMBER.sub("", normalized)):
        return Deadline(text=text, kind=DeadlineKind.UNPARSED)
    return Deadline(text=text, kind=DeadlineKind.RECURRING, trigger=trigger, amount=1, unit=unit, review=review)


def _read_rules(text: str, normalized: str) -> list[Deadline]:
    rules: list[Deadline] = []
    trigger: str | None = None
    for clause in (c for c in _CLAUSE_END.split(normalized) if c):
        fixed = _FIXED_DATE.search(clause)
        if fixed:
            month = int(fixed["month"])
            day = int(fixed["day"]) if fixed["day"] else _MONTH_END[month]
            rules.append(
                Deadline(
                    text=text,
                    kind=DeadlineKind.FIXED_DATE,
                    trigger="annual",
                    month=month,
                    day=day,
                    condition=clause,
                )
            )
            continue
        start = 0
        for period in _PERIOD.finditer(clause):
            before_period = clause[start : period.start()]
            start = period.end()
            if _NOT_A_DEADLINE.search(before_period[-8:]):
                continue
            # A period without its own trigger phrase continues the clause before it:
            # "做出决定之日起7个工作日内在县政府网站公示，20个工作日内在省涉企信息公示系统公示".
            trigger = _trigger_in(before_period) or trigger
            if trigger is None:
                continue
            is_before = period["suffix"] == "前" or "至少" in clause or before_period.endswith("前")
            rules.append(
                Deadline(
                    text=text,
                    kind=DeadlineKind.BEFORE if is_before else DeadlineKind.AFTER,
                    trigger=trigger,
                    amount=int(period["amount"]),
                    unit=_UNITS[period["unit"]],
                    condition=_sub_clause(clause, period.start()),
                    route=_route(clause),
                )
            )
    return rules


def _route(clause: str) -> str | None:
    if _PAPER_ROUTE.search(clause):
        return "paper"
    if _ELECTRONIC_ROUTE.search(clause):
        return "electronic"
    return None


def _sub_clause(clause: str, position: int) -> str:
    """The comma-delimited part of a clause around a position: the words one rule stands in."""
    begin = clause.rfind("，", 0, position) + 1
    end = clause.find("，", position)
    return clause[begin : end if end != -1 else len(clause)]


def _trigger_in(fragment: str) -> str | None:
    for pattern, code in TRIGGERS:
        if re.search(pattern, fragment):
            return code
    return None


def _combine(rules: list[Deadline]) -> Deadline:
    primary, *alternatives = rules
    if not alternatives:
        # One rule: its clause is the whole text, so a condition would only repeat it.
        return Deadline(**{**primary.__dict__, "condition": None, "route": None})
    return Deadline(**{**primary.__dict__, "alternatives": tuple(alternatives)})
