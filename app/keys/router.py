"""API key endpoints: who am I (any key) and key administration (admin scope)."""

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from app.core.database import SessionDep
from app.core.errors import Forbidden, NotFound, Unauthorized, UnknownReference, problem_responses
from app.core.openapi import created
from app.core.pagination import Listing
from app.keys import service
from app.keys.bindings import Bindings
from app.keys.dependencies import AdminKeyDep, AuthenticatedKeyDep
from app.keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic

router = APIRouter(prefix="/v1/api-keys", tags=["access"])

KeyId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get(
    "/current",
    summary="The key this request was made with",
    responses=problem_responses(Unauthorized),
)
def current_key(key: AuthenticatedKeyDep) -> ApiKeyPublic:
    return ApiKeyPublic.of(key)


@router.get("", summary="All API keys (admin)", responses=problem_responses(Unauthorized, Forbidden))
def list_keys(session: SessionDep, _admin: AdminKeyDep) -> Listing[ApiKeyPublic]:
    return Listing.of([ApiKeyPublic.of(row) for row in service.list_keys(session)])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create an API key (admin); the key is in the answer, once",
    description=(
        "Bind it to `jurisdictions` (each covers those below it; 100000, the default, is the country) and "
        "optionally to `domains`: its writes outside them are refused (403), and with `events:read` it reads "
        "every platform's events within them. A key makes keys no wider than itself."
    ),
    responses={**created("the key (never the key itself)"), **problem_responses(Unauthorized, Forbidden, UnknownReference)},
)
def create_key(body: ApiKeyCreate, session: SessionDep, admin: AdminKeyDep, response: Response) -> ApiKeyCreated:
    bindings = Bindings.of(body.jurisdictions, [domain.value for domain in body.domains])
    row, key = service.create_key(
        session, body.name, body.scopes, platform=body.platform, bindings=bindings, created_by=admin
    )
    response.headers["Location"] = f"/v1/api-keys/{row.id}"
    return ApiKeyCreated(**ApiKeyPublic.of(row).model_dump(), key=key)


@router.get(
    "/{key_id:int}",
    summary="One API key (admin): its name, platform, scopes and bindings, never the key",
    responses=problem_responses(Unauthorized, Forbidden, NotFound),
)
def get_key(key_id: KeyId, session: SessionDep, _admin: AdminKeyDep) -> ApiKeyPublic:
    return ApiKeyPublic.of(service.get_key(session, key_id))


@router.post(
    "/{key_id:int}/revoke",
    summary="Revoke an API key (admin); it stops working at once",
    description="A key can revoke keys within its own bindings only.",
    responses=problem_responses(Unauthorized, Forbidden, NotFound),
)
def revoke_key(key_id: KeyId, session: SessionDep, admin: AdminKeyDep) -> ApiKeyPublic:
    return ApiKeyPublic.of(service.revoke_key(session, key_id, revoked_by=admin))
