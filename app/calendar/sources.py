"""Where the official arrangements come from: the `holidays` package, which carries each
year's days off and make-up working days as the State Council's notices set them."""

import holidays

from app.calendar.working import CalendarStatus, YearArrangement, is_weekend

# The notice each arrangement comes from (国务院办公厅关于XXXX年部分节假日安排的通知).
NOTICES: dict[int, str] = {
    year: f"国务院办公厅关于{year}年部分节假日安排的通知" for year in range(2018, 2027)
}
NOTICES[2020] += "；国务院办公厅关于延长2020年春节假期的通知"

OFFICIAL_YEARS = tuple(NOTICES)
MAKE_UP_WORKING_DAY = "调休上班日"


def library_arrangement(year: int) -> YearArrangement:
    """The official arrangement of a year the library knows, weekdays off and weekend workdays."""
    if year not in NOTICES:
        raise ValueError(f"no official arrangement is known for {year}")
    arranged = holidays.China(years=year, language="zh_CN")
    days_off = {day: name for day, name in arranged.items() if not is_weekend(day)}
    workdays = {day: MAKE_UP_WORKING_DAY for day in arranged.weekend_workdays if day.year == year}
    return YearArrangement(
        year=year,
        status=CalendarStatus.OFFICIAL,
        holidays=dict(sorted(days_off.items())),
        workdays=dict(sorted(workdays.items())),
        source=NOTICES[year],
    )


def library_official_years() -> dict[int, YearArrangement]:
    return {year: library_arrangement(year) for year in OFFICIAL_YEARS}
