"""push and the change feed: the changes every write records (the outbox and the feed),
subscriptions, their notifications and delivery attempts, and the fan-out's position

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
NOW_UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == 'postgresql'
    op.create_table(
        'changes',
        sa.Column('id', BIG_ID, nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
        sa.Column('at', NOW_UTC, nullable=False),
        sa.Column('event_id', sa.Integer(), nullable=True),
        sa.Column('disclosure_id', sa.Integer(), nullable=True),
        sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
        sa.Column('domain_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
        sa.Column('notice_type', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column('disclosure_status', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
        sa.Column('due_date', sa.Date(), nullable=True),
        sa.Column('detail', sa.JSON(), server_default='{}', nullable=False),
        sa.Column('raised_key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.ForeignKeyConstraint(['event_id'], ['events.id']),
        sa.ForeignKeyConstraint(['disclosure_id'], ['disclosures.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('raised_key'),
    )
    op.create_index('ix_changes_jurisdiction_id', 'changes', ['jurisdiction_code', 'id'])
    if postgresql:
        # The transaction that wrote each change, in which the feed is read (app/feed/service.py).
        op.execute("ALTER TABLE changes ADD COLUMN xact xid8 NOT NULL DEFAULT pg_current_xact_id()")
        op.execute("CREATE INDEX ix_changes_xact_id ON changes (xact, id)")

    op.create_table(
        'subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('api_key_id', sa.Integer(), nullable=False),
        sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=2048), nullable=False),
        sa.Column('kinds', sa.JSON(), nullable=False),
        sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
        sa.Column('domain_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('due_soon_days', sa.Integer(), nullable=False),
        sa.Column('secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', NOW_UTC, nullable=False),
        sa.Column('deleted_at', NOW_UTC, nullable=True),
        sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_subscriptions_api_key_id', 'subscriptions', ['api_key_id'])

    op.create_table(
        'notifications',
        sa.Column('id', BIG_ID, nullable=False),
        sa.Column('webhook_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('change_id', BIG_ID, nullable=False),
        sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('created_at', NOW_UTC, nullable=False),
        sa.Column('next_attempt_at', NOW_UTC, nullable=False),
        sa.Column('lease', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column('leased_until', NOW_UTC, nullable=True),
        sa.Column('delivered_at', NOW_UTC, nullable=True),
        sa.ForeignKeyConstraint(['change_id'], ['changes.id']),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('subscription_id', 'change_id'),
        sa.UniqueConstraint('webhook_id'),
    )
    op.create_index('ix_notifications_state_next_attempt', 'notifications', ['state', 'next_attempt_at'])

    op.create_table(
        'delivery_attempts',
        sa.Column('id', BIG_ID, nullable=False),
        sa.Column('notification_id', BIG_ID, nullable=False),
        sa.Column('subscription_id', sa.Integer(), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('started_at', NOW_UTC, nullable=False),
        sa.Column('duration_ms', sa.Integer(), nullable=False),
        sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('error', sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True),
        sa.Column('next_attempt_at', NOW_UTC, nullable=True),
        sa.ForeignKeyConstraint(['notification_id'], ['notifications.id']),
        sa.ForeignKeyConstraint(['subscription_id'], ['subscriptions.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_delivery_attempts_notification_id', 'delivery_attempts', ['notification_id'])
    op.create_index('ix_delivery_attempts_subscription_id', 'delivery_attempts', ['subscription_id', 'id'])

    op.create_table(
        'push_positions',
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('xact', sa.BigInteger(), nullable=False),
        sa.Column('change_id', sa.BigInteger(), nullable=False),
        sa.Column('day', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint('name'),
    )
    # Both steps start at the beginning of the changes; the rows exist so workers can lock them.
    op.execute("INSERT INTO push_positions (name, xact, change_id) VALUES ('fanout', 0, 0), ('raised', 0, 0)")


def downgrade() -> None:
    op.drop_table('push_positions')
    op.drop_index('ix_delivery_attempts_subscription_id', table_name='delivery_attempts')
    op.drop_index('ix_delivery_attempts_notification_id', table_name='delivery_attempts')
    op.drop_table('delivery_attempts')
    op.drop_index('ix_notifications_state_next_attempt', table_name='notifications')
    op.drop_table('notifications')
    op.drop_index('ix_subscriptions_api_key_id', table_name='subscriptions')
    op.drop_table('subscriptions')
    op.drop_table('changes')
