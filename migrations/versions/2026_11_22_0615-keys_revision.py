"""a revision counter for API keys, so the key check can be answered from memory

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 06:15:00

Creating or revoking a key moves the `keys` revision (and notifies, on PostgreSQL) exactly as
catalog changes move `catalog` (migration 0004).
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIONS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.execute("INSERT INTO revisions (topic, revision) VALUES ('keys', 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER api_keys_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_keys "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_revision('keys')"
        )
    else:
        for action in ACTIONS:
            op.execute(
                f"CREATE TRIGGER api_keys_revision_{action.lower()} AFTER {action} ON api_keys "
                "BEGIN UPDATE revisions SET revision = abs(random()) WHERE topic = 'keys'; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS api_keys_revision ON api_keys")
    else:
        for action in ACTIONS:
            op.execute(f"DROP TRIGGER IF EXISTS api_keys_revision_{action.lower()}")
    op.execute("DELETE FROM revisions WHERE topic = 'keys'")
