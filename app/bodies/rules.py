"""Who may publish, as of a day. Pure: no database.

A catalog names bodies as they were when it was issued. Departments since took new names
(国土资源局 → 自然资源局): a successor may publish for its predecessor from the day it took over.
Some catalogs name a function at a level (江苏's 市、县国土资源部门): the department of that
function in the event's own city or county, whatever its name there.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Standing(StrEnum):
    RESPONSIBLE = "responsible"
    NOT_YET = "not_yet"
    """A successor publishing before the day it took over."""
    UNSURE = "unsure"
    """A successor known only to have taken over by some day, publishing before it."""
    NONE = "none"


@dataclass(frozen=True)
class Succession:
    predecessor_id: int
    successor_id: int
    took_over_on: date | None
    took_over_by: date | None

    @property
    def since(self) -> date | None:
        return self.took_over_on or self.took_over_by


@dataclass(frozen=True)
class FunctionBody:
    """市、县国土资源部门: a department whose name carries one of `terms`, of a jurisdiction at one of
    `levels`."""

    name: str
    terms: tuple[str, ...]
    levels: tuple[str, ...]


def successor_standing(
    publisher_id: int, responsible_ids: frozenset[int], successions: dict[int, tuple[Succession, ...]], day: date
) -> tuple[Standing, Succession | None, date | None]:
    """Whether the publisher succeeded (directly or down a chain) a responsible department by `day`;
    the succession that made it so, and the day from which it could publish."""
    # Down every chain from a responsible department: the successor could publish from the latest
    # day along it, and that day is certain only when it is a took_over_on.
    found: list[tuple[Succession, date | None, bool]] = []
    frontier: list[tuple[int, date | None, bool]] = [(department, None, True) for department in responsible_ids]
    seen = set(responsible_ids)
    while frontier:
        following = []
        for department, since, exact in frontier:
            for succession in successions.get(department, ()):
                if succession.since is None:
                    later, later_exact = since, False
                elif since is None or succession.since >= since:
                    later, later_exact = succession.since, succession.took_over_on is not None
                else:
                    later, later_exact = since, exact
                if succession.successor_id == publisher_id:
                    found.append((succession, later, later_exact))
                if succession.successor_id not in seen:
                    seen.add(succession.successor_id)
                    following.append((succession.successor_id, later, later_exact))
        frontier = following
    if not found:
        return Standing.NONE, None, None
    succession, since, exact = min(found, key=lambda item: item[1] or date.max)
    if since is None:
        return Standing.UNSURE, succession, None
    if day >= since:
        return Standing.RESPONSIBLE, succession, since
    return (Standing.NOT_YET if exact else Standing.UNSURE), succession, since


def function_standing(publisher: str, body: FunctionBody, lineage: list[tuple[str, tuple[str, ...]]]) -> Standing:
    """Whose department the publisher's name says it is, read as the names of the event's
    jurisdiction and those above it (`lineage`: level and names, nearest first) followed by the
    function: 南京市玄武区自然资源局 is 玄武区's, 江苏省自然资源厅 the province's. RESPONSIBLE when
    that jurisdiction's level is one the body means; NONE when it is another level's, or the name
    carries none of the function's words; UNSURE when the name says no jurisdiction (市国土局)."""
    name = "".join(publisher.split())
    if not any(term in name for term in body.terms):
        return Standing.NONE
    prefixes = sorted(((n, level) for level, names in lineage for n in names if n), key=lambda item: len(item[0]), reverse=True)
    rest, whose = name, None
    while (match := next(((n, level) for n, level in prefixes if rest.startswith(n)), None)) is not None:
        rest, whose = rest[len(match[0]):], match[1]
    if whose is None:
        return Standing.UNSURE
    return Standing.RESPONSIBLE if whose in body.levels else Standing.NONE
