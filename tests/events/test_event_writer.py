"""Single events posted together are stored together (app/events/writer.py), and each is answered
and stored exactly as if it had been posted alone: on fresh databases, so even the ids agree."""

import asyncio
import json

import httpx
import pytest
from fastapi_problem.error import Problem
from sqlalchemy import Engine, event
from sqlmodel import Session

from app.core.database import Database, get_database, get_session
from app.core.json_text import json_bytes
from app.core.observability import EVENT_GROUPS
from app.events import batch
from app.events.schemas import EventCreate
from app.events.service import Submitted
from app.events.writer import GROUP_LIMIT, EventWriter, write_alone
from app.keys.bindings import Bindings
from app.keys.dependencies import PresentedKey
from app.keys.scopes import Scope
from app.keys.service import create_key
from app.main import create_app
from tests.conftest import committing_client
from tests.events.publications import good_publication, obligation
from tests.events.test_batch_equivalence import publication, stored, trigger


def keys(engine: Engine) -> dict[str, PresentedKey]:
    """Two platforms' keys (one bound to 晋江), a reader's key and one nobody issued."""
    with Session(engine) as session:
        made = {
            "jinjiang": create_key(session, "jj", [Scope.EVENTS_WRITE], platform="jj", bindings=Bindings.of(["350582"], None)),
            "other": create_key(session, "other", [Scope.EVENTS_WRITE], platform="other", bindings=Bindings.of(None, None)),
            "reader": create_key(session, "reader", [Scope.EVENTS_READ], platform="gov", bindings=Bindings.of(None, None)),
        }
        session.commit()
    return {name: PresentedKey(key) for name, (_, key) in made.items()} | {"unknown": PresentedKey("dr_not-issued")}


def posts(land: int) -> list[tuple[str, dict, str | None]]:
    """(key, body, Idempotency-Key) in the order posted."""
    return [
        ("jinjiang", trigger(land, "G-1"), None),
        ("jinjiang", publication(land, "G-1", "2025-10-09T10:00:00+08:00"), None),      # G-1's trigger, just before
        ("other", good_publication(land, "G-1", published_at="2025-10-30"), None),      # another platform's G-1: late
        ("jinjiang", good_publication(land, "G-2", published_at="2025-10-30"), "k-1"),
        ("jinjiang", good_publication(land, "G-2", published_at="2025-10-30"), "k-1"),  # the same again: replayed
        ("jinjiang", good_publication(land, "G-3"), "k-1"),                             # another body: 409
        ("other", good_publication(land, "G-2", published_at="2025-10-30"), "k-1"),     # another key's k-1: its own
        ("jinjiang", {**good_publication(land, "G-4"), "obligation_id": 999999}, None),  # 404
        ("jinjiang", {"jurisdiction": "360800", "notice_type": "procurement_result", "subject": "JIAN-1",  # 403
                      "triggered_at": "2025-09-29", "published_at": "2025-10-09", "publisher": "吉安市财政局",
                      "channel": "中国政府采购网"}, None),
        ("unknown", good_publication(land, "G-5"), None),                               # 401
        ("reader", good_publication(land, "G-6"), None),                                # 403: no events:write
        ("jinjiang", publication(land, "NO-TRIGGER", "2025-10-10"), None),              # 409: no trigger registered
        ("jinjiang", good_publication(land, "TO-CORRECT", published_at="2025-10-11", corrects=2), None),  # corrects event 2
        ("other", good_publication(land, "TO-CORRECT", corrects=2), None),                     # 403: another platform's event
    ]


def answer(outcome: Submitted | BaseException) -> tuple:
    if isinstance(outcome, Submitted):
        public = {name: value for name, value in json.loads(json_bytes(outcome.event)).items() if name != "received_at"}
        return (201, outcome.created, public)
    assert isinstance(outcome, Problem), repr(outcome)
    return (outcome.status, type(outcome).__name__, outcome.detail)


def land_obligation(engine: Engine) -> int:
    with committing_client(engine) as client:
        return obligation(client, "350582", "成交公示", "land_use_rights")["id"]


async def posted_together(writer: EventWriter, sent: list[tuple[PresentedKey, EventCreate, str | None]]) -> list:
    """Every event queued before the writer starts, so that they are all one group."""
    waiting = [asyncio.ensure_future(writer.submit(*post)) for post in sent]
    await asyncio.sleep(0)
    writer.start()
    try:
        return await asyncio.gather(*waiting, return_exceptions=True)
    finally:
        writer.stop()


def groups_seen() -> tuple[float, float]:
    """How many groups the writers have stored, and how many events were in them."""
    samples = {sample.name: sample.value for metric in EVENT_GROUPS.collect() for sample in metric.samples}
    return samples["event_write_group_size_count"], samples["event_write_group_size_sum"]


def test_events_stored_together_are_answered_and_stored_as_alone(two_databases: tuple[Engine, Engine]) -> None:
    grouped, alone = two_databases
    land = land_obligation(grouped)
    assert land == land_obligation(alone)
    presented = {"grouped": keys(grouped), "alone": keys(alone)}
    # Events 1 and 2, stored before: what the group finds (event 2 is corrected by it).
    for engine, mine in ((grouped, presented["grouped"]), (alone, presented["alone"])):
        for body in (trigger(land, "STORED"), good_publication(land, "TO-CORRECT")):
            write_alone(Database(engine=engine), mine["jinjiang"], EventCreate.model_validate(body), None)

    sent = posts(land)
    assert len(sent) <= GROUP_LIMIT
    groups, events = groups_seen()
    together = asyncio.run(posted_together(
        EventWriter(grouped),
        [(presented["grouped"][name], EventCreate.model_validate(body), key) for name, body, key in sent],
    ))
    assert groups_seen() == (groups + 1, events + len(sent))  # one group: every event in one transaction

    one_by_one = []
    for name, body, key in sent:
        try:
            one_by_one.append(write_alone(Database(engine=alone), presented["alone"][name], EventCreate.model_validate(body), key))
        except Problem as problem:
            one_by_one.append(problem)

    assert [answer(outcome)[0] for outcome in together] == [
        201, 201, 201, 201, 201, 409, 201, 404, 403, 401, 403, 409, 201, 403,
    ]
    assert [answer(outcome) for outcome in together] == [answer(outcome) for outcome in one_by_one]
    assert together[1].event["trigger_event_id"] == together[0].event["id"]
    assert together[4].created is False and together[4].event["id"] == together[3].event["id"]
    assert together[6].event["id"] != together[3].event["id"]
    assert stored(grouped) == stored(alone)


def test_a_group_that_fails_is_stored_again_one_by_one(
    two_databases: tuple[Engine, Engine], monkeypatch: pytest.MonkeyPatch
) -> None:
    grouped, _ = two_databases
    land = land_obligation(grouped)
    jinjiang = keys(grouped)["jinjiang"]

    def broken(*_: object) -> list:
        raise RuntimeError("the group's transaction failed")

    monkeypatch.setattr(batch, "submit_events", broken)
    sent = [(jinjiang, EventCreate.model_validate(good_publication(land, f"F-{n}")), None) for n in range(5)]
    sent.append((jinjiang, EventCreate.model_validate({**good_publication(land, "F-X"), "obligation_id": 999999}), None))
    outcomes = asyncio.run(posted_together(EventWriter(grouped), sent))

    assert [answer(outcome)[0] for outcome in outcomes] == [201] * 5 + [404]
    events, disclosures = stored(grouped)
    assert sorted(row["subject"] for row in disclosures) == [f"F-{n}" for n in range(5)]
    assert len(events) == 5


def test_concurrent_posts_share_transactions_and_each_gets_its_own_answer(committed_engine: Engine) -> None:
    app = create_app()
    app.dependency_overrides[get_database] = lambda: Database(engine=committed_engine)
    app.dependency_overrides[get_session] = lambda: iter([Session(committed_engine)])
    land = land_obligation(committed_engine)
    jinjiang = keys(committed_engine)["jinjiang"]
    commits = []

    def committed(_connection: object) -> None:
        commits.append(1)

    event.listen(committed_engine, "commit", committed)

    async def post_all() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            return await asyncio.gather(*(
                client.post("/v1/events", json=good_publication(land, f"C-{n}", published_at="2025-10-30"),
                            headers={"X-API-Key": jinjiang.value})
                for n in range(40)
            ))

    try:
        responses = asyncio.run(post_all())
    finally:
        event.remove(committed_engine, "commit", committed)
    assert [response.status_code for response in responses] == [201] * 40, responses[0].text
    answers = [response.json() for response in responses]
    assert [a["subject"] for a in answers] == [f"C-{n}" for n in range(40)]
    assert len({(a["status"], a["due_date"], a["timeliness"]) for a in answers}) == 1  # the same event each time
    assert len({a["id"] for a in answers}) == 40
    assert all(response.headers["Location"] == f"/v1/events/{a['id']}" for response, a in zip(responses, answers, strict=True))
    assert len(commits) < 40  # some shared a transaction
