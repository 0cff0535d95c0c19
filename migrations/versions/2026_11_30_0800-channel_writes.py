"""channels: who added a channel over the API, and when

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('channels', sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True))
    op.add_column('channels', sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('channels') as batch_op:
        batch_op.drop_column('recorded_at')
        batch_op.drop_column('recorded_by')
