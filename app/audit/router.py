"""The audit log, for admins."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.audit import service
from app.audit.schemas import AuditEntryPublic
from app.core.database import SessionDep
from app.core.errors import Forbidden, Unauthorized, problem_responses
from app.core.pagination import Page, PageDep
from app.keys.dependencies import AdminKeyDep

router = APIRouter(prefix="/v1/audit", tags=["access"])


@router.get(
    "",
    summary="Every administrative write, newest first: who, when, what, before and after (admin)",
    description=(
        "Keys created and revoked, calendar years loaded, catalogs imported, departments, aliases, "
        "successors and channels added, exemptions granted or rejected. The log is append-only: the "
        "database refuses to change or erase an entry."
    ),
    responses=problem_responses(Unauthorized, Forbidden),
)
def list_audit(
    session: SessionDep,
    _admin: AdminKeyDep,
    page: PageDep,
    action: Annotated[str | None, Query(max_length=48, pattern=r"^[a-z_]+\.[a-z_]+$", examples=["keys.create"])] = None,
    target: Annotated[str | None, Query(min_length=1, max_length=160, examples=["api_key 4"])] = None,
    api_key_id: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Changes made with this key")] = None,
) -> Page[AuditEntryPublic]:
    rows, total = service.list_entries(session, page, action, target, api_key_id)
    return Page.of([AuditEntryPublic.of(row) for row in rows], total, page)
