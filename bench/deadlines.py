"""Due-date throughput: the precomputed working-day index against the day-by-day walk.

    .venv/bin/python bench/deadlines.py [--computations 1000000] [--sample 2000]

A million due dates over random triggers 2018-2026 and random rules (after / before, working
and calendar days, hours, same day, fixed date), then the same working-day rules on a sample
computed both ways: our index, and a loop over chinese_calendar.is_workday (what a clerk with a
printed calendar does, and what the tools users reach for do). Both answers must agree.

The baseline sample stays inside chinese_calendar's data (it raises for later years), and it
walks with is_workday, not find_workday, which returns one day late when it starts on a day off.
"""

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import chinese_calendar  # noqa: E402

from app.calendar.sources import library_official_years  # noqa: E402
from app.calendar.working import WorkingCalendar  # noqa: E402
from app.core.validation import CHINA  # noqa: E402
from app.deadlines.due import Trigger, due_date  # noqa: E402
from app.deadlines.rules import Deadline, DeadlineKind, DeadlineUnit  # noqa: E402
from bench.harness import Figures, Result  # noqa: E402

FIRST, LAST = date(2018, 1, 1), date(2026, 12, 31)


def random_rules(rng: random.Random, count: int) -> list[Deadline]:
    shapes = [
        (DeadlineKind.AFTER, DeadlineUnit.WORKING_DAY),
        (DeadlineKind.BEFORE, DeadlineUnit.WORKING_DAY),
        (DeadlineKind.AFTER, DeadlineUnit.CALENDAR_DAY),
        (DeadlineKind.BEFORE, DeadlineUnit.CALENDAR_DAY),
        (DeadlineKind.AFTER, DeadlineUnit.HOUR),
    ]
    rules = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.05:
            rules.append(Deadline(text="", kind=DeadlineKind.SAME_DAY, trigger="x"))
        elif pick < 0.08:
            rules.append(Deadline(text="", kind=DeadlineKind.FIXED_DATE, trigger="annual", month=3, day=31))
        else:
            kind, unit = rng.choice(shapes)
            amount = rng.choice([1, 2, 3, 5, 7, 10, 12, 15, 20, 24, 30])
            rules.append(Deadline(text="", kind=kind, trigger="x", amount=amount, unit=unit))
    return rules


def random_triggers(rng: random.Random, count: int, first: date, last: date) -> list[Trigger]:
    span = (last - first).days
    triggers = []
    for _ in range(count):
        day = first + timedelta(days=rng.randrange(span + 1))
        moment = datetime.combine(day, clock(rng.randrange(24), rng.randrange(60)), tzinfo=CHINA)
        triggers.append(Trigger(moment=moment, has_time=True))
    return triggers


def walk(trigger: date, rule: Deadline) -> date:
    """The day-by-day approach on chinese_calendar."""
    step = 1 if rule.kind is DeadlineKind.AFTER else -1
    day, left = trigger, rule.amount
    while left:
        day += timedelta(days=step)
        left -= chinese_calendar.is_workday(day)
    return day


def run(computations: int = 1_000_000, sample: int = 2_000, seed: int = 2026, verbose: bool = True) -> Result:
    args = argparse.Namespace(computations=computations, sample=sample)
    rng = random.Random(seed)

    started = time.perf_counter()
    calendar = WorkingCalendar(library_official_years())
    build_seconds = time.perf_counter() - started

    rules = random_rules(rng, args.computations)
    triggers = random_triggers(rng, args.computations, FIRST, LAST)
    started = time.perf_counter()
    for rule, trigger in zip(rules, triggers, strict=True):
        due_date(rule, trigger, calendar)
    mixed_seconds = time.perf_counter() - started

    # The comparison: working-day rules both ways, triggers early enough for chinese_calendar.
    sample_rules = [
        Deadline(text="", kind=rng.choice([DeadlineKind.AFTER, DeadlineKind.BEFORE]), trigger="x",
                 amount=rng.choice([1, 2, 3, 5, 7, 10, 15, 20, 30]), unit=DeadlineUnit.WORKING_DAY)
        for _ in range(args.sample)
    ]
    sample_triggers = random_triggers(rng, args.sample, date(2018, 3, 1), date(2026, 10, 31))
    ours = [due_date(rule, trigger, calendar).due_date for rule, trigger in zip(sample_rules, sample_triggers, strict=True)]
    # The index is timed over many passes of the sample: one pass is too short to time.
    passes = max(1, 200_000 // args.sample)
    pairs = list(zip(sample_rules, sample_triggers, strict=True))
    started = time.perf_counter()
    for _ in range(passes):
        for rule, trigger in pairs:
            due_date(rule, trigger, calendar)
    ours_seconds = (time.perf_counter() - started) / passes
    started = time.perf_counter()
    theirs = [walk(trigger.day, rule) for rule, trigger in zip(sample_rules, sample_triggers, strict=True)]
    walk_seconds = time.perf_counter() - started
    disagreements = sum(a != b for a, b in zip(ours, theirs, strict=True))

    ours_rate = args.sample / ours_seconds
    walk_rate = args.sample / walk_seconds
    if disagreements:
        raise SystemExit(f"the index and the day walk disagree on {disagreements} due dates")
    if verbose:
        _report(args, build_seconds, mixed_seconds, ours_rate, walk_rate, disagreements)
    return Result(
        benchmark="due dates (working days)",
        database="-",
        ours=Figures(ours_rate),
        baseline=Figures(walk_rate),
        baseline_name="day walk on chinese_calendar",
        unit="due dates",
    )


def _report(args, build_seconds, mixed_seconds, ours_rate, walk_rate, disagreements) -> None:  # noqa: ANN001
    print("deadlines: due-date computations (one process, one core)")
    print(f"  calendar index build        {build_seconds * 1000:10.1f} ms")
    print(f"  mixed rules, {args.computations:>9,} runs   {args.computations / mixed_seconds:12,.0f} /s"
          f"   {mixed_seconds / args.computations * 1e6:7.2f} µs each")
    print(f"  working-day rules, index     {ours_rate:12,.0f} /s   {1e6 / ours_rate:7.2f} µs each  (sample {args.sample:,})")
    print(f"  working-day rules, day walk  {walk_rate:12,.0f} /s   {1e6 / walk_rate:7.2f} µs each  (chinese_calendar.is_workday)")
    print(f"  ratio index / day walk       {ours_rate / walk_rate:12,.1f} x")
    print(f"  answers that disagree        {disagreements:12d}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--computations", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    run(args.computations, args.sample, args.seed)


if __name__ == "__main__":
    main()
