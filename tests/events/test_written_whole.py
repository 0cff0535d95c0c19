"""An event and its disclosure are stored together or not at all, on a database that commits as in
production: on PostgreSQL an event that reads nothing stored is written by a single statement, its
own transaction; a failure of any part of it must leave nothing behind."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, text
from sqlmodel import Session, select

from app.events.models import Disclosure, Event
from tests.conftest import BACKENDS
from tests.events.conftest import fresh_engine
from tests.events.publications import good_publication, obligation
from tests.events.test_batch_equivalence import serving

REFUSE_DISCLOSURES = {
    "postgresql": (
        "CREATE FUNCTION refuse_disclosure() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'disclosures refused'; END $$",
        "CREATE TRIGGER refuse_disclosure BEFORE INSERT OR UPDATE ON disclosures "
        "FOR EACH ROW EXECUTE FUNCTION refuse_disclosure()",
    ),
    "sqlite": (
        "CREATE TRIGGER refuse_disclosure BEFORE INSERT ON disclosures "
        "BEGIN SELECT RAISE(ABORT, 'disclosures refused'); END",
        "CREATE TRIGGER refuse_disclosure_update BEFORE UPDATE ON disclosures "
        "BEGIN SELECT RAISE(ABORT, 'disclosures refused'); END",
    ),
}


@pytest.fixture(params=BACKENDS)
def committing(request: pytest.FixtureRequest, tmp_path_factory, seed_dir: Path) -> Iterator[Engine]:
    with fresh_engine(request.param, tmp_path_factory, seed_dir, "whole") as engine:
        yield engine


def counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        return (
            session.exec(select(func.count()).select_from(Event)).one(),
            session.exec(select(func.count()).select_from(Disclosure)).one(),
        )


def test_an_event_is_stored_with_its_disclosure_as_answered(committing: Engine) -> None:
    with serving(committing) as (client, key):
        land = obligation(client, "350582", "成交公示", "land_use_rights")["id"]
        trigger = client.post(
            "/v1/events",
            json={"obligation_id": land, "subject": "WHOLE-1", "kind": "trigger", "triggered_at": "2025-09-26T09:30:15.123456+08:00"},
            headers=key,
        ).json()
        published = client.post(
            "/v1/events", json=good_publication(land, "WHOLE-2", published_at="2025-10-16T10:00:00.654321+08:00"), headers=key
        ).json()

        # Read back exactly as answered, to the microsecond and with every JSON column.
        for answer in (trigger, published):
            assert client.get(f"/v1/events/{answer['id']}", headers=key).json() == answer
        assert trigger["triggered_at"] == "2025-09-26T09:30:15.123456+08:00"
        assert published["published_at"] == "2025-10-16T10:00:00.654321+08:00"

    with Session(committing) as session:
        rows = {row.subject: row for row in session.exec(select(Disclosure))}
    assert rows["WHOLE-1"].trigger_event_id == trigger["id"]
    assert rows["WHOLE-1"].publication_event_id is None
    assert rows["WHOLE-1"].status == "pending"
    assert rows["WHOLE-1"].due_date.isoformat() == trigger["due_date"]
    assert rows["WHOLE-2"].publication_event_id == published["id"]
    assert rows["WHOLE-2"].trigger_event_id is None
    assert rows["WHOLE-2"].status == "published_on_time"
    assert rows["WHOLE-2"].verdict == published["status"]
    assert rows["WHOLE-2"].published_at.isoformat() == "2025-10-16T02:00:00.654321+00:00"
    assert {check["name"]: check["result"] for check in published["checks"]}["content"] == rows["WHOLE-2"].content_check


def test_an_event_whose_disclosure_cannot_be_written_is_not_stored(committing: Engine) -> None:
    with serving(committing) as (client, key):
        land = obligation(client, "350582", "成交公示", "land_use_rights")["id"]
        assert client.post("/v1/events", json=good_publication(land, "BEFORE"), headers=key).status_code == 201
        before = counts(committing)
        with committing.begin() as connection:
            for statement in REFUSE_DISCLOSURES[committing.dialect.name]:
                connection.execute(text(statement))

        for body in (
            good_publication(land, "NEW-SUBJECT"),  # a new disclosure
            good_publication(land, "BEFORE", published_at="2025-10-17"),  # an existing one, updated
            {"obligation_id": land, "subject": "A-TRIGGER", "kind": "trigger", "triggered_at": "2025-09-26"},
        ):
            response = client.post("/v1/events", json=body, headers=key)
            assert response.status_code == 500, response.text
            assert response.headers["content-type"] == "application/problem+json"

        assert counts(committing) == before
