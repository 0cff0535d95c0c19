"""The dashboard: rendered on the server, and drawn by a real browser (headless Chromium)."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import BACKENDS, IN_CI, database_url
from tests.live_server import live_server
from tests.reports.conftest import post_known_events

PAGE = "/dashboard?jurisdiction=350582&from=2025-01-01&as_of=2025-11-01"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As the machine's notes advise: no sandbox as root, and no background calls to Google's hosts.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--virtual-time-budget=5000",
]


def test_the_page_shows_the_figures_charts_and_overdue_list(client: TestClient, known_events: dict) -> None:
    page = client.get(PAGE)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert html.count('class="pygal-chart"') == 3
    assert "<script src" not in html and "cdn" not in html.lower()  # nothing fetched at run time
    assert "40.0%" in html  # 2 on time of 5 judged (see known_events)
    overdue = html[html.index('id="overdue"'):]
    assert overdue.count("<tr>") == 2  # the header and D's notice, the one overdue
    assert "成交公示" in overdue and "<td>1</td>" in overdue
    # Public, so counted by notice: no platform's subject is shown.
    assert ">D<" not in overdue


def test_an_unknown_jurisdiction_shows_nothing_rather_than_failing(client: TestClient) -> None:
    assert client.get("/dashboard?jurisdiction=abc").status_code == 422
    assert "没有逾期未公开的事项" in client.get("/dashboard?as_of=2000-01-01").text


@pytest.fixture(params=BACKENDS)
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail("CI must run the browser test: .ci/run installs Debian's chromium")
        pytest.skip("no chromium on this machine (apt-get install chromium); CI installs it")
    for url in database_url(request.param, tmp_path_factory, "dashboard"):
        with live_server(url) as server:
            with httpx.Client(base_url=server.base_url, timeout=30) as client:
                post_known_events(client, {"X-API-Key": server.key})
            yield server


def chromium(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *arguments],
        capture_output=True, text=True, timeout=120, check=True,
    )


def test_chromium_draws_every_chart(served, tmp_path: Path) -> None:  # noqa: ANN001
    url = f"{served.base_url}{PAGE}"
    dom = chromium(tmp_path, "--dump-dom", url).stdout
    drawn = re.search(r'data-charts-drawn="(\d+)"', dom)
    assert drawn, "the page's script never ran: the browser did not finish loading it"
    assert drawn.group(1) == "3", f"only {drawn.group(1)} of 3 charts drew their marks"

    shot = tmp_path / "dashboard.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1120", url)
    image = shot.read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 30_000, "a blank or failed screenshot"
    if os.environ.get("DASHBOARD_SCREENSHOT"):
        shutil.copy(shot, os.environ["DASHBOARD_SCREENSHOT"])
