"""The reviewed seed files against the five source documents: every row and item is there, the
verbatim text is verbatim, and sample rows read field by field as the documents print them."""

import re

import pytest

from app.core.chinese import to_simplified
from tests.catalog.seed_documents import by_ref, obligations, seed_file, source_text, squeeze

JINJIANG, JIAN, KAZUO, JIANGSU, SHANWEI = (
    "000_jinjiang.yaml",
    "001_jian.yaml",
    "002_kazuo.yaml",
    "003_jiangsu.yaml",
    "004_shanwei.yaml",
)
ALL = [JINJIANG, JIAN, KAZUO, JIANGSU, SHANWEI]


def all_entries(name: str) -> list[dict]:
    return [entry for catalog in seed_file(name)["catalogs"] for entry in catalog["obligations"]]


def test_counts_per_document() -> None:
    # 晋江: 36 table rows. 喀左: 36 numbered rows, plus the sub-rows of 32 (2) and 34 (3), with
    # rows 2 (4 parts: its third part is a monthly duty and a completion notice), 3 (4 parts) and
    # 5 (the policy, and what is posted locally for 7 days) one entry per part:
    # 36 - 5 + 2 + 3 + 4 + 4 + 2 = 46.
    # 江苏: 27 + 18 rows. 吉安 and 汕尾: every item their plans name.
    assert len(obligations(JINJIANG)) == 36
    assert len(obligations(KAZUO)) == 46
    assert [len(obligations(JIANGSU, k)) for k in (0, 1)] == [27, 18]
    assert len(obligations(JIAN)) == 45
    assert len(obligations(SHANWEI)) == 27


def test_every_printed_row_is_an_entry() -> None:
    assert [e["ref"] for e in obligations(JINJIANG)] == [str(n) for n in range(1, 37)]
    assert [e["ref"] for e in obligations(JIANGSU, 0)] == [str(n) for n in range(1, 28)]
    assert [e["ref"] for e in obligations(JIANGSU, 1)] == [str(n) for n in range(1, 19)]
    printed_rows = {e["ref"].split(".")[0] for e in obligations(KAZUO)}
    assert printed_rows == {str(n) for n in range(1, 37)}
    assert {e["ref"] for e in obligations(KAZUO) if "." in e["ref"]} == {
        "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "5.1", "5.2", "32.1", "32.2", "34.1", "34.2",
        "34.3"
    }


@pytest.mark.parametrize("name", [JINJIANG, KAZUO, JIANGSU])
def test_table_cells_are_verbatim(name: str) -> None:
    document = squeeze(source_text(name))
    for entry in all_entries(name):
        for heading, cell in entry["source"].items():
            assert squeeze(str(cell)) in document, (entry["ref"], heading, cell)
            # The structured content is the printed text, not a retyping of it.
        assert squeeze(entry["content"]) in document, entry["ref"]


@pytest.mark.parametrize("name", [JIAN, SHANWEI])
def test_narrative_passages_are_verbatim(name: str) -> None:
    document = squeeze(source_text(name))
    for entry in all_entries(name):
        assert squeeze(entry["source"]["原文"]) in document, entry["ref"]
        assert squeeze(entry["source"]["责任单位"]) in document, entry["ref"]
        assert squeeze(entry["item"]) in document, entry["item"]


def test_jian_is_in_simplified_characters_without_pinyin_artefacts() -> None:
    for entry in all_entries(JIAN):
        for text in [entry["item"], entry["content"], *entry["source"].values(), *entry["responsible"]]:
            assert to_simplified(text) == text, text
            assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text), text
    # The converted source reads as the official simplified document does.
    assert "吉安市推进公共资源配置领域政府信息公开实施方案" in source_text(JIAN)
    assert "經(jīng)" not in source_text(JIAN)


DOMAINS = {
    JINJIANG: {"housing_security", "land_use_rights", "mining_rights", "government_procurement",
               "state_property", "construction_bidding", "forest_rights", "emission_rights"},
    JIAN: {"housing_security", "land_use_rights", "mining_rights", "government_procurement",
           "state_property", "construction_bidding", "medical_procurement", "emission_rights", "credit"},
    KAZUO: {"housing_security", "land_use_rights", "mining_rights", "government_procurement",
            "medical_procurement", "state_property", "construction_bidding", "credit", "other"},
    JIANGSU: {"trading_catalog", "construction_bidding", "land_use_rights", "mining_rights",
              "government_procurement", "state_property", "medical_procurement", "housing_security"},
    SHANWEI: {"construction_bidding", "government_procurement", "land_use_rights", "mining_rights",
              "state_property", "credit"},
}


@pytest.mark.parametrize("name", ALL)
def test_every_domain_the_document_names(name: str) -> None:
    assert {entry["domain"] for entry in all_entries(name)} == DOMAINS[name]


def test_jinjiang_row_as_printed() -> None:
    # 附件, 国有土地使用权出让领域, 成交公示.
    row = by_ref(JINJIANG, "15")
    assert row["source"]["公开事项"] == "成交公示"
    assert row["item"] == "成交公示"
    assert row["content"] == "包括受让人、出让方式、宗地坐落、面积、土地用途、出让价款。"
    assert row["required_fields"] == ["受让人", "出让方式", "宗地坐落", "面积", "土地用途", "出让价款"]
    assert row["deadline"] == "交易结束后10个工作日内"
    assert row["source"]["公开方式"] == "中国土地\n市场网"
    assert row["channels"] == ["中国土地市场网"]
    assert row["responsible"] == ["市国土局"]
    assert row["supervision"] == ["政务公开办"]
    assert row["domain"] == "land_use_rights"


def test_jinjiang_merged_cells_repeat_the_value_above() -> None:
    # Rows 3 and 4 print blank 公开领域 and 公开事项: they belong to 保障性安居工程建设计划.
    for ref in ("3", "4"):
        row = by_ref(JINJIANG, ref)
        assert row["source"]["公开事项"] == ""
        assert row["category"] == ["住房保障领域", "保障性安居工程建设计划"]
    assert by_ref(JINJIANG, "3")["item"] == "列入年度建设计划项目清单"


def test_kazuo_deadline_and_display_columns_are_not_swapped() -> None:
    # The column headed 公开实效 holds the deadline; the one headed 公开时限 the display period.
    row = by_ref(KAZUO, "8")
    assert row["source"]["公开实效"] == "地块成交10个工作日内公开。"
    assert row["deadline"] == "地块成交10个工作日内公开。"
    assert row["source"]["公开时限"] == "长期"
    assert row["display_period"] == "长期"
    assert by_ref(KAZUO, "11")["display_period"] == "不少于10个工作日"
    assert by_ref(KAZUO, "20")["display_period"] == "3年"


def test_kazuo_merged_cells() -> None:
    # Rows 21 to 23 take row 20's deadline, period, channels, bodies and supervision.
    first = by_ref(KAZUO, "20")
    for ref in ("21", "22", "23"):
        row = by_ref(KAZUO, ref)
        for field in ("deadline", "display_period", "channels", "responsible", "supervision"):
            assert row[field] == first[field], (ref, field)
    # Row 15's merged cells are printed in row 16, below it: 药品, not 政府采购.
    assert by_ref(KAZUO, "15")["domain"] == "medical_procurement"
    assert by_ref(KAZUO, "15")["responsible"] == ["县卫计局"]
    # Rows 26 to 28 share one deadline cell that a page break cut in two.
    assert by_ref(KAZUO, "27")["deadline"].startswith("按照电子招标投标")
    assert by_ref(KAZUO, "27")["deadline"].endswith("核验确认最长不得超过3个工作日。")
    assert by_ref(KAZUO, "32.2")["item"] == "入河排污口设置"
    assert by_ref(KAZUO, "32.2")["responsible"] == ["县水利局"]


def test_jiangsu_rows_as_printed() -> None:
    row = by_ref(JIANGSU, "4")
    assert row["item"] == "招标公告、资格审查、可以公开的评标情况、中标候选人以及中标结果"
    assert row["disclosure_attribute"] == "主动公开"
    # 各级公共资源交易中心: the province's centre and the function in each city and county.
    assert row["responsible"] == ["项目实施主体", "江苏省公共资源交易中心", "市、县公共资源交易中心"]
    assert row["deadline"] is None and row["deadline_default"] == "general"
    assert by_ref(JIANGSU, "7")["deadline_default"] == "decision"  # 违法违规处罚信息
    housing = by_ref(JIANGSU, "4", catalog=1)
    assert housing["category"] == ["项目建设", "年度建设计划信息"]
    assert housing["item"] == "计划户型"
    assert housing["responsible"] == ["市、县住房保障主管部门"]  # blank cell: repeats row 3
    assert by_ref(JIANGSU, "8")["responsible"] == ["市、县国土资源部门"]  # not the province's 国土资源厅
    assert by_ref(JIANGSU, "14")["responsible"] == ["江苏省财政厅"]  # 省财政部门 only


def test_jian_item_with_its_content() -> None:
    row = next(e for e in obligations(JIAN) if e["item"] == "成交公示")
    assert row["required_fields"] == [
        "地块编号", "位置界址", "土地用途", "标的面积", "空间范围", "出让年限", "成交价格", "受让单位"
    ]
    assert row["responsible"] == ["市国土资源局", "各县〔市、区〕政府"]
    assert row["domain"] == "land_use_rights"
