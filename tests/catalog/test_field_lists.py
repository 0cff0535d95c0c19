"""Required fields as the sources list them (the seed audit's corrections), and a row whose notices
list their elements apart (喀左 序号26)."""

from fastapi.testclient import TestClient

from tests.catalog.seed_documents import by_ref
from tests.events.publications import publish

JINJIANG, JIAN, KAZUO, SHANWEI = "000_jinjiang.yaml", "001_jian.yaml", "002_kazuo.yaml", "004_shanwei.yaml"


def test_lists_the_sources_give() -> None:
    assert by_ref(JIAN, "二(三)4.8")["required_fields"] == ["采购人名称", "成交供应商名称", "成交金额", "成交标的名称", "规格型号", "数量", "单价"]
    candidates = by_ref(SHANWEI, "二(三)1.4")["required_fields"]
    assert len(candidates) == 10 and candidates[0] == "中标候选人排序" and candidates[-1] == "提出异议的渠道和方式"


def test_no_invented_fields() -> None:
    # These cells name documents or notices, or describe the information: they list no elements.
    for document, ref in ((KAZUO, "1"), (KAZUO, "4"), (KAZUO, "36"), (JINJIANG, "7"), (JINJIANG, "8")):
        assert by_ref(document, ref)["required_fields"] == [], ref
    assert by_ref(KAZUO, "2.4")["required_fields"] == ["项目名称", "建设地址", "建设单位", "竣工套数", "竣工时间"]


def test_each_notice_of_kazuo_26_by_its_own_list(client: TestClient, writer: dict) -> None:
    found = client.get("/v1/obligations", params={"jurisdiction": "211324", "q": "资格审查办法"}).json()["items"]
    row = next(item for item in found if item["ref"] == "26")
    assert set(row["fields_by_notice_type"]) == {"prequalification_notice", "tender_notice"}
    base = dict(obligation_id=row["id"], triggered_at="2025-09-30T08:00+08:00", published_at="2025-09-30T10:00+08:00",
                publisher="县交通局", channel="县政府网站", submission="electronic")
    general = {"项目概况": "某公路", "对申请人或者投标人的资格条件要求": "具备公路工程施工总承包资质"}
    prequalification = publish(client, writer, **base, subject="KZ-26-1", notice_type="prequalification_notice",
                               content={**general, "资格审查办法": "合格制"})
    tender = publish(client, writer, **base, subject="KZ-26-2", notice_type="tender_notice",
                     content={**general, "评标办法": "综合评估法", "招标人联系方式": "0421-0000000"})
    for event in (prequalification, tender):
        assert next(c for c in event["checks"] if c["name"] == "content")["result"] == "pass"
    # A 招标公告 needs its own elements, not the 资格预审公告's.
    short = publish(client, writer, **base, subject="KZ-26-3", notice_type="tender_notice", content={**general, "资格审查办法": "合格制"})
    content = next(c for c in short["checks"] if c["name"] == "content")
    assert content["result"] == "fail" and "评标办法" in content["detail"]["zh"]
