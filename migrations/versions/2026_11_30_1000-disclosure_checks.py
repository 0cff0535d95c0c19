"""disclosure checks: each disclosure keeps its deciding publication's result of every check, so
a report counts them with GROUP BY instead of reading each event's verdict

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHECKS = ("timeliness", "channel", "publisher", "content")
# The result of one named check in the deciding publication's `checks` (a JSON list of
# {"name", "result", "detail"}), in each backend's own JSON functions.
RESULT_OF = {
    "sqlite": (
        "SELECT json_extract(checked.value, '$.result') FROM events, json_each(events.checks) AS checked "
        "WHERE events.id = disclosures.publication_event_id AND json_extract(checked.value, '$.name') = '{name}'"
    ),
    "postgresql": (
        "SELECT checked ->> 'result' FROM events, json_array_elements(events.checks) AS checked "
        "WHERE events.id = disclosures.publication_event_id AND checked ->> 'name' = '{name}'"
    ),
}


def upgrade() -> None:
    with op.batch_alter_table('disclosures') as batch_op:
        for name in CHECKS:
            batch_op.add_column(sa.Column(f'{name}_check', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
    result_of = RESULT_OF[op.get_bind().dialect.name]
    for name in CHECKS:
        op.execute(
            f"UPDATE disclosures SET {name}_check = ({result_of.format(name=name)}) "  # noqa: S608 - names are constants
            "WHERE publication_event_id IS NOT NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table('disclosures') as batch_op:
        for name in reversed(CHECKS):
            batch_op.drop_column(f'{name}_check')
