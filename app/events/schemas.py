"""Request and response models of the events API (SPEC §API v1 names)."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from app.calendar.working import CalendarStatus
from app.core.enums import DescribedEnum
from app.core.validation import parse_timestamp
from app.deadlines.precedence import RuleSource
from app.deadlines.rules import DeadlineKind, DeadlineUnit, TriggerCode
from app.events.verdict import CheckName, CheckResult, Timeliness, VerdictStatus


class EventKind(DescribedEnum):
    """What an event reports."""

    PUBLICATION = "publication", "公开 / a notice was published: it is judged on the four checks"
    TRIGGER = "trigger", "触发 / the anchor event happened (e.g. 确定中标人): the notice is now due"


class Submission(DescribedEnum):
    """How the notice reached the platform: it decides the period where a catalog sets one per route."""

    ELECTRONIC = "electronic", "电子招标投标数据交换 / exchanged as data under the electronic bidding norms"
    PAPER = "paper", "纸质、传真或直接录入 / on paper, by fax or typed in by the platform"


class ExemptionReason(DescribedEnum):
    """Why information is not (fully) disclosed."""

    STATE_SECRET = "state_secret", "国家秘密 / a state secret"
    TRADE_SECRET = "trade_secret", "商业秘密 / a trade secret"
    PERSONAL_PRIVACY = "personal_privacy", "个人隐私 / personal privacy"
    OTHER = "other", "其他法定情形 / another ground the law names: give it in `basis`"


class ExemptionStatus(DescribedEnum):
    """Where a claimed exemption stands."""

    CLAIMED = "claimed", "已申请 / claimed, awaiting review by another platform: judged as if unclaimed"
    GRANTED = "granted", "已认可 / granted on review: the disclosure is exempt"
    REJECTED = "rejected", "未认可 / rejected on review: the notice is judged as any other"


class ExemptionDecision(DescribedEnum):
    """A reviewer's decision on a claimed exemption."""

    GRANTED = "granted", "认可 / the exemption stands"
    REJECTED = "rejected", "不认可 / the exemption does not stand"


class DisclosureStatus(DescribedEnum):
    """Where one notice of one subject stands."""

    PENDING = "pending", "待公开 / triggered, not yet published, not yet due"
    OVERDUE = "overdue", "逾期未公开 / triggered, not published, and past its due date on `as_of`"
    PUBLISHED_ON_TIME = "published_on_time", "按时公开 / published by its due date"
    PUBLISHED_LATE = "published_late", "逾期公开 / published after its due date"
    EXEMPT = "exempt", "豁免公开 / an exemption granted on review"


class ExemptionReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: ExemptionDecision
    reason: str = Field(
        min_length=1, max_length=512, examples=["涉及商业秘密，依《政府信息公开条例》第十五条不予公开。"],
        description="Why: the reviewer's reasoning, kept with the decision",
    )


class ExemptionReviewPublic(BaseModel):
    id: int
    event_id: int
    decision: ExemptionDecision
    reason: str
    reviewed_by: str
    reviewed_at: datetime
    disclosure_status: DisclosureStatus | None = Field(description="The disclosure's status after the decision")


class Exemption(BaseModel):
    """Why the information is not (fully) disclosed: 国家秘密, 商业秘密, 个人隐私 …"""

    model_config = ConfigDict(extra="forbid")

    reason: ExemptionReason
    basis: str = Field(min_length=1, max_length=512, description="The legal basis, e.g. 《政府信息公开条例》第十四条")


def _timestamp(value: Any) -> Any:
    # Dates as YYYY-MM-DD and times as ISO 8601 only: lax parsing would take 1700000000 for a time.
    if isinstance(value, str):
        return parse_timestamp(value)
    if isinstance(value, int | float):
        raise ValueError("must be YYYY-MM-DD or an ISO 8601 date-time, not a number")
    return value


def _timestamps(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _timestamp(moment) for key, moment in value.items()}
    return value


TriggerKind = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,48}$")]
ContentField = Annotated[str, StringConstraints(min_length=1, max_length=64)]
ContentText = Annotated[str, StringConstraints(max_length=20_000)]
ContentValue = (
    ContentText
    | int
    | Annotated[float, Field(allow_inf_nan=False)]
    | bool
    | Annotated[list[ContentText], Field(max_length=500)]
    | None
)
"""A disclosed field's value: text, a number, a yes/no or a list of texts (候选人名单 …)."""


class EventCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "obligation_id": 15,
                "subject": "JJ-2025-0931",
                "kind": "publication",
                "triggered_at": "2025-09-26",
                "published_at": "2025-10-20T10:00:00+08:00",
                "publisher": "市国土局",
                "channel": "中国土地市场网",
                "url": "https://www.landchina.com/notice/JJ-2025-0931",
                "title": "晋江市国有建设用地使用权成交公示",
                "content": {
                    "受让人": "某某公司", "出让方式": "挂牌", "宗地坐落": "晋江市…", "面积": "12000平方米",
                    "土地用途": "工业用地", "出让价款": "3600万元",
                },
            },
            # What the validators below require, said in the schema: a notice is named one of two
            # ways, and a publication (the default kind) carries published_at.
            "allOf": [
                {"anyOf": [{"required": ["obligation_id"]}, {"required": ["jurisdiction", "notice_type"]}]},
                {
                    "if": {"required": ["kind"], "properties": {"kind": {"const": "trigger"}}},
                    "else": {"required": ["published_at"]},
                },
            ],
        },
    )

    obligation_id: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="The catalog row; or send `jurisdiction` and `notice_type`"
    )
    jurisdiction: str | None = Field(
        default=None, pattern=r"^\d{6}$", description="GB/T 2260 code where the notice is published (with notice_type)"
    )
    notice_type: str | None = Field(
        default=None,
        pattern=r"^[a-z_]{1,48}$",
        description="The notice published (GET /v1/notice-types); with obligation_id, which of the row's notices",
    )
    subject: str = Field(min_length=1, max_length=128, description="The project or case (项目编号)")
    kind: EventKind = EventKind.PUBLICATION
    triggered_at: date | datetime | None = Field(
        default=None,
        description="When the notice type's forming event happened (its `trigger`), or, posted by obligation_id, the "
        "row's anchor event; default: the registered trigger",
    )
    triggers: dict[TriggerKind, date | datetime] = Field(
        default_factory=dict,
        max_length=10,
        description="Other anchor events by kind, for rules anchored elsewhere: {\"trading_start\": \"2025-07-21\"}",
        json_schema_extra={"additionalProperties": False},
    )
    submission: Submission | None = Field(
        default=None, description="electronic or paper; decides the period where the catalog sets one per route"
    )
    published_at: date | datetime | None = Field(default=None, description="Required for a publication")
    publisher: str | None = Field(default=None, max_length=128, description="The publishing body; any alias")
    channel: str | None = Field(default=None, max_length=128)
    url: str | None = Field(default=None, max_length=2048)
    title: str | None = Field(default=None, max_length=512)
    content: dict[ContentField, ContentValue] = Field(
        default_factory=dict, max_length=200, description="The fields disclosed, by the catalog's names (公开内容)"
    )
    exemption: Exemption | None = None
    corrects: int | None = Field(default=None, ge=1, le=2**31 - 1, description="The event this one corrects")

    _parse_times = field_validator("triggered_at", "published_at", mode="before")(_timestamp)
    _parse_triggers = field_validator("triggers", mode="before")(_timestamps)

    @model_validator(mode="after")
    def _names_what_is_published(self) -> "EventCreate":
        if self.obligation_id is None and not (self.jurisdiction and self.notice_type):
            raise ValueError("send obligation_id, or jurisdiction and notice_type")
        if self.kind is EventKind.PUBLICATION and self.published_at is None:
            raise ValueError("a publication needs published_at")
        return self


class CheckDetail(BaseModel):
    zh: str
    en: str


class CheckPublic(BaseModel):
    name: CheckName
    result: CheckResult
    detail: CheckDetail


class AppliedRulePublic(BaseModel):
    """One rule the verdict applied: a catalog row (own or inherited) or a statute."""


    source: RuleSource = Field(description="catalog or statute")
    citation: str = Field(description="The catalog row, or the instrument and article")
    clause: str | None = Field(description="The words that set the rule, verbatim")
    text: str = Field(description="The deadline as worded")
    kind: DeadlineKind
    trigger: TriggerCode = Field(description="The anchor event this rule reads")
    amount: int | None
    unit: DeadlineUnit | None
    triggered_at: datetime | None = Field(description="The anchor used; null when the event did not report it")
    due_date: date | None
    due_at: datetime | None
    governing: bool = Field(description="The earliest due date of the rules computed: the one the verdict follows")
    missing_trigger: str | None = Field(description="The trigger this rule lacks; it then decides nothing")
    obligation_id: int | None
    jurisdiction: str | None
    statute_key: str | None
    display_period: str | None = Field(description="公示期 the rule sets: shown, not judged")
    needs_review: str | None = Field(description="Why this rule's reading is uncertain")
    note: str | None = None


class EventPublic(BaseModel):
    id: int
    kind: EventKind
    obligation_id: int | None = Field(description="The catalog row posted or resolved; null when only statutes apply")
    judged_obligation_id: int | None = Field(
        description="The obligation as the catalog in force on the trigger date states it"
    )
    catalog_id: int | None = Field(description="The catalog version the verdict used")
    jurisdiction: str
    notice_type: str | None
    subject: str
    status: VerdictStatus = Field(description="A claimed exemption does not change it: see `exemption_status`")
    timeliness: Timeliness | None
    triggered_at: datetime
    trigger_event_id: int | None = Field(description="The registered trigger used when none was sent")
    published_at: datetime | None
    due_date: date
    due_at: datetime
    late_by: int | None
    late_unit: DeadlineUnit | None
    calendar: CalendarStatus
    checks: list[CheckPublic]
    rules: list[AppliedRulePublic] = Field(description="Every rule applied; the governing one decides timeliness")
    triggers: dict[str, datetime] = Field(description="The other anchor events reported, by kind")
    submission: Submission | None
    publisher: str | None
    channel: str | None
    url: str | None
    title: str | None
    content: dict[str, Any]
    exemption: Exemption | None
    exemption_status: ExemptionStatus | None = Field(
        description="claimed (awaiting review), granted or rejected; null when none is claimed"
    )
    corrects: int | None
    corrected_by: list[int] = Field(description="The later events that correct this one, oldest first")
    received_at: datetime
    api_key_id: int
    platform: str = Field(description="The platform that posted it: it alone may correct it")
    domain: str | None


class EventPage(BaseModel):
    items: list[EventPublic]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last")


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Documented as events, validated one by one by the router, so one malformed item is answered
    # with its own problem instead of failing the whole batch.
    events: list[Annotated[dict[str, Any], WithJsonSchema({"$ref": "#/components/schemas/EventCreate"})]] = Field(
        min_length=1,
        max_length=1000,
        description="Events, each as the body of POST /v1/events (EventCreate); an item that is not a "
        "valid event is answered with its own problem",
        examples=[[{"obligation_id": 15, "subject": "JJ-2025-0931", "kind": "trigger", "triggered_at": "2025-09-26"}]],
    )


class BatchItem(BaseModel):
    index: int
    status: int = Field(description="The HTTP status this item would have had alone")
    event: EventPublic | None = None
    problem: Annotated[dict[str, Any], WithJsonSchema({"$ref": "#/components/schemas/Problem"})] | None = Field(
        default=None, description="Why this item was refused: the problem it would have had alone"
    )
    replayed: bool = Field(
        default=False, description="An Idempotency-Key replay: the first answer, and nothing new stored"
    )


class BatchOut(BaseModel):
    items: list[BatchItem]
    created: int
    failed: int


class DisclosurePublic(BaseModel):
    id: int
    obligation_id: int | None
    notice_type: str | None
    jurisdiction: str
    domain: str
    subject: str
    status: DisclosureStatus
    verdict: VerdictStatus | None = Field(description="Status of the deciding publication event")
    exemption_status: ExemptionStatus | None = Field(
        description="The deciding publication's exemption: claimed, granted or rejected"
    )
    platform: str
    triggered_at: datetime | None
    due_date: date | None
    due_at: datetime | None
    published_at: datetime | None
    trigger_event_id: int | None
    publication_event_id: int | None


class DisclosurePage(BaseModel):
    items: list[DisclosurePublic]
    total: int = Field(description="Disclosures matching, over all pages; counting stops at 10,000 (see total_exact)")
    total_exact: bool = Field(description="false: more than `total` match")
    limit: int
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last")
    as_of: date
