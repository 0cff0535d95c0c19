"""The structured form of a deadline (公开时限), as SPEC §Deadlines defines it."""

from dataclasses import dataclass, field
from enum import StrEnum


class DeadlineKind(StrEnum):
    AFTER = "after"
    BEFORE = "before"
    SAME_DAY = "same_day"
    FIXED_DATE = "fixed_date"
    RECURRING = "recurring"
    """A standing duty due once a period (按月公开): the last day of each period."""
    UNPARSED = "unparsed"


class DeadlineUnit(StrEnum):
    WORKING_DAY = "working_day"
    CALENDAR_DAY = "calendar_day"
    HOUR = "hour"
    MONTH = "month"


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
