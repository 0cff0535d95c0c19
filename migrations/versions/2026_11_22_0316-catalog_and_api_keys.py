"""catalog and api keys

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 03:16:46.471862
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('key_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash'))
    )
    op.create_table('domains',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_domains'))
    )
    op.create_table('jurisdictions',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('short_name', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('parent_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['jurisdictions.code'], name=op.f('fk_jurisdictions_parent_code_jurisdictions')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_jurisdictions'))
    )
    op.create_table('catalogs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
    sa.Column('document_title', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True),
    sa.Column('issuing_body', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('issue_date', sa.Date(), nullable=True),
    sa.Column('in_force_from', sa.Date(), nullable=True),
    sa.Column('in_force_until', sa.Date(), nullable=True),
    sa.Column('source_document', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('source_section', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdictions.code'], name=op.f('fk_catalogs_jurisdiction_code_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalogs')),
    sa.UniqueConstraint('key', name=op.f('uq_catalogs_key'))
    )
    with op.batch_alter_table('catalogs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_catalogs_jurisdiction_code'), ['jurisdiction_code'], unique=False)

    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdictions.code'], name=op.f('fk_departments_jurisdiction_code_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('jurisdiction_code', 'name', name=op.f('uq_departments_jurisdiction_code_name'))
    )
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_departments_jurisdiction_code'), ['jurisdiction_code'], unique=False)

    op.create_table('department_aliases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('alias', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_department_aliases_department_id_departments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdictions.code'], name=op.f('fk_department_aliases_jurisdiction_code_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_aliases')),
    sa.UniqueConstraint('jurisdiction_code', 'alias', name=op.f('uq_department_aliases_jurisdiction_code_alias'))
    )
    with op.batch_alter_table('department_aliases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_aliases_alias'), ['alias'], unique=False)
        batch_op.create_index(batch_op.f('ix_department_aliases_department_id'), ['department_id'], unique=False)

    op.create_table('obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('catalog_id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('domain_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('category', sa.JSON(), nullable=False),
    sa.Column('item', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=False),
    sa.Column('content', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('required_fields', sa.JSON(), nullable=False),
    sa.Column('deadline_text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('deadline_kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('deadline_trigger', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=True),
    sa.Column('deadline_amount', sa.Integer(), nullable=True),
    sa.Column('deadline_unit', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('deadline_month', sa.Integer(), nullable=True),
    sa.Column('deadline_day', sa.Integer(), nullable=True),
    sa.Column('deadline_year_offset', sa.Integer(), nullable=False),
    sa.Column('deadline_defaulted', sa.Boolean(), nullable=False),
    sa.Column('deadline_basis', sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True),
    sa.Column('deadline_alternatives', sa.JSON(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('supervision', sa.JSON(), nullable=False),
    sa.Column('display_period', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('disclosure_attribute', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('legal_basis', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source_ref', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('source_text', sa.JSON(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['catalog_id'], ['catalogs.id'], name=op.f('fk_obligations_catalog_id_catalogs')),
    sa.ForeignKeyConstraint(['domain_code'], ['domains.code'], name=op.f('fk_obligations_domain_code_domains')),
    sa.ForeignKeyConstraint(['jurisdiction_code'], ['jurisdictions.code'], name=op.f('fk_obligations_jurisdiction_code_jurisdictions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_obligations')),
    sa.UniqueConstraint('catalog_id', 'ref', name=op.f('uq_obligations_catalog_id_ref'))
    )
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligations_catalog_id'), ['catalog_id'], unique=False)
        batch_op.create_index('ix_obligations_jurisdiction_domain', ['jurisdiction_code', 'domain_code'], unique=False)

    op.create_table('obligation_responsible',
    sa.Column('obligation_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_obligation_responsible_department_id_departments')),
    sa.ForeignKeyConstraint(['obligation_id'], ['obligations.id'], name=op.f('fk_obligation_responsible_obligation_id_obligations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('obligation_id', 'department_id', name=op.f('pk_obligation_responsible'))
    )
    with op.batch_alter_table('obligation_responsible', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_obligation_responsible_department_id'), ['department_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('obligation_responsible', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_obligation_responsible_department_id'))

    op.drop_table('obligation_responsible')
    with op.batch_alter_table('obligations', schema=None) as batch_op:
        batch_op.drop_index('ix_obligations_jurisdiction_domain')
        batch_op.drop_index(batch_op.f('ix_obligations_catalog_id'))

    op.drop_table('obligations')
    with op.batch_alter_table('department_aliases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_aliases_department_id'))
        batch_op.drop_index(batch_op.f('ix_department_aliases_alias'))

    op.drop_table('department_aliases')
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_departments_jurisdiction_code'))

    op.drop_table('departments')
    with op.batch_alter_table('catalogs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_catalogs_jurisdiction_code'))

    op.drop_table('catalogs')
    op.drop_table('jurisdictions')
    op.drop_table('domains')
    op.drop_table('api_keys')
