"""Request ids and metrics, in process."""

import re

from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from tests.events.publications import good_publication


def test_every_answer_carries_a_request_id_made_here_or_passed_on(client: TestClient) -> None:
    made = client.get("/v1/domains").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/v1/domains").headers["x-request-id"] != made

    given = client.get("/v1/domains", headers={"X-Request-ID": "lb-7f3a.42"})
    assert given.headers["x-request-id"] == "lb-7f3a.42"

    # Ids that could forge or flood a log line are replaced, not passed on.
    for hostile in (b"two words", b"x" * 129, "id\u00e9".encode(), b'a"}, "level": "forged'):
        answer = client.get("/v1/domains", headers={b"X-Request-ID": hostile})
        assert re.fullmatch(r"[0-9a-f]{32}", answer.headers["x-request-id"])


def test_errors_and_refused_bodies_carry_a_request_id_too(client: TestClient) -> None:
    assert client.get("/v1/obligations/999999").headers["x-request-id"]
    assert client.get("/no/such/path").headers["x-request-id"]
    big = client.post("/v1/events", content=b"x" * 2_000_000, headers={"Content-Type": "application/json"})
    assert big.status_code == 413 and big.headers["x-request-id"]


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_count_requests_by_route_template_and_verdicts_by_status(
    client: TestClient, writer: dict, land_deal: int
) -> None:
    route = "/v1/obligations/{obligation_id}"
    requests_before = sample("http_requests_total", method="GET", route=route, status="200")
    latencies_before = sample("http_request_duration_seconds_count", method="GET", route=route)
    compliant_before = sample("disclosure_verdicts_total", kind="publication", status="compliant")
    noncompliant_before = sample("disclosure_verdicts_total", kind="publication", status="noncompliant")

    client.get("/v1/obligations/1")
    client.get("/v1/obligations/2")
    assert client.post("/v1/events", json=good_publication(land_deal, subject="M-1"), headers=writer).status_code == 201
    late = {**good_publication(land_deal, subject="M-2"), "published_at": "2025-12-30"}
    assert client.post("/v1/events", json=late, headers=writer).json()["status"] == "noncompliant"
    replay = {**writer, "Idempotency-Key": "metrics-1"}
    for _ in range(2):  # a replay stores nothing new, so it is not a new verdict
        client.post("/v1/events", json=good_publication(land_deal, subject="M-3"), headers=replay)

    assert sample("http_requests_total", method="GET", route=route, status="200") == requests_before + 2
    assert sample("http_request_duration_seconds_count", method="GET", route=route) == latencies_before + 2
    assert sample("disclosure_verdicts_total", kind="publication", status="compliant") == compliant_before + 2
    assert sample("disclosure_verdicts_total", kind="publication", status="noncompliant") == noncompliant_before + 1

    exposition = client.get("/metrics")
    assert exposition.status_code == 200
    assert exposition.headers["content-type"].startswith("text/plain")
    assert f'http_requests_total{{method="GET",route="{route}",status="200"}}' in exposition.text
    assert 'disclosure_verdicts_total{kind="publication",status="compliant"}' in exposition.text


def test_unmatched_paths_share_one_label(client: TestClient) -> None:
    before = sample("http_requests_total", method="GET", route="unmatched", status="404")
    client.get("/scan/wp-admin.php")
    client.get("/scan/.env")
    assert sample("http_requests_total", method="GET", route="unmatched", status="404") == before + 2
