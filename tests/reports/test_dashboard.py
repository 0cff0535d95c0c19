"""The dashboard: rendered on the server, and drawn by a real browser (headless Chromium)."""

import base64
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select
from websockets.sync.client import connect

from app.feed.models import Change
from app.keys.scopes import Scope
from tests.conftest import BACKENDS, IN_CI, committed_key, database_url
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
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1520", url)
    image = shot.read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 30_000, "a blank or failed screenshot"
    if os.environ.get("DASHBOARD_SCREENSHOT"):
        shutil.copy(shot, os.environ["DASHBOARD_SCREENSHOT"])


def test_a_phone_sized_window_has_no_sideways_scroll(served, tmp_path: Path) -> None:  # noqa: ANN001
    # Headless Chromium opens no window narrower than 500 px; a phone's 420 px is emulated instead,
    # as the developer tools' device mode does.
    page = at_width(f"{served.base_url}{PAGE}", 420, tmp_path)
    assert page["viewport"] == 420
    assert page["scroll_width"] <= 420, f"the page is {page['scroll_width']} px wide in a 420 px window"
    assert page["drawn"] == "3"
    if os.environ.get("DASHBOARD_PHONE_SCREENSHOT"):
        Path(os.environ["DASHBOARD_PHONE_SCREENSHOT"]).write_bytes(page["screenshot"])


def test_every_link_on_the_page_answers(served, tmp_path: Path) -> None:  # noqa: ANN001
    dom = chromium(tmp_path, "--dump-dom", f"{served.base_url}{PAGE}").stdout
    links = {html.unescape(href) for href in re.findall(r'href="([^"]+)"', dom)}
    downloads = {link for link in links if "format=" in link}
    drill_downs = {link for link in links if link.startswith("/dashboard/notices")}
    # Department, domain and month reports and the overdue list, each as CSV and XLSX.
    assert len(downloads) == 8 and any(link.startswith("/v1/reports/overdue") for link in downloads)
    assert len(drill_downs) >= 2
    with httpx.Client(base_url=served.base_url, timeout=30) as client:
        for link in sorted(links):
            response = client.get(link)
            assert response.status_code == 200, f"{link}: {response.status_code} {response.text[:200]}"
            if "format=csv" in link:
                assert response.headers["content-type"].startswith("text/csv"), link
            elif "format=xlsx" in link:
                assert response.headers["content-type"].startswith("application/vnd.openxml"), link
        land_office = next(link for link in drill_downs if "department=" in link and "%E5%9B%BD%E5%9C%9F" in link)
        page = client.get(land_office).text
        assert "成交公示" in page and "晋江市" in page
        assert ">D<" not in page and ">A<" not in page  # counted by notice: no platform's subject


def drawn_charts(dom: str) -> int:
    drawn = re.search(r'data-charts-drawn="(\d+)"', dom)
    assert drawn, "the page's script never ran: the browser did not finish loading it"
    return int(drawn.group(1))


def at_width(url: str, width: int, tmp_path: Path) -> dict:
    """The page laid out `width` CSS pixels wide (Chrome DevTools Protocol device metrics): its
    scroll width, the viewport it saw, its charts-drawn mark and a screenshot of all of it."""
    profile = tmp_path / "cdp-profile"
    flags = [flag for flag in FLAGS if not flag.startswith("--virtual-time-budget")]
    browser = subprocess.Popen(
        [CHROMIUM, *flags, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or not port_file.read_text().strip():
            assert time.monotonic() < deadline, "Chromium never opened its debugging port"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        targets = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=10).json()
        socket_url = next(target["webSocketDebuggerUrl"] for target in targets if target["type"] == "page")
        with connect(socket_url, max_size=None, open_timeout=30) as socket:
            calls = itertools.count(1)

            def call(method: str, **params: object) -> dict:
                number = next(calls)
                socket.send(json.dumps({"id": number, "method": method, "params": params}))
                while True:
                    message = json.loads(socket.recv(timeout=60))
                    if message.get("id") == number:
                        assert "error" not in message, message
                        return message["result"]

            call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=True)
            call("Page.enable")
            call("Page.navigate", url=url)
            measured = None
            while measured is None or measured.get("drawn") is None:
                assert time.monotonic() < deadline + 60, "the page never finished loading"
                time.sleep(0.2)
                measured = call("Runtime.evaluate", returnByValue=True, expression=(
                    "({drawn: document.body && document.body.getAttribute('data-charts-drawn'),"
                    " scroll_width: document.documentElement.scrollWidth, viewport: window.innerWidth})"
                ))["result"]["value"]
            shot = call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        return {**measured, "screenshot": base64.b64decode(shot["data"])}
    finally:
        browser.terminate()
        browser.wait(timeout=30)


def test_the_page_names_what_it_counts_and_reads_at_low_counts(client: TestClient, known_events: dict) -> None:
    html_text = client.get(PAGE).text
    overdue = html_text[html_text.index('id="overdue"'):]
    # Names, not codes: the jurisdiction, the item, its notice and its responsible body.
    assert "<td>晋江市</td>" in overdue and "<td>350582</td>" not in overdue
    assert "<td>成交公示</td>" in overdue and "<td>晋江市国土资源局</td>" in overdue
    trend = html_text[html_text.index('data-chart="trend"'):html_text.index('id="overdue"')]
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", trend)
    assert {"2025-09", "2025-10", "2025-11"} <= set(labels) and not any("…" in label for label in labels)
    axis = [label for label in labels if re.fullmatch(r"[\d.]+", label)]
    assert axis[:5] == ["0", "1", "2", "3", "4"]  # whole numbers, once each, not 0 0 0 1 1
    assert "合规率" in html_text and 'id="compliance-rate">20.0%<' in html_text  # 1 (A) of 5 judged: G fails its channel


def test_the_whole_country_is_shown_by_jurisdiction_with_counts(client: TestClient, known_events: dict) -> None:
    page = client.get("/dashboard", params={"from": "2025-01-01", "as_of": "2025-11-01"}).text
    places = page[page.index('id="by-jurisdiction"'):page.index('id="by-domain"')]
    rows = re.findall(r'<tr class="group"><td>([^<]+)</td><td class="n">(\d+)</td>', places)
    assert rows == [("晋江市", "7")]  # not one line per body of every catalog
    assert "/dashboard?" in places and "jurisdiction=350582" in places
    # The chooser offers where there is something to see, and the places above (their reports roll up).
    options = dict(re.findall(r'<option value="(\d{6})"[^>]*>[　]*([^<]+)</option>', page))
    assert options["350582"] == "晋江市" and options["350500"] == "泉州市" and options["350000"] == "福建省"
    assert "110000" not in options  # 北京 has no disclosures yet


def test_a_department_opens_onto_its_notices_counted_not_listed(client: TestClient, known_events: dict) -> None:
    params = {"jurisdiction": "350582", "department": "晋江市国土资源局", "from": "2025-01-01", "as_of": "2025-11-01"}
    page = client.get("/dashboard/notices", params=params)
    assert page.status_code == 200
    rows = re.findall(r'<tr class="notice"><td>([^<]+)</td><td>([^<]+)</td><td class="n">(\d+)</td>', page.text)
    assert rows == [("晋江市", "成交公示 · 国有建设用地使用权出让结果", "6")]  # the item and the notice it resolved to
    assert ">D<" not in page.text and "group_by=notice" in page.text
    assert client.get("/dashboard/notices", params={**params, "department": "不存在局"}).status_code == 404
    assert client.get("/dashboard/notices", params={"domain": "weather"}).status_code == 422


def test_the_page_shows_the_subscriptions_what_is_owed_and_the_feeds_head(client: TestClient, session: Session) -> None:
    headers = {"X-API-Key": committed_key(session, "dashboard-push", Scope.SUBSCRIPTIONS_WRITE)}
    before = client.get("/dashboard").text
    assert "推送与数据共享" in before and "尚无订阅" in before
    body = {"url": "https://platform.example/hooks", "kinds": ["overdue", "noncompliant"]}
    assert client.post("/v1/subscriptions", json=body, headers=headers).status_code == 201
    page = client.get("/dashboard").text
    assert "逾期提醒 1 个" in page and "不合规告警 1 个" in page
    assert "待送达 0，重试期满未送达 0" in page
    # The feed's head by its newest change (the seed's calendar loads are changes too), never a count of all.
    newest = session.execute(select(Change.id).order_by(col(Change.id).desc()).limit(1)).scalar_one()
    assert f"最新变更编号 {newest}，记于" in page
