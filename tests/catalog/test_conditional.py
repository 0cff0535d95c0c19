"""ETag and 304 on obligation reads, and answers kept until the catalog changes."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text
from sqlmodel import Session

from app.core import conditional

JINJIANG = "/v1/obligations?jurisdiction=350582&domain=land_use_rights"


def test_an_answer_carries_an_etag_and_a_matching_if_none_match_gets_304(client: TestClient) -> None:
    first = client.get(JINJIANG)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.headers["cache-control"] == "no-cache"
    assert first.json()["total"] > 0

    for held in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get(JINJIANG, headers={"If-None-Match": held})
        assert again.status_code == 304, held
        assert again.content == b""
        assert again.headers["etag"] == etag

    stale = client.get(JINJIANG, headers={"If-None-Match": '"not-this-one"'})
    assert stale.status_code == 200
    assert stale.json() == first.json()


def test_each_query_and_each_obligation_has_its_own_etag(client: TestClient) -> None:
    land = client.get(JINJIANG).headers["etag"]
    assert client.get("/v1/obligations?jurisdiction=350582").headers["etag"] != land
    assert client.get(f"{JINJIANG}&limit=2").headers["etag"] != land
    one, two = client.get("/v1/obligations/1"), client.get("/v1/obligations/2")
    assert one.json()["id"] == 1 and two.json()["id"] == 2
    assert one.headers["etag"] != two.headers["etag"]
    assert client.get("/v1/obligations/1", headers={"If-None-Match": one.headers["etag"]}).status_code == 304


def test_errors_are_problems_and_not_kept(client: TestClient) -> None:
    missing = client.get("/v1/obligations/999999")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "etag" not in missing.headers
    unknown = client.get("/v1/obligations?jurisdiction=999999")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"


def test_a_catalog_change_changes_the_answer_and_its_etag(client: TestClient, session: Session) -> None:
    before = client.get("/v1/obligations/15")
    session.execute(text("UPDATE obligations SET legal_basis = 'amended' WHERE id = 15"))
    session.commit()
    after = client.get("/v1/obligations/15", headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.json()["legal_basis"] == "amended"
    assert after.headers["etag"] != before.headers["etag"]


def test_a_repeated_read_is_served_without_a_database_round_trip(
    listening_client: TestClient, committed_engine: Engine
) -> None:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement)

    first = listening_client.get(JINJIANG)
    # The listener connects in the background; until then revisions are read from the database.
    for _ in range(100):
        event.listen(committed_engine, "before_cursor_execute", record)
        statements.clear()
        again = listening_client.get(JINJIANG)
        event.remove(committed_engine, "before_cursor_execute", record)
        if not statements:
            break
    assert again.json() == first.json()
    # Nothing through the pool: PostgreSQL's revisions are heard, SQLite's read on a connection
    # of their own.
    assert statements == []

    with committed_engine.begin() as connection:
        original = connection.execute(text("SELECT legal_basis FROM obligations WHERE id = 15")).scalar_one()
        connection.execute(text("UPDATE obligations SET legal_basis = 'changed elsewhere' WHERE id = 15"))
    try:
        seen = None
        for _ in range(250):
            seen = listening_client.get("/v1/obligations/15").json()["legal_basis"]
            if seen == "changed elsewhere":
                break
        assert seen == "changed elsewhere"
    finally:
        with committed_engine.begin() as connection:
            connection.execute(text("UPDATE obligations SET legal_basis = :b WHERE id = 15"), {"b": original})


def test_a_held_answer_takes_no_worker_thread_and_a_change_is_never_answered_from_memory(
    listening_client: TestClient, committed_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[object] = []
    threadpool = conditional.run_in_threadpool

    async def counting(function, *args):  # noqa: ANN001, ANN202
        rendered.append(function)
        return await threadpool(function, *args)

    monkeypatch.setattr(conditional, "run_in_threadpool", counting)
    first = listening_client.get("/v1/obligations/16")
    assert len(rendered) == 1  # a miss is rendered in a worker thread
    # The listener connects in the background; once it has, a repeat is answered from memory.
    for _ in range(100):
        rendered.clear()
        again = listening_client.get("/v1/obligations/16", headers={"If-None-Match": first.headers["etag"]})
        if not rendered:
            break
    assert again.status_code == 304 and rendered == []

    with committed_engine.begin() as connection:
        original = connection.execute(text("SELECT legal_basis FROM obligations WHERE id = 16")).scalar_one()
        connection.execute(text("UPDATE obligations SET legal_basis = 'changed again' WHERE id = 16"))
    try:
        if committed_engine.dialect.name == "sqlite":
            # SQLite's counter is read on every request: the first read after the commit is new.
            assert listening_client.get("/v1/obligations/16").json()["legal_basis"] == "changed again"
        seen = [listening_client.get("/v1/obligations/16").json()["legal_basis"] for _ in range(250)]
        assert seen[-1] == "changed again"
        # Once the change is seen, the old answer never comes back.
        assert "changed again" in seen and set(seen[seen.index("changed again"):]) == {"changed again"}
    finally:
        with committed_engine.begin() as connection:
            connection.execute(text("UPDATE obligations SET legal_basis = :b WHERE id = 16"), {"b": original})
