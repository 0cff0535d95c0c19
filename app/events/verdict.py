"""The compliance verdict of a publication (SPEC §Compliance verdict). Pure: no FastAPI, no
database; the service resolves names, the rules that apply and the calendar first.

Four checks, each `pass`, `fail`, `not_applicable` or `unverified` with a detail in Chinese and
English that names the rule and, on failure, what to do: timeliness (against the governing rule
of all that apply, app/deadlines/precedence.py), channel, publisher, content. A check that has
nothing to verify against says `unverified`; it never passes by default.
"""

import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from difflib import SequenceMatcher

from app.bodies.rules import FunctionBody, Standing, Succession, function_standing, successor_standing
from app.calendar.working import CalendarStatus, WorkingCalendar
from app.channels.registry import ChannelRegistry, Place, unquoted
from app.core.enums import DescribedEnum
from app.deadlines.due import DueDate, Trigger
from app.deadlines.precedence import AppliedRule, governing_rule
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit


class CheckName(DescribedEnum):
    """The four checks of a verdict."""

    TIMELINESS = "timeliness", "时效：在应公开之日前公开 / published by the due date of the governing rule"
    CHANNEL = "channel", "渠道：在目录规定的公开渠道发布 / published on a channel the obligation allows"
    PUBLISHER = "publisher", "主体：由责任主体发布 / published by one of the responsible bodies"
    CONTENT = "content", "内容：规定的公开要素齐全且有实际内容 / every required field present with a real value"


class CheckResult(DescribedEnum):
    """How one check came out. A check never passes by default."""

    PASS = "pass", "通过 / the check passed"
    FAIL = "fail", "不通过 / the check failed; the detail says what to do"
    NOT_APPLICABLE = "not_applicable", "不适用 / nothing to check: the catalog sets no channel, or lists no required field"
    UNVERIFIED = "unverified", "无法核验 / nothing to verify against: neither a pass nor a fail"


class Timeliness(DescribedEnum):
    """Whether the publication met the governing rule's due date."""

    ON_TIME = "on_time", "按时 / published by the due date"
    LATE = "late", "逾期 / published after the due date: `late_by` says by how much"
    EARLY = "early", "提前 / published on a day before the anchor event of a same-day (同时) rule"


class VerdictStatus(DescribedEnum):
    """The verdict on one event."""

    COMPLIANT = "compliant", "合规 / every applicable check passed"
    NONCOMPLIANT = "noncompliant", "不合规 / at least one check failed"
    PENDING = "pending", "待公开 / a trigger: the notice is due by `due_date`"
    UNVERIFIED = "unverified", "待核验 / no check failed, but at least one could not be verified"


@dataclass(frozen=True)
class Check:
    name: str
    result: CheckResult
    zh: str
    en: str

    def as_dict(self) -> dict:
        return {"name": self.name, "result": self.result.value, "detail": {"zh": self.zh, "en": self.en}}


@dataclass(frozen=True)
class ObligationRule:
    """What a verdict needs of an obligation, as the catalog version in force states it."""

    id: int
    item: str
    deadline: Deadline
    channels: tuple[str, ...]
    required_fields: tuple[str, ...]
    responsible_ids: frozenset[int]
    responsible_names: tuple[str, ...]
    responsible_roles: tuple[str, ...]
    """Responsible bodies that are roles (采购人, 招标人 …), not named departments."""
    legal_basis: str | None = None
    responsible_functions: tuple[FunctionBody, ...] = ()
    """Responsible bodies that are functions at a level (市、县国土资源部门)."""
    fields_by_notice_type: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def for_notice(self, notice_type: str | None) -> "ObligationRule":
        """The row as it applies to one of its notices: that notice's own elements, where listed apart."""
        fields = dict(self.fields_by_notice_type).get(notice_type) if notice_type else None
        return self if fields is None else replace(self, required_fields=fields)


@dataclass(frozen=True)
class BodyRegister:
    """What the publisher check knows beyond the row: who succeeded whom, department names by id."""

    successions: dict[int, tuple[Succession, ...]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


FieldSynonyms = Mapping[str, tuple[str, ...]]
"""A notice type's required field → the other names platforms give it (受让人: 受让单位, 竞得人)."""


@dataclass(frozen=True)
class Publication:
    published_at: datetime
    channel: str | None
    publisher: str | None
    publisher_id: int | None
    """The department the publisher's name denotes in the jurisdiction, if any."""
    content: dict = field(default_factory=dict)
    url: str | None = None


@dataclass(frozen=True)
class Verdict:
    status: VerdictStatus
    due: DueDate
    rule: Deadline
    rules: tuple[AppliedRule, ...] = ()
    timeliness: Timeliness | None = None
    late_by: int | None = None
    late_unit: str | None = None
    checks: tuple[Check, ...] = ()


def channel_named_in(channel: str | None):  # noqa: ANN201
    """Whether a rule's clause names the channel used ("20个工作日内在省涉企信息公示系统公示")."""
    used = unquoted(channel or "")

    def names(condition: str) -> bool:
        return bool(used) and _shared_run(used, unquoted(condition)) >= CHANNEL_NAME_OVERLAP

    return names


# A clause names a channel when it shares this many consecutive characters with the channel used:
# "省涉企信息公示系统" in the clause is 辽宁省涉企信息公示系统, the channel the platform reports.
CHANNEL_NAME_OVERLAP = 6


def _shared_run(a: str, b: str) -> int:
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


class NoRuleComputable(ValueError):
    """None of the rules that apply could be computed from the triggers the event reported."""


def _governing(rules: list[AppliedRule]) -> AppliedRule:
    governing = governing_rule(rules)
    if governing is None:
        lacking = sorted({rule.trigger for rule in rules})
        raise NoRuleComputable(
            "no rule that applies reads the triggers reported; the rules read: " + ", ".join(lacking)
        )
    return governing


def judge_trigger(rules: list[AppliedRule]) -> Verdict:
    governing = _governing(rules)
    return Verdict(status=VerdictStatus.PENDING, due=governing.due, rule=governing.rule.deadline, rules=tuple(rules))


def judge_publication(
    obligation: ObligationRule | None,
    rules: list[AppliedRule],
    publication: Publication,
    calendar: WorkingCalendar,
    synonyms: FieldSynonyms | None = None,
    channels: ChannelRegistry | None = None,
    place: Place | None = None,
    bodies: BodyRegister | None = None,
) -> Verdict:
    """`obligation` is the catalog row that names channels, bodies and content; None when only the
    statutes apply, and then those three checks have nothing to verify against."""
    governing = _governing(rules)
    rule, due = governing.rule.deadline, governing.due
    timeliness, late_by, late_unit, timeliness_check = _timeliness(
        governing.rule.citation, rule, governing.anchor, due, publication, calendar
    )
    if obligation is None:
        checks = (timeliness_check, *_without_catalog())
    else:
        checks = (
            timeliness_check,
            _channel(obligation, publication, channels or ChannelRegistry({}, {}, {}), place or Place(())),
            _publisher(obligation, publication, bodies or BodyRegister(), place or Place(())),
            _content(obligation, publication, synonyms or {}),
        )
    if any(check.result is CheckResult.FAIL for check in checks):
        status = VerdictStatus.NONCOMPLIANT
    elif any(check.result is CheckResult.UNVERIFIED for check in checks):
        status = VerdictStatus.UNVERIFIED
    else:
        status = VerdictStatus.COMPLIANT
    return Verdict(status, due, rule, tuple(rules), timeliness, late_by, late_unit, checks)


def _without_catalog() -> tuple[Check, ...]:
    zh = "该地区目录未列明此类公告，仅适用法律法规的时限；{what}无从核验。"
    en = "No catalog row of the jurisdiction covers this notice; only the statutes' deadlines apply, so {what} cannot be verified."
    return (
        Check("channel", CheckResult.UNVERIFIED, zh.format(what="公开渠道"), en.format(what="the channel")),
        Check("publisher", CheckResult.UNVERIFIED, zh.format(what="发布主体"), en.format(what="the publisher")),
        Check("content", CheckResult.UNVERIFIED, zh.format(what="公开内容要素"), en.format(what="the content")),
    )


def _timeliness(
    basis: str,
    rule: Deadline,
    trigger: Trigger,
    due: DueDate,
    publication: Publication,
    calendar: WorkingCalendar,
) -> tuple[Timeliness, int | None, str | None, Check]:
    published = publication.published_at
    published_day = published.date()
    rule_zh = f"“{rule.text}”"
    provisional_zh = "（节假日安排暂定）" if due.calendar is CalendarStatus.PROVISIONAL else ""
    provisional_en = " (provisional holiday calendar)" if due.calendar is CalendarStatus.PROVISIONAL else ""
    if rule.kind is DeadlineKind.SAME_DAY and published_day < trigger.day:
        return Timeliness.EARLY, None, None, Check(
            "timeliness",
            CheckResult.FAIL,
            f"提前公开：{rule_zh}要求与触发事项同日（{trigger.day}）公开，实际公开于{published_day}。请在{trigger.day}当日发布。依据：{basis}。",
            f"Early: {rule.text!r} requires publication on the trigger's day ({trigger.day}); it was published "
            f"on {published_day}. Publish on {trigger.day}. Basis: {basis}.",
        )
    if rule.unit is DeadlineUnit.HOUR:
        late_seconds = (published - due.due_at).total_seconds()
        if late_seconds <= 0:
            return Timeliness.ON_TIME, None, None, _on_time(rule_zh, rule, due.due_at.isoformat(), published.isoformat(), basis, "", "")
        late_by, unit = math.ceil(late_seconds / 3600), DeadlineUnit.HOUR
    else:
        if published_day <= due.due_date:
            return Timeliness.ON_TIME, None, None, _on_time(
                rule_zh, rule, due.due_date.isoformat(), published_day.isoformat(), basis, provisional_zh, provisional_en
            )
        if rule.unit is DeadlineUnit.WORKING_DAY:
            late_by, unit = calendar.count_working_days(date.fromordinal(due.due_date.toordinal() + 1), published_day), DeadlineUnit.WORKING_DAY
        else:
            late_by, unit = (published_day - due.due_date).days, DeadlineUnit.CALENDAR_DAY
    unit_zh = {"working_day": "个工作日", "calendar_day": "日", "hour": "小时"}[unit.value]
    unit_en = {"working_day": "working day(s)", "calendar_day": "day(s)", "hour": "hour(s)"}[unit.value]
    due_text = due.due_at.isoformat() if rule.unit is DeadlineUnit.HOUR else due.due_date.isoformat()
    return Timeliness.LATE, late_by, unit.value, Check(
        "timeliness",
        CheckResult.FAIL,
        f"逾期{late_by}{unit_zh}：{rule_zh}，应于{due_text}前公开{provisional_zh}，实际公开于{published_day}。"
        f"依据：{basis}。请在发布记录中说明逾期原因，并按时公开此后的同类信息。",
        f"Late by {late_by} {unit_en}: {rule.text!r} made it due by {due_text}{provisional_en}; it was published "
        f"on {published_day}. Basis: {basis}. Record the reason for the delay and publish such items on time.",
    )


def _on_time(rule_zh: str, rule: Deadline, due: str, published: str, basis: str, provisional_zh: str, provisional_en: str) -> Check:
    return Check(
        "timeliness",
        CheckResult.PASS,
        f"按时：{rule_zh}，应于{due}前公开{provisional_zh}，实际公开于{published}。依据：{basis}。",
        f"On time: {rule.text!r} made it due by {due}{provisional_en}; published {published}. Basis: {basis}.",
    )


def _channel(obligation: ObligationRule, publication: Publication, channels: ChannelRegistry, place: Place) -> Check:
    if not obligation.channels:
        return Check("channel", CheckResult.NOT_APPLICABLE, "目录未规定公开方式。", "The catalog names no channel.")
    accepted = "、".join(obligation.channels)
    if not publication.channel and not publication.url:
        return Check(
            "channel", CheckResult.FAIL,
            f"未报告公开方式（渠道名称或网址）。应在以下渠道之一公开：{accepted}。",
            f"No channel or url was reported. Publish on one of: {accepted}.",
        )
    used = publication.channel or publication.url
    finding = channels.judge(obligation.channels, publication.channel, publication.url, place)
    known = finding.identified
    as_known = f"（渠道名录：{known.name}）" if known and known.name != used else ""
    as_known_en = f" (registered as {known.name})" if known and known.name != used else ""
    if finding.allowed:
        return Check(
            "channel", CheckResult.PASS,
            f"公开方式“{used}”{as_known}符合目录规定（{finding.text}）。",
            f"The channel {used!r}{as_known_en} is one the catalog allows ({finding.text}).",
        )
    if finding.allowed is None:
        return Check("channel", CheckResult.UNVERIFIED, finding.reason_zh, finding.reason_en)
    if known is None:
        return Check(
            "channel", CheckResult.FAIL,
            f"公开方式“{used}”不是渠道名录中的渠道，也不是目录规定的渠道。应在以下渠道之一公开：{accepted}。",
            f"The channel {used!r} is no registered channel and not one the catalog names. Publish on one of: {accepted}.",
        )
    return Check(
        "channel", CheckResult.FAIL,
        f"公开方式“{used}”{as_known}不在目录规定的渠道内。应在以下渠道之一公开：{accepted}。",
        f"The channel {used!r}{as_known_en} is not one the catalog allows here. Publish on one of: {accepted}.",
    )


def _publisher(obligation: ObligationRule, publication: Publication, bodies: BodyRegister, place: Place) -> Check:
    listed = "、".join(obligation.responsible_names)
    publisher = publication.publisher
    if not publisher:
        return Check(
            "publisher", CheckResult.FAIL,
            f"未报告发布主体。责任主体为：{listed}。",
            f"No publisher was reported. The responsible bodies are: {listed}.",
        )
    # A role's own name ("采购人") says who acts, not who that is: it is judged as the role below.
    named_role = bodies.names.get(publication.publisher_id or 0) in obligation.responsible_roles
    if publication.publisher_id in obligation.responsible_ids and not named_role:
        return Check(
            "publisher", CheckResult.PASS,
            f"发布主体“{publisher}”是责任主体。",
            f"The publisher {publisher!r} is a responsible body.",
        )
    unsure: list[tuple[str, str]] = []
    if publication.publisher_id is not None:
        standing, succession, since = successor_standing(
            publication.publisher_id, obligation.responsible_ids, bodies.successions, publication.published_at.date()
        )
        if succession is not None:
            before = bodies.names.get(succession.predecessor_id, "")
            if standing is Standing.RESPONSIBLE:
                return Check(
                    "publisher", CheckResult.PASS,
                    f"发布主体“{publisher}”承继责任主体{before}的职责（不迟于{since}）。",
                    f"The publisher {publisher!r} took over from {before}, a responsible body, by {since}.",
                )
            if standing is Standing.NOT_YET:
                return Check(
                    "publisher", CheckResult.FAIL,
                    f"发布主体“{publisher}”于{since}起承继{before}的职责，公开之日尚未设立；应由{listed}公开。",
                    f"The publisher {publisher!r} took over from {before} only on {since}, after "
                    f"this publication; it had to be published by {listed}.",
                )
            unsure.append((
                f"发布主体“{publisher}”承继{before}的职责，但承继日期未经核实（{f'最迟{since}' if since else '日期不详'}），"
                "无法核验公开之日是否已承继。",
                f"The publisher {publisher!r} succeeded {before}, but when is unconfirmed "
                f"({f'by {since} at the latest' if since else 'no date'}): whether it had on the publication date "
                "cannot be verified.",
            ))
    own = place.lineage[0] if place.lineage else None
    own_names = place.names.get(own, ()) if own else ()
    lineage = [(place.levels.get(code, ""), place.names.get(code, ())) for code in place.lineage]
    for function in obligation.responsible_functions:
        standing = function_standing(publisher, function, lineage)
        if standing is Standing.RESPONSIBLE:
            return Check(
                "publisher", CheckResult.PASS,
                f"发布主体“{publisher}”是事件所在地（{own_names[0] if own_names else own}）或其上级的{function.name}。",
                f"The publisher {publisher!r} is the {function.name} of the event's jurisdiction ({own}) or one above it.",
            )
        if standing is Standing.UNSURE:
            unsure.append((
                f"责任主体为{function.name}，无法从名称“{publisher}”核验其为事件所在地（{own_names[0] if own_names else own}）的该部门；"
                "请在 jurisdiction 中写明所在市、县，并使用部门全称。",
                f"The responsible body is {function.name}; whether {publisher!r} is that department of the event's "
                "own city or county cannot be told from its name. Name the city or county in `jurisdiction` and "
                "give the department's full name.",
            ))
    if obligation.responsible_roles:
        # A role (采购人, 招标人) is filled per project by whoever that is; no registry says who, so
        # no name can be checked against it, "张三" included. The platform knows; we do not.
        roles = "、".join(obligation.responsible_roles)
        unsure.append((
            f"责任主体为{roles}（按项目确定的主体），无法核验发布主体“{publisher}”是否为该项目的{roles}。",
            f"The responsible body is a role ({roles}) filled per project; whether {publisher!r} fills it for "
            "this project cannot be verified.",
        ))
    if unsure:
        return Check("publisher", CheckResult.UNVERIFIED, *unsure[-1])
    return Check(
        "publisher", CheckResult.FAIL,
        f"发布主体“{publisher}”不是该事项的责任主体。应由以下主体公开：{listed}。",
        f"The publisher {publisher!r} is not responsible for this item. It must be published by: {listed}.",
    )


def _content(obligation: ObligationRule, publication: Publication, synonyms: FieldSynonyms) -> Check:
    if not obligation.required_fields:
        return Check(
            "content", CheckResult.NOT_APPLICABLE,
            "目录未列明公开内容要素。", "The catalog lists no required content fields.",
        )
    given = {unquoted(key): value for key, value in publication.content.items()}
    missing = [
        name
        for name in obligation.required_fields
        if not any(has_real_value(given.get(unquoted(alias))) for alias in (name, *synonyms.get(name, ())))
    ]
    if not missing:
        return Check(
            "content", CheckResult.PASS,
            f"公开内容要素齐全（{len(obligation.required_fields)}项）。",
            f"All {len(obligation.required_fields)} required content fields are present.",
        )
    listed = "、".join(missing)
    return Check(
        "content", CheckResult.FAIL,
        f"缺少公开内容要素（空值及“无”“暂无”“不详”等占位符不算公开）：{listed}。请补充后发布更正。",
        f"Missing content fields (blank values and placeholders such as 无, 暂无, 不详 do not count): {listed}. "
        "Add them and publish a correction.",
    )


# What a form holds when the field was left unfilled (SPEC §Jurisdictions and bodies, Content).
# Values made only of punctuation, symbols and spaces ("/", "-", "—", "…", "***") are caught by
# their characters' Unicode category instead of a list.
PLACEHOLDERS = frozenset({"无", "暂无", "没有", "不详", "未知", "待定", "空", "略", "n/a", "na", "none", "null", "nil", "tbd"})


def has_real_value(value: object) -> bool:
    """Whether a content value says something: not missing, blank, or a placeholder."""
    if value is None:
        return False
    if isinstance(value, str):
        text = "".join(value.split())
        if not text or text.casefold() in PLACEHOLDERS:
            return False
        return any(unicodedata.category(char)[0] not in "PSZ" for char in text)
    if isinstance(value, Mapping):
        return any(has_real_value(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(has_real_value(item) for item in value)
    return True
