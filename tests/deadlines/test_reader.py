"""The deadline reader against every distinct deadline text of the seed catalogs."""

from pathlib import Path

import pytest
import yaml

from app.catalog.seed import catalog_files
from app.core.config import get_settings
from app.deadlines.reader import read_deadline
from app.deadlines.rules import DeadlineKind, DeadlineUnit

WD, CD, H = "working_day", "calendar_day", "hour"

# text → (kind, trigger, amount, unit, alternatives as (kind, trigger, amount, unit))
EXPECTED: dict[str, tuple] = {
    "自信息形成或变更之日起20个工作日内": ("after", "info_formed", 20, WD, []),
    "自信息形成或变更之日起5个工作日内": ("after", "info_formed", 5, WD, []),
    "自信息形成或变更之日起7个工作日内": ("after", "info_formed", 7, WD, []),
    "政府批复供地计划之日起20个工作日内": ("after", "plan_approved", 20, WD, []),
    "与出让公告发布之日同时发布": ("same_day", "announcement_published", None, None, []),
    "采购文件在采购项目公告同时公告": ("same_day", "announcement_published", None, None, []),
    "采购项目预算金额在采购项目公告同时公告": ("same_day", "announcement_published", None, None, []),
    "交易结束后10个工作日内": ("after", "transaction_closed", 10, WD, []),
    "出让合同签订后10个工作日内": ("after", "contract_signed", 10, WD, []),
    # Full-width digits, as printed in 晋江's table.
    "在投标截止日、公开拍卖日或者挂牌起始日２０个工作日前": ("before", "trading_start", 20, WD, []),
    "在发出中标通知书或者签订成交确认书后５个工作日内": ("after", "award_notice_issued", 5, WD, []),
    "自中标、成交供应商确定之日起2个工作日内公告": ("after", "winner_determined", 2, WD, []),
    "自政府采购合同签订之日起2个工作日内公告": ("after", "contract_signed", 2, WD, []),
    "自完成并履行有关报审程序后5个工作日内": ("after", "review_completed", 5, WD, []),
    "作出或者变更行政处罚决定之日起7个工作日内": ("after", "decision_made", 7, WD, []),
    "确定中标人之日起3日内": ("after", "winner_determined", 3, CD, []),
    "订立合同之日起7日内": ("after", "contract_signed", 7, CD, []),
    "林权变更之日起20个工作日内": ("after", "rights_changed", 20, WD, []),
    "文件制发之日起20个工作日内公开。": ("after", "document_issued", 20, WD, []),
    "1. 年度目标任务，应在确定年度目标计划后20个工作日内公开。": ("after", "plan_approved", 20, WD, []),
    "3. 建设项目进展信息，项目开工或竣工的，要在开工或竣工后20个工作日内公开。": (
        "after", "construction_milestone", 20, WD, []),
    "对在建的建设项目，按月公开其进展情况": ("recurring", "reporting_month", 1, "month", []),
    "1. 分配对象信息。每批次分配报名申请后20个工作日内公开。": ("after", "applications_received", 20, WD, []),
    "2. 分配过程信息。分配程序定制或程序节点结束后20个工作日内公开。": (
        "after", "procedure_step_completed", 20, WD, []),
    "3. 分配结果信息。分配结果确定后20个工作日内公开。": ("after", "result_determined", 20, WD, []),
    "4. 退出情况信息。信息制作或更新后20个工作日内公开。": ("after", "info_formed", 20, WD, []),
    "政策文件应在制定发布后20个工作日内公开，办事指南修订的应在修订后20个工作日内更新。": (
        "after", "document_issued", 20, WD, [("after", "document_revised", 20, WD)]),
    "政策文件应在制定发布后20个工作日内公开。": ("after", "document_issued", 20, WD, []),
    "喀左县人民政府应在每年3月31日前，公布年度国有建设用地供应计划。": ("fixed_date", "annual", None, None, []),
    "每年年初对上一年情况进行评价，评价结果3月底公开。": ("fixed_date", "annual", None, None, []),
    "县国土局应当至少在招标拍卖挂牌活动开始前20日内发布，以首次发布的时间为起始日。": (
        "before", "trading_start", 20, CD, []),
    "应当至少在招标拍卖挂牌活动前20个工作日内公开，以首次发布的时间为起始日。": (
        "before", "trading_start", 20, WD, []),
    "地块成交10个工作日内公开。": ("after", "transaction_closed", 10, WD, []),
    "招标拍卖挂牌活动结束后10个工作日内，出让人应当将招标拍卖挂牌出让结果通过中国土地市场网以及土地有形市场等指定场所公开。": (
        "after", "transaction_closed", 10, WD, []),
    "矿业权交易平台应当发出中标通知书或者签订成交确认书后5个工作日内公开。": (
        "after", "award_notice_issued", 5, WD, []),
    "公告发布之日起20日内公开。": ("after", "announcement_published", 20, CD, []),
    "公告发布之日起1个工作日内公开。": ("after", "announcement_published", 1, WD, []),
    "公告发布之日起10个工作日内公开。": ("after", "announcement_published", 10, WD, []),
    "澄清或修改的内容可能影响投标文件编制的。公告发布之日起15日内公开。": (
        "after", "announcement_published", 15, CD, []),
    # 公开分布 is the source's typo for 公开发布.
    "公开分布之日起30日内公开。": ("after", "announcement_published", 30, CD, []),
    "按照国有产权交易有关规范要求，自收到起10个工作日内发布。采用电子邮件、电子介质、传真、纸质文本等其他形式提交给产权交易中介机构发布，并同步在省国资委网站“产权管理”栏目发布。": (
        "after", "received", 10, WD, []),
    "按照国有产权交易有关规范要求，自收到起10个工作日内发布。采用电子邮件、电子介质、传真、纸质文本等其他形式提交给产权交易中介机构发布。": (
        "after", "received", 10, WD, []),
    "按照国有产权交易有关规范要求，自收到起10个工作日内发布。采用电子邮件、电子介质、传真、纸质文本等其他形式提交给产权交易中介机构发布，县政府网站公开。": (
        "after", "received", 10, WD, []),
    # 最长不得超过3个工作日 limits the verification, not the publication: not a rule.
    "按照电子招标投标有关数据规范要求交互招标公告和公示信息文本的，自收到起12小时内发布。采用电子邮件、电子介质、传真、纸质文件等其他形式提交或者直接录入招标公告和公示信息文本的，自核验确认起1个工作日内发布。核验确认最长不得超过3个工作日。": (
        "after", "received", 12, H, [("after", "verified", 1, WD)]),
    "按照电子招标投标有关数据规范要求交互招标公告和公示信息文本的，自收到期12小时内发布。采用电子邮件、电子介质、传真、纸质文件等其他形式提交或者直接录入招标公告和公示信息文本的，自核验确认起1个工作日内发布。核验确认最长不得超过3个工作日。": (
        "after", "received", 12, H, [("after", "verified", 1, WD)]),
    "招标过程，按照电子招标投标有关数据规范要求规范交互招标公告和公示信息文本的，自收到12小时内发布。招投标违法处罚信息，自监管部门在网上下达处罚意见": (
        "after", "received", 12, H, []),
    "行政许可、行政处罚事项自作出行政决定之日起7个工作日内公开。": ("after", "decision_made", 7, WD, []),
    "自许可之日起7个工作日内公开。": ("after", "decision_made", 7, WD, []),
    "洪水影响评价等涉水事项，审批结果决定之日起7个工作日内公开。": ("after", "decision_made", 7, WD, []),
    "信息形成或制发日起20个工作日公开。": ("after", "info_formed", 20, WD, []),
    "信息形成20个工作日内公开。": ("after", "info_formed", 20, WD, []),
    "取水许可行政审批做出决定之日期7个工作日内在县政府网站公示，20个工作日内在省涉企信息公示系统公示。": (
        "after", "decision_made", 7, WD, [("after", "decision_made", 20, WD)]),
    "入河排污口设置行政审批做出决定之日起7个工作日内在县政府网站公示，20个工作日内在辽宁省涉企信息公示系统公示。": (
        "after", "decision_made", 7, WD, [("after", "decision_made", 20, WD)]),
    # 及时 sets no period: the statutory default applies and says so.
    "2. 年度新建项目。年初，省、市签订责任书后，县政府确定并公开年度建设项目清单，实施过程中遇到项目调整应及时公开更新的项目清单。": (
        "after", "info_formed", 20, WD, []),
}


def seed_deadline_texts() -> set[str]:
    texts = set()
    for path in catalog_files(get_settings().seed_dir):
        for catalog in yaml.safe_load(Path(path).read_text(encoding="utf-8"))["catalogs"]:
            texts |= {entry["deadline"] for entry in catalog["obligations"] if entry.get("deadline")}
    return texts


def test_every_seed_deadline_text_has_an_expectation() -> None:
    assert seed_deadline_texts() == set(EXPECTED)


@pytest.mark.parametrize("text", sorted(EXPECTED))
def test_reads_seed_deadline(text: str) -> None:
    kind, trigger, amount, unit, alternatives = EXPECTED[text]
    deadline = read_deadline(text)
    assert deadline.text == text
    assert (deadline.kind.value, deadline.trigger, deadline.amount) == (kind, trigger, amount)
    assert (deadline.unit.value if deadline.unit else None) == unit
    assert [
        (a.kind.value, a.trigger, a.amount, a.unit.value if a.unit else None) for a in deadline.alternatives
    ] == alternatives


def test_fixed_dates_carry_month_and_day() -> None:
    march_31 = read_deadline("喀左县人民政府应在每年3月31日前，公布年度国有建设用地供应计划。")
    assert (march_31.month, march_31.day) == (3, 31)
    end_of_march = read_deadline("每年年初对上一年情况进行评价，评价结果3月底公开。")
    assert (end_of_march.month, end_of_march.day) == (3, 31)
    end_of_april = read_deadline("每年4月底前公布")
    assert (end_of_april.kind, end_of_april.month, end_of_april.day) == (DeadlineKind.FIXED_DATE, 4, 30)


def test_alternatives_keep_their_clause() -> None:
    deadline = read_deadline("取水许可行政审批做出决定之日期7个工作日内在县政府网站公示，20个工作日内在省涉企信息公示系统公示。")
    assert deadline.condition == "取水许可行政审批做出决定之日期7个工作日内在县政府网站公示"
    assert deadline.alternatives[0].condition == "20个工作日内在省涉企信息公示系统公示"


def test_a_prompt_publication_without_period_takes_the_statutory_default() -> None:
    deadline = read_deadline("实施过程中遇到项目调整应及时公开更新的项目清单。")
    assert deadline.defaulted
    assert deadline.basis == "《中华人民共和国政府信息公开条例》第二十六条"


def test_read_deadlines_in_seeds_are_not_defaulted_unless_they_set_no_period() -> None:
    defaulted = {text for text in EXPECTED if read_deadline(text).defaulted}
    assert defaulted == {text for text in EXPECTED if "及时" in text and "个工作日" not in text}


@pytest.mark.parametrize(
    "text",
    ["另行通知", "按有关规定执行", "尽快", "", "20个工作日内", "收到后尽快发布"],
)
def test_what_it_cannot_read_is_unparsed_not_guessed(text: str) -> None:
    deadline = read_deadline(text)
    assert deadline.kind is DeadlineKind.UNPARSED
    assert deadline.trigger is None and deadline.amount is None
    assert deadline.text == text


def test_two_submission_routes_are_read_as_routes_not_channels() -> None:
    # 喀左 序号20–28: which rule applies depends on how the notice reached the platform.
    deadline = read_deadline(
        "按照电子招标投标有关数据规范要求交互招标公告和公示信息文本的，自收到起12小时内发布。采用电子邮件、电子介质、"
        "传真、纸质文件等其他形式提交或者直接录入招标公告和公示信息文本的，自核验确认起1个工作日内发布。"
        "核验确认最长不得超过3个工作日。"
    )
    assert (deadline.route, deadline.amount, deadline.unit) == ("electronic", 12, DeadlineUnit.HOUR)
    paper = deadline.alternatives[0]
    assert (paper.route, paper.trigger, paper.amount, paper.unit) == ("paper", "verified", 1, DeadlineUnit.WORKING_DAY)
    assert deadline.rule_for(None, "paper", lambda condition: True) is paper
    assert deadline.rule_for(None, "electronic", lambda condition: True) is deadline
