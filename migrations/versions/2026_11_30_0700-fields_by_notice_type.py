"""obligations: each notice's own elements, for rows covering notices whose elements differ

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 07:00:00

A plain ADD COLUMN on both databases: the table is not copied, its triggers stay.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('obligations', sa.Column('fields_by_notice_type', sa.JSON(), nullable=False, server_default='{}'))


def downgrade() -> None:
    with op.batch_alter_table('obligations') as batch_op:
        batch_op.drop_column('fields_by_notice_type')
