"""A generated history of events and disclosures, for the plan test and the scale benchmark.

Rows over every county of the country, 2019 onwards at one every four minutes (a million span 2019
to 2026), posted by seven platforms; one in ten never published, the published ones with check
results of every kind. The catalog's lineage columns are left empty: the rows stand for notices
judged by the statutes alone.
"""

from sqlalchemy import Connection, text

COUNTIES = """
    WITH counties AS (SELECT code, row_number() OVER (ORDER BY code) AS n FROM jurisdictions WHERE level = 'county'),
    rows AS (SELECT g AS n, (SELECT count(*) FROM counties) AS counties FROM generate_series(1, :rows) AS g)
"""
EVENTS = COUNTIES + """
    INSERT INTO events (kind, series, ref, jurisdiction_code, notice_type, triggers, rules, subject, triggered_at,
                        published_at, content, status, timeliness, due_date, due_at, calendar, checks, api_key_id,
                        platform, domain_code, received_at)
    SELECT 'publication', '', '', counties.code, 'bid_result', '{}', '[]', 'H-' || rows.n,
           TIMESTAMP '2019-01-01' + rows.n * INTERVAL '4 minutes', TIMESTAMP '2019-01-02' + rows.n * INTERVAL '4 minutes',
           '{}', 'compliant', 'on_time', DATE '2019-01-20' + rows.n / 360,
           TIMESTAMP '2019-01-20' + rows.n * INTERVAL '4 minutes', 'official', '[]', :key_id,
           'history-' || rows.n % 7, 'construction_bidding', TIMESTAMP '2019-01-02' + rows.n * INTERVAL '4 minutes'
    FROM rows JOIN counties ON counties.n = 1 + rows.n % rows.counties
"""
RESULT = "(ARRAY['pass', 'pass', 'pass', 'fail', 'unverified', 'not_applicable'])[1 + (rows.n / {spread}) % 6]"
DISCLOSURES = COUNTIES + f"""
    INSERT INTO disclosures (platform, series, ref, notice_type, subject, jurisdiction_code, domain_code, status,
                             triggered_at, due_date, due_at, published_at, updated_at,
                             timeliness_check, channel_check, publisher_check, content_check)
    SELECT 'history-' || rows.n % 7, '', '', 'bid_result', 'H-' || rows.n, counties.code, 'construction_bidding',
           CASE WHEN rows.n % 10 = 0 THEN 'pending' WHEN rows.n % 10 = 1 THEN 'published_late' ELSE 'published_on_time' END,
           TIMESTAMP '2019-01-01' + rows.n * INTERVAL '4 minutes', DATE '2019-01-20' + rows.n / 360,
           TIMESTAMP '2019-01-20' + rows.n * INTERVAL '4 minutes',
           CASE WHEN rows.n % 10 = 0 THEN NULL
                ELSE TIMESTAMPTZ '2019-01-20 02:00+00' + rows.n * INTERVAL '4 minutes'
                     + CASE WHEN rows.n % 10 = 1 THEN (1 + rows.n % 7) * INTERVAL '1 day' ELSE INTERVAL '-1 day' END END,
           now(), {RESULT.format(spread=1)}, {RESULT.format(spread=2)}, {RESULT.format(spread=3)}, {RESULT.format(spread=5)}
    FROM rows JOIN counties ON counties.n = 1 + rows.n % rows.counties
"""


def generate_history(connection: Connection, rows: int, key_id: int) -> None:
    """`rows` events and as many disclosures (PostgreSQL), posted under the key `key_id`."""
    connection.execute(text(EVENTS), {"rows": rows, "key_id": key_id})
    connection.execute(text(DISCLOSURES), {"rows": rows})
