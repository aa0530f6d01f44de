"""What follows from the demo's tickets: complaints, SIA escalations, quotes and monthly charges."""

from __future__ import annotations

import datetime as dt

import duckdb

from gdmetrics.calendar import add_business_minutes_sql, business_stamp_sql

# Complaints (klachten): Awb art. 9:11 gives six weeks, extendable by four. Most are handled in
# time, some with an extension, a few late, a few still open.
COMPLAINTS_SQL = """
INSERT INTO complaint (id, received_at, client_code, directorate_code, category, ticket_id, term_extended,
    handled_at, outcome)
WITH c AS (
    SELECT s.*,
        CAST(coalesce(resolved_at, registered_at + INTERVAL 3 DAY) AS DATE)
            + CAST(1 + floor(u(i, 51) * 14) AS INTEGER) AS day0,
        CASE WHEN breached AND u(i, 52) < 0.6 THEN 'doorlooptijd'
             WHEN u(i, 53) < 0.10 THEN 'doorlooptijd'
             WHEN u(i, 53) < 0.35 THEN 'bejegening'
             WHEN u(i, 53) < 0.65 THEN 'kwaliteit'
             WHEN u(i, 53) < 0.80 THEN 'bereikbaarheid'
             ELSE 'informatie' END AS category,
        u(i, 54) AS u_term
    FROM demo_complaint_stage s
), r AS (
    SELECT c.*,
        -- letters and e-mails are read on working days: a weekend complaint counts from Monday
        CAST(day0 + CASE isodow(day0) WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END AS TIMESTAMP)
            + to_seconds(CAST(32400 + floor(u(i, 55) * 25200) AS BIGINT)) AS received_at,
        u_term >= 0.80 AND u_term < 0.92 AS term_extended,
        CASE WHEN u_term < 0.80 THEN 5 + floor(u(i, 56) * 37)
             WHEN u_term < 0.92 THEN 43 + floor(u(i, 56) * 27)
             WHEN u_term < 0.97 THEN 43 + floor(u(i, 56) * 30) END AS days
    FROM c
), h AS (
    SELECT r.*, CASE WHEN received_at + to_days(CAST(days AS INTEGER)) <= $as_of
                     THEN received_at + to_days(CAST(days AS INTEGER)) END AS handled_at
    FROM r WHERE received_at <= $as_of
)
SELECT 'KL-' || year(received_at) || '-'
        || lpad(CAST(row_number() OVER (PARTITION BY year(received_at) ORDER BY received_at, i) AS VARCHAR), 5, '0'),
    received_at, client_code,
    CASE WHEN category = 'bereikbaarheid' THEN 'SD' ELSE directorate_code END,
    category,
    CASE WHEN u(i, 57) < 0.8 THEN ticket_id END,
    term_extended, handled_at,
    CASE WHEN handled_at IS NULL THEN NULL
         WHEN u(i, 58) < 0.30 THEN 'gegrond'
         WHEN u(i, 58) < 0.55 THEN 'deels_gegrond'
         WHEN u(i, 58) < 0.95 THEN 'ongegrond'
         ELSE 'ingetrokken' END
FROM h
"""

# SIA escalations: from escalated tickets, and some without a ticket (an accountmanager's
# conversation). Picked up within hours, closed within days to weeks, in business time.
ESCALATIONS_SQL = f"""
INSERT INTO escalation (id, ticket_id, escalated_at, client_code, reason, accountmanager_id, picked_up_at,
    closed_at, outcome)
WITH a AS (
    SELECT s.*, cl.accountmanager_id,
        {business_stamp_sql("s.registered_at", "c")} + 30 + CAST(floor(u(k, 61) * 480) AS BIGINT) AS esc_s
    FROM demo_escalation_stage s
    JOIN client cl ON cl.code = s.client_code
    JOIN work_calendar c ON c.day = CAST(s.registered_at AS DATE)
), b AS (
    SELECT a.*,
        esc_s + CAST(least($wm * 5, greatest(15, round(150 * exp(0.9 * z(k, 62))))) AS BIGINT) AS pick_s
    FROM a
), c AS (
    SELECT b.*, pick_s + $wm * CAST(1 + floor(u(k, 63) * 25) AS BIGINT)
        + CAST(floor(u(k, 64) * $wm) AS BIGINT) AS close_s
    FROM b
), m1 AS (
    SELECT c.*, {add_business_minutes_sql("c.esc_s")} AS esc_at FROM c ASOF JOIN demo_wd w ON c.esc_s > w.cum_before
), m2 AS (
    SELECT m1.*, {add_business_minutes_sql("m1.pick_s")} AS pick_at
    FROM m1 ASOF JOIN demo_wd w ON m1.pick_s > w.cum_before
), m3 AS (
    SELECT m2.*, {add_business_minutes_sql("m2.close_s")} AS close_at
    FROM m2 ASOF JOIN demo_wd w ON m2.close_s > w.cum_before
), e AS (
    -- an escalated ticket registered just before the export was escalated by then
    SELECT m3.*, CASE WHEN ticket_id IS NULL THEN esc_at ELSE greatest(registered_at, least(esc_at, $as_of)) END
        AS escalated_at
    FROM m3
)
SELECT 'ESC-' || year(escalated_at) || '-'
        || lpad(CAST(row_number() OVER (PARTITION BY year(escalated_at) ORDER BY escalated_at, k) AS VARCHAR), 5, '0'),
    ticket_id, escalated_at, client_code,
    CASE WHEN ticket_id IS NOT NULL THEN
        CASE WHEN u(k, 65) < 0.40 THEN 'buiten_pakket' WHEN u(k, 65) < 0.65 THEN 'geen_werkproces'
             WHEN u(k, 65) < 0.85 THEN 'directie_overstijgend' ELSE 'strategische_vraag' END
    ELSE
        CASE WHEN u(k, 65) < 0.45 THEN 'strategische_vraag' WHEN u(k, 65) < 0.80 THEN 'directie_overstijgend'
             ELSE 'geen_werkproces' END
    END,
    accountmanager_id,
    CASE WHEN pick_at <= $as_of THEN greatest(pick_at, escalated_at) END,
    CASE WHEN close_at <= $as_of THEN greatest(close_at, escalated_at) END,
    CASE WHEN close_at > $as_of THEN NULL
         WHEN u(k, 66) < 0.55 THEN 'beantwoord' WHEN u(k, 66) < 0.80 THEN 'maatwerkofferte'
         WHEN u(k, 66) < 0.92 THEN 'nieuw_product' ELSE 'nieuw_patroon' END
FROM e WHERE escalated_at <= $as_of
"""

# Quotes (offertes) for maatwerk: one per escalation that asked for one, and for some maatwerk tickets.
QUOTES_SQL = """
INSERT INTO quote (id, client_code, product_code, description, amount, status, requested_on, sent_on,
    decided_on, escalation_id)
WITH src AS (
    SELECT e.id AS key, e.client_code, CAST(e.closed_at AS DATE) AS requested_on, mw.product_code,
        e.id AS escalation_id
    FROM (SELECT *, u(id, 70) AS u_product FROM escalation WHERE outcome = 'maatwerkofferte') e
    ASOF JOIN demo_maatwerk mw ON e.u_product >= mw.lo
    UNION ALL
    SELECT t.id, t.client_code, CAST(t.registered_at AS DATE), t.product_code, NULL
    FROM ticket t JOIN product p ON p.code = t.product_code
    WHERE p.financing = 'maatwerk' AND u(t.id, 71) < 0.15
), d AS (
    SELECT src.*, requested_on + CAST(3 + floor(u(key, 72) * 18) AS INTEGER) AS sent0,
        requested_on + CAST(3 + floor(u(key, 72) * 18) + 5 + floor(u(key, 73) * 36) AS INTEGER) AS decided0
    FROM src
)
SELECT 'OF-' || year(requested_on) || '-'
        || lpad(CAST(row_number() OVER (PARTITION BY year(requested_on) ORDER BY requested_on, key) AS VARCHAR), 4, '0'),
    d.client_code, d.product_code,
    'Offerte ' || lower(p.name) || ' voor ' || cl.name,
    CAST(round(exp(ln(12000) + 0.8 * z(key, 74)) / 100) * 100 AS DECIMAL(14, 2)),
    CASE WHEN sent0 > $as_of_day THEN 'concept'
         WHEN decided0 > $as_of_day THEN 'uitgebracht'
         WHEN u(key, 75) < 0.60 THEN 'geaccepteerd'
         WHEN u(key, 75) < 0.85 THEN 'afgewezen'
         ELSE 'vervallen' END,
    requested_on,
    CASE WHEN sent0 <= $as_of_day THEN sent0 END,
    CASE WHEN decided0 <= $as_of_day THEN decided0 END,
    escalation_id
FROM d JOIN product p ON p.code = d.product_code JOIN client cl ON cl.code = d.client_code
"""

# Monthly settlement (verrekening) of plus products: what each client's DVA lines delivered,
# counted from the tickets, at the agreed tariff.
CHARGES_SQL = """
INSERT INTO charge (client_code, month, product_code, quantity, tariff, amount)
WITH months AS (
    SELECT CAST(range AS DATE) AS month FROM range(CAST($start AS TIMESTAMP), CAST($end AS TIMESTAMP), INTERVAL 1 MONTH)
), delivered AS (
    SELECT t.client_code, t.product_code, CAST(date_trunc('month', t.registered_at) AS DATE) AS month,
        count(*) AS n
    FROM ticket t JOIN product p ON p.code = t.product_code
    WHERE p.financing = 'plus'
    GROUP BY ALL
)
SELECT d.client_code, m.month, l.product_code, coalesce(dl.n, 0),
    coalesce(l.tariff, p.tariff), coalesce(dl.n, 0) * coalesce(l.tariff, p.tariff)
FROM dva d
JOIN dva_line l ON l.dva_id = d.id
JOIN product p ON p.code = l.product_code AND p.financing = 'plus'
JOIN months m ON m.month >= d.valid_from AND m.month < d.valid_to
LEFT JOIN delivered dl ON dl.client_code = d.client_code AND dl.product_code = l.product_code
    AND dl.month = m.month
WHERE l.priority IS NULL AND m.month <= $as_of
"""


def insert_followups(
    con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, as_of: dt.datetime, working_minutes: int
) -> None:
    """Complaints, escalations, quotes and charges, from the tickets and the staged samples."""
    con.execute(COMPLAINTS_SQL, {"as_of": as_of})
    con.execute(ESCALATIONS_SQL, {"as_of": as_of, "wm": working_minutes})
    maatwerk = [
        r[0]
        for r in con.execute("SELECT code FROM product WHERE financing = 'maatwerk' ORDER BY code").fetchall()
    ]
    con.execute("CREATE OR REPLACE TEMP TABLE demo_maatwerk (lo DOUBLE, product_code VARCHAR)")
    con.executemany(
        "INSERT INTO demo_maatwerk VALUES (?, ?)",
        [(k / len(maatwerk), code) for k, code in enumerate(maatwerk)],
    )
    con.execute(QUOTES_SQL, {"as_of_day": as_of.date()})
    con.execute(CHARGES_SQL, {"start": start, "end": end, "as_of": as_of})
    for table in ("demo_complaint_stage", "demo_escalation_stage", "demo_maatwerk"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
