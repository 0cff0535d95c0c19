"""The rule applied, in Chinese and English, for people checking a date by hand."""

from app.calendar.working import CalendarStatus
from app.deadlines.due import DueDate, Trigger
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit

UNIT_ZH = {
    DeadlineUnit.WORKING_DAY: "个工作日",
    DeadlineUnit.CALENDAR_DAY: "日",
    DeadlineUnit.HOUR: "小时",
    DeadlineUnit.MONTH: "个月",
    DeadlineUnit.QUARTER: "个季度",
}
UNIT_EN = {
    DeadlineUnit.WORKING_DAY: "working day",
    DeadlineUnit.CALENDAR_DAY: "calendar day",
    DeadlineUnit.HOUR: "hour",
    DeadlineUnit.MONTH: "month",
    DeadlineUnit.QUARTER: "quarter",
}
PERIOD_ZH = {"reporting_quarter": ("按季度", "季度")}
PERIOD_EN = {"reporting_quarter": ("Quarterly", "quarter")}


def standing(deadline: Deadline) -> tuple[str, str]:
    """Why a standing duty has no due date, for the one who asked for it."""
    return (
        f"“{deadline.text}”是常态化公开义务：信息应持续保持公开，不存在单次公开的截止日期，因此不计算公开期限。",
        f"{deadline.text!r} is a standing duty: the information is kept public continuously, so no publication "
        "is due by a date and no due date is computed.",
    )


def summary(deadline: Deadline, trigger: Trigger, due: DueDate) -> tuple[str, str]:
    start, end = trigger.day.isoformat(), due.due_date.isoformat()
    amount = deadline.amount
    if deadline.kind is DeadlineKind.SAME_DAY:
        zh, en = f"与触发事项同日发布：{end}。", f"Same day as the trigger: {end}."
    elif deadline.kind is DeadlineKind.FIXED_DATE:
        zh = f"每年{deadline.month}月{deadline.day}日前，该日为法定休假日的顺延至其后第一个工作日（民法典第二百零三条）：{end}。"
        en = (
            f"By {deadline.month}/{deadline.day} of the trigger's year; a day off moves it to the next working "
            f"day (Civil Code art. 203): {end}."
        )
    elif deadline.kind is DeadlineKind.RECURRING:
        how_zh, period_zh = PERIOD_ZH.get(deadline.trigger or "", ("按月", "月"))
        how_en, period_en = PERIOD_EN.get(deadline.trigger or "", ("Monthly", "month"))
        if deadline.unit in (DeadlineUnit.WORKING_DAY, DeadlineUnit.CALENDAR_DAY):
            unit_zh, unit_en = UNIT_ZH[deadline.unit], UNIT_EN[deadline.unit]
            zh = (
                f"{how_zh}公开：触发日所在{period_zh}结束后{amount}{unit_zh}，期限最后一日为法定休假日的顺延至其后"
                f"第一个工作日（民法典第二百零三条）：{end}。"
            )
            en = (
                f"{how_en}: {amount} {unit_en}(s) after the end of the {period_en} the trigger falls in, moved to "
                f"the next working day when the last day is a day off (Civil Code art. 203): {end}."
            )
        else:
            zh = f"{how_zh}公开：当{period_zh}最后一日，该日为法定休假日的顺延至其后第一个工作日（民法典第二百零三条）：{end}。"
            en = f"{how_en}: the last day of the {period_en}, moved to the next working day when it is a day off: {end}."
    elif deadline.unit in (DeadlineUnit.MONTH, DeadlineUnit.QUARTER) and deadline.kind is DeadlineKind.AFTER:
        zh = (
            f"自{start}起{amount}{UNIT_ZH[deadline.unit]}，到期月的对应日为期间最后一日，没有对应日的为月末日"
            f"（民法典第二百零二条）；该日为法定休假日的顺延至其后第一个工作日（民法典第二百零三条）：{end}。"
        )
        en = (
            f"{amount} {UNIT_EN[deadline.unit]}(s) after {start}: the same day of the month it ends in, or that "
            f"month's last day when it has none (Civil Code art. 202); a day off moves it to the next working "
            f"day (art. 203): {end}."
        )
    elif deadline.unit is DeadlineUnit.HOUR:
        zh = f"自{trigger.moment.isoformat()}起{amount}小时内（节假日照计）：{due.due_at.isoformat()}。"
        en = f"{amount} hours from {trigger.moment.isoformat()}, holidays included: {due.due_at.isoformat()}."
    elif deadline.kind is DeadlineKind.BEFORE:
        zh = f"{start}前第{amount}{UNIT_ZH[deadline.unit]}：{end}。"
        en = f"The {_ordinal(amount)} {UNIT_EN[deadline.unit]} before {start}: {end}."
    elif deadline.unit is DeadlineUnit.WORKING_DAY:
        zh = f"自{start}（不计当日，民法典第二百零一条）起第{amount}个工作日：{end}。"
        en = f"The {_ordinal(amount)} working day after {start} (the trigger day does not count): {end}."
    else:
        zh = (
            f"自{start}（不计当日）起{amount}日，期限最后一日为法定休假日的顺延至其后第一个工作日"
            f"（民法典第二百零三条）：{end}。"
        )
        en = (
            f"{amount} days after {start}; a last day that is not a working day moves to the next "
            f"working day (Civil Code art. 203): {end}."
        )
    if not trigger.has_time and deadline.unit is DeadlineUnit.HOUR:
        zh += "触发时间仅给出日期，按当日0时计。"
        en += " The trigger gave a date only; it is counted from 00:00."
    if due.calendar is CalendarStatus.PROVISIONAL:
        zh += "期间涉及国务院尚未公布节假日安排的年份，结果为暂定（仅按周末和法定节日计算）。"
        en += " The period reaches a year the State Council has not arranged yet: provisional (weekends and statutory holidays only)."
    if deadline.review:
        zh += "该时限的解读有待复核（原因见 rule.review）。"
        en += f" This reading needs review: {deadline.review}"
    if deadline.defaulted:
        zh += f"目录未规定时限，适用{deadline.basis}。"
        en += f" The catalog sets no deadline; the general rule applies ({deadline.basis})."
    return zh, en


def _ordinal(n: int | None) -> str:
    n = n or 0
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
