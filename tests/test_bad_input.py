"""What platforms will send: every malformed, hostile or enormous request gets a 4xx as RFC 9457
problem details, names what was wrong where it can, and leaves the service healthy."""

import json
from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from app.core.request_rules import holds_nul
from tests.events.publications import good_publication

LAND_DEAL = 15
GOOD = good_publication(LAND_DEAL, subject="BAD-INPUT")


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    path: str
    status: int
    json: object = None
    content: bytes | None = None
    headers: dict = field(default_factory=dict)
    names: str | None = None
    """A field the problem must name (in its errors or detail)."""
    kind: str | None = None
    """The problem's type, where it is a specific one."""
    authorized: bool = True


TABLE = [
    # Wrong types
    Row("text for a number", "GET", "/v1/obligations?limit=abc", 422, names="limit"),
    Row("float for an id", "GET", "/v1/obligations/1.5", 404),
    Row("string obligation id", "POST", "/v1/events", 422, json={**GOOD, "obligation_id": "fifteen"}, names="obligation_id"),
    Row("object for a string", "POST", "/v1/events", 422, json={**GOOD, "subject": {"a": 1}}, names="subject"),
    Row("number as a date", "POST", "/v1/events", 422, json={**GOOD, "triggered_at": 20250926}, names="triggered_at"),
    Row("list for the body", "POST", "/v1/events", 422, json=[GOOD]),
    Row("unknown domain", "GET", "/v1/obligations?domain=nuclear", 422, names="domain"),
    Row("boolean for a limit", "GET", "/v1/events?limit=true", 422, names="limit"),
    # Impossible dates
    Row("30 February", "GET", "/v1/obligations?as_of=2025-02-30", 422, names="as_of"),
    Row("month 13", "POST", "/v1/events", 422, json={**GOOD, "triggered_at": "2025-13-01"}, names="triggered_at"),
    Row("hour 25", "GET", "/v1/obligations/15/due-date?triggered_at=2025-09-26T25:00", 422, names="triggered_at"),
    Row("year 0", "GET", "/v1/calendar/working-days?start=0000-01-01&end=2025-01-01", 422, names="start"),
    Row("a calendar year far outside", "GET", "/v1/calendar/99999", 422, names="year"),
    Row("published in the future", "POST", "/v1/events", 422, json={**GOOD, "published_at": "2999-01-01"}, names="published_at"),
    # Unknown ids
    Row("unknown obligation", "GET", "/v1/obligations/999999", 404),
    Row("unknown event", "GET", "/v1/events/999999", 404),
    Row("unknown catalog", "GET", "/v1/catalogs/999999", 404),
    Row("unknown jurisdiction", "GET", "/v1/jurisdictions/999999", 404),
    Row("event of an unknown obligation", "POST", "/v1/events", 404, json={**GOOD, "obligation_id": 999999}, names="obligation_id"),
    Row("correcting an unknown event", "POST", "/v1/events", 422, json={**GOOD, "corrects": 999999}, names="corrects"),
    Row("id beyond 64 bits", "GET", f"/v1/events/{2**70}", 422, names="event_id"),
    Row("negative id", "GET", "/v1/obligations/-1", 404),
    # Huge strings
    Row("huge subject", "POST", "/v1/events", 422, json={**GOOD, "subject": "项" * 100_000}, names="subject"),
    Row("huge query", "GET", "/v1/obligations?q=" + "中" * 5_000, 422, names="q"),
    Row("huge department", "GET", "/v1/obligations?department=" + "局" * 1_000, 422, names="department"),
    Row("huge content value", "POST", "/v1/events", 422, json={**GOOD, "content": {"受让人": "x" * 100_000}}, names="受让人"),
    Row("huge content field name", "POST", "/v1/events", 422, json={**GOOD, "content": {"x" * 100: "y"}}, names="content"),
    Row("NaN content value", "POST", "/v1/events", 422, content='{"obligation_id": 15, "subject": "s", "triggered_at": "2025-09-26", "content": {"面积": NaN}}'.encode(), headers={"Content-Type": "application/json"}, names="面积"),
    Row("huge body", "POST", "/v1/events", 413, content=b"[" * 2_000_000, headers={"Content-Type": "application/json"}),
    Row("thousands of fields", "POST", "/v1/events", 422, json={**GOOD, "content": {f"f{n}": "x" for n in range(5_000)}}),
    # Malformed JSON
    Row("truncated JSON", "POST", "/v1/events", 422, content=b'{"obligation_id": ', headers={"Content-Type": "application/json"}),
    Row("not JSON at all", "POST", "/v1/events", 422, content=b"<xml/>", headers={"Content-Type": "application/json"}),
    Row("invalid UTF-8", "POST", "/v1/events", 400, content=b'{"subject": "\xff\xfe"}', headers={"Content-Type": "application/json"}, kind="invalid-utf8-body"),
    Row("deeply nested JSON", "POST", "/v1/events", 400, content=b"[" * 5_000 + b"]" * 5_000, headers={"Content-Type": "application/json"}, kind="json-too-deep"),
    Row("empty body", "POST", "/v1/events", 422, content=b"", headers={"Content-Type": "application/json"}),
    Row("NaN in JSON", "POST", "/v1/events", 422, content=b'{"obligation_id": NaN}', headers={"Content-Type": "application/json"}),
    # SQL-looking strings: data, never SQL
    Row("SQL in a department", "GET", "/v1/obligations?department=%27%3B%20DROP%20TABLE%20obligations%3B--", 404, names="department"),
    Row("SQL in a jurisdiction", "GET", "/v1/obligations?jurisdiction=1%20OR%201%3D1", 422, names="jurisdiction"),
    Row("SQL in a cursor", "GET", "/v1/events?cursor=1%20OR%201%3D1", 422, names="cursor"),
    Row("a cursor beyond any event id", "GET", "/v1/events?cursor=4267104953", 422, names="cursor"),
    Row("SQL in an event subject", "POST", "/v1/events", 404, json={**GOOD, "subject": "x'); DELETE FROM events;--", "obligation_id": 999999}, names="obligation_id"),
    Row("SQL in a status filter", "GET", "/v1/disclosures?status=pending%27%20OR%20%271%27%3D%271", 422, names="status"),
    # NUL, which PostgreSQL cannot store in text: refused alike on both databases
    Row("NUL in a subject", "POST", "/v1/events", 422, json={**GOOD, "subject": "JJ\x00-1"}, kind="nul-character"),
    Row("NUL in a publisher", "POST", "/v1/events", 422, json={**GOOD, "publisher": "市国土局\x00"}, kind="nul-character"),
    Row("NUL in a content key", "POST", "/v1/events", 422, json={**GOOD, "content": {"面\x00积": "1"}}, kind="nul-character"),
    Row("NUL in q", "GET", "/v1/obligations?q=%00", 422, kind="nul-character"),
    Row("NUL in a department", "GET", "/v1/obligations?department=%E5%B1%80%00", 422, kind="nul-character"),
    Row("NUL in an event subject filter", "GET", "/v1/events?subject=a%00", 422, kind="nul-character"),
    Row("NUL in a disclosure filter", "GET", "/v1/disclosures?department=%00", 422, kind="nul-character"),
    Row("NUL in a path", "GET", "/v1/jurisdictions/35%0082", 422, kind="nul-character"),
    # URLs that cannot be read, and parameters that do not exist
    Row("malformed percent-encoding", "GET", "/v1/obligations?q=%ZZ", 400, kind="malformed-percent-encoding"),
    Row("percent-encoded GBK", "GET", "/v1/obligations?q=%D6%D0", 400, kind="invalid-utf8-url"),
    Row("truncated UTF-8 in a path", "GET", "/v1/jurisdictions/%E4%B8", 400, kind="invalid-utf8-url"),
    Row("misspelt filter", "GET", "/v1/obligations?jurisdictoin=350582", 400, names="jurisdictoin", kind="unknown-query-parameter"),
    Row("a parameter of another operation", "POST", "/v1/events?dry_run=true", 400, json=GOOD, names="dry_run", kind="unknown-query-parameter"),
    # Wrong content types
    Row("JSON without a Content-Type", "POST", "/v1/events", 415, content=b'{"obligation_id": 15}', kind="unsupported-media-type"),
    Row("plain text body", "POST", "/v1/events", 415, content=b'{"obligation_id": 15}', headers={"Content-Type": "text/plain"}),
    Row("form body", "POST", "/v1/events", 415, content=b"obligation_id=15", headers={"Content-Type": "application/x-www-form-urlencoded"}),
    Row("XML body", "POST", "/v1/events", 415, content=b"<event/>", headers={"Content-Type": "application/xml"}),
    # Wrong methods, paths and keys
    Row("DELETE an obligation", "DELETE", "/v1/obligations/15", 405),
    Row("PUT the event list", "PUT", "/v1/events", 405),
    Row("GET the batch endpoint", "GET", "/v1/events/batch", 405),
    Row("unknown path", "GET", "/v1/nothing-here", 404),
    Row("no key", "POST", "/v1/events", 401, json=GOOD, authorized=False),
    Row("malformed bearer", "POST", "/v1/events", 401, json=GOOD, headers={"Authorization": "Bearer"}, authorized=False),
    Row("wrong key", "POST", "/v1/events", 401, json=GOOD, headers={"X-API-Key": "drs_" + "x" * 40}, authorized=False),
]


@pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])
def test_bad_input_gets_a_problem_and_the_service_stays_healthy(
    client: TestClient, writer: dict[str, str], row: Row
) -> None:
    headers = {**(writer if row.authorized else {}), **row.headers}
    if row.json is not None:
        response = client.request(row.method, row.path, json=row.json, headers=headers)
    else:
        response = client.request(row.method, row.path, content=row.content, headers=headers)

    assert response.status_code == row.status, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == row.status and problem["type"] and problem["title"]
    if row.kind:
        assert problem["type"] == row.kind, problem
    if row.names:
        named = [str(part) for error in problem.get("errors", []) for part in error.get("loc", [])]
        named += [problem.get("parameter"), problem.get("field")]
        assert row.names in named or row.names in problem.get("detail", ""), problem
    assert len(response.content) < 20_000, "a problem must not echo a huge input back"

    assert client.get("/healthz").status_code == 200
    assert client.get(f"/v1/obligations/{LAND_DEAL}").status_code == 200


@pytest.mark.parametrize(
    "path, allowed",
    [("/v1/events", "GET, POST"), ("/v1/calendar/2026", "GET, PUT"), ("/v1/api-keys", "GET, POST"),
     ("/v1/catalogs/import", "POST"), ("/v1/events/batch", "POST"), ("/v1/events/1", "GET")],
)
def test_a_405_allows_every_method_the_path_serves(client: TestClient, path: str, allowed: str) -> None:
    response = client.request("OPTIONS", path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.headers["content-type"] == "application/problem+json"
    assert allowed in response.json()["detail"]


def test_nul_in_a_batch_item_refuses_that_item_alone(client: TestClient, writer: dict[str, str]) -> None:
    items = [{**GOOD, "subject": "NUL\x00"}, {**GOOD, "subject": "BATCH-FINE"}]
    response = client.post("/v1/events/batch", json={"events": items}, headers=writer)
    assert response.status_code == 200, response.text
    first, second = response.json()["items"]
    assert first["status"] == 422 and first["problem"]["type"] == "nul-character"
    assert second["status"] == 201


@pytest.mark.parametrize(
    ("value", "holds"),
    [
        ({"subject": "a\x00b"}, True),
        ({"content": {"受让人\x00": "某公司"}}, True),               # in a key
        ([{"content": {"items": ["x", "\x00"]}}], True),               # deep in a list
        ({"title": "\\u0000 is how JSON writes NUL"}, False),           # the six characters, not NUL
        ({"title": "\\\x00"}, True),                                   # a backslash, then NUL
        ({"publisher": "晋江市自然资源局", "late_by": 3, "url": None}, False),
    ],
)
def test_a_nul_is_found_wherever_a_batch_item_holds_one(value: object, holds: bool) -> None:
    assert holds_nul(value) is holds


def test_the_server_answers_unparseable_request_lines_as_problems(tmp_path) -> None:  # noqa: ANN001
    """Refused by the HTTP parser before the application: uvicorn's own plain-text 400, made a problem."""
    import socket

    from tests.live_server import live_server

    with live_server(f"sqlite:///{tmp_path / 'wire.db'}") as server:
        host, port = server.base_url.removeprefix("http://").split(":")
        for target, status, kind in [
            ("/v1/obligations?q=中".encode(), 400, "raw-non-ascii-url"),
            ("/v1/jurisdictions/晋江".encode(), 400, "raw-non-ascii-url"),
            (b"/v1/obligations?q=a\x00b", 422, "nul-character"),
        ]:
            with socket.create_connection((host, int(port)), timeout=10) as wire:
                wire.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                answer = b""
                while chunk := wire.recv(65536):
                    answer += chunk
            head, body = answer.split(b"\r\n\r\n", 1)
            assert head.startswith(b"HTTP/1.1 %d" % status), head
            assert b"content-type: application/problem+json" in head.lower()
            assert json.loads(body)["type"] == kind
