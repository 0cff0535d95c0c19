"""The docs work on a network with no internet: Swagger UI and ReDoc render in a real browser
(headless Chromium) for which every host but this machine is unresolvable, and `/` leads to them."""

import re
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import IN_CI
from tests.live_server import LiveServer, live_server
from tests.reports.test_dashboard import CHROMIUM, FLAGS

# No name resolves but the loopback: a page asking for a CDN's script or a font gets nothing.
OFFLINE = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--no-proxy-server", "--virtual-time-budget=15000"]


def test_the_docs_pages_name_nothing_outside(client: TestClient) -> None:
    for page in ("/docs", "/redoc", "/"):
        answer = client.get(page)
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
        addresses = re.findall(r'(?:src|href)="([^"]+)"', answer.text)
        assert addresses and all(address.startswith("/") for address in addresses), (page, addresses)
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js", "favicon.png"):
        assert client.get(f"/static-offline-docs/{asset}").status_code == 200
    landing = client.get("/").text
    assert all(f'href="{link}"' in landing for link in ("/docs", "/redoc", "/dashboard", "/openapi.json"))
    assert "http://testserver/v1/obligations" in landing  # the first calls, at the address used


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail("CI must run the browser test: .ci/run installs Debian's chromium")
        pytest.skip("no chromium on this machine (apt-get install chromium); CI installs it")
    # The docs read no stored data: one database serves both pages.
    with live_server(f"sqlite:///{tmp_path_factory.mktemp('docs') / 'docs.db'}") as server:
        yield server


def rendered(server: LiveServer, path: str, profile: Path) -> str:
    flags = [*(flag for flag in FLAGS if not flag.startswith("--virtual-time-budget")), *OFFLINE]
    return subprocess.run(
        [CHROMIUM, *flags, f"--user-data-dir={profile}", "--dump-dom", f"{server.base_url}{path}"],
        capture_output=True, text=True, timeout=180, check=True,
    ).stdout


def test_swagger_ui_renders_every_operation_offline(served: LiveServer, tmp_path: Path) -> None:
    dom = rendered(served, "/docs", tmp_path / "profile")
    operations = re.findall(r'class="opblock opblock-(get|post|put|delete)', dom)
    assert len(operations) >= 40, f"Swagger UI drew {len(operations)} operations offline"
    assert "/v1/events/{event_id}/exemption-reviews" in dom and "Authorize" in dom


def test_redoc_renders_offline(served: LiveServer, tmp_path: Path) -> None:
    dom = rendered(served, "/redoc", tmp_path / "profile")
    assert "Report a publication (or a trigger) and get its compliance verdict" in dom
    assert "/v1/events/{event_id}/exemption-reviews" in dom
