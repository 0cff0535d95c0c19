"""Folding the counts PostgreSQL's writers add (`disclosure_tally_deltas`) into the tallies.

The writers only insert, so they never wait on one another for a shared tally; a report adds up
the tallies and the deltas not yet folded, so it is exact before and after a fold. Folding keeps
what a report reads small: the worker does it every round.
"""

from sqlalchemy import Connection, Engine, func, select, text
from sqlmodel import Session

from app.reports.models import KEY, MEASURES

FOLD_LOCK = 0x7A11_1E5
"""The advisory lock one folder holds at a time (another skips its turn rather than wait)."""
FOLD_LIMIT = 50_000
"""Deltas folded a transaction at most, oldest first."""

_COLUMNS = ", ".join((*KEY, *MEASURES))
_FOLD = text(f"""
    WITH taken AS (
        DELETE FROM disclosure_tally_deltas
        WHERE id IN (SELECT id FROM disclosure_tally_deltas ORDER BY id LIMIT :limit)
        RETURNING {_COLUMNS}
    ), folded AS (
        INSERT INTO disclosure_tallies AS tally ({_COLUMNS})
        SELECT {", ".join(KEY)}, {", ".join(f"sum({name})" for name in MEASURES)}
        FROM taken GROUP BY {", ".join(KEY)}
        -- In key order, as every folder locks the tallies it updates.
        ORDER BY {", ".join(KEY)}
        ON CONFLICT ({", ".join(KEY)}) DO UPDATE SET {", ".join(f"{name} = tally.{name} + excluded.{name}" for name in MEASURES)}
    )
    SELECT count(*) FROM taken
""")


def folds_tallies(engine: Engine | Connection) -> bool:
    """Whether the database's writers leave deltas to fold: PostgreSQL's do; SQLite's triggers
    update the tallies themselves."""
    return engine.dialect.name == "postgresql"


def fold_tallies(session: Session, limit: int = FOLD_LIMIT) -> int:
    """Fold up to `limit` deltas into the tallies in the session's transaction: how many (none on
    SQLite)."""
    if not folds_tallies(session.get_bind()):
        return 0
    if not session.execute(select(func.pg_try_advisory_xact_lock(FOLD_LOCK))).scalar_one():
        return 0
    return session.execute(_FOLD, {"limit": limit}).scalar_one()
