"""Answers to reads that are polled far more often than their data changes: kept serialized per
revision of their topic, with an ETag, and a 304 for a client that already holds them.

While a topic's revision stands (app/core/revisions.py), its answers are served from memory: on
PostgreSQL with its listener connected, without a database round trip at all, and on the event
loop itself, with no worker thread (only a miss is rendered in one). Every replica keys
its answers by the same revision and computes the same ETag from the same bytes, so a client may
revalidate against any of them.
"""

import hashlib
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Header, Response
from pydantic import BaseModel
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.core.database import Database
from app.core.revisions import RevisionCache

IfNoneMatch = Annotated[
    str | None,
    Header(
        alias="If-None-Match",
        max_length=1024,
        description="The ETag of an answer you hold: 304 Not Modified while it is still current",
    ),
]
CACHE_CONTROL = "no-cache"
"""Clients and proxies may keep an answer but revalidate it before each use: cheap with the ETag."""

NOT_MODIFIED = {
    304: {"description": "Not modified: the answer held with this ETag is current"},
}


@dataclass(frozen=True)
class Answer:
    body: bytes
    etag: str


class ConditionalAnswers:
    """Serialized answers of one topic's reads, for the topic's current revision only."""

    def __init__(self, topic: str, max_entries: int = 4096) -> None:
        self._max_entries = max_entries
        self._lock = threading.Lock()
        # A fresh, empty set of answers for each revision of the topic.
        self._answers: RevisionCache[dict[Hashable, Answer]] = RevisionCache(topic, lambda _session: {})

    async def respond(
        self,
        database: Database,
        key: Hashable,
        render: Callable[[Session], BaseModel],
        if_none_match: str | None,
    ) -> Response:
        answer = self._held(database, key)
        if answer is None:
            answer = await run_in_threadpool(self._answer, database, key, render)
        headers = {"ETag": answer.etag, "Cache-Control": CACHE_CONTROL}
        if if_none_match and _matches(if_none_match, answer.etag):
            return Response(status_code=304, headers=headers)
        return Response(answer.body, media_type="application/json", headers=headers)

    def _held(self, database: Database, key: Hashable) -> Answer | None:
        """The answer kept for the revision known without a transaction, if there is one."""
        if database.bound_to_session:
            return None
        answers = self._answers.held(database.engine)
        return answers.get(key) if answers is not None else None

    def _answer(self, database: Database, key: Hashable, render: Callable[[Session], BaseModel]) -> Answer:
        with database.read() as session:
            answers = self._answers.get(session)
            if key in answers:
                return answers[key]
            # Rendered from data at least as new as the revision the answers are kept under (it
            # was read first), so an answer is never kept under a revision older than what it shows.
            body = render(session).model_dump_json(by_alias=True).encode()
        answer = Answer(body=body, etag=f'"{hashlib.blake2b(body, digest_size=12).hexdigest()}"')
        with self._lock:
            if len(answers) >= self._max_entries:
                answers.pop(next(iter(answers)))
            answers[key] = answer
        return answer


def _matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 §13.1.2: weak comparison, any of a list, or `*`."""
    candidates = [candidate.strip() for candidate in if_none_match.split(",")]
    return any(candidate == "*" or candidate.removeprefix("W/") == etag for candidate in candidates)


def response_headers() -> dict[str, Any]:
    """The ETag and Cache-Control headers as the OpenAPI schema documents them."""
    return {
        "ETag": {"description": "Identifies this answer; send it back in If-None-Match", "schema": {"type": "string"}},
        "Cache-Control": {"description": CACHE_CONTROL, "schema": {"type": "string"}},
    }
