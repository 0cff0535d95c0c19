"""The national layer as plain values: notice types and statutory rules. Pure: no database.

A statutory rule is a `Deadline` with its citation: the instrument, the article and the clause
quoted from the instrument's text. 《政府信息公开条例》第二十六条 is a fallback: "法律、法规对政府
信息公开的期限另有规定的，从其规定", so it governs a notice type only where no other rule does.
"""

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from app.deadlines.rules import Deadline

# The decision rule a catalog row without a deadline of its own defaults to, for decisions.
DECISION_STATUTE = "licensing-penalty-decisions-7wd"


@dataclass(frozen=True)
class NoticeTypeInfo:
    code: str
    name: str
    domain: str
    trigger: str
    """The event that forms the notice's information; a catalog row's `info_formed` means it."""
    trigger_name: str
    basis: str
    synonyms: tuple[str, ...] = ()
    field_synonyms: tuple[tuple[str, ...], ...] = ()
    """Groups of names for one content field: catalogs and platforms word the same element
    differently (晋江 受让人, 吉安 受让单位)."""

    @cached_property
    def field_aliases(self) -> dict[str, tuple[str, ...]]:
        """Each name of a group → the group's other names."""
        return {name: tuple(other for other in group if other != name) for group in self.field_synonyms for name in group}


@dataclass(frozen=True)
class Statute:
    key: str
    notice_types: tuple[str, ...]
    fallback: bool
    deadline: Deadline
    instrument: str
    number: str | None
    article: str | None
    clause: str
    source: str
    condition: str | None = None
    display_period: str | None = None
    in_force_from: date | None = None
    in_force_until: date | None = None
    review: str | None = None

    @property
    def citation(self) -> str:
        number = f"（{self.number}）" if self.number and self.number not in self.instrument else ""
        return f"{self.instrument}{number}{self.article or ''}"

    def in_force_on(self, day: date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= day) and (
            self.in_force_until is None or day <= self.in_force_until
        )


@dataclass(frozen=True)
class NationalLayer:
    notice_types: dict[str, NoticeTypeInfo]
    statutes: tuple[Statute, ...]

    def statutes_for(self, notice_type: str, day: date) -> list[Statute]:
        """The statutory rules in force on a day for a notice type; the fallback where none other is."""
        specific = [s for s in self.statutes if notice_type in s.notice_types and s.in_force_on(day)]
        if specific:
            return specific
        return [s for s in self.statutes if s.fallback and s.in_force_on(day)]

    def default_for(self, trigger: str | None, day: date) -> Statute | None:
        """The general rule a row without a period of its own defaulted to, as in force on the day:
        the decision rule for decisions, else the fallback of the 条例 then in force."""
        if trigger == "decision_made":
            return self.statute(DECISION_STATUTE)
        return next((s for s in self.statutes if s.fallback and s.in_force_on(day)), None)

    def statute(self, key: str) -> Statute | None:
        return next((s for s in self.statutes if s.key == key), None)
