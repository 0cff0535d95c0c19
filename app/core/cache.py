"""Values derived from the database and kept in the process until the data they come from changes.

The caller passes a stamp read with one cheap query (row counts, newest ids …); the value is
rebuilt when the stamp differs. Every replica reads the stamp from the shared database, so a
change made through any of them is seen by all on their next request.
"""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import Select
from sqlmodel import Session

Value = TypeVar("Value")


class StampedCache(Generic[Value]):
    def __init__(self, stamp: Select, build: Callable[[Session], Value]) -> None:
        # The stamp statement is built once: constructing it costs more than running it.
        self._stamp = stamp
        self._build = build
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[tuple, Value]] = {}

    def get(self, session: Session) -> Value:
        stamp = tuple(session.exec(self._stamp).one())
        database = str(session.get_bind().engine.url)
        entry = self._entries.get(database)
        if entry and entry[0] == stamp:
            return entry[1]
        with self._lock:
            entry = self._entries.get(database)
            if entry and entry[0] == stamp:
                return entry[1]
            value = self._build(session)
            self._entries[database] = (stamp, value)
            return value
