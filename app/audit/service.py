"""Writing and reading the audit log. A service that changes administrative data records it here,
in the same transaction as the change: both are stored or neither."""

from datetime import UTC, datetime
from typing import Any

from pydantic_core import to_jsonable_python
from sqlmodel import Session, col, func, select

from app.audit.models import AuditEntry
from app.core.pagination import PageParams
from app.keys.models import ApiKey, key_label

COMMAND_LINE = "command line"


def record(
    session: Session, actor: ApiKey | str | None, action: str, target: str, before: Any = None, after: Any = None
) -> AuditEntry:
    """`actor`: the key that made the change, or who ran a command (None: the command line)."""
    key = actor if isinstance(actor, ApiKey) else None
    entry = AuditEntry(
        at=datetime.now(UTC),
        actor=key_label(key) if key else (actor or COMMAND_LINE),
        api_key_id=key.id if key else None,
        action=action,
        target=target,
        before=to_jsonable_python(before),
        after=to_jsonable_python(after),
    )
    session.add(entry)
    session.flush()
    return entry


def list_entries(
    session: Session, page: PageParams, action: str | None, target: str | None, api_key_id: int | None
) -> tuple[list[AuditEntry], int]:
    """Newest first."""
    statement = select(AuditEntry)
    if action:
        statement = statement.where(AuditEntry.action == action)
    if target:
        statement = statement.where(AuditEntry.target == target)
    if api_key_id:
        statement = statement.where(AuditEntry.api_key_id == api_key_id)
    total = session.exec(select(func.count()).select_from(statement.subquery())).one()
    rows = session.exec(statement.order_by(col(AuditEntry.id).desc()).offset(page.offset).limit(page.limit)).all()
    return list(rows), total
