"""events and disclosures

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:38:18.859949
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('obligation_id', sa.Integer(), nullable=False),
    sa.Column('judged_obligation_id', sa.Integer(), nullable=False),
    sa.Column('catalog_id', sa.Integer(), nullable=False),
    sa.Column('series', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('triggered_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('trigger_event_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('publisher', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('exemption', sa.JSON(), nullable=True),
    sa.Column('corrects', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('timeliness', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('late_by', sa.Integer(), nullable=True),
    sa.Column('late_unit', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('calendar', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('checks', sa.JSON(), nullable=False),
    sa.Column('api_key_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('idempotency_key', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('request_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id'], name=op.f('fk_events_api_key_id_api_keys')),
    sa.ForeignKeyConstraint(['catalog_id'], ['catalogs.id'], name=op.f('fk_events_catalog_id_catalogs')),
    sa.ForeignKeyConstraint(['corrects'], ['events.id'], name=op.f('fk_events_corrects_events')),
    sa.ForeignKeyConstraint(['judged_obligation_id'], ['obligations.id'], name=op.f('fk_events_judged_obligation_id_obligations')),
    sa.ForeignKeyConstraint(['obligation_id'], ['obligations.id'], name=op.f('fk_events_obligation_id_obligations')),
    sa.ForeignKeyConstraint(['trigger_event_id'], ['events.id'], name=op.f('fk_events_trigger_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('api_key_id', 'idempotency_key', name=op.f('uq_events_api_key_id_idempotency_key'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_lineage_subject', ['series', 'ref', 'subject'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_obligation_id'), ['obligation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_subject'), ['subject'], unique=False)

    op.create_table('disclosures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('obligation_id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('domain_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('verdict', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('triggered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('trigger_event_id', sa.Integer(), nullable=True),
    sa.Column('publication_event_id', sa.Integer(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['obligation_id'], ['obligations.id'], name=op.f('fk_disclosures_obligation_id_obligations')),
    sa.ForeignKeyConstraint(['publication_event_id'], ['events.id'], name=op.f('fk_disclosures_publication_event_id_events')),
    sa.ForeignKeyConstraint(['trigger_event_id'], ['events.id'], name=op.f('fk_disclosures_trigger_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_disclosures')),
    sa.UniqueConstraint('series', 'ref', 'subject', name=op.f('uq_disclosures_series_ref_subject'))
    )
    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_disclosures_jurisdiction_code'), ['jurisdiction_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_disclosures_obligation_id'), ['obligation_id'], unique=False)
        batch_op.create_index('ix_disclosures_status_due_date', ['status', 'due_date'], unique=False)

    with op.batch_alter_table('catalogs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
    # Every catalog seeded so far is the first version of its own series.
    op.execute("UPDATE catalogs SET series = key WHERE series IS NULL")
    with op.batch_alter_table('catalogs', schema=None) as batch_op:
        batch_op.alter_column('series', existing_type=sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False)
        batch_op.create_index(batch_op.f('ix_catalogs_series'), ['series'], unique=False)

    # 全程留痕: the database itself refuses to rewrite or erase an event.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only: record a correction instead';
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events "
            "FOR EACH ROW EXECUTE FUNCTION events_append_only()"
        )
    else:
        for action in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER events_no_{action.lower()} BEFORE {action} ON events "
                "BEGIN SELECT RAISE(ABORT, 'events are append-only: record a correction instead'); END"
            )



def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
        op.execute("DROP FUNCTION IF EXISTS events_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    with op.batch_alter_table('catalogs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogs_series'))
        batch_op.drop_column('series')

    with op.batch_alter_table('disclosures', schema=None) as batch_op:
        batch_op.drop_index('ix_disclosures_status_due_date')
        batch_op.drop_index(batch_op.f('ix_disclosures_obligation_id'))
        batch_op.drop_index(batch_op.f('ix_disclosures_jurisdiction_code'))

    op.drop_table('disclosures')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_subject'))
        batch_op.drop_index(batch_op.f('ix_events_status'))
        batch_op.drop_index(batch_op.f('ix_events_received_at'))
        batch_op.drop_index(batch_op.f('ix_events_obligation_id'))
        batch_op.drop_index('ix_events_lineage_subject')

    op.drop_table('events')
