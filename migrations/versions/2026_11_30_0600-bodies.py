"""bodies: functions at a level, successors, and who added a department or alias

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 06:00:00

Columns are added in place on both databases (SQLite's ADD COLUMN keeps the tables, and so
their revision triggers); the successions table moves the catalog revision like the others.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIONS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.add_column('departments', sa.Column('function_terms', sa.JSON(), nullable=False, server_default='[]'))
    op.add_column('departments', sa.Column('levels', sa.JSON(), nullable=False, server_default='[]'))
    for table in ('departments', 'department_aliases'):
        op.add_column(table, sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True))
        op.add_column(table, sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('department_successions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('predecessor_id', sa.Integer(), nullable=False),
    sa.Column('successor_id', sa.Integer(), nullable=False),
    sa.Column('took_over_on', sa.Date(), nullable=True),
    sa.Column('took_over_by', sa.Date(), nullable=True),
    sa.Column('source', sa.JSON(), nullable=False),
    sa.Column('needs_review', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=160), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['predecessor_id'], ['departments.id'], name=op.f('fk_department_successions_predecessor_id_departments')),
    sa.ForeignKeyConstraint(['successor_id'], ['departments.id'], name=op.f('fk_department_successions_successor_id_departments')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_successions')),
    sa.UniqueConstraint('predecessor_id', 'successor_id', name=op.f('uq_department_successions_predecessor_id_successor_id'))
    )
    with op.batch_alter_table('department_successions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_successions_predecessor_id'), ['predecessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_department_successions_successor_id'), ['successor_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for action in ACTIONS:
            op.execute(
                f"CREATE TRIGGER department_successions_revision_{action.lower()} AFTER {action} ON department_successions "
                "BEGIN UPDATE revisions SET revision = abs(random()) WHERE topic = 'catalog'; END"
            )
    else:
        op.execute(
            "CREATE TRIGGER department_successions_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            "ON department_successions FOR EACH STATEMENT EXECUTE FUNCTION bump_revision('catalog')"
        )


def downgrade() -> None:
    op.drop_table('department_successions')
    for table in ('department_aliases', 'departments'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('recorded_at')
            batch_op.drop_column('recorded_by')
    with op.batch_alter_table('departments') as batch_op:
        batch_op.drop_column('levels')
        batch_op.drop_column('function_terms')
