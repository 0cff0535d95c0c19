"""Rate limits per key: over the limit is a 429 problem with Retry-After, and the metric counts it."""

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY
from sqlmodel import Session

from app.core.errors import TooManyRequests
from app.keys import dependencies
from app.keys.limits import KeyLimiter
from app.keys.scopes import Scope
from tests.conftest import committed_key


@pytest.fixture
def three_a_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    limiter = KeyLimiter("3/minute", "memory://")
    monkeypatch.setattr(dependencies, "key_limiter", lambda: limiter)


def refusals() -> float:
    return REGISTRY.get_sample_value("api_key_rate_limited_total") or 0.0


@pytest.mark.usefixtures("three_a_minute")
def test_a_key_over_its_limit_gets_429_and_others_do_not(client: TestClient, session: Session) -> None:
    busy = {"X-API-Key": committed_key(session, "busy", Scope.EVENTS_WRITE)}
    calm = {"X-API-Key": committed_key(session, "calm", Scope.EVENTS_WRITE)}
    before = refusals()
    answers = [client.get("/v1/api-keys/current", headers=busy) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.json()["type"].endswith("rate-limited") and refused.json()["limit"] == "3 per 1 minute"
    # Writes on the hot path count against the same budget.
    trigger = {"jurisdiction": "350582", "notice_type": "procurement_result", "kind": "trigger", "subject": "R-1",
               "triggered_at": "2025-09-29"}
    assert client.post("/v1/events", json=trigger, headers=busy).status_code == 429
    assert refusals() == before + 2
    assert client.get("/v1/api-keys/current", headers=calm).status_code == 200


def test_the_limit_is_a_setting_and_none_means_no_limit() -> None:
    unlimited = KeyLimiter("", "memory://")
    for _ in range(1000):
        unlimited.admit(1)
    limited = KeyLimiter("2/second;5/minute", "memory://")
    limited.admit(7)
    limited.admit(7)
    with pytest.raises(TooManyRequests) as refused:
        limited.admit(7)
    assert "2 per 1 second" in refused.value.detail
    limited.admit(8)  # another key's budget is its own
