"""jurisdiction-led indexes: the overdue list of one jurisdiction straight off an index, in order;
a BRIN index on events.received_at; disclosures by their deciding publication

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 10:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
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
    # An exemption review looked its disclosure up by reading the whole table.
    op.create_index('ix_disclosures_publication_event', 'disclosures', ['publication_event_id'])
    if op.get_bind().dialect.name == 'postgresql':
        # Append-ordered: BRIN, not a B-tree (docs/scale-out.md §2). SQLite has only B-trees.
        op.drop_index('ix_events_received_at', table_name='events')
        op.create_index('ix_events_received_at', 'events', ['received_at'], postgresql_using='brin',
                        postgresql_with={'autosummarize': 'on'})


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_events_received_at', table_name='events')
        op.create_index('ix_events_received_at', 'events', ['received_at'])
    op.drop_index('ix_disclosures_publication_event', table_name='disclosures')
    op.drop_index('ix_events_jurisdiction_id', table_name='events')
    op.create_index('ix_disclosures_jurisdiction_code', 'disclosures', ['jurisdiction_code'])
    op.drop_index('ix_disclosures_jurisdiction_status_due', table_name='disclosures')
