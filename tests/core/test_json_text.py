"""JSON made by orjson means what the standard library's encoder would have written."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from app.core.json_text import json_bytes, json_text


@dataclass(frozen=True)
class Item:
    index: int
    detail: dict | None = None


@pytest.mark.parametrize(
    "value",
    [
        {"受让人": "某某公司", "面积": 1200, "出让价款": 3.5, "公开": True, "附件": ["a", "b"], "备注": None},
        {"很大的数": 10**30, "负数": -(2**70)},  # beyond 64 bits: orjson refuses them, JSON allows them
        {1: "a key that is not a string"},
    ],
)
def test_the_text_reads_back_as_the_standard_encoders_does(value: object) -> None:
    text = json_text(value)
    assert json.loads(text) == json.loads(json.dumps(value))
    assert "\\u" not in text  # Chinese as itself: half the bytes of its escapes


@pytest.mark.parametrize("big", [1, 10**30])  # orjson, and the standard encoder it falls back to
def test_instants_days_and_dataclasses_are_written_in_iso_8601_and_by_field(big: int) -> None:
    moment = datetime(2025, 9, 26, 1, 2, 3, 456, tzinfo=UTC)
    value = {"at": moment, "day": date(2025, 10, 16), "items": [Item(big, {"day": date(2025, 10, 17)})]}
    assert json.loads(json_bytes(value)) == {
        "at": "2025-09-26T01:02:03.000456+00:00",
        "day": "2025-10-16",
        "items": [{"index": big, "detail": {"day": "2025-10-17"}}],
    }


def test_what_has_no_json_form_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="with their offset"):
        json_text({"at": datetime(2025, 9, 26)})
    with pytest.raises(TypeError, match="set has no JSON form"):
        json_text({"s": {1}})
