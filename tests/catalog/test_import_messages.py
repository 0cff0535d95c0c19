"""A catalog import as a Chinese office meets it: every problem in Chinese and English, and the
wordings catalogs use read into rules (issue 13)."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.catalog.models import Catalog, Obligation
from app.catalog.sheet import read_sheet
from app.catalog.transfer import catalog_obligations
from app.keys.scopes import Scope
from tests.conftest import committed_key

HEADER = "序号,公开领域,公开事项,公开内容,公开时限,公开方式,责任主体,监督渠道"
GOOD = "1,政府采购,采购意向,内容：采购项目名称、预算金额。,采购活动开始前30日,中国政府采购网,市财政局,政务公开办"


@pytest.fixture
def editor(session: Session) -> dict[str, str]:
    return {"X-API-Key": committed_key(session, "gongkaiban", Scope.CATALOG_WRITE)}


def upload(client: TestClient, headers: dict, body: str | bytes, name: str = "catalog.csv", **params) -> object:  # noqa: ANN003
    content = body.encode() if isinstance(body, str) else body
    params = {"replaces": 1, "in_force_from": "2031-01-01", **params}
    return client.post("/v1/catalogs/import", params=params, files={"file": (name, content, "text/csv")}, headers=headers)


def sheet(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def bilingual(problem: dict) -> None:
    assert problem["detail_zh"] and problem["detail_en"]
    assert problem["detail"] == f"{problem['detail_zh']} {problem['detail_en']}"
    assert any("\u4e00" <= char <= "\u9fff" for char in problem["detail_zh"])


def row_errors(answer) -> dict[str, list[dict]]:  # noqa: ANN001
    assert answer.status_code == 422, answer.text
    bilingual(answer.json())
    return {row["ref"]: row["errors"] for row in answer.json()["rows"]}


# (row, code, words the Chinese message must hold)
BAD_ROWS = [
    ("1,天文观测,星表,—,自信息形成之日起20个工作日内,政府网站,市财政局,政务公开办", "unknown_domain", "天文观测"),
    ("1,政府采购,—,内容,自信息形成之日起20个工作日内,政府网站,市财政局,政务公开办", "missing_item", "缺少公开事项"),
    ("1,政府采购,合同公告,合同,等领导有空再说,中国政府采购网,市财政局,政务公开办", "unparsed_deadline", "无法读取公开时限"),
    ("1,政府采购,合同公告,合同,每月10日前公开,中国政府采购网,市财政局,政务公开办", "unparsed_deadline", "每月10日前公开"),
    ("1,政府采购,验收结果,验收结论,自信息形成之日起20个工作日内,中国政府采购网,—,政务公开办", "missing_responsible", "缺少责任主体"),
    ("1,政府采购,投诉处理,处理决定,自作出决定之日起7个工作日内,中国政府采购网,市天文局,政务公开办", "unknown_department", "不是本地区的部门"),
]


@pytest.mark.parametrize(("row", "code", "words"), BAD_ROWS)
def test_every_row_problem_is_in_chinese_and_english(
    client: TestClient, editor: dict, row: str, code: str, words: str
) -> None:
    errors = row_errors(upload(client, editor, sheet(row)))["1"]
    assert [error["code"] for error in errors] == [code]
    assert words in errors[0]["zh"] and errors[0]["en"]


def test_a_repeated_ref_names_the_row_it_repeats(client: TestClient, editor: dict) -> None:
    errors = row_errors(upload(client, editor, sheet(GOOD, GOOD)))
    assert errors["1"][0]["code"] == "duplicate_ref"
    assert errors["1"][0]["zh"] == "序号 1 与第2行重复：每行的序号须唯一。"
    assert errors["1"][0]["en"] == "序号 1 repeats row 2."


def test_the_optional_columns_explain_themselves_in_chinese(client: TestClient, editor: dict) -> None:
    header = HEADER + ",公告类型,义务,时限解读"
    rows = [
        GOOD.replace("1,", "1,", 1) + ",中标结果公告书,公开,—",
        GOOD.replace("1,", "2,", 1) + ",land_transfer_result,公开,—",
        GOOD.replace("1,", "3,", 1) + ",—,上报,—",
        GOOD.replace("1,", "4,", 1) + ',—,公开,"{""kind"":""after"",""amount"":}"',
        GOOD.replace("1,", "5,", 1)
        + ',—,公开,"{""kind"":""after"",""trigger"":""lunar_eclipse"",""amount"":3,""unit"":""calendar_day""}"',
    ]
    errors = row_errors(upload(client, editor, sheet(*rows, header=header)))
    codes = {ref: [error["code"] for error in found] for ref, found in errors.items()}
    assert codes == {
        "1": ["unknown_notice_type"],
        "2": ["notice_type_of_another_domain"],
        "3": ["unknown_duty"],
        "4": ["invalid_reading"],
        "5": ["unknown_trigger"],
    }
    assert "公告类型" in errors["1"][0]["zh"] and "不属于本行" in errors["2"][0]["zh"]
    assert "公开、报告备案" in errors["3"][0]["zh"] and "JSON" in errors["4"][0]["zh"]
    assert "lunar_eclipse" in errors["5"][0]["zh"] and "info_formed" in errors["5"][0]["zh"]


def test_a_sheet_that_is_not_a_catalog_is_refused_in_both_languages(client: TestClient, editor: dict) -> None:
    missing = row_errors(upload(client, editor, "序号,公开事项\n1,x\n"))
    assert missing[""][0]["code"] == "missing_columns" and "表头" in missing[""][0]["zh"]
    assert "公开时限" in missing[""][0]["zh"]
    empty = upload(client, editor, sheet())
    assert empty.status_code == 422
    bilingual(empty.json())
    assert empty.json()["detail_zh"] == "表格中没有任何公开事项。"
    unreadable_files = [
        (b"\x00\x01 not a table \xff", "x.csv"),
        (b"PK\x03\x04broken zip", "x.xlsx"),
        (b"\n,,\n", "x.csv"),
        (("序号," + "事" * 140_000 + "\n").encode(), "x.csv"),  # a cell past the csv module's field limit
    ]
    for content, name in unreadable_files:
        unreadable = upload(client, editor, content, name)
        assert unreadable.status_code == 400, unreadable.text
        assert unreadable.json()["type"].endswith("unreadable-sheet")
        bilingual(unreadable.json())
        assert "表格" in unreadable.json()["title"] or "文件" in unreadable.json()["title"]


def test_a_csv_with_lone_carriage_returns_is_read_as_rows(client: TestClient, editor: dict) -> None:
    # Line ends of old Mac files, and a stray CR inside a line: rows, never a server error.
    for content in ("序号,公开事项\r1,x\r".encode(), "\r𨕷\x0bâKÎ\r\n".encode()):
        answer = upload(client, editor, content, "x.csv")
        assert answer.status_code == 422, answer.text
        assert row_errors(answer)[""][0]["code"] == "missing_columns"


def test_refusals_of_the_version_and_the_key_are_in_both_languages(
    client: TestClient, session: Session, editor: dict
) -> None:
    missing = upload(client, editor, sheet(GOOD), replaces=999999)
    assert missing.status_code == 404
    bilingual(missing.json())
    assert "999999" in missing.json()["detail_zh"] and missing.json()["parameter"] == "replaces"

    early = upload(client, editor, sheet(GOOD), in_force_from="2017-01-01")
    assert early.status_code == 409
    bilingual(early.json())
    assert "施行" in early.json()["detail_zh"]

    elsewhere = {"X-API-Key": committed_key(session, "jiangsu", Scope.CATALOG_WRITE, jurisdictions=["320000"])}
    refused = upload(client, elsewhere, sheet(GOOD))
    assert refused.status_code == 403
    bilingual(refused.json())
    assert "超出其范围" in refused.json()["detail_zh"] and refused.json()["binding"]["jurisdictions"] == ["320000"]

    housing = {
        "X-API-Key": committed_key(
            session, "housing", Scope.CATALOG_WRITE, jurisdictions=["350582"], domains=["housing_security"]
        )
    }
    refused = upload(client, housing, sheet(GOOD))
    assert refused.status_code == 403
    bilingual(refused.json())
    assert "government_procurement" in refused.json()["detail_zh"]
    assert session.exec(select(func.count()).select_from(Catalog)).one() == 6


WORDINGS = sheet(
    "1,政府采购,采购政策,政策文件,常态化公开,中国政府采购网,市财政局,政务公开办",
    "2,政府采购,采购目录,目录,长期公开,中国政府采购网,市财政局,政务公开办",
    "3,政府采购,交易动态,动态,实时公开,中国政府采购网,市财政局,政务公开办",
    "4,政府采购,执行情况,季度统计,每季度结束后15日内,中国政府采购网,市财政局,政务公开办",
    "5,政府采购,项目绩效,绩效,项目完成后1个月内,中国政府采购网,市财政局,政务公开办",
    "6,政府采购,验收结果,验收结论,自验收之日起10日内,中国政府采购网,市财政局,政务公开办",
)


def test_the_wordings_catalogs_use_import_and_answer_due_dates(
    client: TestClient, session: Session, editor: dict
) -> None:
    answer = upload(client, editor, WORDINGS)
    assert answer.status_code == 201, answer.text
    stored = catalog_obligations(session, answer.json()["catalog"]["id"])
    readings = {ref: (row["deadline"]["kind"], row["deadline"]["trigger"]) for ref, row in stored.items()}
    assert readings == {
        "1": ("standing", "info_formed"),
        "2": ("standing", "info_formed"),
        "3": ("same_day", "info_formed"),
        "4": ("recurring", "reporting_quarter"),
        "5": ("after", "project_completed"),
        "6": ("after", "accepted"),
    }
    assert stored["3"]["deadline"]["review"]  # 实时: no statutory period, flagged

    def due(ref: str, triggered_at: str):  # noqa: ANN202
        return client.get(f"/v1/obligations/{stored[ref]['id']}/due-date", params={"triggered_at": triggered_at})

    for ref in ("1", "2"):
        refused = due(ref, "2025-09-26")
        assert refused.status_code == 422 and refused.json()["type"].endswith("standing-duty")
        bilingual(refused.json())
        assert "常态化公开义务" in refused.json()["detail_zh"] and "due_date" not in refused.json()
    quarterly = due("4", "2025-08-20").json()
    assert quarterly["due_date"] == "2025-10-15" and "按季度公开" in quarterly["explanation"]["zh"]
    assert due("5", "2025-01-31").json()["due_date"] == "2025-02-28"
    assert due("6", "2025-09-28").json()["due_date"] == "2025-10-09"
    assert due("3", "2025-09-30").json()["due_date"] == "2025-09-30"

    listed = client.get(f"/v1/obligations/{stored['4']['id']}").json()["deadline"]
    assert (listed["kind"], listed["trigger"], listed["amount"], listed["unit"]) == (
        "recurring", "reporting_quarter", 15, "calendar_day"
    )
    # The export writes no 时限解读 for them: the words alone read the same.
    exported = client.get(f"/v1/catalogs/{answer.json()['catalog']['id']}/export", params={"format": "csv"})
    assert exported.text.count("{") == 0


def test_an_event_under_a_standing_duty_alone_is_refused_not_dated(
    client: TestClient, session: Session, editor: dict, writer: dict
) -> None:
    answer = upload(client, editor, WORDINGS)
    standing = catalog_obligations(session, answer.json()["catalog"]["id"])["1"]["id"]
    before = session.exec(select(func.count()).select_from(Obligation)).one()
    event = client.post(
        "/v1/events",
        json={"obligation_id": standing, "subject": "S-1", "triggered_at": "2031-02-03", "published_at": "2031-02-04",
              "publisher": "市财政局", "channel": "中国政府采购网"},
        headers=writer,
    )
    assert event.status_code == 422, event.text
    assert "standing duty" in event.json()["detail"]
    assert session.exec(select(func.count()).select_from(Obligation)).one() == before


def test_an_empty_table_is_named_in_both_languages() -> None:
    obligations, problems = read_sheet([], lambda name: True)
    assert obligations == [] and [(m.code, m.zh, m.en) for m in problems[0].errors] == [
        ("empty_sheet", "表格为空。", "The table is empty.")
    ]
