"""The working calendar as a precomputed index. Pure: no FastAPI, no database.

Working days are Monday to Friday, minus the days off of each year's arrangement, plus its
make-up working days (调休上班日). Years the State Council has not yet arranged are
provisional: weekends and the statutory holidays of 《全国年节及纪念日放假办法》 only.

Every working day from 2000 to 2099 sits in one sorted array of ordinals, so the n-th working
day after or before a date is one binary search and one index: O(log n), never a walk.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import holidays

from app.core.enums import DescribedEnum


class CalendarStatus(DescribedEnum):
    """Whose holiday arrangement a date was counted on."""

    OFFICIAL = "official", "正式 / the State Council's published arrangement for the year"
    PROVISIONAL = "provisional", "暂定 / the year's arrangement is not published yet: statutory holidays only, may change"


class DayKind(DescribedEnum):
    """What a day is on the legal calendar."""

    WORKING_DAY = "working_day", "工作日 / a working day"
    WEEKEND = "weekend", "周末 / a Saturday or Sunday that is not a make-up working day"
    HOLIDAY = "holiday", "法定节假日 / a public holiday or a day off of its arrangement"
    MAKE_UP_WORKING_DAY = "make_up_working_day", "调休上班日 / a weekend day worked in exchange for a holiday"


class OutOfCalendar(ValueError):
    """A date outside the years the calendar covers."""


@dataclass(frozen=True)
class YearArrangement:
    """One year's days off (weekdays only) and make-up working days (weekends only)."""

    year: int
    status: CalendarStatus
    holidays: Mapping[date, str] = field(default_factory=dict)
    workdays: Mapping[date, str] = field(default_factory=dict)
    source: str | None = None


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


@lru_cache(maxsize=256)
def statutory_arrangement(year: int) -> YearArrangement:
    """A year without an official arrangement: the statutory holidays on weekdays, no 调休.

    `observed=False`: the library would otherwise guess substitute days the State Council has
    not set.
    """
    statutory = holidays.China(years=year, observed=False, language="zh_CN")
    days_off = {day: name for day, name in statutory.items() if not is_weekend(day)}
    return YearArrangement(
        year=year,
        status=CalendarStatus.PROVISIONAL,
        holidays=days_off,
        source="《全国年节及纪念日放假办法》: statutory holidays only, no State Council arrangement yet",
    )


class WorkingCalendar:
    FIRST_YEAR = 2000
    LAST_YEAR = 2099

    def __init__(self, official: Mapping[int, YearArrangement] | None = None) -> None:
        official = official or {}
        self._years = {
            year: official.get(year) or statutory_arrangement(year)
            for year in range(self.FIRST_YEAR, self.LAST_YEAR + 1)
        }
        self._first = date(self.FIRST_YEAR, 1, 1).toordinal()
        self._last = date(self.LAST_YEAR, 12, 31).toordinal()
        working = bytearray(self._last - self._first + 1)
        for ordinal in range(self._first, self._last + 1):
            # 0 is Monday: Monday to Friday work unless the arrangement says otherwise.
            working[ordinal - self._first] = (ordinal - 1) % 7 < 5
        for arrangement in self._years.values():
            for day in arrangement.holidays:
                working[day.toordinal() - self._first] = False
            for day in arrangement.workdays:
                working[day.toordinal() - self._first] = True
        self._working = working
        # Provisional years counted before each year: one subtraction tells whether a span of
        # years holds a provisional one.
        self._provisional_before = [0]
        for year in range(self.FIRST_YEAR, self.LAST_YEAR + 1):
            provisional = self._years[year].status is CalendarStatus.PROVISIONAL
            self._provisional_before.append(self._provisional_before[-1] + provisional)
        self._index = [self._first + i for i, flag in enumerate(working) if flag]

    # Lookups ------------------------------------------------------------------------------

    def arrangement(self, year: int) -> YearArrangement:
        if year not in self._years:
            raise OutOfCalendar(f"the calendar covers {self.FIRST_YEAR} to {self.LAST_YEAR}, not {year}")
        return self._years[year]

    def status_of(self, year: int) -> CalendarStatus:
        return self.arrangement(year).status

    def status_between(self, start: date, end: date) -> CalendarStatus:
        """Provisional when any year the span touches is."""
        low, high = (start.year, end.year) if start <= end else (end.year, start.year)
        if low < self.FIRST_YEAR or high > self.LAST_YEAR:
            raise OutOfCalendar(f"the calendar covers {self.FIRST_YEAR} to {self.LAST_YEAR}")
        before = self._provisional_before
        if before[high - self.FIRST_YEAR + 1] - before[low - self.FIRST_YEAR]:
            return CalendarStatus.PROVISIONAL
        return CalendarStatus.OFFICIAL

    def is_working_day(self, day: date) -> bool:
        return bool(self._working[self._offset(day)])

    def kind_of(self, day: date) -> tuple[DayKind, str | None]:
        """What a day is, and the holiday or make-up day's name where it has one."""
        arrangement = self.arrangement(day.year)
        if day in arrangement.holidays:
            return DayKind.HOLIDAY, arrangement.holidays[day]
        if day in arrangement.workdays:
            return DayKind.MAKE_UP_WORKING_DAY, arrangement.workdays[day]
        return (DayKind.WEEKEND, None) if is_weekend(day) else (DayKind.WORKING_DAY, None)

    # Arithmetic ---------------------------------------------------------------------------

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The n-th working day after `day`; `day` itself never counts (民法典 第二百零一条)."""
        position = bisect_right(self._index, self._ordinal(day)) + n - 1
        return self._at(position)

    def nth_working_day_before(self, day: date, n: int) -> date:
        position = bisect_left(self._index, self._ordinal(day)) - n
        return self._at(position)

    def working_day_on_or_after(self, day: date) -> date:
        return self._at(bisect_left(self._index, self._ordinal(day)))

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days from start to end, both included."""
        low = bisect_left(self._index, self._ordinal(start))
        high = bisect_right(self._index, self._ordinal(end))
        return [date.fromordinal(ordinal) for ordinal in self._index[low:high]]

    def count_working_days(self, start: date, end: date) -> int:
        return max(
            0,
            bisect_right(self._index, self._ordinal(end)) - bisect_left(self._index, self._ordinal(start)),
        )

    # Internals ----------------------------------------------------------------------------

    def _ordinal(self, day: date) -> int:
        ordinal = day.toordinal()
        if not self._first <= ordinal <= self._last:
            raise OutOfCalendar(
                f"{day} is outside the calendar ({self.FIRST_YEAR}-01-01 to {self.LAST_YEAR}-12-31)"
            )
        return ordinal

    def _offset(self, day: date) -> int:
        return self._ordinal(day) - self._first

    def _at(self, position: int) -> date:
        if not 0 <= position < len(self._index):
            raise OutOfCalendar(
                f"the result falls outside the calendar ({self.FIRST_YEAR} to {self.LAST_YEAR})"
            )
        return date.fromordinal(self._index[position])


