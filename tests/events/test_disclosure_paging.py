"""The disclosures list pages by keyset: every disclosure once, in due-date order, however deep."""

from fastapi.testclient import TestClient

from tests.events.publications import publish


def test_pages_by_cursor_in_due_date_order(client: TestClient, writer: dict, land_deal: int) -> None:
    # Seven triggers, two on one day, so the order falls back to the id within a day.
    days = ["2025-09-26", "2025-08-01", "2025-09-26", "2025-07-15", "2025-10-09", "2025-06-02", "2025-08-20"]
    for number, day in enumerate(days):
        publish(client, writer, obligation_id=land_deal, subject=f"PAGE-{number}", kind="trigger", triggered_at=day)
    seen, cursor = [], None
    while True:
        params = {"status": "overdue", "as_of": "2026-11-30", "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/disclosures", params=params, headers=writer).json()
        assert (page["total"], page["total_exact"]) == (7, True)
        seen += [(item["due_date"], item["id"], item["subject"]) for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == 7 and len({subject for *_, subject in seen}) == 7
    assert seen == sorted(seen)
    assert [subject for *_, subject in seen][:2] == ["PAGE-5", "PAGE-3"]


def test_a_cursor_not_given_by_the_service_is_refused(client: TestClient, writer: dict) -> None:
    for cursor in ("2025-10-16.7", "739540.9999999999", "0.5", "abc", "739540"):
        answer = client.get("/v1/disclosures", params={"cursor": cursor}, headers=writer)
        assert answer.status_code == 422, (cursor, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
