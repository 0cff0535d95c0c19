"""Creating, finding and revoking API keys. Only a SHA-256 of each key is stored.

Keys are 256-bit random tokens, so a fast hash is enough: there is nothing to brute-force that
a slow password hash would protect.
"""

import hashlib
import secrets
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.core.errors import NotFound
from app.core.revisions import KEYS, RevisionCache
from app.keys.models import ApiKey
from app.keys.scopes import Scope

KEY_PREFIX = "drs_"


def key_label(key: ApiKey) -> str:
    """How a write records the key that made it: its id and name, never the key."""
    return f"key {key.id} ({key.name})"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_key(session: Session, name: str, scopes: list[Scope]) -> tuple[ApiKey, str]:
    """Returns the stored row and the key itself, which is shown once and never again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        name=name,
        prefix=key[:12],
        key_hash=hash_key(key),
        scopes=sorted({scope.value for scope in scopes}),
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return row, key


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


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.exec(select(ApiKey).order_by(col(ApiKey.id))))


def revoke_key(session: Session, key_id: int) -> ApiKey:
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"There is no API key {key_id}.")
    if row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        session.flush()
    return row
