"""The content and publisher checks on what real forms hold: placeholders, other names of a field,
and bodies that are roles (SPEC §Jurisdictions and bodies)."""

import pytest
from fastapi.testclient import TestClient

from app.events.verdict import has_real_value
from tests.events.publications import LAND_FIELDS, good_publication, obligation, publish


def checks(event: dict) -> dict[str, str]:
    return {check["name"]: check["result"] for check in event["checks"]}


@pytest.mark.parametrize("value", ["无", "暂无", "不详", "  ", "", "/", "-", "—", "——", "…", "...", "N/A", "null", None, [], {}, ["无", " "]])
def test_blank_and_placeholder_values_say_nothing(value: object) -> None:
    assert not has_real_value(value)


@pytest.mark.parametrize("value", ["某公司", "0", 0, 0.0, False, "无锡市某公司", "1.2公顷", {"金额": "3600万元"}, ["无", "某公司"]])
def test_real_values_count(value: object) -> None:
    # 0 and False are answers; "无锡" begins like 无 and is a city.
    assert has_real_value(value)


@pytest.mark.parametrize("placeholder", ["无", "  ", "…", "暂无", "/"])
def test_a_placeholder_is_a_missing_field(client: TestClient, writer: dict, land_deal: int, placeholder: str) -> None:
    content = {**LAND_FIELDS, "受让人": placeholder}
    event = publish(client, writer, **good_publication(land_deal, content=content))
    assert (event["status"], checks(event)["content"]) == ("noncompliant", "fail")
    content_check = next(check for check in event["checks"] if check["name"] == "content")
    assert "受让人" in content_check["detail"]["zh"] and "出让方式" not in content_check["detail"]["zh"]


def test_a_field_under_another_name_of_the_notice_type(client: TestClient, writer: dict, land_deal: int) -> None:
    # 吉安 says 受让单位 and 晋江 受让人 for the same element of a 出让结果; 竞得人 is 39号令's word.
    renamed = {("竞得人" if name == "受让人" else name): value for name, value in LAND_FIELDS.items()}
    body = good_publication(land_deal, content=renamed, notice_type="land_transfer_result")
    assert checks(publish(client, writer, **body))["content"] == "pass"
    # A name of another element is no synonym: 出让方式 is not the 受让人.
    wrong = {name: value for name, value in LAND_FIELDS.items() if name != "受让人"}
    event = publish(client, writer, **{**body, "subject": "JJ-2", "content": {**wrong, "受让方式": "某公司"}})
    assert checks(event)["content"] == "fail"


def test_field_synonyms_are_published_with_the_notice_type(client: TestClient) -> None:
    notice_types = {item["code"]: item for item in client.get("/v1/notice-types").json()["items"]}
    groups = notice_types["land_transfer_result"]["field_synonyms"]
    assert ["受让人", "受让单位", "竞得人", "竞得单位"] in groups
    names = [name for item in notice_types.values() for group in item["field_synonyms"] for name in group]
    assert names, "some notice type has field synonyms"


@pytest.mark.parametrize("publisher", ["张三", "x", "南京某招标代理有限公司", "采购人", "采购代理机构"])
def test_a_role_cannot_be_verified_and_never_passes(client: TestClient, writer: dict, publisher: str) -> None:
    # 晋江 采购结果: the 采购人 publishes, whoever that is for a project. No registry says who.
    row = obligation(client, "350582", "采购结果", "government_procurement")["id"]
    event = publish(client, writer, obligation_id=row, subject="JJ-CG-1", triggered_at="2025-09-29",
                    published_at="2025-09-30", publisher=publisher, channel="中国政府采购网",
                    notice_type="procurement_result", content={})
    publisher_check = next(check for check in event["checks"] if check["name"] == "publisher")
    assert publisher_check["result"] == "unverified"
    assert "采购人" in publisher_check["detail"]["zh"]
    assert event["status"] in ("unverified", "noncompliant")
