"""jurisdiction-led indexes: the overdue list of one jurisdiction straight off an index, in order

Revision ID: 0015
Revises: 0012
Create Date: 2026-11-30 10:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0015'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # (jurisdiction, status, due date, id) serves the overdue list of a county or a province in
    # its paging order, with no sort; it also leads with what the single-column index held.
    op.create_index('ix_disclosures_jurisdiction_status_due', 'disclosures',
                    ['jurisdiction_code', 'status', 'due_date', 'id'])
    op.drop_index('ix_disclosures_jurisdiction_code', table_name='disclosures')
    # A supervisor's events, newest page by id, for the jurisdictions of its binding.
    op.create_index('ix_events_jurisdiction_id', 'events', ['jurisdiction_code', 'id'])


def downgrade() -> None:
    op.drop_index('ix_events_jurisdiction_id', table_name='events')
    op.create_index('ix_disclosures_jurisdiction_code', 'disclosures', ['jurisdiction_code'])
    op.drop_index('ix_disclosures_jurisdiction_status_due', table_name='disclosures')
