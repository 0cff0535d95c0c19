"""What every reviewed seed file loader shares: find a row by its natural key, write what changed.

Loading is idempotent: a second run over the same files changes nothing and says so.
"""

from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

Row = TypeVar("Row", bound=SQLModel)


class SeedError(ValueError):
    """A seed file that cannot be loaded as written; nothing of it is stored."""


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        target = self.created if created else self.updated
        target[kind] = target.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def upsert(session: Session, report: SeedReport, model: type[Row], key: dict[str, Any], **values: Any) -> Row:
    statement = select(model)
    for column, value in key.items():
        statement = statement.where(getattr(model, column) == value)
    row = session.exec(statement).one_or_none()
    if row is None:
        row = model(**key, **values)
        session.add(row)
        report.count(model.__name__, created=True)
        return row
    changed = False
    for column, value in values.items():
        if getattr(row, column) != value:
            setattr(row, column, value)
            changed = True
    if changed:
        report.count(model.__name__, created=False)
    return row
