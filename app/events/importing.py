"""Backfilling history from a file: one event a line (JSON Lines), sent in chunks through the
batch path, as the platform of an API key and within its bindings.

Resumable: each line is stored with the Idempotency-Key `import:<sha-256 of the line's JSON>`, so
running the same file again (after an interruption, or after fixing the rejected lines) stores
nothing twice: a line already stored is a replay. Keyed by content rather than by line number, a
line keeps its key when lines are added, removed or reordered, and a line sent twice is stored once.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Engine

from app.core.database import Database
from app.events.batch import marshal, submit_items
from app.events.errors import InvalidEvent
from app.keys.models import ApiKey

CHUNK = 500
"""Lines a transaction: a batch as POST /v1/events/batch takes them, half its limit."""


@dataclass
class ImportSummary:
    created: int = 0
    replayed: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    """Failed lines by problem: status and problem type."""

    @property
    def failures(self) -> int:
        return sum(self.failed.values())


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    value: Any = None
    parsed: bool = False


def idempotency_key(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "import:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def rejected_path(path: Path) -> Path:
    """FILE.jsonl's rejected lines go to FILE.rejected.jsonl."""
    stem = path.name.removesuffix(".jsonl")
    return path.with_name(f"{stem}.rejected.jsonl")


def read_lines(source: TextIO) -> Iterator[Line]:
    for number, text in enumerate(source, start=1):
        text = text.strip()
        if not text:
            continue
        try:
            yield Line(number, text, json.loads(text), parsed=True)
        except ValueError:
            yield Line(number, text)


def chunks(lines: Iterator[Line], size: int = CHUNK) -> Iterator[list[Line]]:
    chunk: list[Line] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_events(
    engine: Engine, key_id: int, path: Path, rejected: TextIO, progress: Any = None
) -> ImportSummary:
    """Each chunk of lines in a transaction of its own: a failure (the database gone) loses at
    most the chunk in flight, which the next run stores. `progress.update(n)` after each chunk."""
    summary = ImportSummary()
    database = Database(engine)
    with path.open(encoding="utf-8") as source:
        for chunk in chunks(read_lines(source)):
            parsed = [line for line in chunk if line.parsed]
            with database.write() as session:
                key = session.get(ApiKey, key_id)
                answers = submit_items(
                    session, key, [line.value for line in parsed], [idempotency_key(line.value) for line in parsed]
                )
            refused = []
            for line, answer in zip(parsed, answers, strict=True):
                if answer.status != 201:
                    refused.append((line, answer.status, answer.problem or {}))
                elif answer.replayed:
                    summary.replayed += 1
                else:
                    summary.created += 1
            for line in chunk:
                if not line.parsed:
                    problem = marshal(InvalidEvent("The line is not JSON: one event, as a JSON object, a line."))
                    refused.append((line, problem["status"], problem))
            for line, status, problem in sorted(refused, key=lambda refusal: refusal[0].number):
                _reject(summary, rejected, line, status, problem)
            if progress is not None:
                progress.update(len(chunk))
    return summary


def _reject(summary: ImportSummary, rejected: TextIO, line: Line, status: int, problem: dict) -> None:
    summary.failed[f"{status} {problem.get('type', 'about:blank')}"] += 1
    record = {"line": line.number, "problem": problem}
    record.update({"event": line.value} if line.parsed else {"text": line.text})
    rejected.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
