"""Trigger codes are one enum with a Chinese label and an English description each, and the API
says so: clients see the codes as an enum and read what each means."""

from sqlmodel import Session, select

from app.catalog.models import Obligation
from app.deadlines.rules import TriggerCode
from app.main import create_app
from app.statutes.models import NoticeType, StatutoryRule


def test_the_openapi_document_lists_every_trigger_code_with_its_meaning() -> None:
    schemas = create_app().openapi()["components"]["schemas"]
    codes = schemas["TriggerCode"]
    assert codes["enum"] == [code.value for code in TriggerCode]
    assert codes["x-enum-descriptions"] == [code.description for code in TriggerCode]
    assert all(" / " in code.description and code.label for code in TriggerCode)
    assert "- `reporting_quarter`: 报告季度 / " in codes["description"]
    trigger = schemas["DeadlinePublic"]["properties"]["trigger"]
    assert {"$ref": "#/components/schemas/TriggerCode"} in trigger["anyOf"]
    assert schemas["DueDatePublic"]["properties"]["rule"] == {"$ref": "#/components/schemas/DeadlinePublic"}


def test_every_seeded_rule_counts_from_a_known_trigger(session: Session) -> None:
    known = {code.value for code in TriggerCode}
    for row in session.exec(select(Obligation)):
        triggers = {row.deadline_trigger, *(alternative["trigger"] for alternative in row.deadline_alternatives)}
        assert triggers - {None} <= known, (row.ref, triggers)
    assert set(session.exec(select(StatutoryRule.deadline_trigger))) <= known
    assert set(session.exec(select(NoticeType.trigger))) <= known
