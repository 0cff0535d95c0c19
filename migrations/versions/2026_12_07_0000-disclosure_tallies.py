"""disclosure tallies: the reports' counts kept as the disclosures change (app/reports/models.py)

Every write to `disclosures` adds its rows' counts, with a sign (+1 for the row after the write,
-1 for the row before it), under both grains (the due date's year and its month):
- SQLite: triggers on each row upsert the tallies at once.
- PostgreSQL: a trigger on each statement inserts the statement's counts, summed by tally key, as
  new rows of `disclosure_tally_deltas` (inserts alone: concurrent writers never wait on a shared
  row); the worker folds them into the tallies.
The existing disclosures are tallied here, before the triggers exist.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')
KEY = ('grain', 'period', 'jurisdiction_code', 'domain_code', 'obligation_id', 'notice_type', 'days_late')
CHECKS = ('timeliness', 'channel', 'publisher', 'content')
PUBLISHED = "r.status IN ('published_on_time', 'published_late')"
# What each tally column counts, of a disclosure `r` (app/reports/service.py counts the same of the
# disclosures themselves; tests/reports/test_tallies.py holds the two to each other).
MEASURES = {
    'pending_dated': "r.status = 'pending' AND r.due_date IS NOT NULL",
    'pending_undated': "r.status = 'pending' AND r.due_date IS NULL",
    'published_on_time': "r.status = 'published_on_time'",
    'published_late': "r.status = 'published_late'",
    'exempt': "r.status = 'exempt'",
    **{
        f'{check}_{result}': f"{PUBLISHED} AND r.{check}_check = '{result}'"
        for check in CHECKS
        for result in ('pass', 'fail', 'not_applicable')
    },
    'published_failing': f"{PUBLISHED} AND (" + ' OR '.join(f"r.{check}_check = 'fail'" for check in CHECKS) + ')',
    'published_passing': f"{PUBLISHED} AND "
    + ' AND '.join(f"r.{check}_check IN ('pass', 'not_applicable')" for check in CHECKS),
}
LATE = "r.status = 'published_late' AND r.published_at IS NOT NULL AND r.due_date IS NOT NULL"
# Calendar days from the due date to the publication's date in China, as the reports count them.
DAYS_LATE = {
    'postgresql': f"CASE WHEN {LATE} THEN greatest(0, (r.published_at AT TIME ZONE 'Asia/Shanghai')::date - r.due_date) ELSE -1 END",
    'sqlite': f"CASE WHEN {LATE} THEN max(0, CAST(julianday(date(r.published_at, '+8 hours')) - julianday(r.due_date) AS INTEGER)) ELSE -1 END",
}
PERIOD = {
    'postgresql': "CASE WHEN r.due_date IS NULL THEN DATE '0001-01-01' ELSE date_trunc({grain}, r.due_date::timestamp)::date END",
    'sqlite': "CASE WHEN r.due_date IS NULL THEN '0001-01-01' ELSE strftime(CASE {grain} WHEN 'year' THEN '%Y-01-01' ELSE '%Y-%m-01' END, r.due_date) END",
}
COLUMNS = ', '.join((*KEY, *MEASURES))


def _counted(row: str, alias: str) -> str:
    return row.replace('r.', f'{alias}.')


def _summed(dialect: str, signed_rows: str) -> str:
    """The counts of `signed_rows` (disclosure rows with a `sign` column) by tally key, under both
    grains, leaving out keys whose counts cancel (an update that changed nothing counted)."""
    contributions = ',\n            '.join(f'r.sign * CASE WHEN {condition} THEN 1 ELSE 0 END AS {name}' for name, condition in MEASURES.items())
    sums = ', '.join(f'sum({name}) AS {name}' for name in MEASURES)
    return f"""
        SELECT {', '.join(KEY)}, {sums} FROM (
            SELECT g.grain, {PERIOD[dialect].format(grain='g.grain')} AS period, r.jurisdiction_code, r.domain_code,
            coalesce(r.obligation_id, 0) AS obligation_id, coalesce(r.notice_type, '') AS notice_type,
            {DAYS_LATE[dialect]} AS days_late,
            {contributions}
            FROM ({signed_rows}) AS r CROSS JOIN (SELECT 'year' AS grain UNION ALL SELECT 'month') AS g
        ) AS counted
        GROUP BY {', '.join(KEY)}
        HAVING {' OR '.join(f'sum({name}) <> 0' for name in MEASURES)}
    """


def _postgresql_triggers() -> None:
    signed = {
        'insert': 'SELECT 1 AS sign, * FROM new_rows',
        'update': 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1 AS sign, * FROM old_rows',
        'delete': 'SELECT -1 AS sign, * FROM old_rows',
    }
    referencing = {
        'insert': 'REFERENCING NEW TABLE AS new_rows',
        'update': 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
        'delete': 'REFERENCING OLD TABLE AS old_rows',
    }
    for operation, rows in signed.items():
        op.execute(f"""
            CREATE FUNCTION tally_disclosures_{operation}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO disclosure_tally_deltas ({COLUMNS}) {_summed('postgresql', rows)};
                RETURN NULL;
            END $$
        """)
        # One trigger for each operation: PostgreSQL gives transition tables to single-event
        # triggers only, and an upsert fires the INSERT one for the rows it inserted and the
        # UPDATE one for those it updated.
        op.execute(f"""
            CREATE TRIGGER disclosures_tally_{operation} AFTER {operation.upper()} ON disclosures
            {referencing[operation]} FOR EACH STATEMENT EXECUTE FUNCTION tally_disclosures_{operation}()
        """)


def _sqlite_upsert(alias: str, sign: int, grain: str) -> str:
    values = [
        f"'{grain}'",
        _counted(PERIOD['sqlite'].format(grain=f"'{grain}'"), alias),
        f'{alias}.jurisdiction_code',
        f'{alias}.domain_code',
        f'coalesce({alias}.obligation_id, 0)',
        f"coalesce({alias}.notice_type, '')",
        _counted(DAYS_LATE['sqlite'], alias),
        *(f'{sign} * CASE WHEN {_counted(condition, alias)} THEN 1 ELSE 0 END' for condition in MEASURES.values()),
    ]
    added = ', '.join(f'{name} = {name} + excluded.{name}' for name in MEASURES)
    return f"""
        INSERT INTO disclosure_tallies ({COLUMNS}) VALUES ({', '.join(values)})
        ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {added};"""


def _sqlite_triggers() -> None:
    tallied = ('status', 'due_date', 'published_at', 'jurisdiction_code', 'domain_code', 'obligation_id', 'notice_type',
               *(f'{check}_check' for check in CHECKS))
    changed = ' OR '.join(f'old.{name} IS NOT new.{name}' for name in tallied)
    both = ('year', 'month')
    op.execute(f"""
        CREATE TRIGGER disclosures_tally_insert AFTER INSERT ON disclosures BEGIN
        {''.join(_sqlite_upsert('new', 1, grain) for grain in both)}
        END""")
    op.execute(f"""
        CREATE TRIGGER disclosures_tally_update AFTER UPDATE ON disclosures WHEN {changed} BEGIN
        {''.join(_sqlite_upsert('old', -1, grain) for grain in both)}
        {''.join(_sqlite_upsert('new', 1, grain) for grain in both)}
        END""")
    op.execute(f"""
        CREATE TRIGGER disclosures_tally_delete AFTER DELETE ON disclosures BEGIN
        {''.join(_sqlite_upsert('old', -1, grain) for grain in both)}
        END""")


def _tally_columns() -> list[sa.Column]:
    return [
        sa.Column('grain', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column('period', sa.Date(), nullable=False),
        sa.Column('jurisdiction_code', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
        sa.Column('domain_code', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('obligation_id', sa.Integer(), nullable=False),
        sa.Column('notice_type', sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
        sa.Column('days_late', sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in MEASURES),
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        'disclosure_tallies', *_tally_columns(), sa.PrimaryKeyConstraint(*KEY)
    )
    op.create_table(
        'disclosure_tally_deltas',
        sa.Column('id', BIG_ID, nullable=False),
        *_tally_columns(),
        sa.PrimaryKeyConstraint('id'),
    )
    op.execute(f"INSERT INTO disclosure_tallies ({COLUMNS}) {_summed(dialect, 'SELECT 1 AS sign, * FROM disclosures')}")
    if dialect == 'postgresql':
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for operation in ('insert', 'update', 'delete'):
            op.execute(f'DROP TRIGGER disclosures_tally_{operation} ON disclosures')
            op.execute(f'DROP FUNCTION tally_disclosures_{operation}()')
    else:
        for operation in ('insert', 'update', 'delete'):
            op.execute(f'DROP TRIGGER disclosures_tally_{operation}')
    op.drop_table('disclosure_tally_deltas')
    op.drop_table('disclosure_tallies')
