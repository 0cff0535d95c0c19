"""The structured form of a deadline (公开时限), as SPEC §Deadlines defines it."""

from dataclasses import dataclass, field

from app.core.enums import DescribedEnum


class DeadlineKind(DescribedEnum):
    """The shape of a deadline (SPEC §Deadlines)."""

    AFTER = "after", "之日起…内 / due `amount` `unit`s after the trigger"
    BEFORE = "before", "…前 / due `amount` `unit`s before the trigger (公告期 before a trading day)"
    SAME_DAY = "same_day", "同时 / due on the trigger's day; an earlier day is `early`"
    FIXED_DATE = "fixed_date", "每年…前 / due on a month and day of the trigger's year"
    RECURRING = "recurring", (
        "按月、每季度 / a duty due once a period (`trigger` names it): a day `unit` counts `amount` from "
        "the period's end, the period's own unit (month, quarter) means by its last day"
    )
    STANDING = "standing", "常态化、长期公开 / kept public continuously: no due date is ever computed"
    UNPARSED = "unparsed", "未能解读 / a text the reader cannot read: reported, never guessed"


class DeadlineUnit(DescribedEnum):
    """What `amount` counts."""

    WORKING_DAY = "working_day", "工作日 / working days on the legal calendar (调休 included)"
    CALENDAR_DAY = "calendar_day", "日 / calendar days; a due day that is not a working day moves to the next one"
    HOUR = "hour", "小时 / hours from the trigger instant, holidays included"
    MONTH = "month", "个月 / calendar months (民法典 第二百零二条)"
    QUARTER = "quarter", "季度 / calendar quarters"


class TriggerCode(DescribedEnum):
    """The anchor event a deadline counts from (公开时限的起算事项, SPEC §Deadlines `trigger`)."""

    INFO_FORMED = "info_formed", "信息形成或变更 / The information is formed or changed (条例 第二十六条)."
    DOCUMENT_ISSUED = "document_issued", "文件制发 / A policy document is issued."
    DOCUMENT_REVISED = "document_revised", "文件修订 / A published document, such as a service guide, is revised."
    PLAN_APPROVED = "plan_approved", "计划批复或确定 / A plan is approved (供地计划) or the year's targets are set."
    BUDGET_APPROVED = "budget_approved", "部门预算批复 / The department budget is approved."
    CONSTRUCTION_MILESTONE = "construction_milestone", "项目开工或竣工 / Construction of a project starts or is completed."
    APPLICATIONS_RECEIVED = "applications_received", "报名申请 / A batch of applications for an allocation is received."
    PROCEDURE_STEP_COMPLETED = "procedure_step_completed", "程序定制或程序节点结束 / An allocation procedure is set, or one of its steps ends."
    RESULT_DETERMINED = "result_determined", "分配结果确定 / The result of an allocation is determined."
    RIGHTS_CHANGED = "rights_changed", "林权变更 / Forest rights change."
    AWARD_NOTICE_ISSUED = "award_notice_issued", "发出中标通知书或签订成交确认书 / The award notice is issued or the deal confirmation signed."
    WINNER_DETERMINED = "winner_determined", "确定中标人、成交供应商 / The winning bidder or supplier is determined."
    EVALUATION_REPORT_RECEIVED = "evaluation_report_received", "收到评标报告 / The tenderer receives the bid evaluation report."
    CLARIFICATION_MADE = "clarification_made", "澄清或者修改作出 / A clarification or amendment of the tender documents is made."
    TRANSACTION_CLOSED = "transaction_closed", "交易活动结束 / The tender, auction or listing ends; the deal closes."
    CONTRACT_SIGNED = "contract_signed", "合同签订 / The contract is signed."
    TRADING_START = "trading_start", "交易活动开始（投标截止、拍卖、挂牌起始） / The bid deadline, the auction or the listing starts; rules before it count back from it."
    REVIEW_COMPLETED = "review_completed", "报审程序完成 / The approval procedure the item must pass is completed."
    DECISION_MADE = "decision_made", "作出行政决定 / An administrative decision (a permit, a penalty) is made."
    VERIFIED = "verified", "核验确认 / The platform verifies a notice submitted on paper or in another form."
    RECEIVED = "received", "收到 / The platform receives the notice text."
    ANNOUNCEMENT_PUBLISHED = "announcement_published", "公告发布 / The announcement it goes with is published."
    PROJECT_COMPLETED = "project_completed", "项目完成 / The project is completed."
    ACCEPTED = "accepted", "验收 / The project, goods or services are accepted (验收之日)."
    ANNUAL = "annual", "年度 / A yearly duty: the year the trigger day falls in, for a fixed date (每年3月31日前)."
    REPORTING_MONTH = "reporting_month", "报告月份 / A monthly duty (按月): the month the trigger day falls in."
    REPORTING_QUARTER = "reporting_quarter", "报告季度 / A quarterly duty (每季度): the calendar quarter the trigger day falls in."


# The general rules that all five source documents repeat, applied where a catalog row gives no
# deadline of its own.
GENERAL_RULE_TEXT = "自政府信息形成或变更之日起20个工作日内予以公开"
GENERAL_RULE_BASIS = "《中华人民共和国政府信息公开条例》第二十六条"
DECISION_RULE_TEXT = "行政许可、行政处罚事项应自作出行政决定之日起7个工作日内上网公开"
DECISION_RULE_BASIS = "《国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见》（国办发〔2015〕51号）"


@dataclass(frozen=True)
class Deadline:
    text: str
    """The deadline as the document words it, verbatim."""
    kind: DeadlineKind
    trigger: str | None = None
    """Short code of the anchor event (info_formed, contract_signed, …)."""
    amount: int | None = None
    unit: DeadlineUnit | None = None
    month: int | None = None
    day: int | None = None
    year_offset: int = 0
    condition: str | None = None
    """For one of several rules in one text: the clause it comes from, verbatim."""
    defaulted: bool = False
    """True when the catalog gives no deadline and a general legal rule applies."""
    basis: str | None = None
    alternatives: tuple["Deadline", ...] = field(default=())
    """Further rules the same text sets (another channel, another submission route …)."""
    route: str | None = None
    """For a rule tied to how the notice was submitted: `electronic` or `paper` (喀左 序号20–28)."""
    notice_types: tuple[str, ...] = ()
    """For an alternative tied to some of a row's notices (喀左 序号36: the 处罚 part)."""
    review: str | None = None
    """Why this reading is uncertain (needs_review); None when the text is read as written."""

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind.value,
            "trigger": self.trigger,
            "amount": self.amount,
            "unit": self.unit.value if self.unit else None,
            "month": self.month,
            "day": self.day,
            "year_offset": self.year_offset,
            "condition": self.condition,
            "defaulted": self.defaulted,
            "basis": self.basis,
            "alternatives": [alternative.as_dict() for alternative in self.alternatives],
            "route": self.route,
            "notice_types": list(self.notice_types),
            "review": self.review,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Deadline":
        return cls(
            text=data["text"],
            kind=DeadlineKind(data["kind"]),
            trigger=data.get("trigger"),
            amount=data.get("amount"),
            unit=DeadlineUnit(data["unit"]) if data.get("unit") else None,
            month=data.get("month"),
            day=data.get("day"),
            year_offset=data.get("year_offset", 0),
            condition=data.get("condition"),
            defaulted=data.get("defaulted", False),
            basis=data.get("basis"),
            alternatives=tuple(cls.from_dict(a) for a in data.get("alternatives", [])),
            route=data.get("route"),
            notice_types=tuple(data.get("notice_types", ())),
            review=data.get("review"),
        )

    def rule_for(self, notice_type: str | None, route: str | None, channel_matches) -> "Deadline":  # noqa: ANN001
        """The rule among this one and its alternatives that applies to a notice: one tied to its
        notice type, else one tied to its submission route, else one tied to the channel used
        (`channel_matches(condition)`), else the primary rule."""
        if notice_type:
            for alternative in self.alternatives:
                if notice_type in alternative.notice_types:
                    return alternative
        if route and self.route and route != self.route:
            for alternative in self.alternatives:
                if alternative.route == route:
                    return alternative
        for alternative in self.alternatives:
            if not alternative.notice_types and not alternative.route and alternative.condition:
                if channel_matches(alternative.condition):
                    return alternative
        return self


def general_default(text: str = GENERAL_RULE_TEXT) -> Deadline:
    """条例 第二十六条: 20 working days from the day the information is formed or changed."""
    return _statutory(text, "info_formed", 20, GENERAL_RULE_BASIS)


def decision_default(text: str = DECISION_RULE_TEXT) -> Deadline:
    """国办发〔2015〕51号: 行政许可 and 行政处罚 within 7 working days of the decision."""
    return _statutory(text, "decision_made", 7, DECISION_RULE_BASIS)


def _statutory(text: str, trigger: str, working_days: int, basis: str) -> Deadline:
    return Deadline(
        text=text,
        kind=DeadlineKind.AFTER,
        trigger=trigger,
        amount=working_days,
        unit=DeadlineUnit.WORKING_DAY,
        defaulted=True,
        basis=basis,
    )
