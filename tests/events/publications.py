"""What the event tests send: a good publication of 晋江's land deal, and how to find an obligation."""

from fastapi.testclient import TestClient

LAND_FIELDS = {"受让人": "某公司", "出让方式": "挂牌", "宗地坐落": "晋江市某地", "面积": "1.2公顷", "土地用途": "工业", "出让价款": "3600万元"}


def obligation(client: TestClient, jurisdiction: str, q: str, domain: str | None = None) -> dict:
    params = {"jurisdiction": jurisdiction, "q": q, **({"domain": domain} if domain else {})}
    return client.get("/v1/obligations", params=params).json()["items"][0]


def publish(client: TestClient, headers: dict, **body) -> dict:  # noqa: ANN003
    response = client.post("/v1/events", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def good_publication(obligation_id: int, subject: str = "JJ-2025-001", **changes) -> dict:  # noqa: ANN003
    return {
        "obligation_id": obligation_id,
        "subject": subject,
        "triggered_at": "2025-09-26",
        "published_at": "2025-10-16T10:00:00+08:00",
        "publisher": "市国土局",
        "channel": "中国土地市场网",
        "content": LAND_FIELDS,
        **changes,
    }
