"""Creating, finding and revoking API keys. Only a SHA-256 of each key is stored.

Keys are 256-bit random tokens, so a fast hash is enough: there is nothing to brute-force that
a slow password hash would protect.
"""

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from app.core.errors import NotFound
from app.keys.models import ApiKey
from app.keys.scopes import Scope

KEY_PREFIX = "drs_"


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


# Built once: every authenticated request runs it, and building it cost more than running it.
_BY_HASH = select(ApiKey).where(ApiKey.key_hash == bindparam("key_hash"))


def find_active_key(session: Session, key: str) -> ApiKey | None:
    row = session.exec(_BY_HASH, params={"key_hash": hash_key(key)}).one_or_none()
    if row is None or row.revoked_at is not None:
        return None
    return row


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
