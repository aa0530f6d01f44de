"""The DuckDB schema: DDL for every entity of the domain, and its version check."""

from __future__ import annotations

from pathlib import Path

import duckdb

from gdmetrics.rollup import DDL as ROLLUP_DDL
from gdmetrics.rollup import DDL_IF_MISSING as ROLLUP_DDL_IF_MISSING

SCHEMA_VERSION = 8

# Channels of the 1-loket: level 1 (servicepagina), level 2 (telefoon, e-mail, post),
# level 3 (balie op het Serviceplein). `onbekend` only for imports that carry no channel.
CHANNELS = ("servicepagina", "telefoon", "email", "post", "balie", "onbekend")
STAFFED_CHANNELS = ("telefoon", "email", "post", "balie")
DEMAND_LEVELS = ("operationeel", "tactisch", "strategisch")
FINANCING_TYPES = ("basis", "plus", "maatwerk")
TICKET_STATUSES = ("nieuw", "in_behandeling", "wacht", "opgelost", "gesloten", "geannuleerd")
ESCALATION_REASONS = (
    "buiten_pakket",  # not in the basis or plus package
    "geen_werkproces",  # no work process yet
    "directie_overstijgend",  # spans directorates
    "strategische_vraag",  # strategic question
)
ESCALATION_OUTCOMES = ("beantwoord", "maatwerkofferte", "nieuw_product", "nieuw_patroon")
COMPLAINT_OUTCOMES = ("gegrond", "deels_gegrond", "ongegrond", "ingetrokken")
QUOTE_STATUSES = ("concept", "uitgebracht", "geaccepteerd", "afgewezen", "vervallen")


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


# Order matters: a table comes after every table it references.
DDL: tuple[str, ...] = (
    """
    CREATE TABLE meta (
        key   VARCHAR PRIMARY KEY,
        value VARCHAR NOT NULL
    )""",
    f"""
    CREATE TABLE directorate (
        code    VARCHAR PRIMARY KEY,
        name    VARCHAR NOT NULL,
        name_en VARCHAR NOT NULL,
        kind    VARCHAR NOT NULL CHECK (kind IN {_in(("backoffice", "servicedesk", "accountmanagement"))})
    )""",
    """
    CREATE TABLE accountmanager (
        id    VARCHAR PRIMARY KEY,
        name  VARCHAR NOT NULL,
        email VARCHAR
    )""",
    f"""
    CREATE TABLE client (
        code              VARCHAR PRIMARY KEY,
        name              VARCHAR NOT NULL,
        kind              VARCHAR NOT NULL CHECK (kind IN {_in(("dg", "directie", "derde"))}),
        parent_code       VARCHAR REFERENCES client (code),
        accountmanager_id VARCHAR REFERENCES accountmanager (id),
        CHECK ((kind = 'directie') = (parent_code IS NOT NULL))
    )""",
    f"""
    CREATE TABLE product (
        code                  VARCHAR PRIMARY KEY,
        name                  VARCHAR NOT NULL,
        name_en               VARCHAR NOT NULL,
        directorate_code      VARCHAR NOT NULL REFERENCES directorate (code),
        topic                 VARCHAR NOT NULL,
        life_event            VARCHAR,
        demand_level          VARCHAR NOT NULL CHECK (demand_level IN {_in(DEMAND_LEVELS)}),
        financing             VARCHAR NOT NULL CHECK (financing IN {_in(FINANCING_TYPES)}),
        tariff                DECIMAL(12, 2) CHECK (tariff >= 0),
        tariff_unit           VARCHAR,
        is_24_7               BOOLEAN NOT NULL DEFAULT false,
        response_norm_hours   DOUBLE CHECK (response_norm_hours > 0),
        resolution_norm_hours DOUBLE CHECK (resolution_norm_hours > 0),
        CHECK (financing <> 'plus' OR tariff IS NOT NULL)
    )""",
    """
    CREATE TABLE product_norm (
        product_code          VARCHAR NOT NULL REFERENCES product (code),
        priority              INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
        valid_from            DATE NOT NULL,
        valid_to              DATE,
        response_norm_hours   DOUBLE CHECK (response_norm_hours > 0),
        resolution_norm_hours DOUBLE NOT NULL CHECK (resolution_norm_hours > 0),
        PRIMARY KEY (product_code, priority, valid_from),
        CHECK (valid_to IS NULL OR valid_to > valid_from)
    )""",
    """
    CREATE TABLE default_norm (
        priority              INTEGER PRIMARY KEY CHECK (priority BETWEEN 1 AND 5),
        response_norm_hours   DOUBLE NOT NULL CHECK (response_norm_hours > 0),
        resolution_norm_hours DOUBLE NOT NULL CHECK (resolution_norm_hours > 0)
    )""",
    """
    CREATE TABLE pattern (
        code                  VARCHAR PRIMARY KEY,
        name                  VARCHAR NOT NULL,
        name_en               VARCHAR NOT NULL,
        lead_time_norm_hours  DOUBLE NOT NULL CHECK (lead_time_norm_hours > 0)
    )""",
    """
    CREATE TABLE pattern_step (
        pattern_code VARCHAR NOT NULL REFERENCES pattern (code),
        step         INTEGER NOT NULL CHECK (step >= 1),
        product_code VARCHAR NOT NULL REFERENCES product (code),
        PRIMARY KEY (pattern_code, step)
    )""",
    """
    CREATE TABLE pattern_instance (
        id           VARCHAR PRIMARY KEY,
        pattern_code VARCHAR NOT NULL REFERENCES pattern (code),
        client_code  VARCHAR NOT NULL REFERENCES client (code),
        started_at   TIMESTAMP NOT NULL
    )""",
    """
    CREATE TABLE mantel_agreement (
        id         VARCHAR PRIMARY KEY,
        name       VARCHAR NOT NULL,
        valid_from DATE NOT NULL,
        valid_to   DATE NOT NULL,
        CHECK (valid_to > valid_from)
    )""",
    """
    CREATE TABLE mantel_standard (
        mantel_id VARCHAR NOT NULL REFERENCES mantel_agreement (id),
        code      VARCHAR NOT NULL,
        name      VARCHAR NOT NULL,
        name_en   VARCHAR NOT NULL,
        figure_id VARCHAR NOT NULL,
        target    DOUBLE NOT NULL,
        PRIMARY KEY (mantel_id, code)
    )""",
    f"""
    CREATE TABLE dva (
        id          VARCHAR PRIMARY KEY,
        client_code VARCHAR NOT NULL REFERENCES client (code),
        kind        VARCHAR NOT NULL CHECK (kind IN {_in(("plus", "derden"))}),
        mantel_id   VARCHAR NOT NULL REFERENCES mantel_agreement (id),
        valid_from  DATE NOT NULL,
        valid_to    DATE NOT NULL,
        signed_on   DATE,
        CHECK (valid_to > valid_from)
    )""",
    """
    CREATE TABLE dva_line (
        dva_id                VARCHAR NOT NULL REFERENCES dva (id),
        line_no               INTEGER NOT NULL CHECK (line_no >= 1),
        product_code          VARCHAR NOT NULL REFERENCES product (code),
        priority              INTEGER CHECK (priority BETWEEN 1 AND 5),
        response_norm_hours   DOUBLE CHECK (response_norm_hours > 0),
        resolution_norm_hours DOUBLE CHECK (resolution_norm_hours > 0),
        target_share          DOUBLE NOT NULL CHECK (target_share > 0 AND target_share <= 1),
        agreed_volume         INTEGER CHECK (agreed_volume >= 0),
        tariff                DECIMAL(12, 2) CHECK (tariff >= 0),
        PRIMARY KEY (dva_id, line_no)
    )""",
    f"""
    CREATE TABLE ticket (
        id                  VARCHAR NOT NULL,  -- unique, kept by the imports: see TICKET_ID
        source              VARCHAR NOT NULL DEFAULT 'demo',
        source_id           VARCHAR,
        kind                VARCHAR NOT NULL DEFAULT 'verzoek'
                            CHECK (kind IN {_in(("melding", "verzoek", "vraag", "klacht"))}),
        registered_at       TIMESTAMP NOT NULL,
        first_response_at   TIMESTAMP,
        resolved_at         TIMESTAMP,
        closed_at           TIMESTAMP,
        channel             VARCHAR NOT NULL CHECK (channel IN {_in(CHANNELS)}),
        client_code         VARCHAR,  -- client (code): see UNCHECKED_REFERENCES
        requester           VARCHAR,
        product_code        VARCHAR,  -- product (code)
        directorate_code    VARCHAR,  -- directorate (code)
        demand_level        VARCHAR CHECK (demand_level IN {_in(DEMAND_LEVELS)}),
        priority            INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
        status              VARCHAR NOT NULL CHECK (status IN {_in(TICKET_STATUSES)}),
        reopen_count        INTEGER NOT NULL DEFAULT 0 CHECK (reopen_count >= 0),
        reassignment_count  INTEGER NOT NULL DEFAULT 0 CHECK (reassignment_count >= 0),
        handled_by          VARCHAR CHECK (handled_by IN {_in(("servicedesk", "backoffice"))}),
        escalated_to_sia    BOOLEAN NOT NULL DEFAULT false,
        pattern_instance_id VARCHAR,  -- pattern_instance (id)
        satisfaction        INTEGER CHECK (satisfaction BETWEEN 1 AND 10),
        source_target_at    TIMESTAMP,
        source_sla_met      BOOLEAN,
        source_updated_at   TIMESTAMP,
        reopened_at         TIMESTAMP,  -- the latest reopening the export reports (last: added in v4)
        CHECK (first_response_at IS NULL OR first_response_at >= registered_at),
        CHECK (resolved_at IS NULL OR resolved_at >= registered_at),
        CHECK (closed_at IS NULL OR closed_at >= registered_at)
    )""",
    """
    CREATE TABLE ticket_pause (
        ticket_id  VARCHAR NOT NULL,  -- ticket (id)
        paused_at  TIMESTAMP NOT NULL,
        resumed_at TIMESTAMP,
        reason     VARCHAR,
        PRIMARY KEY (ticket_id, paused_at),
        CHECK (resumed_at IS NULL OR resumed_at > paused_at)
    )""",
    f"""
    CREATE TABLE interaction (
        id                     VARCHAR PRIMARY KEY,
        source                 VARCHAR NOT NULL DEFAULT 'demo',
        registered_at          TIMESTAMP NOT NULL,
        channel                VARCHAR NOT NULL CHECK (channel IN {_in(CHANNELS)}),
        client_code            VARCHAR REFERENCES client (code),
        first_call_resolution  BOOLEAN,
        handle_seconds         DOUBLE CHECK (handle_seconds >= 0),
        ticket_id              VARCHAR
    )""",
    f"""
    CREATE TABLE complaint (
        id               VARCHAR PRIMARY KEY,
        received_at      TIMESTAMP NOT NULL,
        client_code      VARCHAR REFERENCES client (code),
        directorate_code VARCHAR REFERENCES directorate (code),
        category         VARCHAR NOT NULL,
        ticket_id        VARCHAR,  -- ticket (id)
        term_extended    BOOLEAN NOT NULL DEFAULT false,
        handled_at       TIMESTAMP,
        outcome          VARCHAR CHECK (outcome IN {_in(COMPLAINT_OUTCOMES)}),
        CHECK (handled_at IS NULL OR handled_at >= received_at)
    )""",
    f"""
    CREATE TABLE escalation (
        id                VARCHAR PRIMARY KEY,
        ticket_id         VARCHAR,  -- ticket (id)
        escalated_at      TIMESTAMP NOT NULL,
        client_code       VARCHAR NOT NULL REFERENCES client (code),
        reason            VARCHAR NOT NULL CHECK (reason IN {_in(ESCALATION_REASONS)}),
        accountmanager_id VARCHAR REFERENCES accountmanager (id),
        picked_up_at      TIMESTAMP,
        closed_at         TIMESTAMP,
        outcome           VARCHAR CHECK (outcome IN {_in(ESCALATION_OUTCOMES)}),
        CHECK (picked_up_at IS NULL OR picked_up_at >= escalated_at),
        CHECK (closed_at IS NULL OR closed_at >= escalated_at)
    )""",
    """
    CREATE TABLE cost (
        directorate_code VARCHAR NOT NULL REFERENCES directorate (code),
        month            DATE NOT NULL CHECK (day(month) = 1),
        fte              DOUBLE NOT NULL CHECK (fte >= 0),
        personnel_cost   DECIMAL(14, 2) NOT NULL CHECK (personnel_cost >= 0),
        material_budget  DECIMAL(14, 2) NOT NULL CHECK (material_budget >= 0),
        material_spend   DECIMAL(14, 2) NOT NULL CHECK (material_spend >= 0),
        PRIMARY KEY (directorate_code, month)
    )""",
    """
    CREATE TABLE charge (
        client_code  VARCHAR NOT NULL REFERENCES client (code),
        month        DATE NOT NULL CHECK (day(month) = 1),
        product_code VARCHAR NOT NULL REFERENCES product (code),
        quantity     DOUBLE NOT NULL CHECK (quantity >= 0),
        tariff       DECIMAL(12, 2) NOT NULL CHECK (tariff >= 0),
        amount       DECIMAL(14, 2) NOT NULL CHECK (amount >= 0),
        PRIMARY KEY (client_code, month, product_code)
    )""",
    f"""
    CREATE TABLE quote (
        id           VARCHAR PRIMARY KEY,
        client_code  VARCHAR NOT NULL REFERENCES client (code),
        product_code VARCHAR REFERENCES product (code),
        description  VARCHAR NOT NULL,
        amount       DECIMAL(14, 2) NOT NULL CHECK (amount >= 0),
        status       VARCHAR NOT NULL CHECK (status IN {_in(QUOTE_STATUSES)}),
        requested_on DATE NOT NULL,
        sent_on      DATE,
        decided_on   DATE,
        escalation_id VARCHAR REFERENCES escalation (id),
        CHECK (sent_on IS NULL OR sent_on >= requested_on),
        CHECK (decided_on IS NULL OR decided_on >= requested_on)
    )""",
    """
    CREATE TABLE import_log (
        id            INTEGER PRIMARY KEY,
        file_name     VARCHAR NOT NULL,
        content_hash  VARCHAR NOT NULL,
        profile       VARCHAR NOT NULL,
        imported_at   TIMESTAMP NOT NULL,
        rows_read     INTEGER NOT NULL CHECK (rows_read >= 0),
        rows_loaded   INTEGER NOT NULL CHECK (rows_loaded >= 0),
        rows_updated  INTEGER NOT NULL CHECK (rows_updated >= 0),
        rows_rejected INTEGER NOT NULL CHECK (rows_rejected >= 0),
        outcome       VARCHAR NOT NULL
    )""",
    """
    CREATE TABLE import_quarantine (
        import_id INTEGER NOT NULL REFERENCES import_log (id),
        line_no   INTEGER NOT NULL,
        field     VARCHAR,
        reason    VARCHAR NOT NULL,  -- in English, as the command line and the audit log say it
        raw       VARCHAR,
        -- the reasons as catalogue messages with their values, shown in the reader's language
        -- (gdmetrics.importing.reading.reasons_in); NULL in rows kept before schema version 7
        problems  VARCHAR,
        PRIMARY KEY (import_id, line_no)
    )""",
    """
    CREATE TABLE unmapped_value (
        profile    VARCHAR NOT NULL,
        field      VARCHAR NOT NULL,
        value      VARCHAR NOT NULL,
        first_seen TIMESTAMP NOT NULL,
        row_count  INTEGER NOT NULL,
        mapped_to  VARCHAR,
        PRIMARY KEY (profile, field, value)
    )""",
)

# Version 2: who may see what (issue 7), and what they did.
ROLES = ("directeur", "psg", "accountmanager", "beheer")
# Version 3 adds "rollback" and "restore" (gdmetrics.store: undoing writes, restoring a backup).
AUDIT_ACTIONS = (
    "sign_in",
    "import",
    "role_change",
    "report_download",
    "catalogue_change",
    "rollback",
    "restore",
)
# The access log beside the database (gdmetrics.access.auditlog.record_read): what reads, or
# changes nothing, and so makes no database version.
EVENT_ACTIONS = ("sign_in", "report_download", "data_download", "import", "import_rejected", "import_failed")


def _audit_log_ddl(name: str) -> str:
    return f"""
    CREATE TABLE {name} (
        id     BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
        happened_at TIMESTAMP NOT NULL,
        actor  VARCHAR NOT NULL,
        action VARCHAR NOT NULL CHECK (action IN {_in(AUDIT_ACTIONS)}),
        detail VARCHAR
    )"""


ACCESS_DDL: tuple[str, ...] = (
    f"""
    CREATE TABLE user_role (
        email             VARCHAR PRIMARY KEY CHECK (email = lower(email) AND email LIKE '%_@_%'),
        name              VARCHAR,
        role              VARCHAR NOT NULL CHECK (role IN {_in(ROLES)}),
        accountmanager_id VARCHAR REFERENCES accountmanager (id),
        updated_at        TIMESTAMP NOT NULL,
        updated_by        VARCHAR NOT NULL
    )""",
    """
    CREATE TABLE user_client_scope (
        email       VARCHAR NOT NULL REFERENCES user_role (email),
        client_code VARCHAR NOT NULL REFERENCES client (code),
        PRIMARY KEY (email, client_code)
    )""",
    "CREATE SEQUENCE audit_seq START 1",
    _audit_log_ddl("audit_log"),
)
DDL = DDL + ACCESS_DDL

# References the ticket tables keep without a DuckDB foreign key (schema version 5): (table,
# column, referenced table, referenced column). The imports check them instead (the ticket
# import's code checks in gdmetrics.importing.rows, the feeds' `ref` fields), and removing a
# reference row through the reference workbook looks them up (gdmetrics.reference.apply).
# Why not foreign keys: on the ticket table they cost about 4 CPU seconds per million rows loaded
# (half the insert, most of the commit; bench/import.py), and DuckDB refuses to change a key
# column of a row others refer to, so an updated export could not move a ticket with a pause, a
# complaint or an escalation to another client, product or directorate.
UNCHECKED_REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("ticket", "client_code", "client", "code"),
    ("ticket", "product_code", "product", "code"),
    ("ticket", "directorate_code", "directorate", "code"),
    ("ticket", "pattern_instance_id", "pattern_instance", "id"),
    ("ticket_pause", "ticket_id", "ticket", "id"),
    ("complaint", "ticket_id", "ticket", "id"),
    ("escalation", "ticket_id", "ticket", "id"),
)


def ddl_of(table: str) -> str:
    """The CREATE TABLE statement of `table` in the current schema (DDL)."""
    return next(stmt for stmt in DDL if stmt.split("(", 1)[0].split()[-1] == table)


# The ticket id has no PRIMARY KEY (schema version 8): its index cost a first import of a million
# tickets 1.0 of its 14 s (half in the insert, half in the commit; bench/import.py), and each later
# import's commit writes the whole index again. It is unique all the same: an import checks its
# file's ids for duplicates (gdmetrics.importing.rows) and inserts only the ids the ticket table
# does not hold (gdmetrics.importing.loader._apply, an anti-join), updating the others in place;
# the demo numbers its tickets. tests/importing checks both.
TICKET_ID = "id"

# Version 4 to 5 rebuilds the tables whose foreign keys went (DuckDB cannot drop a constraint):
# copied aside, dropped referrers first, created anew, filled again, in the migration's transaction.
_REBUILT_V5 = ("quote", "escalation", "complaint", "ticket_pause", "ticket")
_MIGRATE_V5: tuple[str, ...] = (
    *(f"CREATE TEMP TABLE _v5_{t} AS SELECT * FROM {t}" for t in _REBUILT_V5),
    *(f"DROP TABLE {t}" for t in _REBUILT_V5),
    *(ddl_of(t) for t in reversed(_REBUILT_V5)),
    *(f"INSERT INTO {t} SELECT * FROM _v5_{t}" for t in reversed(_REBUILT_V5)),
    *(f"DROP TABLE _v5_{t}" for t in _REBUILT_V5),
)

# Version 7 to 8 rebuilds the ticket table without its primary key (see TICKET_ID), in
# registration order (the order the imports keep: gdmetrics.sla).
_MIGRATE_V8: tuple[str, ...] = (
    ddl_of("ticket").replace("CREATE TABLE ticket (", "CREATE TABLE ticket_v8 (", 1),
    "INSERT INTO ticket_v8 SELECT * FROM ticket ORDER BY registered_at",
    "DROP TABLE ticket",
    "ALTER TABLE ticket_v8 RENAME TO ticket",
)

# Tables derived from the others, kept current by the code that writes what they derive from
# (like ticket_sla, which gdmetrics.sla creates): not in TABLES, whose rows are the data itself.
DERIVED_DDL: tuple[str, ...] = (ROLLUP_DDL,)  # the monthly rollup (gdmetrics.rollup)

# What opening an older database runs to bring it to the current version.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: ACCESS_DDL,
    # DuckDB cannot alter a CHECK constraint: the audit log is copied into a table with the new one.
    2: (
        _audit_log_ddl("audit_log_v3"),
        "INSERT INTO audit_log_v3 SELECT * FROM audit_log",
        "DROP TABLE audit_log",
        "ALTER TABLE audit_log_v3 RENAME TO audit_log",
    ),
    # The moment a ticket was last reopened, read from exports (issue 13); last, as ALTER adds it.
    3: ("ALTER TABLE ticket ADD COLUMN IF NOT EXISTS reopened_at TIMESTAMP",),
    4: _MIGRATE_V5,
    # The monthly rollup (issue 16), filled when the database is prepared (gdmetrics.db.prepare).
    5: (ROLLUP_DDL_IF_MISSING,),
    # Quarantine reasons as catalogue messages (issue 14); older rows keep their English text.
    6: ("ALTER TABLE import_quarantine ADD COLUMN IF NOT EXISTS problems VARCHAR",),
    # The ticket id without its index (issue 11): see TICKET_ID.
    7: _MIGRATE_V8,
}

# Views every query may use: the DG of each client (a directie's parent, else itself).
VIEWS: tuple[str, ...] = (
    """
    CREATE VIEW client_dim AS
    SELECT c.code AS client_code, c.name AS client_name, c.kind AS client_kind,
           coalesce(c.parent_code, c.code) AS dg_code, c.accountmanager_id
    FROM client c""",
)

TABLES: tuple[str, ...] = tuple(
    stmt.split("CREATE TABLE", 1)[1].split("(", 1)[0].strip() for stmt in DDL if "CREATE TABLE" in stmt
)


class SchemaVersionError(RuntimeError):
    """The database was written by another schema version than this code understands."""


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view in an empty database and stamp the schema version."""
    con.execute("BEGIN")
    for stmt in DDL + DERIVED_DDL + VIEWS:
        con.execute(stmt)
    con.execute("INSERT INTO meta VALUES ('schema_version', $v)", {"v": str(SCHEMA_VERSION)})
    con.execute("COMMIT")


def check_schema(con: duckdb.DuckDBPyConnection, path: Path | str, *, migrate: bool = False) -> None:
    """Raise SchemaVersionError with a readable message unless the database is ours and current.

    With `migrate`, an older version this code knows how to upgrade is upgraded in place (in one
    transaction) instead."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if "meta" not in tables:
        raise SchemaVersionError(
            f"{path} is not a GD Dashboard database (it has no 'meta' table). "
            "Point GD_DB at another file, or remove this one to build a new demo database."
        )
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    found = row[0] if row else "none"
    if migrate and found.isdigit() and int(found) < SCHEMA_VERSION:
        con.execute("BEGIN")
        try:
            for version in range(int(found), SCHEMA_VERSION):
                for stmt in MIGRATIONS[version]:
                    con.execute(stmt)
            con.execute("UPDATE meta SET value = $v WHERE key = 'schema_version'", {"v": str(SCHEMA_VERSION)})
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
        return
    if found != str(SCHEMA_VERSION):
        raise SchemaVersionError(
            f"{path} was written by schema version {found}; this GD Dashboard needs version "
            f"{SCHEMA_VERSION}. Rebuild it with `python -m gdmetrics demo --db {path}` "
            "or import your exports again into a new file."
        )
