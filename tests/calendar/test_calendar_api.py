"""The calendar and due-date endpoints, on both databases."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.calendar.models import CalendarLoad
from app.keys.scopes import Scope
from app.keys.service import create_key
from tests.conftest import committed_key

PROBLEM = "application/problem+json"

ARRANGEMENT_2027 = {
    "source": "国务院办公厅关于2027年部分节假日安排的通知",
    "holidays": [{"date": f"2027-10-0{d}", "name": "国庆节"} for d in (1, 4, 5, 6, 7)],
    "workdays": [{"date": "2027-09-26", "name": "调休上班日"}, {"date": "2027-10-09", "name": "调休上班日"}],
}


@pytest.fixture
def admin(session: Session) -> dict[str, str]:
    return {"X-API-Key": committed_key(session, "calendar-admin", Scope.ADMIN)}


def obligation_id(client: TestClient, jurisdiction: str, q: str) -> int:
    items = client.get("/v1/obligations", params={"jurisdiction": jurisdiction, "q": q}).json()["items"]
    return items[0]["id"]


def test_official_year(client: TestClient) -> None:
    year = client.get("/v1/calendar/2025").json()
    assert year["status"] == "official"
    assert year["source"] == "国务院办公厅关于2025年部分节假日安排的通知"
    holidays = {day["date"]: day["name"] for day in year["holidays"]}
    assert {"2025-10-01", "2025-10-06", "2025-10-08"} <= set(holidays)
    assert "2025-10-04" not in holidays  # a Saturday: off anyway
    assert [day["date"] for day in year["workdays"]] == ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]
    assert year["loaded_by"].startswith("seed")


def test_provisional_year(client: TestClient) -> None:
    year = client.get("/v1/calendar/2030").json()
    assert year["status"] == "provisional"
    assert year["workdays"] == []
    assert {"2030-10-01", "2030-10-02", "2030-10-03"} <= {day["date"] for day in year["holidays"]}


def test_working_days(client: TestClient) -> None:
    body = client.get("/v1/calendar/working-days", params={"start": "2025-09-27", "end": "2025-10-12"}).json()
    assert body["count"] == 6
    assert body["days"][0] == "2025-09-28" and body["days"][-1] == "2025-10-11"
    assert body["calendar"] == "official"
    # An end before the start is an empty range; the calendar's whole century can be counted.
    empty = client.get("/v1/calendar/working-days", params={"start": "2025-10-12", "end": "2025-09-27"}).json()
    assert (empty["count"], empty["days"]) == (0, [])
    century = client.get("/v1/calendar/working-days", params={"start": "2000-01-01", "end": "2099-12-31"}).json()
    assert 24_000 < century["count"] < 26_000 and century["calendar"] == "provisional"
    for params in ({"start": "1990-01-01", "end": "1990-02-01"}, {"start": "2100-01-01", "end": "2100-02-01"},
                   {"start": "20250101", "end": "2025-01-02"}):
        response = client.get("/v1/calendar/working-days", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"].startswith(PROBLEM)


@pytest.mark.parametrize(
    ("jurisdiction", "q", "triggered_at", "due_date", "due_at"),
    [
        ("350582", "保障性安居工程政策法规", "2025-09-26", "2025-10-30", "2025-10-30T23:59:59+08:00"),  # 20 wd
        ("350582", "中标结果", "2025-09-29", "2025-10-09", "2025-10-09T23:59:59+08:00"),  # 3 calendar days
        ("350582", "出让公告信息", "2025-03-31", "2025-03-03", "2025-03-03T23:59:59+08:00"),  # 20 wd before
        ("211324", "资格预审公告和招标公告", "2025-09-30T20:00+08:00", "2025-10-01", "2025-10-01T08:00:00+08:00"),
        ("350582", "违法失信行为记录等监督处罚信息", "2026-02-11", "2026-02-27", "2026-02-27T23:59:59+08:00"),  # 7 wd
    ],
)
def test_spec_examples_through_the_api(client, jurisdiction, q, triggered_at, due_date, due_at) -> None:  # noqa: ANN001
    oid = obligation_id(client, jurisdiction, q)
    body = client.get(f"/v1/obligations/{oid}/due-date", params={"triggered_at": triggered_at}).json()
    assert (body["due_date"], body["due_at"], body["calendar"]) == (due_date, due_at, "official")


def test_explanation_names_every_day(client: TestClient) -> None:
    oid = obligation_id(client, "350582", "保障性安居工程政策法规")
    body = client.get(f"/v1/obligations/{oid}/due-date", params={"triggered_at": "2025-09-26"}).json()
    days = {day["date"]: day for day in body["explanation"]["days"]}
    assert days["2025-09-27"]["note"] == "skipped" and days["2025-09-27"]["kind"] == "weekend"
    assert days["2025-09-28"]["kind"] == "make_up_working_day" and days["2025-09-28"]["count"] == 1
    assert days["2025-10-01"]["note"] == "skipped" and days["2025-10-01"]["name"] == "国庆节"
    assert days["2025-10-30"]["note"] == "due" and days["2025-10-30"]["count"] == 20
    assert "第20个工作日" in body["explanation"]["zh"] and "20th working day" in body["explanation"]["en"]
    assert body["rule"]["text"] == "自信息形成或变更之日起20个工作日内"


def test_alternative_rules_get_their_own_due_dates(client: TestClient) -> None:
    oid = obligation_id(client, "211324", "取水许可公告")
    body = client.get(f"/v1/obligations/{oid}/due-date", params={"triggered_at": "2025-09-26"}).json()
    assert body["due_date"] == "2025-10-13"  # 7 working days
    assert body["alternatives"][0]["due_date"] == "2025-10-30"  # 20 working days, the other channel
    assert "涉企信息公示系统" in body["alternatives"][0]["condition"]


def test_provisional_answers_say_so(client: TestClient) -> None:
    oid = obligation_id(client, "350582", "保障性安居工程政策法规")
    body = client.get(f"/v1/obligations/{oid}/due-date", params={"triggered_at": "2027-09-30"}).json()
    assert body["calendar"] == "provisional"
    assert "暂定" in body["explanation"]["zh"] and "provisional" in body["explanation"]["en"]


def test_loading_a_year_through_the_api(client: TestClient, admin: dict, session: Session) -> None:
    oid = obligation_id(client, "350582", "交易项目信息")  # 20 working days after information formed
    before = client.get(f"/v1/obligations/{oid}/due-date", params={"triggered_at": "2027-09-30"}).json()
    response = client.put("/v1/calendar/2027", json=ARRANGEMENT_2027, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "official"
    after = client.get(f"/v1/obligations/{oid}/due-date", params={"triggered_at": "2027-09-30"}).json()
    assert after["calendar"] == "official"
    assert after["due_date"] != before["due_date"]
    assert client.get("/v1/calendar/2027").json()["loaded_by"] == "api key {} (calendar-admin)".format(
        client.get("/v1/api-keys/current", headers=admin).json()["id"]
    )
    # Loading again keeps the first load in the history.
    client.put("/v1/calendar/2027", json={**ARRANGEMENT_2027, "workdays": []}, headers=admin)
    loads = session.exec(select(CalendarLoad).where(CalendarLoad.year == 2027)).all()
    assert len(loads) == 2 and loads[0].workdays and not loads[1].workdays


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"workdays": [{"date": "2027-09-27", "name": "x"}]}, "a make-up working day must be a weekend day"),
        ({"holidays": [{"date": "2027-10-02", "name": "国庆节"}]}, "a day off must be a weekday"),
        ({"holidays": [{"date": "2028-01-03", "name": "元旦"}]}, "not in 2027"),
    ],
)
def test_invalid_arrangements_are_refused_whole(client, admin, change, field) -> None:  # noqa: ANN001
    response = client.put("/v1/calendar/2027", json={**ARRANGEMENT_2027, **change}, headers=admin)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert field in [error["msg"] for error in response.json()["errors"]]
    assert client.get("/v1/calendar/2027").json()["status"] == "provisional"


def test_loading_needs_the_admin_scope(client: TestClient, session: Session) -> None:
    assert client.put("/v1/calendar/2027", json=ARRANGEMENT_2027).status_code == 401
    writer = {"X-API-Key": create_key(session, "platform", [Scope.EVENTS_WRITE])[1]}
    assert client.put("/v1/calendar/2027", json=ARRANGEMENT_2027, headers=writer).status_code == 403


@pytest.mark.parametrize(
    ("triggered_at", "status"),
    [("1700000000", 422), ("2025-02-30", 422), ("tomorrow", 422), ("2150-01-01", 422), ("1990-01-01", 422),
     ("2025-09-30T25:00", 422)],
)
def test_bad_triggers(client: TestClient, triggered_at: str, status: int) -> None:
    response = client.get("/v1/obligations/1/due-date", params={"triggered_at": triggered_at})
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)


def test_due_date_of_unknown_obligation(client: TestClient) -> None:
    assert client.get("/v1/obligations/999999/due-date", params={"triggered_at": "2025-01-01"}).status_code == 404
    assert client.get("/v1/obligations/1/due-date").status_code == 422


def test_cli_loads_a_year_and_refuses_a_bad_one(tmp_path) -> None:
    import json
    import os
    import subprocess
    import sys

    from app.core.config import PROJECT_ROOT

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "app", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)

    assert run("migrate").returncode == 0
    good, bad = tmp_path / "2027.json", tmp_path / "bad.json"
    good.write_text(json.dumps(ARRANGEMENT_2027, ensure_ascii=False), encoding="utf-8")
    bad.write_text(json.dumps({**ARRANGEMENT_2027, "workdays": [{"date": "2027-09-27"}]}), encoding="utf-8")
    refused = run("calendar", "load", "2027", str(bad))
    assert refused.returncode == 1 and "2027-09-27" in refused.stderr
    assert "provisional" in run("calendar", "show", "2027").stdout
    loaded = run("calendar", "load", "2027", str(good), "--loaded-by", "政务公开办")
    assert loaded.returncode == 0, loaded.stderr
    shown = run("calendar", "show", "2027").stdout
    assert "official" in shown and "2027-09-26" in shown


def test_instants_carry_their_offset_and_unknown_methods_are_405(client: TestClient) -> None:
    loaded_at = client.get("/v1/calendar/2025").json()["loaded_at"]
    assert loaded_at.endswith(("Z", "+00:00"))
    assert client.put("/v1/calendar/working-days", json={}).status_code == 405
    assert client.get("/v1/calendar/20x5").status_code == 404
