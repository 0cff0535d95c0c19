"""Work that must not crowd out the platforms' requests: it takes its turn, and yields while they come.

A national report or the dashboard keeps the database busy for a tenth of a second or more; a
supervisor's page polling one in a loop kept a core busy with it, and on two cores POST
/v1/events fell to 0.63× its pace alone. So such reads run one at a time in each process, and
while other requests keep arriving, each is followed by a pause that leaves them the rest of the
time: at a share of 0.25, a report that took 0.1 s lets the next begin 0.3 s after it ended. A
lone supervisor on a quiet server waits for nothing. The push worker in the server yields the same
way (app/subscriptions/worker.py).
"""

import asyncio
import time
import weakref
from collections.abc import AsyncIterator

from app.core.config import get_settings
from app.core.observability import requests_arrived


def pause_after(took: float, share: float) -> float:
    """How long to leave to others after work that took `took` seconds, to take `share` of the time."""
    return took * (1 - share) / share


class Turns:
    """One at a time per event loop, each followed by its pause while other requests arrived."""

    def __init__(self) -> None:
        # asyncio locks belong to one event loop: one per loop (a server has one; tests start many).
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()
        self._resume_at = 0.0

    async def take(self) -> AsyncIterator[None]:
        """A dependency (`Depends(turns.take, scope="function")`): the endpoint runs in the turn."""
        lock = self._locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
        async with lock:
            if (wait := self._resume_at - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            began, arrived = time.monotonic(), requests_arrived()
            try:
                yield
            finally:
                ended = time.monotonic()
                crowded = requests_arrived() != arrived
                self._resume_at = ended + (pause_after(ended - began, get_settings().report_share) if crowded else 0.0)


heavy_reads = Turns()
"""National reports and the dashboard."""
