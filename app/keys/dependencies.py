"""The one dependency every protected route declares, with the scope it needs.

Keys are accepted as `Authorization: Bearer <key>` or `X-API-Key: <key>`; both appear under
Swagger UI's Authorize button.
"""

from typing import Annotated

from fastapi import Depends, Header, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from app.core.database import DatabaseDep
from app.core.errors import Forbidden, Unauthorized
from app.keys.models import ApiKey
from app.keys.scopes import Scope, grants
from app.keys.service import find_active_key

bearer_scheme = HTTPBearer(auto_error=False, scheme_name="BearerKey", description="Authorization: Bearer <key>")
header_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKeyHeader")


def authenticated_key(
    database: DatabaseDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
    header: Annotated[str | None, Security(header_scheme)],
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> ApiKey:
    if authorization and bearer is None:
        # An Authorization header we cannot use (Basic …) is refused, never silently ignored.
        raise Unauthorized("Authorization must be 'Bearer <key>'.")
    if header and bearer and header != bearer.credentials:
        # Two different keys: refuse rather than pick one and act on a credential nobody meant.
        raise Unauthorized("The request carries two different keys (Authorization and X-API-Key); send one.")
    presented = header or (bearer.credentials if bearer else None)
    if not presented:
        raise Unauthorized("Send the key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.")
    # A transaction of its own, ended at once: the lookup gives its connection back to the pool
    # instead of pinning it while the endpoint opens another (50 writers exhausted the pool).
    with database.read() as session:
        key = find_active_key(session, presented)
    if key is None:
        raise Unauthorized("The key is unknown or has been revoked.")
    return key


def require_scope(scope: Scope):  # noqa: ANN201  (a FastAPI dependency)
    # async: a pure check, and a sync dependency would cost a worker-thread hop per request.
    async def dependency(key: Annotated[ApiKey, Depends(authenticated_key)]) -> ApiKey:
        if not grants(key.scopes, scope):
            raise Forbidden(f"This operation needs the scope '{scope.value}'; the key holds {key.scopes}.")
        return key

    return dependency


AuthenticatedKeyDep = Annotated[ApiKey, Depends(authenticated_key)]
AdminKeyDep = Annotated[ApiKey, Depends(require_scope(Scope.ADMIN))]
