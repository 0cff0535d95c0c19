"""Fixtures of the event tests: a writer's key and 晋江's land-deal obligation."""

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.keys.scopes import Scope
from tests.conftest import committed_key
from tests.events.publications import obligation


@pytest.fixture
def writer(session: Session) -> dict[str, str]:
    return {"X-API-Key": committed_key(session, "ggzy-platform", Scope.EVENTS_WRITE)}


@pytest.fixture
def land_deal(client: TestClient) -> int:
    """晋江 成交公示: 交易结束后10个工作日内, 中国土地市场网, 市国土局, six content fields."""
    return obligation(client, "350582", "成交公示", "land_use_rights")["id"]
