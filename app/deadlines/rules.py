"""The structured form of a deadline (公开时限), as SPEC §Deadlines defines it."""

from dataclasses import dataclass, field
from enum import StrEnum


class DeadlineKind(StrEnum):
    AFTER = "after"
    BEFORE = "before"
    SAME_DAY = "same_day"
    FIXED_DATE = "fixed_date"
    RECURRING = "recurring"
    """A duty due once a period (按月公开, 每季度结束后15日内): `trigger` names the period the trigger
    day falls in (reporting_month, reporting_quarter); a day `unit` counts `amount` from the
    period's end, the period's own unit (month, quarter) means by its last day."""
    STANDING = "standing"
    """A duty to keep information public continuously (常态化公开, 长期公开): no single publication is
    due by a date, so no due date is ever computed for it."""
    UNPARSED = "unparsed"


class DeadlineUnit(StrEnum):
    WORKING_DAY = "working_day"
    CALENDAR_DAY = "calendar_day"
    HOUR = "hour"
    MONTH = "month"
    QUARTER = "quarter"


class TriggerCode(StrEnum):
    """The anchor events deadlines count from (SPEC §Deadlines `trigger`). `TRIGGER_LABELS` gives
    each its Chinese label and what it means."""

    INFO_FORMED = "info_formed"
    DOCUMENT_ISSUED = "document_issued"
    DOCUMENT_REVISED = "document_revised"
    PLAN_APPROVED = "plan_approved"
    BUDGET_APPROVED = "budget_approved"
    CONSTRUCTION_MILESTONE = "construction_milestone"
    APPLICATIONS_RECEIVED = "applications_received"
    PROCEDURE_STEP_COMPLETED = "procedure_step_completed"
    RESULT_DETERMINED = "result_determined"
    RIGHTS_CHANGED = "rights_changed"
    AWARD_NOTICE_ISSUED = "award_notice_issued"
    WINNER_DETERMINED = "winner_determined"
    EVALUATION_REPORT_RECEIVED = "evaluation_report_received"
    CLARIFICATION_MADE = "clarification_made"
    TRANSACTION_CLOSED = "transaction_closed"
    CONTRACT_SIGNED = "contract_signed"
    TRADING_START = "trading_start"
    REVIEW_COMPLETED = "review_completed"
    DECISION_MADE = "decision_made"
    VERIFIED = "verified"
    RECEIVED = "received"
    ANNOUNCEMENT_PUBLISHED = "announcement_published"
    PROJECT_COMPLETED = "project_completed"
    ACCEPTED = "accepted"
    ANNUAL = "annual"
    REPORTING_MONTH = "reporting_month"
    REPORTING_QUARTER = "reporting_quarter"

    @property
    def label(self) -> str:
        """The anchor event in Chinese, as catalogs name it."""
        return TRIGGER_LABELS[self][0]

    @property
    def description(self) -> str:
        return TRIGGER_LABELS[self][1]

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):  # noqa: ANN001, ANN206
        """The schema generated clients and Swagger UI read: the codes as an enum, each code's
        label and description beside it (`x-enum-descriptions`, `x-enum-labels`, in enum order)
        and in the description's table. Duck-typed, so this module stays free of pydantic."""
        reference = handler(core_schema)
        schema = handler.resolve_ref_schema(reference)
        schema["description"] = "The anchor event a deadline counts from (公开时限的起算事项):\n\n" + "\n".join(
            f"- `{code.value}` {code.label}: {code.description}" for code in cls
        )
        schema["x-enum-labels"] = [code.label for code in cls]
        schema["x-enum-descriptions"] = [f"{code.label}: {code.description}" for code in cls]
        return reference


TRIGGER_LABELS: dict[TriggerCode, tuple[str, str]] = {
    TriggerCode.INFO_FORMED: ("信息形成或变更", "The information is formed or changed (条例 第二十六条)."),
    TriggerCode.DOCUMENT_ISSUED: ("文件制发", "A policy document is issued."),
    TriggerCode.DOCUMENT_REVISED: ("文件修订", "A published document, such as a service guide, is revised."),
    TriggerCode.PLAN_APPROVED: ("计划批复或确定", "A plan is approved (供地计划) or the year's targets are set."),
    TriggerCode.BUDGET_APPROVED: ("部门预算批复", "The department budget is approved."),
    TriggerCode.CONSTRUCTION_MILESTONE: ("项目开工或竣工", "Construction of a project starts or is completed."),
    TriggerCode.APPLICATIONS_RECEIVED: ("报名申请", "A batch of applications for an allocation is received."),
    TriggerCode.PROCEDURE_STEP_COMPLETED: ("程序定制或程序节点结束", "An allocation procedure is set, or one of its steps ends."),
    TriggerCode.RESULT_DETERMINED: ("分配结果确定", "The result of an allocation is determined."),
    TriggerCode.RIGHTS_CHANGED: ("林权变更", "Forest rights change."),
    TriggerCode.AWARD_NOTICE_ISSUED: ("发出中标通知书或签订成交确认书", "The award notice is issued or the deal confirmation signed."),
    TriggerCode.WINNER_DETERMINED: ("确定中标人、成交供应商", "The winning bidder or supplier is determined."),
    TriggerCode.EVALUATION_REPORT_RECEIVED: ("收到评标报告", "The tenderer receives the bid evaluation report."),
    TriggerCode.CLARIFICATION_MADE: ("澄清或者修改作出", "A clarification or amendment of the tender documents is made."),
    TriggerCode.TRANSACTION_CLOSED: ("交易活动结束", "The tender, auction or listing ends; the deal closes."),
    TriggerCode.CONTRACT_SIGNED: ("合同签订", "The contract is signed."),
    TriggerCode.TRADING_START: (
        "交易活动开始（投标截止、拍卖、挂牌起始）",
        "The bid deadline, the auction or the listing starts; rules before it count back from it.",
    ),
    TriggerCode.REVIEW_COMPLETED: ("报审程序完成", "The approval procedure the item must pass is completed."),
    TriggerCode.DECISION_MADE: ("作出行政决定", "An administrative decision (a permit, a penalty) is made."),
    TriggerCode.VERIFIED: ("核验确认", "The platform verifies a notice submitted on paper or in another form."),
    TriggerCode.RECEIVED: ("收到", "The platform receives the notice text."),
    TriggerCode.ANNOUNCEMENT_PUBLISHED: ("公告发布", "The announcement it goes with is published."),
    TriggerCode.PROJECT_COMPLETED: ("项目完成", "The project is completed."),
    TriggerCode.ACCEPTED: ("验收", "The project, goods or services are accepted (验收之日)."),
    TriggerCode.ANNUAL: ("年度", "A yearly duty: the year the trigger day falls in, for a fixed date (每年3月31日前)."),
    TriggerCode.REPORTING_MONTH: ("报告月份", "A monthly duty (按月): the month the trigger day falls in."),
    TriggerCode.REPORTING_QUARTER: ("报告季度", "A quarterly duty (每季度): the calendar quarter the trigger day falls in."),
}


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
