"""access and integrity: keys bound to jurisdictions and domains, each platform's own events and
subjects, exemption reviews, and the audit log

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EVENTS_APPEND_ONLY = "SELECT RAISE(ABORT, 'events are append-only: record a correction instead')"
APPEND_ONLY_TABLES = {
    "audit_log": "the audit log is append-only",
    "exemption_reviews": "exemption reviews are append-only: record a new decision instead",
}


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"

    with op.batch_alter_table('api_keys') as batch_op:
        batch_op.add_column(sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('jurisdictions', sa.JSON(), nullable=False, server_default='["100000"]'))
        batch_op.add_column(sa.Column('domains', sa.JSON(), nullable=False, server_default='[]'))
    # A key made before platforms existed is its own platform, under its name.
    op.execute("UPDATE api_keys SET platform = name WHERE platform = ''")

    _lift_events_append_only(sqlite)
    with op.batch_alter_table('events') as batch_op:
        batch_op.add_column(sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('domain_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    op.execute("UPDATE events SET platform = (SELECT platform FROM api_keys WHERE api_keys.id = events.api_key_id)")
    op.execute(
        "UPDATE events SET domain_code = COALESCE("
        "(SELECT domain_code FROM obligations WHERE obligations.id = events.judged_obligation_id), "
        "(SELECT domain_code FROM notice_types WHERE notice_types.code = events.notice_type))"
    )
    with op.batch_alter_table('events') as batch_op:
        batch_op.create_index('ix_events_corrects', ['corrects'], unique=False)
        batch_op.create_index('ix_events_platform', ['platform', 'id'], unique=False)
    _restore_events_append_only(sqlite)

    with op.batch_alter_table('disclosures') as batch_op:
        batch_op.add_column(sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('exemption', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    op.execute(
        "UPDATE disclosures SET platform = COALESCE("
        "(SELECT platform FROM events WHERE events.id = disclosures.trigger_event_id), "
        "(SELECT platform FROM events WHERE events.id = disclosures.publication_event_id), '')"
    )
    # An exemption was `exempt` on the platform's word alone; now it waits for a review.
    op.execute(
        "UPDATE disclosures SET exemption = 'claimed', status = CASE "
        "WHEN (SELECT timeliness FROM events WHERE events.id = disclosures.publication_event_id) = 'late' "
        "THEN 'published_late' ELSE 'published_on_time' END WHERE status = 'exempt'"
    )
    with op.batch_alter_table('disclosures') as batch_op:
        batch_op.drop_constraint('uq_disclosures_jurisdiction_code_series_ref_notice_type_subject', type_='unique')
        batch_op.create_unique_constraint(
            'uq_disclosures_lineage',
            ['platform', 'jurisdiction_code', 'series', 'ref', 'notice_type', 'subject'],
        )

    op.create_table(
        'exemption_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=False),
        sa.Column('decision', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=False),
        sa.Column('api_key_id', sa.Integer(), nullable=False),
        sa.Column('reviewed_by', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id'], name=op.f('fk_exemption_reviews_api_key_id_api_keys')),
        sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_exemption_reviews_event_id_events')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exemption_reviews')),
    )
    op.create_index(op.f('ix_exemption_reviews_event_id'), 'exemption_reviews', ['event_id'], unique=False)

    op.create_table(
        'audit_log',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column('api_key_id', sa.Integer(), nullable=True),
        sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id'], name=op.f('fk_audit_log_api_key_id_api_keys')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    )
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'], unique=False)
    op.create_index(op.f('ix_audit_log_api_key_id'), 'audit_log', ['api_key_id'], unique=False)
    op.create_index(op.f('ix_audit_log_action'), 'audit_log', ['action'], unique=False)

    # Like the events: what was decided and who changed what can be added to, never rewritten.
    for table, message in APPEND_ONLY_TABLES.items():
        if sqlite:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                )
        else:
            op.execute(
                f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN RAISE EXCEPTION '{message}'; END $$"
            )
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
            )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in APPEND_ONLY_TABLES:
        if sqlite:
            for action in ("UPDATE", "DELETE"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{action.lower()}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")
    op.drop_table('audit_log')
    op.drop_table('exemption_reviews')

    # Two platforms' disclosures of one subject cannot both survive the older key: keep the first.
    op.execute(
        "DELETE FROM disclosures WHERE id NOT IN (SELECT min(id) FROM disclosures "
        "GROUP BY jurisdiction_code, series, ref, notice_type, subject)"
    )
    op.execute("UPDATE disclosures SET status = 'exempt' WHERE exemption IN ('claimed', 'granted')")
    with op.batch_alter_table('disclosures') as batch_op:
        batch_op.drop_constraint('uq_disclosures_lineage', type_='unique')
        batch_op.create_unique_constraint(
            'uq_disclosures_jurisdiction_code_series_ref_notice_type_subject',
            ['jurisdiction_code', 'series', 'ref', 'notice_type', 'subject'],
        )
        batch_op.drop_column('exemption')
        batch_op.drop_column('platform')

    _lift_events_append_only(sqlite)
    with op.batch_alter_table('events') as batch_op:
        batch_op.drop_index('ix_events_platform')
        batch_op.drop_index('ix_events_corrects')
        batch_op.drop_column('domain_code')
        batch_op.drop_column('platform')
    _restore_events_append_only(sqlite)

    with op.batch_alter_table('api_keys') as batch_op:
        batch_op.drop_column('domains')
        batch_op.drop_column('jurisdictions')
        batch_op.drop_column('platform')


def _lift_events_append_only(sqlite: bool) -> None:
    if sqlite:
        op.execute("PRAGMA defer_foreign_keys = ON")
        op.execute("DROP TRIGGER IF EXISTS events_no_update")
        op.execute("DROP TRIGGER IF EXISTS events_no_delete")
    else:
        op.execute("ALTER TABLE events DISABLE TRIGGER events_append_only")


def _restore_events_append_only(sqlite: bool) -> None:
    if sqlite:
        for action in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER events_no_{action.lower()} BEFORE {action} ON events BEGIN {EVENTS_APPEND_ONLY}; END")
    else:
        op.execute("ALTER TABLE events ENABLE TRIGGER events_append_only")
