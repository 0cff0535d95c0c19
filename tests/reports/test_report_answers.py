"""The compliance report's JSON is written from plain values, not from the model (a national report
has thousands of rows): it must be exactly what the model, given the same values, renders, and what
its downloads and the dashboard are made from."""

import pytest
from fastapi.testclient import TestClient

from app.reports.schemas import ComplianceReport, GroupBy
from tests.events.publications import good_publication, publish

NARROWED = [
    {"jurisdiction": "350582", "as_of": "2025-11-01"},
    {"jurisdiction": "350500", "domain": "land_use_rights", "from": "2025-10-01", "to": "2025-10-31", "as_of": "2025-11-20"},
    {"department": "市国土局", "jurisdiction": "350582", "as_of": "2025-11-01"},
    {"as_of": "2025-11-01", "from": "2026-01-01", "to": "2025-01-01"},  # a range with no day in it
]


@pytest.mark.parametrize("group_by", list(GroupBy))
@pytest.mark.parametrize("narrowed", NARROWED)
def test_the_answer_is_what_the_model_renders(client: TestClient, known_events: dict, group_by: GroupBy, narrowed: dict) -> None:
    response = client.get("/v1/reports/compliance", params={"group_by": group_by.value, **narrowed})
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer == ComplianceReport.model_validate(answer).model_dump(mode="json", by_alias=True)
    if "to" not in narrowed or narrowed["from"] <= narrowed["to"]:
        assert answer["totals"]["total"] > 0  # something was counted, not only the shape of nothing


def test_every_field_of_a_row_is_written(client: TestClient, known_events: dict) -> None:
    """A field the model has and the answer lacks would be filled in by its default when validated:
    the answer's rows must name every field themselves."""
    answer = client.get("/v1/reports/compliance", params={"group_by": "department", "as_of": "2025-11-01"}).json()
    fields = {field.alias or name for name, field in ComplianceReport.model_fields.items()}
    row_fields = {field.alias or name for name, field in ComplianceReport.model_fields["totals"].annotation.model_fields.items()}
    assert set(answer) == fields
    for row in [*answer["rows"], answer["totals"]]:
        assert set(row) == row_fields


@pytest.mark.parametrize("group_by", list(GroupBy))
def test_the_same_report_again_counts_what_was_written_since(
    client: TestClient, known_events: dict, writer: dict, group_by: GroupBy
) -> None:
    """A report's statement is kept for the same filters (app/reports/service.py _counting): what
    it counts is read anew every time."""
    params = {"group_by": group_by.value, "jurisdiction": "350582", "as_of": "2025-11-01"}
    before = client.get("/v1/reports/compliance", params=params).json()["totals"]
    publish(client, writer, **good_publication(known_events["land"], subject="AGAIN-1", published_at="2025-10-22"))
    after = client.get("/v1/reports/compliance", params=params).json()["totals"]
    assert after["total"] == before["total"] + 1
    assert after["published_late"] == before["published_late"] + 1
