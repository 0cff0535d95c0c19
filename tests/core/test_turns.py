"""Heavy reads take turns and yield while other requests arrive (app/core/turns.py)."""

import asyncio
import itertools
import time

import pytest
from fastapi.testclient import TestClient

from app.core import turns
from app.core.config import get_settings
from app.core.turns import Turns, heavy_reads, pause_after


def test_the_pause_leaves_the_rest_of_the_time_to_others() -> None:
    assert pause_after(0.1, 0.25) == pytest.approx(0.3)
    assert pause_after(0.1, 0.5) == pytest.approx(0.1)
    assert pause_after(0.1, 1.0) == 0


async def _work(pacer: Turns, seconds: float, spans: list[tuple[float, float]]) -> None:
    async for _ in _held(pacer):
        began = time.monotonic()
        await asyncio.sleep(seconds)
        spans.append((began, time.monotonic()))


async def _held(pacer: Turns):  # noqa: ANN202  (the dependency's generator, driven as FastAPI drives it)
    take = pacer.take()
    await take.__anext__()
    try:
        yield
    finally:
        await take.aclose()


@pytest.mark.parametrize(("requests_coming", "least_gap", "most_gap"), [(True, 0.14, 0.4), (False, 0.0, 0.04)])
def test_turns_are_one_at_a_time_and_paced_only_while_requests_come(
    monkeypatch: pytest.MonkeyPatch, requests_coming: bool, least_gap: float, most_gap: float
) -> None:
    arrivals = itertools.count()
    monkeypatch.setattr(turns, "requests_arrived", (lambda: next(arrivals)) if requests_coming else (lambda: 0))
    monkeypatch.setattr(get_settings(), "report_share", 0.25)
    pacer, spans = Turns(), []

    async def three_at_once() -> None:
        await asyncio.gather(*(_work(pacer, 0.05, spans) for _ in range(3)))

    asyncio.run(three_at_once())
    spans.sort()
    for (_, ended), (began, _) in itertools.pairwise(spans):
        # Never two at once; while requests come, 0.05 s of work leaves about 0.15 s to them.
        assert least_gap <= began - ended <= most_gap


def test_reports_and_the_dashboard_wait_their_turn_and_other_reads_do_not(client: TestClient) -> None:
    def took(path: str) -> float:
        began = time.monotonic()
        assert client.get(path).status_code == 200, path
        return time.monotonic() - began

    for path in ("/v1/reports/compliance?group_by=domain", "/v1/reports/overdue", "/dashboard?jurisdiction=350582"):
        heavy_reads._resume_at = time.monotonic() + 0.5  # a pause left to others, as after a report
        assert took(path) >= 0.5, path
    heavy_reads._resume_at = time.monotonic() + 5
    try:
        assert took("/v1/obligations?jurisdiction=350582") < 5
        assert took("/v1/notice-types") < 5
    finally:
        heavy_reads._resume_at = 0.0
