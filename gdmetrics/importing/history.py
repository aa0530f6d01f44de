"""What the database holds from imports: the log, quarantined rows, unmapped values, coverage."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from gdmetrics.importing.profiles import ENUMS
from gdmetrics.importing.reading import Problem, reasons_in
from gdmetrics.importing.rows import MAPPED_ENUMS, REF_TABLES
from gdmetrics.schema import TABLES
from gdmetrics.text import CatalogueError


def import_log(con: duckdb.DuckDBPyConnection, limit: int = 200) -> pd.DataFrame:
    """The latest imports first: file, hash, profile, when, rows read/loaded/updated/rejected."""
    return con.cursor().execute("SELECT * FROM import_log ORDER BY id DESC LIMIT $n", {"n": limit}).df()


def quarantine_rows(con: duckdb.DuckDBPyConnection, lang: str = "en", limit: int = 1000) -> pd.DataFrame:
    """Rows set aside by quarantine imports, with their file, line, field and reason in `lang`
    (a row kept before reasons were stored as catalogue messages keeps its English reason)."""
    frame = (
        con.cursor()
        .execute(
            "SELECT q.import_id, l.file_name, q.line_no, q.field, q.reason, q.raw, q.problems "
            "FROM import_quarantine q JOIN import_log l ON l.id = q.import_id "
            "ORDER BY q.import_id DESC, q.line_no LIMIT $n",
            {"n": limit},
        )
        .df()
    )
    frame["reason"] = [
        reasons_in(None if pd.isna(p) else p, r, lang)
        for p, r in zip(frame["problems"], frame["reason"], strict=True)
    ]
    return frame.drop(columns="problems")


def unmapped_values(con: duckdb.DuckDBPyConnection, only_open: bool = False) -> pd.DataFrame:
    """Source values not (yet) mapped onto a client, directorate, product, channel or kind."""
    where = "WHERE mapped_to IS NULL" if only_open else ""
    return (
        con.cursor()
        .execute(f"SELECT * FROM unmapped_value {where} ORDER BY profile, field, row_count DESC, value")
        .df()
    )


def set_mapping(
    con: duckdb.DuckDBPyConnection,
    profile: str,
    field: str,
    value: str,
    code: str | None,
    *,
    actor: str,
    now: dt.datetime | None = None,
) -> None:
    """Map an unmapped source value onto a code (None: take the mapping away); later imports with
    this profile use it. The mapping and its audit line (action `import`: a mapping is part of
    how files import) are written in one transaction.

    Raises CatalogueError (a ValueError; its message in any language) when the code is not in the
    field's reference table (client, directorate, product) or list of codes (channel, kind).
    """
    from gdmetrics.access.auditlog import insert_audit

    cur = con.cursor()
    if code is not None and field in REF_TABLES:
        found = cur.execute(f"SELECT count(*) FROM {field} WHERE code = $c", {"c": code}).fetchall()[0][0]
        if not found:
            raise CatalogueError("'{code}' is geen bekende code voor {field}", code=code, field=field)
    elif code is not None and field in MAPPED_ENUMS and code not in ENUMS[field]:
        raise CatalogueError(
            "'{code}' is geen bekende code voor {field}; bekend: {known}",
            code=code,
            field=field,
            known=", ".join(ENUMS[field]),
        )
    elif field not in REF_TABLES and field not in MAPPED_ENUMS:
        raise CatalogueError("waarden van '{field}' worden hier niet gekoppeld", field=field)
    cur.execute("BEGIN")
    try:
        cur.execute(
            "UPDATE unmapped_value SET mapped_to = $c WHERE profile = $p AND field = $f AND value = $v",
            {"c": code, "p": profile, "f": field, "v": value},
        )
        detail = f"mapping {profile} / {field} / {value} -> {code or '-'}"
        insert_audit(cur, actor, "import", detail, now or dt.datetime.now())
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise


def database_summary(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Row counts per table, the periods the tickets and interactions cover, and the last load."""
    cur = con.cursor()
    counts = {t: cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    periods = {}
    for table in ("ticket", "interaction"):
        first, last = cur.execute(f"SELECT min(registered_at), max(registered_at) FROM {table}").fetchone()
        periods[table] = (first, last)
    sources = dict(
        cur.execute("SELECT source, count(*) FROM ticket GROUP BY source ORDER BY source").fetchall()
    )
    last = cur.execute(
        "SELECT file_name, profile, imported_at, outcome FROM import_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return {
        "counts": counts,
        "periods": periods,
        "ticket_sources": sources,
        "last_import": dict(zip(("file_name", "profile", "imported_at", "outcome"), last, strict=True))
        if last
        else None,
    }


def table_counts_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Row count of every table, as a frame (`table`, `rows`) for display."""
    counts = database_summary(con)["counts"]
    return pd.DataFrame({"table": list(counts), "rows": list(counts.values())})


def problems_frame(problems: list[Problem], lang: str = "en", limit: int = 1000) -> pd.DataFrame:
    """Problems as a frame (`line`, `column`, `field`, `reason` in `lang`), the first `limit` of them."""
    return pd.DataFrame(
        [(p.line, p.column, p.field, p.reason_in(lang)) for p in problems[:limit]],
        columns=["line", "column", "field", "reason"],
    )
