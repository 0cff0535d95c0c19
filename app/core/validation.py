"""Input types stricter than pydantic's lax defaults, for query parameters."""

import re
from datetime import date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator

CHINA = ZoneInfo("Asia/Shanghai")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    # Lax mode would read "1700000000" as a Unix time; a date must be written YYYY-MM-DD.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


def today_in_china() -> date:
    """The legal calendar's today: dates are in China Standard Time."""
    return datetime.now(CHINA).date()
