"""The write path sends its answers as EventPublic and BatchOut show them without building those
models (app/events/service.py, `public_fields`): each answer must be exactly what the model would
have rendered, no field more or less, every value in the same form."""

from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel

from app.events.schemas import BatchOut, EventPublic
from tests.events.publications import good_publication


def as_documented(model: type[BaseModel], answer: dict[str, Any]) -> dict[str, Any]:
    """The answer as the model renders it: what it reads of the answer, written back."""
    return model.model_validate(answer).model_dump(mode="json")


def varied(land: int) -> list[dict[str, Any]]:
    return [
        {"obligation_id": land, "subject": "ANS-1", "kind": "trigger", "triggered_at": "2025-09-26T09:30:00+08:00"},
        {**good_publication(land, "ANS-1", published_at="2025-10-09"), "triggered_at": None},  # the registered trigger
        good_publication(land, "ANS-LATE", published_at="2025-11-30T23:59:59.5+08:00", url="https://www.landchina.com/x"),
        good_publication(land, "ANS-EMPTY", content={"受让人": "无", "面积": 1.25, "出让价款": 10**30, "附件": ["a"]}),
        good_publication(land, "ANS-EXEMPT", content={}, exemption={"reason": "trade_secret", "basis": "第十五条"}),
        {"jurisdiction": "360800", "notice_type": "procurement_result", "subject": "ANS-STATUTES", "title": "公示",
         "triggered_at": "2025-09-29", "published_at": "2025-10-09", "publisher": "吉安市财政局", "channel": "中国政府采购网"},
    ]


def test_each_event_answer_is_as_event_public_renders_it(client: TestClient, writer: dict, land_deal: int) -> None:
    for body in varied(land_deal):
        posted = client.post("/v1/events", json=body, headers=writer)
        assert posted.status_code == 201, posted.text
        assert posted.json() == as_documented(EventPublic, posted.json())
    replayed = [
        client.post("/v1/events", json=varied(land_deal)[0] | {"subject": "ANS-KEYED"}, headers={**writer, "Idempotency-Key": "ans"})
        for _ in range(2)
    ]
    assert replayed[1].headers["Idempotent-Replayed"] == "true"
    assert replayed[1].json() == replayed[0].json() == as_documented(EventPublic, replayed[1].json())


def test_a_batch_answer_is_as_batch_out_renders_it(client: TestClient, writer: dict, land_deal: int) -> None:
    items = [{**body, "subject": f"B-{body['subject']}"} for body in varied(land_deal)]
    items += [{"subject": "NOT-AN-EVENT"}, {**good_publication(land_deal, "UNKNOWN"), "obligation_id": 999999}]
    for attempt in range(2):  # the second: every item replayed
        answered = client.post("/v1/events/batch", json={"events": items}, headers={**writer, "Idempotency-Key": "ans-batch"})
        assert answered.status_code == 200, answered.text
        body = answered.json()
        assert [item["status"] for item in body["items"]] == [201] * 6 + [422, 404]
        assert [item["replayed"] for item in body["items"][:6]] == [attempt == 1] * 6
        assert body == as_documented(BatchOut, body)
