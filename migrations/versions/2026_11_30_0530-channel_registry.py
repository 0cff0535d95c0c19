"""the channel registry: named channels, their classes, and how catalog wording reads

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 05:30:00

A change to any of the three tables moves the catalog revision, as migration 0004 does for the
catalogs: verdicts read the registry from memory, rebuilt when the revision moves.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("channel_classes", "channels", "channel_readings")
ACTIONS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table('channel_classes',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('enumerated', sa.Boolean(), nullable=False),
    sa.Column('host_suffixes', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_channel_classes'))
    )
    op.create_table('channels',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('hosts', sa.JSON(), nullable=False),
    sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('classes', sa.JSON(), nullable=False),
    sa.Column('source', sa.JSON(), nullable=False),
    sa.Column('needs_review', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdictions.code'], name=op.f('fk_channels_jurisdiction_code_jurisdictions')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_channels'))
    )
    op.create_table('channel_readings',
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('channel_key', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True),
    sa.Column('class_code', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True),
    sa.Column('levels', sa.JSON(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['channel_key'], ['channels.key'], name=op.f('fk_channel_readings_channel_key_channels')),
    sa.ForeignKeyConstraint(['class_code'], ['channel_classes.code'], name=op.f('fk_channel_readings_class_code_channel_classes')),
    sa.PrimaryKeyConstraint('text', name=op.f('pk_channel_readings'))
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in TABLES:
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


def downgrade() -> None:
    op.drop_table('channel_readings')
    op.drop_table('channels')
    op.drop_table('channel_classes')
