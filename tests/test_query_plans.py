"""The hot queries keep their indexes as the tables grow: PostgreSQL's plan for every statement
the service runs on events and disclosures, behind a filter, reads them by index, never whole.

On PostgreSQL only (SQLite's planner is not production's). The database is migrated and seeded,
then given a generated history, 200,000 events and 200,000 disclosures spread over every county
of the country, and analysed. The requests platforms and supervisors make most are then served,
the SQL they run is captured as it goes to the server, and each statement's plan is asked for.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sqlmodel import Session

from app.keys.scopes import Scope
from tests.conftest import committed_key, committing_client, database_url, prepared_engine
from tests.events.test_concurrency import event as publication
from tests.history import generate_history

HISTORY = 200_000
HOT_TABLES = ("events", "disclosures")

@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory, seed_dir: Path) -> Iterator[Engine]:
    for url in database_url("postgresql", tmp_path_factory, "plans"):
        engine = prepared_engine(url, seed_dir)
        with Session(engine) as session:
            committed_key(session, "history", Scope.EVENTS_WRITE, platform="history")
            key_id = session.execute(text("SELECT max(id) FROM api_keys")).scalar_one()
        with engine.begin() as connection:
            generate_history(connection, HISTORY, key_id)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
        yield engine
        engine.dispose()


def plans_of(engine: Engine, requests) -> list[tuple[str, list[str]]]:  # noqa: ANN001
    """Each statement on the hot tables that `requests` runs, with the tables its plan reads whole."""
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and any(table in statement for table in HOT_TABLES):
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        requests()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert statements, "the requests ran no statement on events or disclosures"
    found = []
    with engine.connect() as connection:
        for statement, parameters in statements:
            plan = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters).scalar_one()
            found.append((statement, sorted(whole_reads(plan[0]["Plan"]))))
    return found


def whole_reads(node: dict) -> Iterator[str]:
    if node.get("Node Type") == "Seq Scan" and node.get("Relation Name") in HOT_TABLES:
        yield node["Relation Name"]
    for child in node.get("Plans", []):
        yield from whole_reads(child)


def test_a_whole_read_is_seen(history: Engine) -> None:
    # The detector itself: a filter on a column no index leads with is a read of the whole table.
    def requests() -> None:
        with history.connect() as connection:
            connection.execute(text("SELECT count(*) FROM disclosures WHERE domain_code = 'construction_bidding'"))

    assert plans_of(history, requests)[0][1] == ["disclosures"]


def test_platform_and_supervisor_reads_use_indexes(history: Engine) -> None:
    client = committing_client(history)
    with Session(history) as session:
        platform = {"X-API-Key": committed_key(session, "history-1", Scope.EVENTS_WRITE, platform="history-1")}
        supervisor = {"X-API-Key": committed_key(session, "晋江市监督", Scope.EVENTS_READ, jurisdictions=["350582"])}
        province = {"X-API-Key": committed_key(session, "福建省监督", Scope.EVENTS_READ, jurisdictions=["350000"])}

    def requests() -> None:
        # A county's list, and a province's (its subtree's hundred codes, one array on PostgreSQL).
        for headers, place in ((platform, "350582"), (supervisor, "350582"), (province, "350582"), (province, "350000")):
            overdue = {"status": "overdue", "jurisdiction": place, "as_of": "2026-11-30", "limit": 20}
            first = client.get("/v1/disclosures", params=overdue, headers=headers)
            assert first.status_code == 200, first.text
            if first.json()["next_cursor"]:
                deep = client.get("/v1/disclosures", params={**overdue, "cursor": first.json()["next_cursor"]}, headers=headers)
                assert deep.status_code == 200, deep.text
            assert client.get("/v1/disclosures", params={"subject": "H-4242"}, headers=headers).status_code == 200
            assert client.get("/v1/events", params={"subject": "H-4242"}, headers=headers).status_code == 200
        department = client.get("/v1/disclosures", params={"status": "overdue", "jurisdiction": "350582",
                                                             "department": "市国土局", "as_of": "2026-11-30"}, headers=supervisor)
        assert department.status_code == 200, department.text
        assert client.get("/v1/events", params={"limit": 50}, headers=platform).status_code == 200
        assert client.get("/v1/events", params={"limit": 50}, headers=supervisor).status_code == 200

    offenders = [(statement, tables) for statement, tables in plans_of(history, requests) if tables]
    assert not offenders, offenders


def test_supervisor_reports_and_the_dashboard_use_indexes(history: Engine) -> None:
    client = committing_client(history)

    def requests() -> None:
        for place in ("350582", "350000"):
            report = client.get("/v1/reports/compliance", params={
                "jurisdiction": place, "from": "2025-01-01", "to": "2025-12-31", "group_by": "month"})
            assert report.status_code == 200, report.text
        assert client.get("/dashboard", params={"jurisdiction": "350582", "as_of": "2026-11-30"}).status_code == 200
        # The whole country, every year: the tallies, and of the disclosures only the month of as_of.
        for group_by in ("jurisdiction", "month"):
            national = client.get("/v1/reports/compliance", params={"group_by": group_by, "as_of": "2026-11-30"})
            assert national.status_code == 200, national.text

    offenders = [(statement, tables) for statement, tables in plans_of(history, requests) if tables]
    assert not offenders, offenders


def test_posting_an_event_reads_by_index(history: Engine) -> None:
    client = committing_client(history)
    with Session(history) as session:
        headers = {"X-API-Key": committed_key(session, "history-2", Scope.EVENTS_WRITE, platform="history-2")}
        reviewer = {"X-API-Key": committed_key(session, "省平台审核", Scope.EXEMPTIONS_REVIEW, platform="province")}

    def requests() -> None:
        for number in range(3):
            answer = client.post("/v1/events", json=publication(f"PLAN-{number}"), headers={**headers, "Idempotency-Key": f"p{number}"})
            assert answer.status_code == 201, answer.text
        assert client.get(f"/v1/events/{answer.json()['id']}", headers=headers).status_code == 200
        claimed = client.post("/v1/events", json={**publication("PLAN-X"), "exemption": {
            "reason": "trade_secret", "basis": "《中华人民共和国政府信息公开条例》第十五条"}}, headers=headers)
        review = client.post(f"/v1/events/{claimed.json()['id']}/exemption-reviews",
                             json={"decision": "granted", "reason": "涉及商业秘密"}, headers=reviewer)
        assert review.status_code == 201, review.text
        assert client.get("/v1/events", params={"from": "2026-01-01", "limit": 5}, headers=headers).status_code == 200

    offenders = [(statement, tables) for statement, tables in plans_of(history, requests) if tables]
    assert not offenders, offenders
