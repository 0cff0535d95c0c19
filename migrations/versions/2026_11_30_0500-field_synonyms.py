"""notice types: the names platforms give a required field (受让单位 for 受让人)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 05:00:00

A plain ADD COLUMN on both databases: SQLite does it in place, so the table is not copied and
the catalog revision triggers of migration 0006 stay.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('notice_types', sa.Column('field_synonyms', sa.JSON(), nullable=False, server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('notice_types') as batch_op:
        batch_op.drop_column('field_synonyms')
