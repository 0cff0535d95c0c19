"""Column types shared by the tables."""

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Integer
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator):
    """An instant, stored in UTC and always read back with its offset.

    SQLite keeps no offset: without this, an instant written as 10:00+08:00 would come back as a
    naive 10:00, and a naive instant reads as a different one on every machine.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("instants are stored with their offset")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:  # noqa: ANN001
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


BigId = BigInteger().with_variant(Integer(), "sqlite")
"""A 64-bit id; on SQLite an INTEGER PRIMARY KEY, the only kind it numbers by itself (64-bit there too)."""
