"""The SLA clock: which norm applies to each ticket, its time used, pauses, due moments and verdicts.

Everything is computed in SQL (`VERDICTS_SQL`, after the tickets' pauses and repeats: `PAUSES_SQL`,
`REPEATS_SQL`) and kept in the table `ticket_sla` (one row per ticket, with the ticket's dimensions
beside its verdicts). Its rows follow the ticket table row group by row group; past `SORTED_PAST`
tickets both are kept in registration order, so a period's filter skips whole row groups. Figures
read that table; they never recompute a verdict.

Refreshed where something changed (`refresh_ticket_sla(..., only_touched=True)`): the same
statements over the tickets in the temp table `sla_touched`, whose rows are deleted and inserted
again, in the caller's transaction. Which tickets:
- An import: the tickets it inserted or changed (columns or pauses), not the unchanged or older
  rows of the file (`importing.loader`).
- Their repeats: a ticket's flag `repeated` (its requester of its client reported its product
  again within five days after its resolution) reads other tickets' registrations. Where a
  touched ticket's requester, client, product or registration moment is another than the one
  `ticket_sla` holds (or it is new), the tickets of that key, before and after, resolved within
  the five days before that registration, before and after, are recomputed too: the few an
  import's new ticket follows up, and those of the key a changed ticket left.
- The as-of moment: it enters the row of a ticket only through an open clock. When it moves from
  A to B (meta `sla_as_of` holds the one the rows were computed with), exactly these rows can
  change, and are refreshed too: a ticket with a pause not resumed (the pause runs to the
  as-of moment); a ticket without a resolution moment that has pauses (they are clipped at the
  as-of moment); a ticket without a resolution moment whose response or resolution due moment
  lies between A and B (its "due before as-of" test flips). A resolved ticket whose pauses all
  ended reads the as-of moment nowhere; an open one without pauses only in that test, and its due
  moments do not depend on it. So a nightly import also refreshes the open tickets that fell due
  since the last one, not the whole backlog.
- A change of the catalogue, norms, agreements or organisation (`remember_inputs` before it,
  on the same connection; the norm editor and the reference workbook do): every row a change
  added or removed in a table a verdict reads (`INPUT_TABLES`) names the tickets it can reach,
  from `ticket_sla` as it was: a catalogue norm version, the tickets of its product and priority
  whose version valid on their registration date now has other hours; a DVA, the tickets of its
  client (and, for a DG, of its directies) whose valid DVA is now another; a DVA line, the
  tickets of its product under its DVA's client and dates; a default norm, the tickets of its
  priority judged by a default norm; a product, its tickets; a client, its tickets; a mantel
  standard for `resolution_within_norm` or a mantel agreement, the tickets of its dates. A
  ticket reaching another norm source through a change is reached through the row that changed.
- A calendar change (holidays, closure days, working hours; `calendar.ensure_calendar` keeps
  the calendar it replaced): the tickets on the business clock whose clock spans a changed day
  (from registration or an earlier pause to the last moment it reads: response, resolution,
  due moments, pauses, and the as-of moment while open or paused). Every other ticket keeps its
  verdict, durations and due moments; only its absolute stamps (`reg_stamp`, `resolved_stamp`,
  working minutes since the calendar's start) move by the working minutes added or removed
  before it, in one UPDATE, and no month is named for that. A working-hours change changes
  every working day, so it recomputes every ticket on the business clock (24/7 tickets stay).
  Another range of days: a full refresh.
- A full refresh (every ticket) when the rows were computed by other code (`SLA_VERSION`) or
  without a recorded as-of moment, when the ticket table holds tickets `ticket_sla` does not
  know besides the touched ones (written without a refresh), when an import's default norms were only just given,
  when `ticket_sla` knows fewer than half of the tickets (a first load: cheaper whole), and
  whenever a caller does not ask for less (the demo build, tests). Past `SORTED_PAST`
  tickets it runs per piece of whole months of registration, each sorted, piece after piece.
Afterwards the temp table `sla_touched_months(month)` (`touched_months`) holds the first day of
each month of a registration, resolution, done or verdict date of a recomputed ticket, before
and after: the months whose figures may have changed (None after a full refresh: all).

Choices where DOMAIN.md is silent (written down here, shown by `explain`):

- Norm resolution, per norm (response, resolution) separately, first match wins: the DVA line
  for the ticket's client and product with the ticket's priority; the DVA line for that client
  and product without a priority; the catalogue norm for the product and priority
  (`product_norm`); the product's own norm; the default per priority. Only the DVA, DVA line and
  catalogue norm valid on the registration date count, so a later change never rewrites history.
- A DVA agreed with a DG reaches its directies: for a directie's ticket the DG's DVA lines apply
  when the directie's own DVA (if any) has no line for that product at all; a directie's own line
  for the product, of any priority, always wins over the DG's (norm source `dg_dva_line` /
  `dg_dva_line_priority`, which `explain` names). The ticket's `dva_id` is the DVA whose line
  applied, else the client's own DVA, else its DG's: a DG's DVA covers its directies' tickets.
- The resolution moment is `resolved_at`; a ticket closed without one (ServiceNow and TOPdesk
  exports often carry only a closing date) counts as resolved at its closing moment
  (`closed_as_resolved`, which `explain` says), unless it was cancelled. That moment also
  serves as the first response when there is none.
- The target share (e.g. 95%) of a ticket is its DVA line's, else the mantel standard for
  `resolution_within_norm` valid on the registration date, else 90%.
- Pauses (on-hold) stop the resolution clock, not the response clock (as in ServiceNow's default
  response SLA: the first response comes before any waiting on the client).
- A ticket without a first response but with a resolution counts the resolution as its response.
- Verdict moment: a ticket within its norm gets its verdict when it is resolved; a breached one
  at the moment its norm expired (its due moment), whether it was resolved later or is still
  open. So a backlog cannot hide breaches, and no ticket is counted in two periods. A ticket
  still open and not yet due (or paused before it was due) has no verdict yet.
- A ticket's demand level (vraagniveau) is its own where the source gave one, else its
  product's: a ticket system's export carries no demand level, the catalogue does.
- A ticket put on hold before its due moment and never resumed has no due moment and so never
  breaches; `on_hold_since` (the start of its open pause, while unresolved) lets the figure
  `long_on_hold` list the ones on hold longer than `Settings.long_hold_days`, so a hold cannot
  hide a breach.
- A reopened ticket: the export carries one registration and the last resolution, so its clock
  runs from registration to the last resolution (the time between a resolution and the
  reopening counts as used, minus the pauses the export reports); `reopen_count` says it was
  reopened.
- "Now" for open tickets is the data's as-of moment: meta `data_as_of` when set (the demo and
  imports set it), else the latest timestamp in the ticket table.
"""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from gdmetrics import rollup
from gdmetrics.calendar import (
    TIMEZONE,
    add_business_minutes_sql,
    business_stamp_sql,
    calendar_stamp_sql,
    work_day_no_sql,
)
from gdmetrics.settings import Settings, get_settings

DEFAULT_TARGET_SHARE = 0.90
# Bump when VERDICTS_SQL changes what ticket_sla holds: open databases are then refreshed.
SLA_VERSION = "7"


def data_as_of(con: duckdb.DuckDBPyConnection) -> dt.datetime | None:
    """The moment the data describes: meta `data_as_of`, else the latest ticket timestamp.

    Reads through `con` itself (not a new cursor), so inside an import's transaction it sees
    the rows that transaction just wrote; callers on a shared connection pass a cursor."""
    cur = con
    row = cur.execute("SELECT value FROM meta WHERE key = 'data_as_of'").fetchone()
    if row:
        return dt.datetime.fromisoformat(row[0])
    return cur.execute(
        "SELECT greatest(max(registered_at), max(resolved_at), max(closed_at), max(source_updated_at)) FROM ticket"
    ).fetchone()[0]


def _stamp(ts: str, cal: str) -> str:
    """Stamp of `ts` on the ticket's own clock (calendar for 24/7 products, else business)."""
    return f"CASE WHEN is_24_7 THEN {calendar_stamp_sql(ts)} ELSE {business_stamp_sql(ts, cal)} END"


# Columns of ticket_sla, in order; explain() and the figures read them by name.
# A ticket closed without a resolution moment counts as resolved at its closing moment (not a
# cancelled one: nobody was owed a resolution).
CLOSED_AS_RESOLVED = "CASE WHEN t.status IS DISTINCT FROM 'geannuleerd' THEN t.closed_at END"

# Each ticket `{scope}` selects (nothing: every ticket), with the norms that apply to it and its
# moments stamped on its clock: the part its pauses and its verdicts share. `{paused}` is empty,
# or a join that keeps only the tickets with pauses.
_STAMPED = f"""
WITH t AS (
    SELECT t.id, t.rowid AS row_no, t.registered_at,
           coalesce(t.first_response_at, t.resolved_at, {CLOSED_AS_RESOLVED}) AS responded_at,
           coalesce(t.resolved_at, {CLOSED_AS_RESOLVED}) AS resolved_at,
           t.resolved_at IS NULL AND {CLOSED_AS_RESOLVED} IS NOT NULL AS closed_as_resolved,
           coalesce(t.resolved_at, t.closed_at) AS done_at, t.client_code, t.requester,
           coalesce(cd.dg_code, t.client_code) AS dg_code, t.product_code, t.directorate_code,
           t.channel, coalesce(t.demand_level, p.demand_level) AS demand_level, t.priority, t.status, t.kind, t.handled_by, t.reopen_count,
           t.reassignment_count, t.escalated_to_sia, t.pattern_instance_id, t.source, t.source_sla_met,
           p.financing, coalesce(p.is_24_7, false) AS is_24_7, CAST(t.registered_at AS DATE) AS reg_day
    FROM ticket t
    LEFT JOIN product p ON p.code = t.product_code
    LEFT JOIN client_dim cd ON cd.client_code = t.client_code
    {{paused}}
    {{scope}}
),
dvas AS (
    -- The DVA whose lines apply: the client's own when it has a line for the product, else the
    -- DG's (for a directie) when that has one; a directie's own line always wins.
    SELECT t.*,
        CASE WHEN op.dva_id IS NOT NULL THEN d.id WHEN gp.dva_id IS NOT NULL THEN g.id END AS line_dva_id,
        op.dva_id IS NULL AND gp.dva_id IS NOT NULL AS dva_from_dg,
        coalesce(CASE WHEN op.dva_id IS NOT NULL THEN d.id WHEN gp.dva_id IS NOT NULL THEN g.id END,
                 d.id, g.id) AS dva_id
    FROM t
    LEFT JOIN dva d
           ON d.client_code = t.client_code AND t.reg_day >= d.valid_from AND t.reg_day < d.valid_to
    LEFT JOIN dva g
           ON t.dg_code <> t.client_code AND g.client_code = t.dg_code
          AND t.reg_day >= g.valid_from AND t.reg_day < g.valid_to
    LEFT JOIN (SELECT DISTINCT dva_id, product_code FROM dva_line) op
           ON op.dva_id = d.id AND op.product_code = t.product_code
    LEFT JOIN (SELECT DISTINCT dva_id, product_code FROM dva_line) gp
           ON gp.dva_id = g.id AND gp.product_code = t.product_code
),
norms AS (
    SELECT t.*,
        coalesce(lp.line_no, la.line_no) AS dva_line_no,
        CASE WHEN lp.resolution_norm_hours IS NOT NULL AND dva_from_dg THEN 'dg_dva_line_priority'
             WHEN la.resolution_norm_hours IS NOT NULL AND dva_from_dg THEN 'dg_dva_line'
             WHEN lp.resolution_norm_hours IS NOT NULL THEN 'dva_line_priority'
             WHEN la.resolution_norm_hours IS NOT NULL THEN 'dva_line'
             WHEN pn.resolution_norm_hours IS NOT NULL THEN 'product_priority'
             WHEN p.resolution_norm_hours IS NOT NULL THEN 'product'
             ELSE 'default' END AS resolution_norm_source,
        60 * coalesce(lp.resolution_norm_hours, la.resolution_norm_hours, pn.resolution_norm_hours,
                      p.resolution_norm_hours, dn.resolution_norm_hours) AS resolution_norm_min,
        CASE WHEN lp.response_norm_hours IS NOT NULL AND dva_from_dg THEN 'dg_dva_line_priority'
             WHEN la.response_norm_hours IS NOT NULL AND dva_from_dg THEN 'dg_dva_line'
             WHEN lp.response_norm_hours IS NOT NULL THEN 'dva_line_priority'
             WHEN la.response_norm_hours IS NOT NULL THEN 'dva_line'
             WHEN pn.response_norm_hours IS NOT NULL THEN 'product_priority'
             WHEN p.response_norm_hours IS NOT NULL THEN 'product'
             ELSE 'default' END AS response_norm_source,
        60 * coalesce(lp.response_norm_hours, la.response_norm_hours, pn.response_norm_hours,
                      p.response_norm_hours, dn.response_norm_hours) AS response_norm_min,
        CASE WHEN coalesce(lp.target_share, la.target_share) IS NOT NULL THEN 'dva_line'
             WHEN ms.target IS NOT NULL THEN 'mantel_standard'
             ELSE 'default' END AS target_source,
        coalesce(lp.target_share, la.target_share, ms.target, {DEFAULT_TARGET_SHARE}) AS target_share
    FROM dvas t
    LEFT JOIN dva_line lp
           ON lp.dva_id = t.line_dva_id AND lp.product_code = t.product_code AND lp.priority = t.priority
    LEFT JOIN dva_line la
           ON la.dva_id = t.line_dva_id AND la.product_code = t.product_code AND la.priority IS NULL
    LEFT JOIN product_norm pn
           ON pn.product_code = t.product_code AND pn.priority = t.priority
          AND t.reg_day >= pn.valid_from AND (pn.valid_to IS NULL OR t.reg_day < pn.valid_to)
    LEFT JOIN product p ON p.code = t.product_code
    LEFT JOIN default_norm dn ON dn.priority = t.priority
    LEFT JOIN (
        SELECT ma.valid_from, ma.valid_to, ms.target
        FROM mantel_standard ms JOIN mantel_agreement ma ON ma.id = ms.mantel_id
        WHERE ms.figure_id = 'resolution_within_norm'
    ) ms ON t.reg_day >= ms.valid_from AND t.reg_day < ms.valid_to
),
stamped AS (
    SELECT n.*,
        {_stamp("n.registered_at", "cr")} AS reg_stamp,
        {_stamp("n.responded_at", "cp")} AS response_stamp,
        {_stamp("n.resolved_at", "cv")} AS resolved_stamp,
        {_stamp("CAST($as_of AS TIMESTAMP)", "ca")} AS as_of_stamp
    FROM norms n
    LEFT JOIN work_calendar cr ON cr.day = n.reg_day
    LEFT JOIN work_calendar cp ON cp.day = CAST(n.responded_at AS DATE)
    LEFT JOIN work_calendar cv ON cv.day = CAST(n.resolved_at AS DATE)
    LEFT JOIN work_calendar ca ON ca.day = CAST(CAST($as_of AS TIMESTAMP) AS DATE)
)"""

# The pauses of the tickets `{scope}` selects that have any, summed per ticket, into the temp table
# `PAUSES` before their verdicts (`_write_verdicts`). A statement of its own so that the verdicts
# read each ticket once, in one stream from the ticket table into ticket_sla, which DuckDB's
# parallel insert writes row group by row group in the ticket table's order, without sorting fifty
# columns (see `SORTED_PAST`). (With the pauses in the same statement the shared part was
# materialised for both and that order lost: an ORDER BY of the verdicts took half of a 1M-row
# first import's refresh, bench/import.py.)
PAUSES = "_sla_pauses"
REPEATS = "_sla_repeats"  # (see REPEATS_SQL)
PAUSES_SQL = (
    _STAMPED.replace("{paused}", "SEMI JOIN ticket_pause tp ON tp.ticket_id = t.id")
    + f""",
pause_stamps AS (
    -- Each pause on the ticket's clock, clipped to [registration, resolution or as-of].
    SELECT s.id, s.reg_stamp, s.resolution_norm_min, tp.paused_at,
        greatest({_stamp("tp.paused_at", "c1")}, s.reg_stamp) AS p_start,
        least(coalesce({_stamp("tp.resumed_at", "c2")}, s.as_of_stamp),
              coalesce(s.resolved_stamp, s.as_of_stamp)) AS p_end,
        tp.resumed_at IS NULL AND s.resolved_at IS NULL AS is_open
    FROM ticket_pause tp
    JOIN stamped s ON s.id = tp.ticket_id
    LEFT JOIN work_calendar c1 ON c1.day = CAST(tp.paused_at AS DATE)
    LEFT JOIN work_calendar c2 ON c2.day = CAST(tp.resumed_at AS DATE)
),
pause_used AS (
    SELECT *, greatest(p_end - p_start, 0) AS p_len,
        -- clock time already used when this pause began (pauses are disjoint, in order)
        p_start - reg_stamp - coalesce(sum(greatest(p_end - p_start, 0)) OVER (
            PARTITION BY id ORDER BY p_start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
            AS used_at_start
    FROM pause_stamps
),
pauses AS (
    SELECT id,
        sum(p_len) AS paused_min,
        count(*) AS pause_count,
        sum(CASE WHEN used_at_start < resolution_norm_min THEN p_len ELSE 0 END) AS paused_before_due,
        bool_or(is_open AND used_at_start < resolution_norm_min) AS stopped_before_due,
        max(paused_at) FILTER (WHERE is_open) AS on_hold_since
    FROM pause_used GROUP BY id
)
SELECT id, paused_min, pause_count, paused_before_due, stopped_before_due, on_hold_since FROM pauses
"""
)

# The verdicts of the tickets `{scope}` selects (nothing: every ticket), as a query; the full and
# the incremental refresh both run it, through `_write_verdicts`.
VERDICTS_SQL = (
    _STAMPED.replace("{paused}", "")
    + f""",
clocked AS (
    SELECT s.*, coalesce(p.paused_min, 0) AS paused_min, coalesce(p.pause_count, 0) AS pause_count,
        p.on_hold_since,
        s.response_stamp - s.reg_stamp AS response_used_min,
        s.resolved_stamp - s.reg_stamp - coalesce(p.paused_min, 0) AS resolution_used_min,
        s.reg_stamp + s.response_norm_min AS response_due_stamp,
        CASE WHEN coalesce(p.stopped_before_due, false) THEN NULL
             ELSE s.reg_stamp + s.resolution_norm_min + coalesce(p.paused_before_due, 0)
        END AS resolution_due_stamp
    FROM stamped s LEFT JOIN {PAUSES} p ON p.id = s.id
),
due AS (
    SELECT c.*,
        CASE WHEN c.is_24_7 THEN timezone('{{tz}}', to_timestamp(c.response_due_stamp * 60))
             ELSE {add_business_minutes_sql("c.response_due_stamp", "wr")} END
            AS response_due_at,
        CASE WHEN c.is_24_7 THEN timezone('{{tz}}', to_timestamp(c.resolution_due_stamp * 60))
             ELSE {add_business_minutes_sql("c.resolution_due_stamp", "wv")} END
            AS resolution_due_at
    FROM clocked c
    LEFT JOIN work_calendar wr ON NOT c.is_24_7
        AND wr.work_day_no = {work_day_no_sql("c.response_due_stamp", "$per_day")}
    LEFT JOIN work_calendar wv ON NOT c.is_24_7
        AND wv.work_day_no = {work_day_no_sql("c.resolution_due_stamp", "$per_day")}
)
, verdicts AS (
SELECT
    id AS ticket_id, row_no,
    -- the ticket's dimensions, copied here so that every ticket figure scans one table
    registered_at, resolved_at, closed_as_resolved, done_at, client_code, requester, dg_code, product_code, directorate_code,
    channel, demand_level, priority, status, kind, handled_by, reopen_count, reassignment_count,
    escalated_to_sia, pattern_instance_id, source, source_sla_met, financing,
    CASE WHEN is_24_7 THEN 'calendar' ELSE 'business' END AS clock,
    dva_id, dva_line_no,
    response_norm_source, response_norm_min, resolution_norm_source, resolution_norm_min,
    target_source, target_share,
    reg_stamp, resolved_stamp, response_used_min, resolution_used_min, paused_min, pause_count,
    on_hold_since, response_due_at, resolution_due_at,
    -- A cancelled ticket never resolved has no verdict: nobody was owed a resolution.
    CASE WHEN responded_at IS NOT NULL THEN response_used_min <= response_norm_min
         WHEN status = 'geannuleerd' THEN NULL
         WHEN response_due_at <= CAST($as_of AS TIMESTAMP) THEN false END AS response_met,
    CASE WHEN resolved_at IS NOT NULL THEN resolution_used_min <= resolution_norm_min
         WHEN status = 'geannuleerd' THEN NULL
         WHEN resolution_due_at <= CAST($as_of AS TIMESTAMP) THEN false END AS resolution_met,
    CASE WHEN responded_at IS NOT NULL AND response_used_min <= response_norm_min THEN responded_at
         WHEN status = 'geannuleerd' AND responded_at IS NULL THEN NULL
         WHEN responded_at IS NOT NULL OR response_due_at <= CAST($as_of AS TIMESTAMP) THEN response_due_at
    END AS response_verdict_at,
    CASE WHEN resolved_at IS NOT NULL AND resolution_used_min <= resolution_norm_min THEN resolved_at
         WHEN status = 'geannuleerd' AND resolved_at IS NULL THEN NULL
         WHEN resolved_at IS NOT NULL OR resolution_due_at <= CAST($as_of AS TIMESTAMP) THEN resolution_due_at
    END AS resolution_verdict_at
FROM due
)
SELECT v.* EXCLUDE (row_no),
    -- NULL when not measured: not resolved, or requester or product unknown
    CASE WHEN v.resolved_at IS NOT NULL AND v.requester IS NOT NULL AND v.product_code IS NOT NULL
         THEN r.row_no IS NOT NULL END AS repeated,
    -- year*100+month of each date a figure groups by (see figures.sql.period_expr)
    year(registered_at) * 100 + month(registered_at) AS registered_ym,
    year(resolved_at) * 100 + month(resolved_at) AS resolved_ym,
    year(done_at) * 100 + month(done_at) AS done_ym,
    year(response_verdict_at) * 100 + month(response_verdict_at) AS response_verdict_ym,
    year(resolution_verdict_at) * 100 + month(resolution_verdict_at) AS resolution_verdict_ym
FROM verdicts v LEFT JOIN {REPEATS} r ON r.row_no = v.row_no
"""
)

# The tickets `{scope}` selects that were repeated (reopened_within_five_days): the first
# registration of the same requester, client and product after the ticket's resolution came
# within five calendar days. Into the temp table `REPEATS` (their rowids in the ticket table)
# before the verdicts, for the same reason as `PAUSES_SQL`. (The schema keeps registered_at <=
# resolved_at, so that registration is never the ticket's own.) `{repeat_scope}`: the
# registrations to look among (nothing: all).
REPEATS_SQL = f"""
SELECT r.row_no
FROM (SELECT * FROM (SELECT t.rowid AS row_no, t.requester, t.client_code, t.product_code,
                            coalesce(t.resolved_at, {CLOSED_AS_RESOLVED}) AS resolved_at
                     FROM ticket t {{scope}})
      WHERE resolved_at IS NOT NULL AND requester IS NOT NULL AND product_code IS NOT NULL) r
ASOF JOIN (SELECT n.requester, n.client_code, n.product_code, n.registered_at
           FROM ticket n {{repeat_scope}}) n
       ON n.requester = r.requester AND n.client_code IS NOT DISTINCT FROM r.client_code
      AND n.product_code = r.product_code AND n.registered_at > r.resolved_at
WHERE n.registered_at <= r.resolved_at + INTERVAL 5 DAY
"""


class NormConflictError(RuntimeError):
    """Two DVAs for one client (or two norms for one product) are valid on the same day."""


# Temp tables of the connection that refreshes: the tickets the next incremental refresh
# recomputes (callers add to it with touch_tickets), and the months whose figures the last
# refresh may have changed (the monthly rollup refreshes those).
TOUCHED = "sla_touched"
TOUCHED_MONTHS = "sla_touched_months"

# The month of every date a figure counts a ticket by, for the tickets in `sla_touched` (their
# ticket_sla rows are registered within [$first, $last]: see `_TOUCHED_WAS`).
_MONTHS_OF_TOUCHED = f"""
SELECT DISTINCT CAST(date_trunc('month', m) AS DATE) AS month
FROM (SELECT unnest([registered_at, resolved_at, done_at, response_verdict_at, resolution_verdict_at]) AS m
      FROM ticket_sla WHERE ticket_id IN (SELECT ticket_id FROM {TOUCHED}) AND registered_at BETWEEN $first AND $last)
WHERE m IS NOT NULL
"""

# The touched tickets as ticket_sla holds them (`_sla_touched_was`) and as the ticket table holds
# them (`_sla_touched_now`), each table probed once for all of them (a probe of every row: about
# 160 ms at 10M tickets). Their registration moments then bound every later statement over either
# table, so it reads only the row groups of those moments (both tables are kept in registration
# order): a norm change from July 2006 reads the last sixth of a 2004-2006 table, a nightly
# import the last weeks. (Unbounded, the eight statements of a 10M norm change probed the whole
# tables, 3.5 of its 5.2 s.)
_TOUCHED_WAS = f"""
CREATE OR REPLACE TEMP TABLE _sla_touched_was AS
SELECT ticket_id, requester, client_code, product_code, registered_at FROM ticket_sla
WHERE ticket_id IN (SELECT ticket_id FROM {TOUCHED})
"""
_TOUCHED_NOW = f"""
CREATE OR REPLACE TEMP TABLE _sla_touched_now AS
SELECT t.id AS ticket_id, t.requester, t.client_code, t.product_code, t.registered_at,
       coalesce(t.resolved_at, {CLOSED_AS_RESOLVED}) AS resolved_at
FROM ticket t WHERE t.id IN (SELECT ticket_id FROM {TOUCHED})
"""

# Tickets whose verdict row depends on the as-of moment, when it moves from $low to $high (in
# either direction): see the module docstring.
_AS_OF_DEPENDENT = f"""
INSERT INTO {TOUCHED}
SELECT ticket_id FROM ticket_pause WHERE resumed_at IS NULL
UNION ALL
SELECT ticket_id FROM ticket_sla
WHERE resolved_at IS NULL
  AND (pause_count > 0
       OR (response_due_at > $low AND response_due_at <= $high)
       OR (resolution_due_at > $low AND resolution_due_at <= $high))
"""


# The tickets whose flag `repeated` a touched ticket can change besides its own: where its
# requester, client, product or registration moment is another than ticket_sla's (or it is new),
# the tickets of its key before and after resolved within the five days before its registration
# before and after. (A moment of a key that some touched ticket has both before and after still
# has a registration: it changes no flag.) The moments bound the scan of ticket_sla: its row
# groups resolved outside them are skipped.
_MOVED_REGISTRATIONS = """
CREATE OR REPLACE TEMP TABLE _sla_moved AS
WITH was AS (SELECT requester, client_code, product_code, registered_at FROM _sla_touched_was
             WHERE requester IS NOT NULL),
     now AS (SELECT requester, client_code, product_code, registered_at FROM _sla_touched_now
             WHERE requester IS NOT NULL)
(SELECT * FROM was EXCEPT SELECT * FROM now) UNION (SELECT * FROM now EXCEPT SELECT * FROM was)
"""
# (as their rows in `_sla_touched_was`; added to `sla_touched` and to both tables of rows by
# `_refresh_touched`)
_REPEAT_NEIGHBOURS = f"""
CREATE OR REPLACE TEMP TABLE _sla_neighbours AS
SELECT DISTINCT s.ticket_id, s.requester, s.client_code, s.product_code, s.registered_at FROM ticket_sla s
JOIN _sla_moved m ON m.requester = s.requester AND m.client_code IS NOT DISTINCT FROM s.client_code
                 AND m.product_code = s.product_code
                 AND s.resolved_at < m.registered_at AND s.resolved_at >= m.registered_at - INTERVAL 5 DAY
WHERE s.resolved_at >= CAST($first AS TIMESTAMP) - INTERVAL 5 DAY AND s.resolved_at < $last
  AND s.ticket_id NOT IN (SELECT ticket_id FROM {TOUCHED})
"""

# In an incremental refresh, the registrations `repeated` looks for: those of the recomputed
# tickets' keys in the five days after their resolutions (the ticket table's row groups outside
# them are skipped).
_REPEAT_SCOPE = """SEMI JOIN (SELECT DISTINCT t.requester, t.client_code, t.product_code FROM ticket t {scope}) k
           ON k.requester = n.requester AND k.client_code IS NOT DISTINCT FROM n.client_code
          AND k.product_code = n.product_code
    WHERE n.registered_at > CAST($first_resolved AS TIMESTAMP)
      AND n.registered_at <= CAST($last_resolved AS TIMESTAMP) + INTERVAL 5 DAY"""


def _has_table(con: duckdb.DuckDBPyConnection, name: str, temporary: bool = False) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = $n AND temporary = $t",
            {"n": name, "t": temporary},
        ).fetchone()[0]
    )


# The tables besides ticket and ticket_pause that a verdict reads, and for a row of each that a
# change added or removed (`d`), the tickets whose verdict it can change, read from ticket_sla
# as it was (their dimensions are the ticket's own; a ticket whose norm source itself changes
# is reached through the row that made it change). `_sla_was_<table>` is the table before.
_REG_DAY = "CAST(s.registered_at AS DATE)"
INPUT_TABLES: dict[str, str] = {
    "product": "SELECT s.ticket_id FROM ticket_sla s SEMI JOIN d ON d.code = s.product_code",
    # The version valid on the registration date, before and after: a version closed at a new
    # version's date changes nothing before that date.
    "product_norm": f"""SELECT s.ticket_id FROM ticket_sla s
        SEMI JOIN (SELECT DISTINCT product_code, priority FROM d) k
             ON k.product_code = s.product_code AND k.priority = s.priority
        LEFT JOIN product_norm n ON n.product_code = s.product_code AND n.priority = s.priority
             AND {_REG_DAY} >= n.valid_from AND (n.valid_to IS NULL OR {_REG_DAY} < n.valid_to)
        LEFT JOIN _sla_was_product_norm o ON o.product_code = s.product_code AND o.priority = s.priority
             AND {_REG_DAY} >= o.valid_from AND (o.valid_to IS NULL OR {_REG_DAY} < o.valid_to)
        WHERE row(n.response_norm_hours, n.resolution_norm_hours)
              IS DISTINCT FROM row(o.response_norm_hours, o.resolution_norm_hours)""",
    # The default applies only where nothing else does; a ticket reaching it now through
    # another change is reached through that change.
    "default_norm": """SELECT s.ticket_id FROM ticket_sla s SEMI JOIN d ON d.priority = s.priority
        WHERE s.response_norm_source = 'default' OR s.resolution_norm_source = 'default'""",
    "client": """SELECT s.ticket_id FROM ticket_sla s SEMI JOIN d ON d.code = s.client_code
        UNION ALL SELECT s.ticket_id FROM ticket_sla s SEMI JOIN d ON d.code = s.dg_code""",
    # A DVA reaches its client's tickets and, for a DG, its directies' (dg_code): those whose DVA
    # valid on the registration date (their own, their DG's) is another one than before.
    "dva": f"""SELECT s.ticket_id FROM ticket_sla s
        LEFT JOIN dva n ON n.client_code = s.client_code AND {_REG_DAY} >= n.valid_from AND {_REG_DAY} < n.valid_to
        LEFT JOIN _sla_was_dva o
             ON o.client_code = s.client_code AND {_REG_DAY} >= o.valid_from AND {_REG_DAY} < o.valid_to
        LEFT JOIN dva ng ON s.dg_code <> s.client_code AND ng.client_code = s.dg_code
             AND {_REG_DAY} >= ng.valid_from AND {_REG_DAY} < ng.valid_to
        LEFT JOIN _sla_was_dva og ON s.dg_code <> s.client_code AND og.client_code = s.dg_code
             AND {_REG_DAY} >= og.valid_from AND {_REG_DAY} < og.valid_to
        WHERE (s.client_code IN (SELECT client_code FROM d) OR s.dg_code IN (SELECT client_code FROM d))
          AND (n.id IS DISTINCT FROM o.id OR ng.id IS DISTINCT FROM og.id)""",
    "dva_line": f"""WITH v AS (SELECT id, client_code, valid_from, valid_to FROM dva
                   UNION SELECT id, client_code, valid_from, valid_to FROM _sla_was_dva),
        l AS (SELECT DISTINCT d.product_code, v.client_code, v.valid_from, v.valid_to
              FROM d JOIN v ON v.id = d.dva_id)
        SELECT s.ticket_id FROM ticket_sla s SEMI JOIN l ON l.product_code = s.product_code
           AND l.client_code = s.client_code AND {_REG_DAY} >= l.valid_from AND {_REG_DAY} < l.valid_to
        UNION ALL SELECT s.ticket_id FROM ticket_sla s SEMI JOIN l ON l.product_code = s.product_code
           AND l.client_code = s.dg_code AND {_REG_DAY} >= l.valid_from AND {_REG_DAY} < l.valid_to""",
    # The mantel standard for resolution_within_norm gives the target share of its period.
    "mantel_agreement": f"""SELECT s.ticket_id FROM ticket_sla s SEMI JOIN d
        ON {_REG_DAY} >= d.valid_from AND {_REG_DAY} < d.valid_to""",
    "mantel_standard": f"""WITH a AS (SELECT id, valid_from, valid_to FROM mantel_agreement
                   UNION SELECT id, valid_from, valid_to FROM _sla_was_mantel_agreement),
        r AS (SELECT DISTINCT a.valid_from, a.valid_to FROM d JOIN a ON a.id = d.mantel_id
              WHERE d.figure_id = 'resolution_within_norm')
        SELECT s.ticket_id FROM ticket_sla s SEMI JOIN r
        ON {_REG_DAY} >= r.valid_from AND {_REG_DAY} < r.valid_to""",
}
# Read by other tables' rules above, so remembered with them.
_REMEMBERED_WITH = {"dva_line": ("dva",), "mantel_standard": ("mantel_agreement",)}


def remember_inputs(con: duckdb.DuckDBPyConnection) -> None:
    """Before changing the catalogue, norms, agreements or organisation on this connection: keep a
    copy of the (small) tables a verdict reads, so that the next `refresh_ticket_sla(...,
    only_touched=True)` on it recomputes only the tickets the change can reach."""
    for table in INPUT_TABLES:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _sla_was_{table} AS SELECT * FROM {table}")


def _forget_inputs(con: duckdb.DuckDBPyConnection) -> None:
    for table in (*INPUT_TABLES, "work_calendar"):
        con.execute(f"DROP TABLE IF EXISTS _sla_was_{table}")


def _touch_changed_inputs(con: duckdb.DuckDBPyConnection, as_of: dt.datetime) -> bool:
    """Touch the tickets a change of the remembered tables (and of the calendar, which
    `calendar.ensure_calendar` remembers) can reach; False when only a full refresh will do."""
    for table, rule in INPUT_TABLES.items():
        if not _has_table(con, f"_sla_was_{table}", temporary=True):
            continue
        if any(not _has_table(con, f"_sla_was_{t}", temporary=True) for t in _REMEMBERED_WITH.get(table, ())):
            return False
        changed = con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _sla_diff AS
                (SELECT * FROM {table} EXCEPT ALL SELECT * FROM _sla_was_{table})
                UNION ALL (SELECT * FROM _sla_was_{table} EXCEPT ALL SELECT * FROM {table})"""
        ).fetchone()[0]
        if changed:  # each rule reads ticket_sla whole: only for a table that changed
            rule = rule.strip()
            diff = "WITH d AS (SELECT * FROM _sla_diff)"
            touch_tickets(con, f"{diff}, {rule[4:]}" if rule.startswith("WITH") else f"{diff} {rule}")
        con.execute("DROP TABLE _sla_diff")
    if _has_table(con, "_sla_was_work_calendar", temporary=True):
        return _touch_calendar_change(con, as_of)
    return True


def _touch_calendar_change(con: duckdb.DuckDBPyConnection, as_of: dt.datetime) -> bool:
    """The calendar changed (holidays, closure days, working hours): touch the tickets on the
    business clock whose clock spans a changed day; the others keep their verdicts, and only
    their absolute stamps move by the working minutes added or removed before them."""
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _sla_calendar_change AS
        SELECT day, n.cum_before - o.cum_before AS shift,
               n.day IS NULL OR o.day IS NULL AS unmatched,
               sum(CAST(n.work_start IS DISTINCT FROM o.work_start
                        OR n.work_minutes IS DISTINCT FROM o.work_minutes AS INTEGER))
                   OVER (ORDER BY day) AS changed_upto,
               n.work_start IS DISTINCT FROM o.work_start OR n.work_minutes IS DISTINCT FROM o.work_minutes
                   AS changed
        FROM work_calendar n FULL JOIN _sla_was_work_calendar o USING (day)"""
    )
    unmatched, changed = con.execute(
        "SELECT count(*) FILTER (WHERE unmatched), count(*) FILTER (WHERE changed) FROM _sla_calendar_change"
    ).fetchone()
    if unmatched:  # another range of days: every stamp may differ
        return False
    if not changed:
        return True
    # Each business-clock ticket's days: from registration (or an earlier pause) to the last
    # moment its clock reads (response, resolution, due moments, pauses, and the as-of moment
    # while it is open or paused).
    touch_tickets(
        con,
        """WITH p AS (SELECT ticket_id, min(paused_at) AS first_pause, max(resumed_at) AS last_resume,
                        bool_or(resumed_at IS NULL) AS open_pause
                 FROM ticket_pause GROUP BY ticket_id),
        span AS (
            SELECT s.ticket_id, CAST(least(s.registered_at, p.first_pause) AS DATE) AS first_day,
                   CAST(greatest(s.registered_at, s.resolved_at, t.first_response_at, s.response_due_at,
                                 s.resolution_due_at, p.last_resume,
                                 CASE WHEN s.resolved_at IS NULL OR p.open_pause THEN $as_of END) AS DATE)
                       AS last_day
            FROM ticket_sla s JOIN ticket t ON t.id = s.ticket_id LEFT JOIN p ON p.ticket_id = s.ticket_id
            WHERE s.clock = 'business')
        SELECT span.ticket_id FROM span
        LEFT JOIN _sla_calendar_change f ON f.day = span.first_day
        LEFT JOIN _sla_calendar_change l ON l.day = span.last_day
        WHERE coalesce(l.changed_upto - f.changed_upto + CAST(f.changed AS INTEGER) > 0, true)""",
        {"as_of": as_of},
    )
    return True


def _shift_stamps(con: duckdb.DuckDBPyConnection) -> None:
    """After a calendar change, the untouched business-clock rows' absolute stamps (the
    working minutes before them moved; their durations, due moments and verdicts did not)."""
    if _has_table(con, "_sla_calendar_change", temporary=True):
        # a pattern case's lead time spans its tickets' stamps: its cases whose stamps move
        rollup.touch_pattern_cases(
            con,
            """SELECT DISTINCT s.pattern_instance_id FROM ticket_sla s
               JOIN _sla_calendar_change c ON c.day = CAST(s.registered_at AS DATE)
               WHERE s.clock = 'business' AND c.shift <> 0 AND s.pattern_instance_id IS NOT NULL""",
        )
        con.execute(
            """UPDATE ticket_sla SET reg_stamp = reg_stamp + c.shift, resolved_stamp = resolved_stamp + c.shift
            FROM _sla_calendar_change c
            WHERE c.day = CAST(ticket_sla.registered_at AS DATE) AND ticket_sla.clock = 'business'
              AND c.shift <> 0"""
        )
        con.execute("DROP TABLE _sla_calendar_change")


def touch_tickets(con: duckdb.DuckDBPyConnection, select_ids: str, params: dict | None = None) -> None:
    """Mark the tickets `select_ids` (a query of one column of ticket ids, written by our own
    code; values bound through `params`) for the next `refresh_ticket_sla(..., only_touched=True)`
    on this connection."""
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (ticket_id VARCHAR)")
    con.execute(f"INSERT INTO {TOUCHED} {select_ids}", params or {})


def touched_months(con: duckdb.DuckDBPyConnection) -> list[dt.date] | None:
    """The months whose ticket figures the last refresh on this connection may have changed
    (the first day of each); None after a full refresh (every month)."""
    if not _has_table(con, TOUCHED_MONTHS, temporary=True):
        return None
    return [r[0] for r in con.execute(f"SELECT month FROM {TOUCHED_MONTHS} ORDER BY month").fetchall()]


def refresh_ticket_sla(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.datetime | None = None,
    settings: Settings | None = None,
    *,
    only_touched: bool = False,
) -> int:
    """Recompute `ticket_sla`; returns the number of tickets recomputed.

    Every ticket by default. With `only_touched`, only the tickets marked with `touch_tickets`
    on this connection, plus those whose row depends on the as-of moment when it moved (see
    the module docstring); a database whose verdicts were computed by other code or without a
    recorded as-of moment is refreshed whole. Afterwards `touched_months` says which months'
    figures may have changed.

    Runs inside the caller's transaction when there is one, so an import and its verdicts
    land together or not at all.
    """
    as_of = as_of or data_as_of(con) or dt.datetime(2000, 1, 1)
    settings = settings or get_settings()
    params = {"as_of": as_of, "per_day": settings.working_minutes_per_day}
    con.execute(f"DROP TABLE IF EXISTS {rollup.CHANGE}")
    con.execute(f"DROP TABLE IF EXISTS {rollup.MINUTES_CHANGE}")
    recomputed = _refresh_touched(con, as_of, params) if only_touched else None
    if recomputed is None:
        recomputed = _refresh_all(con, params)
    con.execute(f"DROP TABLE IF EXISTS {TOUCHED}")
    con.execute("INSERT OR REPLACE INTO meta VALUES ('sla_as_of', $a)", {"a": as_of.isoformat(sep=" ")})
    con.execute("INSERT OR REPLACE INTO meta VALUES ('sla_version', $v)", {"v": SLA_VERSION})
    # the monthly rollup of these verdicts, in the same transaction: what the recomputed rows
    # added and removed, or every month after a full refresh
    if _has_table(con, rollup.CHANGE, temporary=True):
        rollup.apply_change(con)
    else:
        rollup.refresh_month_rollup(con, by_month=sorted_by_registration(recomputed))
    return recomputed


def _sql(template: str) -> str:
    return template.replace("{tz}", TIMEZONE)


def _write_verdicts(
    con: duckdb.DuckDBPyConnection,
    into: str,
    scope: str,
    repeat_scope: str,
    params: dict,
    *,
    by_registration: bool = False,
) -> int:
    """The verdicts of the tickets `scope` selects, written by `into` (an INSERT INTO or CREATE
    TABLE AS): their pauses and repeats first (`PAUSES_SQL`, `REPEATS_SQL`), then `VERDICTS_SQL`,
    sorted by registration when asked (`SORTED_PAST`). Returns the rows written."""
    # (the repeat scope names the scope)
    pauses = f"CREATE OR REPLACE TEMP TABLE {PAUSES} AS {PAUSES_SQL}"
    repeats = (
        f"CREATE OR REPLACE TEMP TABLE {REPEATS} AS {REPEATS_SQL.replace('{repeat_scope}', repeat_scope)}"
    )
    verdicts = f"{into} {VERDICTS_SQL}" + (" ORDER BY registered_at" if by_registration else "")
    for statement in (pauses, repeats, verdicts):
        sql = _sql(statement.replace("{scope}", scope))
        rows = con.execute(sql, _named(sql, params)).fetchone()[0]
    con.execute(f"DROP TABLE {PAUSES}")
    con.execute(f"DROP TABLE {REPEATS}")
    return rows


def _named(sql: str, params: dict) -> dict:
    """The parameters `sql` names (DuckDB refuses others)."""
    named = set(re.findall(r"\$(\w+)", sql))
    return {k: v for k, v in params.items() if k in named}


# A full refresh of at most `SORTED_PAST` tickets is one statement, its rows written in the ticket
# table's order, unsorted (see PAUSES_SQL): each row group holds the registrations of the ticket
# table's row group it comes from (after the bench's first import of a year of tickets, in the
# file's order: the same spans in both tables, a median of 86 days per row group). Past it, the rows are sorted by registration, per piece of whole
# months of about `FULL_REFRESH_PIECE` tickets, appended piece after piece. The sort is dear (at
# 1M tickets 2.5 of 6.2 s, one statement 2.6 s without it; bench/import.py's first file) and pays
# only in a big table, where a month's figure that scans ticket_sla then reads the two or three
# row groups of that month: the 10M demo's 31 figures took 1,329 ms (sum of medians, backlog by
# month 80 ms) sorted and 1,506 ms (84 ms) unsorted, on a quiet machine (bench/figures.py; the
# target is 100 ms each), its build 212 s against 124-173 s. Pieces keep the sort's memory down: one
# sorted statement over every ticket peaked at 3.24 GiB at 10M tickets
# and ran out of memory at 30M with 12 GB (docs/scale.md); a piece's verdicts read only its own
# tickets, the reference tables and, for `repeated`, the registrations of the five days after
# its resolutions.
SORTED_PAST = 2_000_000
FULL_REFRESH_PIECE = 500_000


def sorted_by_registration(tickets: int) -> bool:
    """Whether a ticket table of `tickets` is kept in registration order (ticket and ticket_sla by
    their writers, the rollup by month): past `SORTED_PAST`."""
    return tickets > SORTED_PAST


def _pieces(con: duckdb.DuckDBPyConnection, size: int) -> list[tuple[dt.datetime, dt.datetime]]:
    """[first, next) registration bounds of whole months holding about `size` tickets each."""
    months = con.execute(
        "SELECT date_trunc('month', registered_at) AS m, count(*) FROM ticket GROUP BY m ORDER BY m"
    ).fetchall()
    pieces: list[tuple[dt.datetime, dt.datetime]] = []
    start, held = None, 0
    for month, tickets in months:
        if start is not None and held + tickets > size:
            pieces.append((start, month))
            start, held = None, 0
        start, held = start or month, held + tickets
    if start is not None:
        pieces.append((start, dt.datetime.max))
    return pieces


def _refresh_all(con: duckdb.DuckDBPyConnection, params: dict) -> int:
    con.execute(f"DROP TABLE IF EXISTS {TOUCHED_MONTHS}")
    con.execute("DROP TABLE IF EXISTS _sla_calendar_change")
    _forget_inputs(con)
    if not sorted_by_registration(con.execute("SELECT count(*) FROM ticket").fetchone()[0]):
        _write_verdicts(con, "CREATE OR REPLACE TABLE ticket_sla AS", "", "", params)
    else:
        _write_verdicts(con, "CREATE OR REPLACE TABLE ticket_sla AS", "WHERE false", "", params)
        scope = "WHERE t.registered_at >= $first AND t.registered_at < $next"
        for first, following in _pieces(con, FULL_REFRESH_PIECE):
            bounds = {"first": first, "next": following}
            first_resolved, last_resolved = con.execute(
                f"""SELECT min(coalesce(resolved_at, {CLOSED_AS_RESOLVED})), max(coalesce(resolved_at, {CLOSED_AS_RESOLVED}))
                    FROM ticket t {scope}""",
                bounds,
            ).fetchone()
            _write_verdicts(
                con,
                "INSERT INTO ticket_sla",
                scope,
                _REPEAT_SCOPE,
                params | bounds | {"first_resolved": first_resolved, "last_resolved": last_resolved},
                by_registration=True,
            )
    tickets, rows = con.execute(
        "SELECT (SELECT count(*) FROM ticket), (SELECT count(*) FROM ticket_sla)"
    ).fetchone()
    if rows != tickets:
        raise _conflict(rows - tickets)
    return rows


def _conflict(extra: int) -> NormConflictError:
    return NormConflictError(
        f"{extra} tickets match more than one DVA, DVA line or catalogue norm on their "
        "registration date; make DVA periods and norm validity per client and product disjoint."
    )


def _known_and_all(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    return con.execute("SELECT (SELECT count(*) FROM ticket_sla), (SELECT count(*) FROM ticket)").fetchone()


def first_load(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `ticket_sla` knows fewer than half of the tickets (or is not there yet): the next
    refresh, asked for the touched tickets only, recomputes every ticket anyway, so an import
    need not mark the ones it wrote (0.4 s for a first file of a million tickets)."""
    if not _has_table(con, "ticket_sla"):
        return True
    return _mostly_unknown(*_known_and_all(con))


def _mostly_unknown(known: int, all_tickets: int) -> bool:
    return known * 2 < all_tickets


def _refresh_touched(con: duckdb.DuckDBPyConnection, as_of: dt.datetime, params: dict) -> int | None:
    """The incremental refresh; None when only a full one will do."""
    meta = dict(
        con.execute("SELECT key, value FROM meta WHERE key IN ('sla_as_of', 'sla_version')").fetchall()
    )
    if meta.get("sla_version") != SLA_VERSION or "sla_as_of" not in meta or not _has_table(con, "ticket_sla"):
        return None
    touch_tickets(con, "SELECT NULL WHERE false")  # the table exists from here on
    before = dt.datetime.fromisoformat(meta["sla_as_of"])
    if not _touch_changed_inputs(con, max(before, as_of)):
        return None
    _forget_inputs(con)
    if before != as_of:
        con.execute(_AS_OF_DEPENDENT, {"low": min(before, as_of), "high": max(before, as_of)})
    con.execute(f"CREATE OR REPLACE TEMP TABLE {TOUCHED} AS SELECT DISTINCT ticket_id FROM {TOUCHED}")
    # Most tickets new to ticket_sla (a first load): one full refresh is cheaper than inserting
    # and counting them one by one (bench/import.py, a first file of a million tickets: 11 s for
    # their verdicts and 9 s for the rollup's change, against 9 s and 4 s for everything).
    known, all_tickets = _known_and_all(con)
    if _mostly_unknown(known, all_tickets):
        return None
    con.execute(_TOUCHED_WAS)
    con.execute(_TOUCHED_NOW)
    con.execute(_MOVED_REGISTRATIONS)
    first_moved, last_moved = con.execute(
        "SELECT min(registered_at), max(registered_at) FROM _sla_moved"
    ).fetchone()
    if first_moved is not None:
        con.execute(_REPEAT_NEIGHBOURS, {"first": first_moved, "last": last_moved})
        con.execute(f"INSERT INTO {TOUCHED} SELECT ticket_id FROM _sla_neighbours")
        con.execute("INSERT INTO _sla_touched_was SELECT * FROM _sla_neighbours")
        # untouched, so the ticket table holds them as ticket_sla does (one written behind its back
        # and missed here fails the count below: a full refresh)
        con.execute(
            f"""INSERT INTO _sla_touched_now
            SELECT t.id, t.requester, t.client_code, t.product_code, t.registered_at,
                   coalesce(t.resolved_at, {CLOSED_AS_RESOLVED})
            FROM ticket t WHERE t.id IN (SELECT ticket_id FROM _sla_neighbours)
              AND t.registered_at BETWEEN (SELECT min(registered_at) FROM _sla_neighbours)
                                      AND (SELECT max(registered_at) FROM _sla_neighbours)"""
        )
        con.execute("DROP TABLE _sla_neighbours")
    con.execute("DROP TABLE _sla_moved")
    rows_before, was_first, was_last = con.execute(
        "SELECT count(*), min(registered_at), max(registered_at) FROM _sla_touched_was"
    ).fetchone()
    tickets, first, last, first_resolved, last_resolved = con.execute(
        "SELECT count(*), min(registered_at), max(registered_at), min(resolved_at), max(resolved_at) "
        "FROM _sla_touched_now"
    ).fetchone()
    con.execute("DROP TABLE _sla_touched_was")
    con.execute("DROP TABLE _sla_touched_now")
    # Tickets ticket_sla does not know, other than the touched ones, were written behind its back
    # (a test, a script): then it is not the state the rules start from. (Neither table was
    # written since they were counted above.)
    if all_tickets - known != tickets - rows_before:
        return None
    was = {"first": was_first, "last": was_last}
    con.execute(f"CREATE OR REPLACE TEMP TABLE {TOUCHED_MONTHS} AS {_MONTHS_OF_TOUCHED}", was)
    rollup.count_change(con, TOUCHED, -1, was_first, was_last)
    con.execute(
        f"DELETE FROM ticket_sla WHERE ticket_id IN (SELECT ticket_id FROM {TOUCHED}) "
        "AND registered_at BETWEEN $first AND $last",
        was,
    )
    _shift_stamps(con)
    scope = f"WHERE t.id IN (SELECT ticket_id FROM {TOUCHED}) AND t.registered_at BETWEEN $first AND $last"
    rows = _write_verdicts(
        con,
        "INSERT INTO ticket_sla",
        scope,
        _REPEAT_SCOPE,
        params
        | {"first": first, "last": last, "first_resolved": first_resolved, "last_resolved": last_resolved},
    )
    if rows != tickets:
        raise _conflict(rows - tickets)
    rollup.count_change(con, TOUCHED, 1, first, last)
    con.execute(
        f"INSERT INTO {TOUCHED_MONTHS} {_MONTHS_OF_TOUCHED} EXCEPT SELECT month FROM {TOUCHED_MONTHS}",
        {"first": first, "last": last},
    )
    return rows
