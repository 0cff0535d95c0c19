"""The one dependency every protected route declares, with the scope it needs.

Keys are accepted as `Authorization: Bearer <key>` or `X-API-Key: <key>`; both appear under
Swagger UI's Authorize button.

`require_scope(scope)` checks the key against the active keys kept in memory, or else in a short
transaction of its own. The event endpoints, every platform's hot path, declare `presented_key`
instead and check it with `verify` inside their write transaction: one transaction and one
worker-thread hop per request instead of two.
"""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from app.core.database import Database, DatabaseDep
from app.core.errors import Forbidden, Unauthorized
from app.keys.limits import key_limiter
from app.keys.models import ApiKey
from app.keys.scopes import Scope, grants
from app.keys.service import find_active_key, hash_key, held_active_keys

bearer_scheme = HTTPBearer(auto_error=False, scheme_name="BearerKey", description="Authorization: Bearer <key>")
header_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKeyHeader")


@dataclass(frozen=True)
class PresentedKey:
    """The key a request carries, not yet checked."""

    value: str

    def verify(self, session: Session, scope: Scope | None = None) -> ApiKey:
        """The stored key, if it exists, is not revoked and holds the scope; else 401 or 403."""
        return self.admit(find_active_key(session, self.value), scope)

    def admit(self, key: ApiKey | None, scope: Scope | None = None) -> ApiKey:
        """`key`, found active for this one (None: not found), counted against its rate limits."""
        if key is None:
            raise Unauthorized("The key is unknown or has been revoked.")
        key_limiter().admit(key.id)
        if scope is not None and not grants(key.scopes, scope):
            raise Forbidden(f"This operation needs the scope '{scope.value}'; the key holds {key.scopes}.")
        return key


# async: reading headers blocks nothing, and a sync dependency costs a worker-thread hop.
async def presented_key(
    request: Request,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
    header: Annotated[str | None, Security(header_scheme)],
) -> PresentedKey:
    if bearer is None and "authorization" in request.headers:
        # An Authorization header we cannot use (Basic …) is refused, never silently ignored.
        raise Unauthorized("Authorization must be 'Bearer <key>'.")
    if header and bearer and header != bearer.credentials:
        # Two different keys: refuse rather than pick one and act on a credential nobody meant.
        raise Unauthorized("The request carries two different keys (Authorization and X-API-Key); send one.")
    value = header or (bearer.credentials if bearer else None)
    if not value:
        raise Unauthorized("Send the key as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.")
    return PresentedKey(value)


PresentedKeyDep = Annotated[PresentedKey, Depends(presented_key)]


async def authenticated_key(database: DatabaseDep, presented: PresentedKeyDep) -> ApiKey:
    # Answered here, in the event loop, when the active keys are known without a transaction and
    # the rate limits are counted in memory: nothing waits. Else in a worker thread, which costs a
    # hop (a tenth of a list page's time on PostgreSQL); a test's own session is always asked.
    limiter = key_limiter()
    if limiter.in_memory and not database.bound_to_session:
        if (active := held_active_keys(database.engine)) is not None:
            return presented.admit(active.get(hash_key(presented.value)))
    return await run_in_threadpool(_looked_up, database, presented)


def _looked_up(database: Database, presented: PresentedKey) -> ApiKey:
    # A transaction of its own, ended at once: the lookup gives its connection back to the pool
    # instead of pinning it while the endpoint opens another (50 writers exhausted the pool).
    with database.read() as session:
        return presented.verify(session)


def require_scope(scope: Scope):  # noqa: ANN201  (a FastAPI dependency)
    # async: a pure check, and a sync dependency would cost a worker-thread hop per request.
    async def dependency(key: Annotated[ApiKey, Depends(authenticated_key)]) -> ApiKey:
        if not grants(key.scopes, scope):
            raise Forbidden(f"This operation needs the scope '{scope.value}'; the key holds {key.scopes}.")
        return key

    return dependency


AuthenticatedKeyDep = Annotated[ApiKey, Depends(authenticated_key)]
AdminKeyDep = Annotated[ApiKey, Depends(require_scope(Scope.ADMIN))]
CatalogWriterDep = Annotated[ApiKey, Depends(require_scope(Scope.CATALOG_WRITE))]
ExemptionReviewerDep = Annotated[ApiKey, Depends(require_scope(Scope.EXEMPTIONS_REVIEW))]
SubscriberDep = Annotated[ApiKey, Depends(require_scope(Scope.SUBSCRIPTIONS_WRITE))]
