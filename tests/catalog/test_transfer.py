"""Catalog export and import: a round trip per seed catalog, dry runs, broken sheets, diffs."""

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, func, select

from app.audit.models import AuditEntry
from app.catalog.models import Catalog, Obligation, ObligationResponsible
from app.catalog.seed import seed_database
from app.catalog.transfer import catalog_obligations
from app.keys.scopes import Scope
from tests.conftest import committed_key
from tests.events.publications import good_publication, publish

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def editor(session: Session) -> dict[str, str]:
    return {"X-API-Key": committed_key(session, "gongkaiban", Scope.CATALOG_WRITE)}


def seed_catalogs(session: Session) -> list[Catalog]:
    return list(session.exec(select(Catalog).order_by(Catalog.id)))


def upload(client: TestClient, headers: dict, content: bytes, name: str = "catalog.xlsx", **params) -> object:  # noqa: ANN003
    media = XLSX if name.endswith(".xlsx") else "text/csv"
    return client.post("/v1/catalogs/import", params=params, files={"file": (name, content, media)}, headers=headers)


def without_ids(obligations: dict[str, dict]) -> dict[str, dict]:
    return {ref: {k: v for k, v in fields.items() if k != "id"} for ref, fields in obligations.items()}


def test_every_seed_catalog_round_trips_through_its_xlsx_export(
    client: TestClient, session: Session, editor: dict
) -> None:
    catalogs = seed_catalogs(session)
    assert len(catalogs) == 6
    for catalog in catalogs:
        exported = client.get(f"/v1/catalogs/{catalog.id}/export")
        assert exported.status_code == 200 and exported.headers["content-type"] == XLSX
        imported = upload(client, editor, exported.content, replaces=catalog.id, in_force_from="2031-01-01")
        assert imported.status_code == 201, imported.text[:2000]
        new = imported.json()["catalog"]
        before, after = without_ids(catalog_obligations(session, catalog.id)), without_ids(catalog_obligations(session, new["id"]))
        assert after.keys() == before.keys()
        for ref in before:
            assert {k: v for k, v in after[ref].items() if v != before[ref][k]} == {}, (catalog.key, ref, before[ref])
        diff = client.get(f"/v1/catalogs/{new['id']}/diff", params={"against": catalog.id}).json()
        assert (diff["added"], diff["removed"], diff["changed"]) == ([], [], [])


def test_the_export_uses_the_seed_layout(client: TestClient) -> None:
    sheet = load_workbook(io.BytesIO(client.get("/v1/catalogs/1/export").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == ("序号", "公开领域", "公开事项", "公开内容", "公开时限", "公开方式", "责任主体", "监督渠道")
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["公开领域"], first["公开事项"], first["公开时限"]) == ("住房保障", "保障性安居工程政策法规", "自信息形成或变更之日起20个工作日内")
    assert all(cell not in (None, "") for row in rows[1:] for cell in row), "no blank cell: blanks mean 'as above'"
    as_csv = client.get("/v1/catalogs/1/export", params={"format": "csv"})
    assert next(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))[0] == "序号"


def test_a_new_version_takes_over_from_its_day_and_the_old_one_still_judges_earlier_events(
    client: TestClient, session: Session, editor: dict, writer: dict, land_deal: int, seed_dir: Path
) -> None:
    catalog_id = session.get(Obligation, land_deal).catalog_id
    table = list(csv.reader(io.StringIO(
        client.get(f"/v1/catalogs/{catalog_id}/export", params={"format": "csv"}).content.decode("utf-8-sig")
    )))
    ref = session.get(Obligation, land_deal).ref
    row = next(r for r in table if r[0] == ref)
    row[4] = "交易结束后5个工作日内"  # the 公开时限 column, tightened
    out = io.StringIO()
    csv.writer(out).writerows(table)
    answer = upload(client, editor, out.getvalue().encode(), "amended.csv", replaces=catalog_id, in_force_from="2026-01-01")
    assert answer.status_code == 201, answer.text[:1000]
    new_id, replaced = answer.json()["catalog"]["id"], answer.json()["replaced"]
    assert replaced["in_force_until"] == "2025-12-31"

    diff = client.get(f"/v1/catalogs/{new_id}/diff", params={"against": catalog_id}).json()
    assert [change["ref"] for change in diff["changed"]] == [ref]
    deadline = next(c for c in diff["changed"][0]["changes"] if c["field"] == "deadline")
    assert (deadline["before"]["amount"], deadline["after"]["amount"]) == (10, 5)

    in_2025 = client.get("/v1/obligations", params={"jurisdiction": "350582", "as_of": "2025-06-01", "limit": 200}).json()
    in_2026 = client.get("/v1/obligations", params={"jurisdiction": "350582", "as_of": "2026-06-01", "limit": 200}).json()
    assert {item["catalog_id"] for item in in_2025["items"]} == {catalog_id}
    assert {item["catalog_id"] for item in in_2026["items"]} == {new_id}

    # Loading the seed again leaves the version an import closed closed.
    seed_database(session, seed_dir)
    session.flush()
    assert session.get(Catalog, catalog_id).in_force_until.isoformat() == "2025-12-31"
    again = client.get("/v1/obligations", params={"jurisdiction": "350582", "as_of": "2026-06-01", "limit": 200}).json()
    assert {item["catalog_id"] for item in again["items"]} == {new_id} and again["total"] == in_2026["total"]

    # Judged by the version in force on the trigger date, whichever id the platform posts.
    old = publish(client, writer, **good_publication(land_deal, subject="OLD", triggered_at="2025-09-26", published_at="2025-10-16"))
    assert (old["catalog_id"], old["status"]) == (catalog_id, "compliant")
    new = publish(client, writer, **good_publication(land_deal, subject="NEW", triggered_at="2026-03-02", published_at="2026-03-13"))
    assert new["catalog_id"] == new_id and new["status"] == "noncompliant"  # 10 working days: late under 5


def stored_counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.exec(select(func.count()).select_from(table)).one()
        for table in (Catalog, Obligation, ObligationResponsible, AuditEntry)
    )


def test_a_dry_run_checks_every_row_and_stores_nothing(client: TestClient, session: Session, editor: dict) -> None:
    before = stored_counts(session)
    exported = client.get("/v1/catalogs/2/export").content
    answer = upload(client, editor, exported, replaces=2, in_force_from="2031-01-01", dry_run="true")
    assert answer.status_code == 200 and answer.json()["valid"] and answer.json()["catalog"] is None
    assert "location" not in answer.headers
    assert all(row["errors"] == [] for row in answer.json()["rows"]) and len(answer.json()["rows"]) > 10
    # Its own export, imported back, changes nothing.
    diff = answer.json()["diff"]
    assert (diff["against"], diff["added"], diff["removed"], diff["changed"]) == (2, [], [], [])
    assert diff["unchanged"] == len(answer.json()["rows"])
    assert stored_counts(session) == before
    assert session.get(Catalog, 2).in_force_until is None


def test_a_dry_run_answers_the_diff_it_would_make(
    client: TestClient, session: Session, editor: dict, land_deal: int
) -> None:
    catalog_id = session.get(Obligation, land_deal).catalog_id
    table = list(csv.reader(io.StringIO(
        client.get(f"/v1/catalogs/{catalog_id}/export", params={"format": "csv"}).content.decode("utf-8-sig")
    )))
    header, rows = table[0], table[1:]
    changed_ref, removed_ref = session.get(Obligation, land_deal).ref, rows[0][0]
    changed = next(r for r in rows if r[0] == changed_ref)
    changed[4] = "交易结束后5个工作日内"  # the 公开时限 column, tightened
    changed[6] = "市财政局"  # and another responsible body
    added = [*rows[1]]
    added[0], added[2], added[4] = "99", "季度执行情况", "每季度结束后15日内"
    kept = [r for r in rows if r[0] != removed_ref] + [added]
    out = io.StringIO()
    csv.writer(out).writerows([header, *kept])
    before = stored_counts(session)
    answer = upload(client, editor, out.getvalue().encode(), "amended.csv", replaces=catalog_id,
                    in_force_from="2031-01-01", dry_run="true")
    assert answer.status_code == 200, answer.text[:2000]
    diff = answer.json()["diff"]
    assert diff["against"] == catalog_id
    assert diff["added"] == [{"ref": "99", "item": "季度执行情况", "row": len(kept) + 1}]
    assert [(r["ref"], r["item"]) for r in diff["removed"]] == [(removed_ref, rows[0][2])]
    assert [c["ref"] for c in diff["changed"]] == [changed_ref]
    fields = {c["field"]: (c["before"], c["after"]) for c in diff["changed"][0]["changes"]}
    assert fields.keys() == {"deadline", "responsible"}
    assert (fields["deadline"][0]["amount"], fields["deadline"][1]["amount"]) == (10, 5)
    assert fields["responsible"][1] == ["晋江市财政局"] and fields["responsible"][0] != ["晋江市财政局"]
    assert diff["unchanged"] == len(rows) - 2
    # Nothing written: no catalog, no obligation, no audit entry; the old version stays open.
    assert stored_counts(session) == before
    assert session.get(Catalog, catalog_id).in_force_until is None

    # The import itself makes that same diff, and the version diff agrees.
    stored = upload(client, editor, out.getvalue().encode(), "amended.csv", replaces=catalog_id, in_force_from="2031-01-01")
    assert stored.status_code == 201 and stored.json()["diff"] == diff
    again = client.get(f"/v1/catalogs/{stored.json()['catalog']['id']}/diff", params={"against": catalog_id}).json()
    assert [c["ref"] for c in again["changed"]] == [changed_ref] and [a["ref"] for a in again["added"]] == ["99"]


BROKEN = """序号,公开领域,公开事项,公开内容,公开时限,公开方式,责任主体,监督渠道
1,政府采购,采购意向,内容：采购项目名称、预算金额。,采购活动开始前30日,中国政府采购网,市财政局,政务公开办
2,,采购公告,项目名称、采购需求,,,,
3,天文观测,星表,—,自信息形成之日起20个工作日内,政府网站,市财政局,政务公开办
4,政府采购,合同公告,合同主要条款,等领导有空再说,中国政府采购网,市财政局,政务公开办
5,政府采购,验收结果,验收结论,自信息形成或变更之日起20个工作日内,中国政府采购网,—,政务公开办
6,政府采购,投诉处理,处理决定,自作出决定之日起7个工作日内,中国政府采购网,市天文局,政务公开办
"""


def test_a_broken_sheet_gets_a_report_per_row_and_changes_nothing(
    client: TestClient, session: Session, editor: dict
) -> None:
    before = session.exec(select(func.count()).select_from(Obligation)).one()
    answer = upload(client, editor, BROKEN.encode(), "broken.csv", replaces=1, in_force_from="2031-01-01")
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    rows = {row["ref"]: row["errors"] for row in answer.json()["rows"]}
    assert rows["1"] == [] and rows["2"] == []  # row 2's blanks repeat row 1 (merged cells)
    assert rows["3"][0]["code"] == "unknown_domain" and "天文观测" in rows["3"][0]["zh"]
    assert rows["4"][0]["code"] == "unparsed_deadline" and "等领导有空再说" in rows["4"][0]["zh"]
    assert rows["5"] == [{
        "code": "missing_responsible",
        "zh": "缺少责任主体：每个公开事项都须有责任主体。",
        "en": "责任主体 is missing: every obligation needs a responsible body.",
    }]
    assert rows["6"][0]["code"] == "unknown_department" and "市天文局" in rows["6"][0]["zh"]
    assert session.exec(select(func.count()).select_from(Obligation)).one() == before
    assert session.get(Catalog, 1).in_force_until is None


def test_blank_cells_repeat_the_value_above_within_a_domain(client: TestClient, session: Session, editor: dict) -> None:
    sheet = BROKEN.splitlines()[:3]
    answer = upload(client, editor, "\n".join(sheet).encode(), "merged.csv", replaces=1, in_force_from="2031-01-01")
    assert answer.status_code == 201, answer.text
    stored = catalog_obligations(session, answer.json()["catalog"]["id"])
    assert stored["2"]["domain"] == "government_procurement"
    assert stored["2"]["deadline"]["text"] == "采购活动开始前30日"
    assert stored["2"]["responsible"] == ["晋江市财政局"] and stored["2"]["channels"] == ["中国政府采购网"]
    assert stored["1"]["required_fields"] == ["采购项目名称", "预算金额"]


def test_import_needs_catalog_write_and_a_readable_later_version(
    client: TestClient, editor: dict, writer: dict
) -> None:
    sheet = BROKEN.splitlines()[:2]
    body = "\n".join(sheet).encode()
    assert upload(client, {}, body, "x.csv", replaces=1, in_force_from="2031-01-01").status_code == 401
    assert upload(client, writer, body, "x.csv", replaces=1, in_force_from="2031-01-01").status_code == 403
    assert upload(client, editor, b"\x00\x01 not a table \xff", "x.csv", replaces=1, in_force_from="2031-01-01").status_code == 400
    assert upload(client, editor, b"PK\x03\x04broken zip", "x.xlsx", replaces=1, in_force_from="2031-01-01").status_code == 400
    assert upload(client, editor, body, "x.csv", replaces=1, in_force_from="2017-01-01").status_code == 409
    assert upload(client, editor, body, "x.csv", replaces=999999, in_force_from="2031-01-01").status_code == 404
    assert upload(client, editor, "序号,公开事项\n1,x".encode(), "x.csv", replaces=1, in_force_from="2031-01-01").status_code == 422


NOTICE_SHEET = """序号,公开领域,公开事项,公开内容,公开时限,公开方式,责任主体,监督渠道,公告类型,公示期,义务,时限解读
1,政府采购,采购结果,中标结果,自中标、成交供应商确定之日起2个工作日内公告,中国政府采购网,市财政局,政务公开办,中标（成交）结果公告,—,公开,—
2,政府采购,合同公告,合同,自政府采购合同签订之日起2个工作日内公告,中国政府采购网,市财政局,政务公开办,procurement_contract,—,公开,—
3,政府采购,招标情况报告,报告,自确定中标人之日起十五日内,—,市财政局,政务公开办,—,公示期不少于3日,报告备案,"{""kind"":""after"",""trigger"":""winner_determined"",""amount"":15,""unit"":""calendar_day""}"
"""


def test_the_notice_type_column_reads_codes_and_national_names(
    client: TestClient, session: Session, editor: dict
) -> None:
    answer = upload(client, editor, NOTICE_SHEET.encode(), "notices.csv", replaces=1, in_force_from="2031-01-01")
    assert answer.status_code == 201, answer.text
    stored = catalog_obligations(session, answer.json()["catalog"]["id"])
    assert stored["1"]["notice_types"] == ["procurement_result"]
    assert stored["2"]["notice_types"] == ["procurement_contract"]
    report = stored["3"]
    assert (report["notice_types"], report["duty"], report["notice_period"]) == ([], "filing", "公示期不少于3日")
    assert (report["deadline"]["trigger"], report["deadline"]["amount"]) == ("winner_determined", 15)
    exported = client.get(f"/v1/catalogs/{answer.json()['catalog']['id']}/export", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [row["公告类型"] for row in rows] == ["procurement_result", "procurement_contract", "—"]
    assert rows[2]["义务"] == "报告备案" and rows[0]["时限解读"] == "—" and rows[2]["时限解读"].startswith("{")


def test_the_notice_type_column_is_validated(client: TestClient, session: Session, editor: dict) -> None:
    before = session.exec(select(func.count()).select_from(Obligation)).one()
    sheet = (
        NOTICE_SHEET.replace("中标（成交）结果公告", "中标结果公告书")
        .replace(",procurement_contract,", ",land_transfer_result,")
        .replace(",报告备案,", ",上报,")
    )
    answer = upload(client, editor, sheet.encode(), "notices.csv", replaces=1, in_force_from="2031-01-01")
    assert answer.status_code == 422
    rows = {row["ref"]: row["errors"] for row in answer.json()["rows"]}
    assert any("中标结果公告书" in error["zh"] for error in rows["1"])
    assert any("land_transfer_result" in error["zh"] and "land_use_rights" in error["en"] for error in rows["2"])
    assert any(error["code"] == "unknown_duty" and "义务" in error["zh"] for error in rows["3"])
    broken_reading = NOTICE_SHEET.replace('""amount"":15', '""amount"":')
    answer = upload(client, editor, broken_reading.encode(), "notices.csv", replaces=1, in_force_from="2031-01-01")
    assert answer.status_code == 422
    assert any(error["code"] == "invalid_reading" for row in answer.json()["rows"] for error in row["errors"])
    assert session.exec(select(func.count()).select_from(Obligation)).one() == before
