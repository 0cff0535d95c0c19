"""Jurisdiction lookups, from an index kept in memory while the catalog revision stands.

Every listing and verdict asks which jurisdictions lie above a code (whose catalogs apply there);
the 3,200 rows of the division list are read once per change, never per request.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import ARRAY, String, any_, literal
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from app.core.chinese import spellings
from app.core.errors import NotFound, UnknownFilterValue
from app.core.pagination import PageParams
from app.core.revisions import CATALOG, RevisionCache
from app.jurisdictions.models import Jurisdiction, JurisdictionLevel
from app.jurisdictions.schemas import JurisdictionPublic


def within(column: ColumnElement, codes: Sequence[str], dialect: str) -> ColumnElement[bool]:
    """`column` holds one of `codes` (a subtree's, say). On PostgreSQL the codes are one array
    parameter: a province's hundred codes as a hundred parameters made each statement a text of its
    own, rendered and parsed afresh on every execution (psycopg caches none past 50 parameters)."""
    if dialect == "postgresql":
        return column == any_(literal(list(codes), ARRAY(String)))
    return column.in_(codes)


def subtree_of(session: Session, code: str, parameter: str = "jurisdiction") -> tuple[str, ...] | None:
    """The place and every one below it: a province's records include its cities' and counties'.
    None for the national level, which holds everything; an unknown code is the client's error
    (`parameter` names the filter it came in)."""
    subtree = require_jurisdiction(session, code, parameter=parameter).subtree(code)
    return None if subtree is None else tuple(subtree)


@dataclass(frozen=True)
class JurisdictionIndex:
    rows: dict[str, JurisdictionPublic]
    """Every jurisdiction by code, in code order."""

    def __contains__(self, code: object) -> bool:
        return code in self.rows

    def parent(self, code: str) -> str | None:
        row = self.rows.get(code)
        return row.parent if row else None

    def subtree(self, code: str) -> list[str] | None:
        """The jurisdiction and every one below it, for reports that roll up; None for the national
        level, which holds everything."""
        if self.parent(code) is None:
            return None
        found, frontier = [code], [code]
        while frontier:
            frontier = [child for parent in frontier for child in self.children.get(parent, ())]
            found.extend(frontier)
        return found

    @cached_property
    def children(self) -> dict[str, list[str]]:
        below: dict[str, list[str]] = {}
        for row in self.rows.values():
            if row.parent is not None:
                below.setdefault(row.parent, []).append(row.code)
        return below

    def lineage(self, code: str) -> list[str]:
        """The jurisdiction and every one above it, nearest first: whose catalogs apply there."""
        chain: list[str] = []
        current: str | None = code
        while current is not None and current not in chain:
            chain.append(current)
            current = self.parent(current)
        return chain


def jurisdiction_names(name: str, short_name: str | None = None) -> tuple[str, ...]:
    """The names a department's name may begin with: 南京市 and 南京, 喀喇沁左翼蒙古族自治县 and 喀左县.
    The bare stem is used for names of three characters or more only (南京市 → 南京, not 沙县 → 沙)."""
    stems = [name[:-1]] if len(name) >= 3 and name[-1] in "省市县区旗" else []
    return tuple(dict.fromkeys(n for n in (name, short_name, *stems) if n))


def _load_index(session: Session) -> JurisdictionIndex:
    rows = session.exec(select(Jurisdiction).order_by(col(Jurisdiction.code)))
    return JurisdictionIndex(rows={row.code: JurisdictionPublic.of(row) for row in rows})


_indexes = RevisionCache(CATALOG, _load_index)


def jurisdiction_index(session: Session) -> JurisdictionIndex:
    return _indexes.get(session)


def require_jurisdiction(session: Session, code: str, parameter: str) -> JurisdictionIndex:
    """The index, once the code a filter names is known; an unknown code is the client's error,
    not an empty list."""
    index = jurisdiction_index(session)
    if code not in index:
        raise UnknownFilterValue(f"No jurisdiction has the code {code!r}.", parameter=parameter)
    return index


def list_jurisdictions(
    session: Session,
    page: PageParams,
    q: str | None = None,
    level: JurisdictionLevel | None = None,
    parent: str | None = None,
) -> tuple[list[JurisdictionPublic], int]:
    index = jurisdiction_index(session)
    if parent is not None and parent not in index:
        raise UnknownFilterValue(f"No jurisdiction has the code {parent!r}.", parameter="parent")
    typed = spellings(q) if q else set()
    matches = [
        row
        for row in index.rows.values()
        if (level is None or row.level is level)
        and (parent is None or row.parent == parent)
        and (not typed or any(s in row.name or (row.short_name and s in row.short_name) for s in typed))
    ]
    if typed:
        # The name typed first (南京 → 南京市), then names that merely contain it, each by code.
        matches.sort(key=lambda row: not any(row.name.startswith(s) for s in typed))
    return matches[page.offset : page.offset + page.limit], len(matches)


def get_jurisdiction(session: Session, code: str) -> JurisdictionPublic:
    row = jurisdiction_index(session).rows.get(code)
    if row is None:
        raise NotFound(f"There is no jurisdiction {code}.")
    return row
