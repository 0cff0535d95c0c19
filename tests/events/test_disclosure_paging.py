"""The disclosures list pages by keyset: every disclosure once, in due-date order, however deep."""

from fastapi.testclient import TestClient

from app.events.schemas import DisclosurePage
from tests.events.publications import good_publication, publish

EXEMPTION = {"reason": "trade_secret", "basis": "《中华人民共和国政府信息公开条例》第十五条"}


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


def test_a_page_with_nothing_on_it_counts_nothing(client: TestClient, writer: dict, land_deal: int) -> None:
    publish(client, writer, obligation_id=land_deal, subject="NONE-1", kind="trigger", triggered_at="2025-09-26")
    overdue = client.get("/v1/disclosures", params={"status": "overdue", "as_of": "2026-11-30"}, headers=writer).json()
    assert (overdue["total"], len(overdue["items"])) == (1, 1)
    # The count comes with the page's rows; with no row, it is counted apart.
    empty = client.get("/v1/disclosures", params={"status": "overdue", "as_of": "2025-01-01"}, headers=writer).json()
    assert (empty["total"], empty["total_exact"], empty["items"], empty["next_cursor"]) == (0, True, [], None)


def test_the_same_list_for_another_subject_or_day_answers_for_that_one(client: TestClient, writer: dict, land_deal: int) -> None:
    # A list's statement is built once for the same filters and kept: the subject, the day and the
    # cursor are its parameters, never part of what is kept.
    for subject in ("ASKED-1", "ASKED-2"):
        publish(client, writer, obligation_id=land_deal, subject=subject, kind="trigger", triggered_at="2025-09-26")
    for subject, as_of, found in (("ASKED-1", "2026-11-30", ["ASKED-1"]), ("ASKED-2", "2026-11-30", ["ASKED-2"]),
                                  ("ASKED-3", "2026-11-30", []), ("ASKED-2", "2025-01-01", [])):
        params = {"status": "overdue", "subject": subject, "as_of": as_of}
        page = client.get("/v1/disclosures", params=params, headers=writer).json()
        assert ([item["subject"] for item in page["items"]], page["total"]) == (found, len(found)), params


def test_a_cursor_not_given_by_the_service_is_refused(client: TestClient, writer: dict) -> None:
    for cursor in ("2025-10-16.7", "739540.9999999999", "0.5", "abc", "739540"):
        answer = client.get("/v1/disclosures", params={"cursor": cursor}, headers=writer)
        assert answer.status_code == 422, (cursor, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"


def test_a_page_is_what_the_model_renders(client: TestClient, writer: dict, land_deal: int) -> None:
    """The page is written from plain values, not from the model: it must be exactly what the model,
    given the same values, renders, with every field named."""
    publish(client, writer, **good_publication(land_deal, subject="ON-TIME", published_at="2025-10-16"))
    publish(client, writer, **good_publication(land_deal, subject="LATE", published_at="2025-10-27T15:30:00.25+08:00"))
    publish(client, writer, obligation_id=land_deal, subject="OVERDUE", kind="trigger", triggered_at="2025-09-26")
    publish(client, writer, obligation_id=land_deal, subject="PENDING", kind="trigger", triggered_at="2026-11-27")
    publish(client, writer, **good_publication(land_deal, subject="EXEMPT", content={}, exemption=EXEMPTION))
    publish(client, writer, jurisdiction="350582", notice_type="bid_result", subject="STATUTES",
            triggered_at="2025-09-26T09:00:00+08:00", published_at="2025-09-30T10:00:00+08:00", publisher="晋江市公共资源交易中心",
            channel="全国公共资源交易平台", content={"中标人": "x"})
    page = client.get("/v1/disclosures", params={"as_of": "2026-11-30", "limit": 4}, headers=writer).json()
    rest = client.get("/v1/disclosures", params={"as_of": "2026-11-30", "cursor": page["next_cursor"]}, headers=writer).json()
    for answer in (page, rest):
        assert answer == DisclosurePage.model_validate(answer).model_dump(mode="json")
    items = page["items"] + rest["items"]
    assert {item["status"] for item in items} == {"published_on_time", "published_late", "overdue", "pending"}
    assert {item["exemption_status"] for item in items} == {None, "claimed"}
    assert None in {item["published_at"] for item in items}
    fields = set(DisclosurePage.model_fields["items"].annotation.__args__[0].model_fields)
    assert all(set(item) == fields for item in items)
    late = next(item for item in items if item["subject"] == "LATE")
    assert late["published_at"] == "2025-10-27T15:30:00.250000+08:00"
