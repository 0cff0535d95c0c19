"""revision counters of the catalog and the calendar, moved by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 06:00:00

Any change to a topic's tables, by this service or anything else writing to the database, adds one
to the topic's revision in the same transaction; on PostgreSQL it also notifies the `revisions`
channel with "<topic> <revision>" (app/core/revisions.py listens). A later migration that
recreates one of these tables on SQLite (batch mode) must recreate its triggers.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOPICS = {
    "catalog": (
        "jurisdictions", "domains", "catalogs", "departments", "department_aliases", "obligations",
        "obligation_responsible",
    ),
    "calendar": ("calendar_loads", "calendar_years", "calendar_days"),
}
ACTIONS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    revisions = op.create_table('revisions',
    sa.Column('topic', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('topic', name=op.f('pk_revisions'))
    )
    op.bulk_insert(revisions, [{"topic": topic, "revision": 0} for topic in TOPICS])
    # A revision never repeats, even when the change that drew it is rolled back: a sequence on
    # PostgreSQL (which also orders revisions as they commit), a random 63-bit number on SQLite.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE revision_numbers")
        op.execute(
            """
            CREATE FUNCTION bump_revision() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                bumped bigint;
            BEGIN
                UPDATE revisions SET revision = nextval('revision_numbers') WHERE topic = TG_ARGV[0]
                RETURNING revision INTO bumped;
                PERFORM pg_notify('revisions', TG_ARGV[0] || ' ' || bumped);
                RETURN NULL;
            END $$
            """
        )
        for topic, tables in TOPICS.items():
            for table in tables:
                op.execute(
                    f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION bump_revision('{topic}')"
                )
    else:
        # SQLite triggers are per row: a bulk load draws a revision per row, which is harmless.
        for topic, tables in TOPICS.items():
            for table in tables:
                for action in ACTIONS:
                    op.execute(
                        f"CREATE TRIGGER {table}_revision_{action.lower()} AFTER {action} ON {table} "
                        f"BEGIN UPDATE revisions SET revision = abs(random()) WHERE topic = '{topic}'; END"
                    )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for tables in TOPICS.values():
        for table in tables:
            if postgresql:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
            else:
                for action in ACTIONS:
                    op.execute(f"DROP TRIGGER IF EXISTS {table}_revision_{action.lower()}")
    if postgresql:
        op.execute("DROP FUNCTION IF EXISTS bump_revision()")
        op.execute("DROP SEQUENCE IF EXISTS revision_numbers")
    op.drop_table('revisions')
