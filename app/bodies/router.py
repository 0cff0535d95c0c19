"""Body writes (catalog:write) and the one-department read."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app.bodies import service
from app.bodies.errors import InvalidBody, NameTaken
from app.bodies.schemas import AliasCreate, DepartmentCreate, SuccessionCreate, SuccessionPublic
from app.catalog.schemas import DepartmentPublic
from app.core.database import SessionDep
from app.core.errors import Forbidden, NotFound, Unauthorized, UnknownReference, problem_responses
from app.core.openapi import created
from app.keys.dependencies import CatalogWriterDep

router = APIRouter(prefix="/v1/departments", tags=["catalog"])

DepartmentId = Annotated[int, Path(ge=1, le=2**31 - 1)]
WRITE_PROBLEMS = (Unauthorized, Forbidden, InvalidBody, UnknownReference, NameTaken)


@router.get("/{department_id:int}", summary="One responsible body, with its aliases and whom it succeeds",
            responses=problem_responses(NotFound))
def get_department(department_id: DepartmentId, session: SessionDep) -> DepartmentPublic:
    return service.get_department(session, department_id)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Add a department, a function at a level, or a role, with its aliases",
    description=(
        "Names and aliases are unique within a jurisdiction (409 when taken). A function at a level "
        "(`kind: function`: 市、县国土资源部门) gives the words its departments' names carry and the levels "
        "it means. Recorded with the key and the time. Needs `catalog:write`."
    ),
    responses={**created("the department"), **problem_responses(*WRITE_PROBLEMS)},
)
def create_department(
    body: DepartmentCreate, session: SessionDep, key: CatalogWriterDep, response: Response
) -> DepartmentPublic:
    department = service.create_department(session, key, body)
    response.headers["Location"] = f"/v1/departments/{department.id}"
    return department


@router.post(
    "/{department_id:int}/aliases",
    status_code=status.HTTP_201_CREATED,
    summary="Add another name a department goes by",
    responses={**created("the department, with its aliases"), **problem_responses(NotFound, *WRITE_PROBLEMS)},
)
def add_alias(
    department_id: DepartmentId, body: AliasCreate, session: SessionDep, key: CatalogWriterDep, response: Response
) -> DepartmentPublic:
    response.headers["Location"] = f"/v1/departments/{department_id}"
    return service.add_alias(session, key, department_id, body)


@router.post(
    "/{department_id:int}/successors",
    status_code=status.HTTP_201_CREATED,
    summary="Record the department that took over from this one, and when",
    description=(
        "From `took_over_on` (or, where only that is known, `took_over_by`: then earlier publications under "
        "the new name are unverified) the successor may publish what the catalogs assign to this department. "
        "A successor of the same jurisdiction only, never dated before this department itself took over, never "
        "in a circle. Give the `source`, or say in `needs_review` why there is none. Needs `catalog:write`."
    ),
    responses={**created("the successor, with whom it succeeds"), **problem_responses(NotFound, *WRITE_PROBLEMS)},
)
def add_successor(
    department_id: DepartmentId, body: SuccessionCreate, session: SessionDep, key: CatalogWriterDep, response: Response
) -> SuccessionPublic:
    succession = service.add_successor(session, key, department_id, body)
    response.headers["Location"] = f"/v1/departments/{succession.successor_id}"
    return succession
