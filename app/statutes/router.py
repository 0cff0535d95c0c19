"""The national layer's public reads: notice types and statutory rules (主动公开 information)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.catalog.domains import DomainCode
from app.core.database import SessionDep
from app.core.errors import NotFound, problem_responses
from app.core.pagination import Listing
from app.statutes import service
from app.statutes.schemas import NoticeTypePublic, StatutoryRulePublic

router = APIRouter(prefix="/v1", tags=["law"])

NoticeTypeCode = Annotated[str, Path(pattern=r"^[a-z_]{1,48}$", examples=["procurement_result"])]


@router.get("/notice-types", summary="The national vocabulary of notices (公告类型)")
def list_notice_types(session: SessionDep, domain: DomainCode | None = None) -> Listing[NoticeTypePublic]:
    rows = service.list_notice_types(session, domain.value if domain else None)
    return Listing.of([NoticeTypePublic.of(row) for row in rows])


@router.get("/notice-types/{code}", summary="One notice type", responses=problem_responses(NotFound))
def get_notice_type(code: NoticeTypeCode, session: SessionDep) -> NoticeTypePublic:
    return NoticeTypePublic.of(service.get_notice_type(session, code))


@router.get(
    "/statutory-rules",
    summary="The statutory rules above the catalogs, each with its citation",
    description="With `notice_type`: the rules that govern that notice, the fallback included.",
    responses=problem_responses(NotFound),
)
def list_statutory_rules(
    session: SessionDep,
    notice_type: Annotated[str | None, Query(pattern=r"^[a-z_]{1,48}$")] = None,
) -> Listing[StatutoryRulePublic]:
    return Listing.of([StatutoryRulePublic.of(s) for s in service.list_statutory_rules(session, notice_type)])
