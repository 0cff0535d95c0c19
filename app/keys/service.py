"""Creating, finding and revoking API keys. Only a SHA-256 of each key is stored.

Keys are 256-bit random tokens, so a fast hash is enough: there is nothing to brute-force that
a slow password hash would protect.
"""

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Engine, Table, or_
from sqlmodel import Session, col, select

from app.audit.service import record
from app.core.errors import NotFound, OutsideBinding, UnknownReference
from app.core.revisions import KEYS, RevisionCache
from app.jurisdictions.service import jurisdiction_index, within
from app.keys.bindings import COUNTRY, Bindings
from app.keys.models import ApiKey
from app.keys.scopes import Scope, grants

KEY_PREFIX = "drs_"
NATIONAL = Bindings()


def outside_binding(key: ApiKey, refused: str) -> OutsideBinding:
    """The 403 for what `key` may not do, naming its binding: `refused` ends the sentence."""
    return OutsideBinding(
        f"Key {key.id} ({key.name}) is bound to {key.bindings.describe()}; {refused}", binding=binding_of(key)
    )


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(
    session: Session,
    name: str,
    scopes: list[Scope],
    *,
    platform: str | None = None,
    bindings: Bindings = NATIONAL,
    created_by: ApiKey | str | None = None,
) -> tuple[ApiKey, str]:
    """Returns the stored row and the key itself, which is shown once and never again. A key made
    with another key is no wider than it: bound within its bindings."""
    index = jurisdiction_index(session)
    # The country needs no division list: a database not yet seeded can still have its first key.
    unknown = [code for code in bindings.jurisdictions if code != COUNTRY and code not in index]
    if unknown:
        raise UnknownReference(f"No jurisdiction has the code {', '.join(unknown)}.", field="jurisdictions")
    if isinstance(created_by, ApiKey) and not bindings.within(created_by.bindings, index.lineage):
        raise outside_binding(created_by, f"it cannot make a key bound to {bindings.describe()}.")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        name=name,
        prefix=key[:12],
        key_hash=hash_key(key),
        scopes=sorted({scope.value for scope in scopes}),
        platform=platform or name,
        jurisdictions=list(bindings.jurisdictions),
        domains=list(bindings.domains),
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    record(session, created_by, "keys.create", f"api_key {row.id}", after=key_record(row))
    return row, key


def key_record(row: ApiKey) -> dict[str, object]:
    """What the audit log keeps of a key: everything but its hash."""
    return {
        "name": row.name,
        "platform": row.platform,
        "scopes": row.scopes,
        "jurisdictions": row.jurisdictions,
        "domains": row.domains,
        "revoked_at": row.revoked_at,
    }


def binding_of(key: ApiKey) -> dict[str, list[str]]:
    return {"jurisdictions": list(key.bindings.jurisdictions), "domains": list(key.bindings.domains)}


def require_binding(key: ApiKey, lineage: Sequence[str], acting_on: str, domains: Iterable[str | None] = ()) -> None:
    """403, naming the key's binding, when `lineage` (a jurisdiction and those above it) or one of
    `domains` is outside it. A None domain is a write that concerns every domain (a department, a
    channel): only a key bound to no domain may make it."""
    bindings = key.bindings
    if not bindings.covers_jurisdiction(lineage) or not all(bindings.covers_domain(domain) for domain in domains):
        raise outside_binding(key, f"{acting_on} is outside them.")


def require_place(
    session: Session, key: ApiKey, jurisdiction: str, acting_on: str, domains: Iterable[str | None] = (None,)
) -> None:
    require_binding(key, jurisdiction_index(session).lineage(jurisdiction), acting_on, domains)


def _load_active_keys(session: Session) -> dict[str, ApiKey]:
    rows = session.exec(select(ApiKey).where(col(ApiKey.revoked_at).is_(None))).all()
    for row in rows:
        session.expunge(row)  # kept beyond this session, read-only
    return {row.key_hash: row for row in rows}


# Every authenticated request checks its key; keys change when one is created or revoked. The
# active keys are kept until the `keys` revision moves: on SQLite a revocation is seen at once, on
# PostgreSQL as soon as its notification reaches each replica (milliseconds).
_active_keys = RevisionCache(KEYS, _load_active_keys)


def find_active_key(session: Session, key: str) -> ApiKey | None:
    return _active_keys.get(session).get(hash_key(key))


def held_active_keys(engine: Engine) -> dict[str, ApiKey] | None:
    """The active keys by hash where they are known without a transaction (the `keys` revision
    heard, see RevisionCache.held); None: ask `find_active_key` in one."""
    return _active_keys.held(engine)


@dataclass(frozen=True)
class ReadScope:
    """Which event-level records a key reads: its own platform's, or with `events:read` every
    platform's within its bindings."""

    platform: str | None
    """Only this platform's records; None: every platform's."""
    jurisdictions: tuple[str, ...] | None
    """Only these jurisdictions' records; None: everywhere."""
    domains: tuple[str, ...] = ()
    """Only these domains' records; empty: every domain."""

    def conditions(self, table: Table, dialect: str, public_when_unnamed: bool = False) -> list[ColumnElement[bool]]:
        """The conditions that keep a read of `table` to what the key may see. `public_when_unnamed`:
        a row naming no platform, place or domain (a catalog's change, a calendar's) is everyone's."""

        def allowed(column: ColumnElement, condition: ColumnElement[bool]) -> ColumnElement[bool]:
            return or_(column.is_(None), condition) if public_when_unnamed else condition

        conditions = []
        if self.platform is not None:
            conditions.append(allowed(table.c.platform, table.c.platform == self.platform))
        if self.jurisdictions is not None:
            places = table.c.jurisdiction_code
            conditions.append(allowed(places, within(places, self.jurisdictions, dialect)))
        if self.domains:
            conditions.append(allowed(table.c.domain_code, table.c.domain_code.in_(self.domains)))
        return conditions


def read_scope(session: Session, key: ApiKey) -> ReadScope:
    if not grants(key.scopes, Scope.EVENTS_READ):
        return ReadScope(platform=key.platform, jurisdictions=None)
    bindings = key.bindings
    if bindings.national:
        return ReadScope(platform=None, jurisdictions=None, domains=bindings.domains)
    index = jurisdiction_index(session)
    codes = {code for bound in bindings.jurisdictions for code in (index.subtree(bound) or [bound])}
    return ReadScope(platform=None, jurisdictions=tuple(sorted(codes)), domains=bindings.domains)


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.id))))


def get_key(session: Session, key_id: int) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"There is no API key {key_id}.")
    return row


def revoke_key(session: Session, key_id: int, revoked_by: ApiKey | str | None = None) -> ApiKey:
    row = get_key(session, key_id)
    if isinstance(revoked_by, ApiKey) and not row.bindings.within(revoked_by.bindings, jurisdiction_index(session).lineage):
        raise outside_binding(revoked_by, f"key {row.id} reaches beyond them.")
    if row.revoked_at is None:
        before = key_record(row)
        row.revoked_at = datetime.now(UTC)
        session.flush()
        record(session, revoked_by, "keys.revoke", f"api_key {row.id}", before=before, after=key_record(row))
    return row
