"""Input types stricter than pydantic's lax defaults, for query parameters."""

import re
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, StringConstraints

CHINA = ZoneInfo("Asia/Shanghai")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    # Lax mode would read "1700000000" as a Unix time; a date must be written YYYY-MM-DD.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]
"""A name in a request body (a department, an alias, a channel): trimmed, never blank."""


def today_in_china() -> date:
    """The legal calendar's today: dates are in China Standard Time."""
    return datetime.now(CHINA).date()


_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?"
)
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"


def parse_timestamp(value: str) -> date | datetime:
    """A plain date, a naive date-time (read as Asia/Shanghai later) or one with an offset.

    Raises ValueError with a message fit for the client.
    """
    text = value.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return date.fromisoformat(text)
        if _ISO_DATETIME.fullmatch(text):
            return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise ValueError(f"{value!r} is not a real date or time: {error}") from None
    raise ValueError(f"{value!r} is not YYYY-MM-DD or an ISO 8601 date-time such as 2025-09-30T20:00+08:00")
