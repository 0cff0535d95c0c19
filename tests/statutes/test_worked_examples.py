"""One worked example per statutory rule, on the legal calendar around a National Day break (2025:
10-01 to 10-08 off, Sunday 09-28 and Saturday 10-11 worked), posted as a platform would.

泉州 (350500) has no catalog of its own, so the statutes alone judge there: each notice is posted
by jurisdiction and notice type, once on its due date (on time) and once a day later (late).
"""

from datetime import date, timedelta

import pytest
import yaml
from fastapi.testclient import TestClient

from app.statutes.seed import STATUTORY_RULES_FILE
from tests.events.publications import publish

STATUTES_ONLY = "350500"

# key → (notice type, its own trigger day, other anchors, the due date the law gives)
EXAMPLES: dict[str, tuple[str, date, dict[str, date], date]] = {
    # 2 working days from Monday 09-29: 09-30, then the break, then 10-09.
    "procurement-result-2wd": ("procurement_result", date(2025, 9, 29), {}, date(2025, 10, 9)),
    "procurement-contract-2wd": ("procurement_contract", date(2025, 9, 30), {}, date(2025, 10, 10)),
    # At least 30 days before a procurement starting 10-31: by 10-01, a holiday moves nothing backwards.
    "procurement-intention-30d": (
        "procurement_intention", date(2025, 9, 1), {"trading_start": date(2025, 10, 31)}, date(2025, 10, 1)
    ),
    # 15 days before a bid deadline of 10-20: by 10-05, in the holiday; a day before which one must act
    # does not move.
    "procurement-correction-15d": (
        "procurement_correction", date(2025, 9, 22), {"trading_start": date(2025, 10, 20)}, date(2025, 10, 5)
    ),
    # 3 days from Friday 09-26 end on Monday 09-29.
    "bid-candidates-3d": ("bid_candidates", date(2025, 9, 26), {}, date(2025, 9, 29)),
    "tender-clarification-15d": (
        "tender_clarification", date(2025, 9, 22), {"trading_start": date(2025, 10, 20)}, date(2025, 10, 5)
    ),
    "land-transfer-notice-20d": (
        "land_transfer_notice", date(2025, 9, 15), {"trading_start": date(2025, 10, 21)}, date(2025, 10, 1)
    ),
    # 10 working days from Friday 09-26: 09-28 (worked Sunday) … 10-16.
    "land-transfer-result-10wd": ("land_transfer_result", date(2025, 9, 26), {}, date(2025, 10, 16)),
    "licensing-penalty-decisions-7wd": ("penalty_decision", date(2025, 9, 30), {}, date(2025, 10, 16)),
    # The fallback: a notice no other rule sets a period for. 20 working days from 09-30.
    "gov-info-regulation-26": ("land_supply_result", date(2025, 9, 30), {}, date(2025, 11, 4)),
    # Before 2019-05-15 the 2008 regulation's 第十八条 was the fallback. 2018's National Day break ran
    # 10-01 to 10-07 with 09-29 and 09-30 worked: 20 working days from 09-28 end on 10-31.
    "gov-info-regulation-2008-18": ("land_supply_result", date(2018, 9, 28), {}, date(2018, 10, 31)),
}


@pytest.fixture(scope="module")
def statute_keys(seed_dir) -> list[str]:  # noqa: ANN001
    rules = yaml.safe_load((seed_dir / STATUTORY_RULES_FILE).read_text(encoding="utf-8"))["statutory_rules"]
    return [rule["key"] for rule in rules]


def test_every_statutory_rule_has_a_worked_example(statute_keys: list[str]) -> None:
    assert sorted(statute_keys) == sorted(EXAMPLES)


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_worked_example(client: TestClient, writer: dict, key: str) -> None:
    notice_type, triggered, others, due = EXAMPLES[key]
    statute = next(rule for rule in client.get("/v1/statutory-rules").json()["items"] if rule["key"] == key)
    for late_by, timeliness in ((0, "on_time"), (1, "late")):
        published = due + timedelta(days=late_by)
        event = publish(
            client,
            writer,
            jurisdiction=STATUTES_ONLY,
            notice_type=notice_type,
            subject=f"{key}-{late_by}",
            triggered_at=triggered.isoformat(),
            triggers={kind: day.isoformat() for kind, day in others.items()},
            published_at=f"{published.isoformat()}T10:00:00+08:00",
            publisher="泉州市某单位",
            channel="泉州市人民政府网站",
        )
        assert event["obligation_id"] is None
        governing = next(rule for rule in event["rules"] if rule["governing"])
        assert governing["statute_key"] == key
        cited = statute["citation"]
        assert cited["instrument"] in governing["citation"] and (cited["article"] or "") in governing["citation"]
        assert governing["due_date"] == due.isoformat() == event["due_date"]
        assert event["timeliness"] == timeliness
