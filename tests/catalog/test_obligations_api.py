"""The catalog read API as integrators call it."""

import pytest
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def ids(response) -> list[int]:  # noqa: ANN001
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def all_pages(client: TestClient, **params) -> list[dict]:
    items, offset = [], 0
    while offset is not None:
        page = client.get("/v1/obligations", params={**params, "offset": offset, "limit": 17}).json()
        items += page["items"]
        offset = page["next_offset"]
    return items


@pytest.mark.parametrize("alias", ["市财政局", "晋江市财政局", "财政局"])
def test_department_by_any_alias(client: TestClient, alias: str) -> None:
    expected = ids(client.get("/v1/obligations", params={"jurisdiction": "350582", "department": "晋江市财政局"}))
    assert len(expected) == 6
    assert ids(client.get("/v1/obligations", params={"jurisdiction": "350582", "department": alias})) == expected


def test_department_in_traditional_characters(client: TestClient) -> None:
    simplified = ids(client.get("/v1/obligations", params={"jurisdiction": "360800", "department": "市国土资源局"}))
    traditional = ids(client.get("/v1/obligations", params={"jurisdiction": "360800", "department": "市國土資源局"}))
    assert simplified and simplified == traditional


def test_q_in_simplified_and_traditional_finds_all_five(client: TestClient) -> None:
    simplified = client.get("/v1/obligations", params={"q": "中标候选人"}).json()
    traditional = client.get("/v1/obligations", params={"q": "中標候選人"}).json()
    assert {item["jurisdiction"] for item in simplified["items"]} == {
        "350582", "360800", "211324", "320000", "441500"
    }
    assert [i["id"] for i in simplified["items"]] == [i["id"] for i in traditional["items"]]
    for item in simplified["items"]:
        assert "中标候选人" in item["item"] + item["content"]


def test_q_is_a_literal_substring(client: TestClient) -> None:
    assert client.get("/v1/obligations", params={"q": "%"}).json()["total"] == 0
    assert client.get("/v1/obligations", params={"q": "_"}).json()["total"] == 0


def test_filters_combine(client: TestClient) -> None:
    land = client.get("/v1/obligations", params={"jurisdiction": "350582", "domain": "land_use_rights"}).json()
    assert [item["item"] for item in land["items"]] == ["土地供应计划", "出让公告", "成交公示", "供应结果"]
    assert land["total"] == 4


def test_obligation_fields(client: TestClient) -> None:
    [row] = client.get(
        "/v1/obligations", params={"jurisdiction": "350582", "domain": "land_use_rights", "q": "成交公示"}
    ).json()["items"]
    assert row["deadline"]["text"] == "交易结束后10个工作日内"
    assert (row["deadline"]["kind"], row["deadline"]["trigger"]) == ("after", "transaction_closed")
    assert (row["deadline"]["amount"], row["deadline"]["unit"]) == (10, "working_day")
    assert row["deadline"]["defaulted"] is False
    assert row["required_fields"] == ["受让人", "出让方式", "宗地坐落", "面积", "土地用途", "出让价款"]
    assert row["channels"] == ["中国土地市场网"]
    assert [body["name"] for body in row["responsible"]] == ["晋江市国土资源局"]
    assert row["supervision"] == ["政务公开办"]
    assert row["display_period"] is None
    assert row["source"]["text"]["公开时限"] == "交易结束后10个工作日内"
    assert client.get(f"/v1/obligations/{row['id']}").json() == row


def test_kazuo_display_period_and_alternative_rule(client: TestClient) -> None:
    [row] = client.get("/v1/obligations", params={"jurisdiction": "211324", "q": "取水许可公告"}).json()["items"]
    assert row["display_period"] == "3年"
    assert (row["deadline"]["amount"], row["deadline"]["unit"]) == (7, "working_day")
    assert row["deadline"]["alternatives"][0]["amount"] == 20


def test_defaulted_deadline_says_where_it_comes_from(client: TestClient) -> None:
    row = client.get("/v1/obligations", params={"jurisdiction": "320000", "q": "标的底价"}).json()["items"][0]
    assert row["deadline"]["defaulted"] is True
    assert row["deadline"]["basis"] == "《中华人民共和国政府信息公开条例》第二十六条"
    assert (row["deadline"]["amount"], row["deadline"]["unit"]) == (20, "working_day")


def test_paging_is_stable_and_complete(client: TestClient) -> None:
    first = client.get("/v1/obligations", params={"limit": 200}).json()
    assert first["total"] == 199 and first["next_offset"] is None
    paged = all_pages(client)
    assert [item["id"] for item in paged] == [item["id"] for item in first["items"]]
    assert len({item["id"] for item in paged}) == 199


def test_as_of_selects_catalog_versions_in_force(client: TestClient) -> None:
    # Before 2018-06-06 only 汕尾's plan, whose date is unknown, counts as in force.
    early = client.get("/v1/obligations", params={"as_of": "2018-01-01", "limit": 200}).json()
    assert {item["jurisdiction"] for item in early["items"]} == {"441500"}
    july = client.get("/v1/obligations", params={"as_of": "2018-07-05"}).json()
    assert july["total"] == 27 + 45 + 45  # 汕尾, 吉安 (June 6), 江苏 (July 4)
    catalogs = client.get("/v1/catalogs", params={"as_of": "2018-07-05"}).json()
    assert catalogs["total"] == 4


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"jurisdiction": "999999"}, 404),
        ({"jurisdiction": "35058"}, 422),
        ({"domain": "housing"}, 422),
        ({"department": "不存在的局"}, 404),
        ({"jurisdiction": "350582", "department": "县住建局"}, 404),  # 喀左's, not 晋江's
        ({"as_of": "2025-13-01"}, 422),
        ({"as_of": "1700000000"}, 422),
        ({"as_of": "yesterday"}, 422),
        ({"limit": 0}, 422),
        ({"limit": 201}, 422),
        ({"offset": -1}, 422),
        ({"q": "x" * 101}, 422),
    ],
)
def test_bad_filters_are_problems_not_empty_lists(client: TestClient, params: dict, status: int) -> None:
    response = client.get("/v1/obligations", params=params)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and body["title"]


def test_unknown_ids_and_paths(client: TestClient) -> None:
    for path in ("/v1/obligations/999999", "/v1/catalogs/999999", "/v1/jurisdictions/999999", "/v1/nothing"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"].startswith(PROBLEM)
    response = client.get("/v1/obligations/99999999999999999999")
    assert response.status_code == 422
    response = client.delete("/v1/obligations/1")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith(PROBLEM)


def test_reference_lists(client: TestClient) -> None:
    domains = client.get("/v1/domains").json()
    assert domains["total"] == 12 and domains["items"][0]["code"] == "housing_security"
    assert client.get("/v1/jurisdictions/211324").json()["short_name"] == "喀左县"
    assert client.get("/v1/jurisdictions/100000").json()["level"] == "national"
    departments = client.get("/v1/departments", params={"jurisdiction": "350582"}).json()
    finance = next(d for d in departments["items"] if d["name"] == "晋江市财政局")
    assert {"市财政局", "财政局"} <= set(finance["aliases"])
    catalog = client.get("/v1/catalogs", params={"jurisdiction": "211324"}).json()["items"][0]
    assert catalog["number"] == "喀政办发〔2018〕65号"


def test_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    obligations = schema["paths"]["/v1/obligations"]["get"]
    assert "422" in obligations["responses"]
    assert "404" in schema["paths"]["/v1/obligations/{obligation_id}"]["get"]["responses"]
    assert {"BearerKey", "ApiKeyHeader"} <= set(schema["components"]["securitySchemes"])
    assert client.get("/docs").status_code == 200


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "reachable"}


def test_readyz_when_migrated(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body["status"] == "ready" and body["migrations"]


def test_readyz_on_a_database_not_migrated(tmp_path) -> None:
    from sqlmodel import Session

    from app.core.database import build_engine, get_session
    from app.main import create_app

    engine = build_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    app = create_app()

    def empty_session():  # noqa: ANN202
        with Session(engine) as session:
            yield session

    app.dependency_overrides[get_session] = empty_session
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 503
        assert client.get("/healthz").status_code == 200
    engine.dispose()
