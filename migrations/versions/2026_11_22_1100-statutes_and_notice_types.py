"""the national layer: notice types and statutory rules; events and disclosures by notice type

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 11:00:00

An event may now be judged by the statutes alone (no catalog row: obligation and catalog null),
and a disclosure is one notice of one subject, so its key gains the jurisdiction and the notice
type ('' where none; '' series and ref where no catalog row applies). Events stay append-only:
the existing rows get their jurisdiction with the append-only triggers lifted for that one
statement, and on SQLite, where the table is copied to change a column, the triggers are made
again (as are the catalog revision triggers of migration 0004 for the new tables).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_CATALOG_TABLES = ("notice_types", "statutory_rules")
ACTIONS = ("INSERT", "UPDATE", "DELETE")
APPEND_ONLY = "SELECT RAISE(ABORT, 'events are append-only: record a correction instead')"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table('notice_types',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('domain_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('trigger', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('trigger_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('synonyms', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['domain_code'], ['domains.code'], name=op.f('fk_notice_types_domain_code_domains')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_notice_types'))
    )
    op.create_table('statutory_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('notice_types', sa.JSON(), nullable=False),
    sa.Column('fallback', sa.Boolean(), nullable=False),
    sa.Column('deadline_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('deadline_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('deadline_trigger', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('deadline_amount', sa.Integer(), nullable=True),
    sa.Column('deadline_unit', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('condition', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('display_period', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('instrument', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('article', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('clause', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('in_force_from', sa.Date(), nullable=True),
    sa.Column('in_force_until', sa.Date(), nullable=True),
    sa.Column('review', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statutory_rules')),
    sa.UniqueConstraint('key', name=op.f('uq_statutory_rules_key'))
    )
    _revision_triggers(sqlite)

    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deadline_route', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('deadline_review', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('notice_types', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('duty', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default='publication'))
        batch_op.add_column(sa.Column('notice_period', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True))

    _lift_append_only(sqlite)
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_type', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True))
        batch_op.add_column(sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True))
        batch_op.add_column(sa.Column('submission', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('triggers', sa.JSON(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('rules', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.alter_column('obligation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('judged_obligation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('catalog_id', existing_type=sa.Integer(), nullable=True)
    op.execute(
        "UPDATE events SET jurisdiction_code = (SELECT jurisdiction_code FROM catalogs WHERE catalogs.id = events.catalog_id)"
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.alter_column('jurisdiction_code', existing_type=sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False)
        batch_op.create_index('ix_events_jurisdiction_notice_type', ['jurisdiction_code', 'notice_type'], unique=False)
    _restore_append_only(sqlite)

    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_type', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False, server_default=''))
        batch_op.alter_column('obligation_id', existing_type=sa.Integer(), nullable=True)
        batch_op.drop_constraint('uq_disclosures_series_ref_subject', type_='unique')
        batch_op.create_unique_constraint(
            'uq_disclosures_jurisdiction_code_series_ref_notice_type_subject',
            ['jurisdiction_code', 'series', 'ref', 'notice_type', 'subject'],
        )
        batch_op.create_index('ix_disclosures_subject', ['subject'], unique=False)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Rows judged by the statutes alone have no place in the older schema.
    op.execute("DELETE FROM disclosures WHERE obligation_id IS NULL OR notice_type <> ''")
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.drop_index('ix_disclosures_subject')
        batch_op.drop_constraint('uq_disclosures_jurisdiction_code_series_ref_notice_type_subject', type_='unique')
        batch_op.create_unique_constraint('uq_disclosures_series_ref_subject', ['series', 'ref', 'subject'])
        batch_op.alter_column('obligation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('notice_type')

    _lift_append_only(sqlite)
    op.execute("DELETE FROM events WHERE obligation_id IS NULL")
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_jurisdiction_notice_type')
        batch_op.alter_column('catalog_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('judged_obligation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('obligation_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('rules')
        batch_op.drop_column('triggers')
        batch_op.drop_column('submission')
        batch_op.drop_column('jurisdiction_code')
        batch_op.drop_column('notice_type')
    _restore_append_only(sqlite)

    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_column('notice_period')
        batch_op.drop_column('duty')
        batch_op.drop_column('notice_types')
        batch_op.drop_column('deadline_review')
        batch_op.drop_column('deadline_route')

    for table in NEW_CATALOG_TABLES:
        if sqlite:
            for action in ACTIONS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_revision_{action.lower()}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_revision ON {table}")
    op.drop_table('statutory_rules')
    op.drop_table('notice_types')


def _revision_triggers(sqlite: bool) -> None:
    """A change to the national layer moves the catalog revision, as migration 0004 does for the catalogs."""
    for table in NEW_CATALOG_TABLES:
        if sqlite:
            for action in ACTIONS:
                op.execute(
                    f"CREATE TRIGGER {table}_revision_{action.lower()} AFTER {action} ON {table} "
                    "BEGIN UPDATE revisions SET revision = abs(random()) WHERE topic = 'catalog'; END"
                )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_revision('catalog')"
            )


def _lift_append_only(sqlite: bool) -> None:
    if sqlite:
        # The copy that changes a column drops the old table: the references to it from other
        # tables are checked at commit, when the copy has taken its name.
        op.execute("PRAGMA defer_foreign_keys = ON")
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    else:
        op.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")


def _restore_append_only(sqlite: bool) -> None:
    if sqlite:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER events_no_{action.lower()} BEFORE {action} ON events BEGIN {APPEND_ONLY}; END")
    else:
        op.execute("ALTER TABLE events ENABLE TRIGGER events_append_only")
