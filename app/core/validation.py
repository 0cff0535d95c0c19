"""Input types stricter than pydantic's lax defaults, for query parameters."""

import re
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator, StringConstraints, WithJsonSchema

CHINA = ZoneInfo("Asia/Shanghai")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    # Lax mode would read "1700000000" as a Unix time; a date must be written YYYY-MM-DD.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


# The schemas say exactly what the server reads, so a client generating requests from them (or
# Schemathesis) never sends a date the schema allows and the server refuses.
_MONTH_DAY = r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DATE_SCHEMA = {"type": "string", "format": "date", "pattern": rf"^(?!0000)[0-9]{{4}}{_MONTH_DAY}$"}
CALENDAR_YEARS = r"20[0-9]{2}"
"""The years the working calendar covers (WorkingCalendar.FIRST_YEAR to LAST_YEAR)."""

IsoDate = Annotated[date, BeforeValidator(_iso_date), WithJsonSchema(DATE_SCHEMA)]
"""A date written YYYY-MM-DD, year 1 to 9999."""


def _calendar_date(value: object) -> object:
    value = _iso_date(value)
    if isinstance(value, str) and not value.startswith("20"):
        raise ValueError("must be a date from 2000 to 2099, the years the working calendar covers")
    return value


CalendarDate = Annotated[
    date,
    BeforeValidator(_calendar_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": rf"^{CALENDAR_YEARS}{_MONTH_DAY}$"}),
]
"""A date the working calendar can count from: 2000 to 2099."""

Name = Annotated[
    str,
    # Not blank, and no NUL: the pattern says in the schema what the stripping and the NUL rule do.
    # Python strips more than the schemas' \s names (U+001C to U+001F, U+0085): those too are blank.
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=128,
        pattern=r"^[^\u0000]*[^\s\u0000\u001c-\u001f\u0085][^\u0000]*$",
    ),
]
"""A name in a request body (a department, an alias, a channel): trimmed, never blank."""


def today_in_china() -> date:
    """The legal calendar's today: dates are in China Standard Time."""
    return datetime.now(CHINA).date()


_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?"
)
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
CALENDAR_TIMESTAMP_PATTERN = rf"^{CALENDAR_YEARS}" + TIMESTAMP_PATTERN.removeprefix(r"^\d{4}")
CalendarTimestamp = Annotated[
    str,
    StringConstraints(pattern=CALENDAR_TIMESTAMP_PATTERN, max_length=40),
    # Read leniently (a space for T, no seconds, no offset: China time), documented as the two
    # standard forms, in the calendar's years.
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date", "pattern": rf"^{CALENDAR_YEARS}{_MONTH_DAY}$"},
                {"type": "string", "format": "date-time", "pattern": rf"^{CALENDAR_YEARS}{_MONTH_DAY}T"},
            ]
        }
    ),
]
"""A day (YYYY-MM-DD, in China) or an instant (ISO 8601), 2000 to 2099."""


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
