"""Loading one feed file (CSV or .xlsx): every row checked, upserted by its key, logged and audited.

The file is read by the ticket import's reader (`gdmetrics.importing.read_table`: streaming,
limits from settings, line numbers as an editor or Excel shows them) into a DuckDB temp table of
text cells; the feed's profile says which column holds which field. The rows are then checked
in Python: monthly feeds are small (a row per directorate per month, per complaint, per quote),
and a check per cell gives a message naming the line, the column and the reason.

Definitional choices:
- **All or nothing by default**: one bad row rejects the file (FeedRejected lists every problem
  as line, column and reason) and the database is unchanged. With `quarantine` the good rows
  load and each bad line goes to `import_quarantine` with its reasons and the row as read.
- **Idempotent**: the same bytes imported again change nothing (`import_log` knows the content
  hash per feed, profile `feed:<name>`); a file whose rows the database already holds as they
  are changes nothing either (no version is published). A row whose key the database holds is
  updated in place, only in the columns the file has; a new key is added; a row left out stays.
- A key given twice in one file is a problem on the second line, never a silent last-wins.
- An .xlsx with merged cells or formula cells on its sheet is refused as a whole, each cell named
  by row, column and reason (a merged range holds one value, a formula whatever was computed
  last): even with `quarantine`, since neither is a row that is merely wrong.
- One transaction: the rows, the `import_log` line, the quarantine and the audit line (who,
  which file, rows added / updated / unchanged / rejected, the keys changed, row counts before
  and after) commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb

from gdmetrics.access import insert_audit
from gdmetrics.feeds.parse import Unreadable, boolean, date, month, number, timestamp
from gdmetrics.feeds.profile import FeedProfile, load_feed_profile
from gdmetrics.feeds.spec import Feed, Field
from gdmetrics.importing import FileRejected, Limits, Problem, drop_table, read_table
from gdmetrics.importing.reading import file_hash
from gdmetrics.importing.xlsx import layout_problems
from gdmetrics.text import N_, tr

TABLE = "_feed"
CENT = Decimal("0.01")
MONEY = {"personnel_cost", "material_budget", "material_spend", "tariff", "amount"}
MAX_RAW_CHARS = 2000


class FeedRejected(FileRejected):
    """A feed file refused as a whole; `problems` name line, column and reason. Nothing was written."""


@dataclass
class FeedResult:
    """What one feed file's import did."""

    feed: str
    file_name: str
    content_hash: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    already_imported: bool = False
    import_id: int | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated or self.rejected)

    def summary(self, lang: str = "en") -> str:
        """One line: what the file did (the CLI in English, the page in the user's language)."""
        if self.already_imported:
            return tr(
                lang,
                "{file} ({feed}): al eerder geïmporteerd, niets gewijzigd",
                file=self.file_name,
                feed=self.feed,
            )
        return tr(
            lang,
            "{file} ({feed}): {read} rijen gelezen, {added} toegevoegd, {updated} bijgewerkt, "
            "{unchanged} ongewijzigd, {quarantined} apart gezet",
            file=self.file_name,
            feed=self.feed,
            read=self.rows_read,
            added=self.inserted,
            updated=self.updated,
            unchanged=self.unchanged,
            quarantined=self.rejected,
        )


def import_feed(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    profile: str | FeedProfile,
    *,
    actor: str,
    file_name: str | None = None,
    quarantine: bool = False,
    force: bool = False,
    limits: Limits | None = None,
    now: dt.datetime | None = None,
) -> FeedResult:
    """Import one feed file into `con` (see the module docstring). Raises FeedRejected (or the
    reader's FileRejected) with nothing written."""
    prof = load_feed_profile(profile) if isinstance(profile, str) else profile
    feed = prof.feed
    path = Path(path)
    file_name = file_name or path.name
    digest = file_hash(path)
    result = FeedResult(feed.name, file_name, digest)
    cur = con.cursor()
    log_profile = f"feed:{feed.name}"
    if (
        not force
        and cur.execute(
            "SELECT count(*) FROM import_log WHERE content_hash = $h AND profile = $p",
            {"h": digest, "p": log_profile},
        ).fetchone()[0]
    ):
        result.already_imported = True
        return result
    with open(path, "rb") as head:
        if head.read(4) == b"PK\x03\x04":  # an .xlsx: merged or formula cells are no values to check
            layout = layout_problems(path)
            if layout:
                raise FeedRejected(layout)
    source = read_table(cur, path, file_name, table=TABLE, limits=limits, digest=digest)
    try:
        result.warnings = list(source.warnings)
        columns = _columns(prof, source.columns)
        rows = cur.execute(
            f"SELECT line, {', '.join(f'c{i + 1}' for i in range(len(source.columns)))} FROM {TABLE} ORDER BY line"
        ).fetchall()
    finally:
        drop_table(cur, TABLE)
    result.rows_read = len(rows)
    good, bad = _check(cur, prof, columns, source.columns, rows)
    if bad and not quarantine:
        raise FeedRejected([p for problems in bad.values() for p in problems])
    present = [
        f.name for f in feed.fields if f.name in columns or f.name == "amount" and feed.name == "charges"
    ]
    cur.execute("BEGIN TRANSACTION")
    try:
        before = cur.execute(f"SELECT count(*) FROM {feed.table}").fetchone()[0]
        changed_keys = _upsert(cur, feed, present, good, result)
        result.rejected = len(bad)
        if not result.changed:
            cur.execute("ROLLBACK")
            return result
        import_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM import_log").fetchone()[0]
        result.import_id = import_id
        moment = (now or dt.datetime.now()).replace(microsecond=0)
        cur.execute(
            "INSERT INTO import_log VALUES ($id, $name, $hash, $profile, $at, $read, $loaded, $updated, "
            "$rejected, $outcome)",
            {
                "id": import_id,
                "name": file_name,
                "hash": digest,
                "profile": log_profile,
                "at": moment,
                "read": result.rows_read,
                "loaded": result.inserted,
                "updated": result.updated,
                "rejected": result.rejected,
                "outcome": "quarantined" if bad else "loaded",
            },
        )
        raw = {row[0]: row[1:] for row in rows}
        for line, problems in sorted(bad.items()):
            result.problems.extend(problems)
            cur.execute(
                "INSERT INTO import_quarantine VALUES ($id, $line, $field, $reason, $raw, $problems)",
                {
                    "id": import_id,
                    "line": line,
                    "field": ", ".join(dict.fromkeys(p.column or p.field or "" for p in problems)),
                    "reason": "; ".join(p.reason for p in problems),
                    "raw": ";".join(c or "" for c in raw.get(line, ()))[:MAX_RAW_CHARS],
                    "problems": json.dumps([p.stored() for p in problems]),
                },
            )
        after = cur.execute(f"SELECT count(*) FROM {feed.table}").fetchone()[0]
        detail = {
            "feed": feed.name,
            "file": file_name,
            "profile": prof.name,
            "sha256": digest,
            "rows_read": result.rows_read,
            "added": result.inserted,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "quarantined": result.rejected,
            "keys_changed": changed_keys[:50],
            "rows_before": before,
            "rows_after": after,
        }
        insert_audit(
            cur, actor, "import", f"feed {feed.name} " + json.dumps(detail, ensure_ascii=False), moment
        )
        cur.execute("COMMIT")
    except BaseException:
        cur.execute("ROLLBACK")
        raise
    return result


def publish_feed(
    db: Path | str,
    source: bytes | Path,
    file_name: str,
    profile: str | FeedProfile,
    *,
    actor: str,
    quarantine: bool = False,
    force: bool = False,
) -> tuple[FeedResult, int | None]:
    """`import_feed` through the one writer path (gdmetrics.store): a file that changes something
    becomes a new published version (its number is returned) while readers keep the published
    one. A rejected file, or one that changes nothing, publishes nothing; its line goes to the
    access log (store.record), where monitoring finds failed imports."""
    from gdmetrics import store

    prof = load_feed_profile(profile) if isinstance(profile, str) else profile
    label = f"{file_name} (feed {prof.feed.name})"
    with tempfile.TemporaryDirectory(prefix="gd-feed-") as tmp:
        if isinstance(source, bytes):
            path = Path(tmp) / (Path(file_name).name or "upload")
            path.write_bytes(source)
        else:
            path = source
        try:
            with store.writer(db, actor=actor, reason=f"import {label}", kind="import") as w:
                try:
                    result = import_feed(
                        w.con,
                        path,
                        prof,
                        actor=actor,
                        file_name=file_name,
                        quarantine=quarantine,
                        force=force,
                    )
                except FileRejected as exc:
                    w.discard()
                    store.record(
                        db, actor, "import_rejected", f"{label} rejected: {' '.join(str(exc).split())[:500]}"
                    )
                    raise
                if not result.changed:
                    w.discard()
                    store.record(db, actor, "import", result.summary())
        except FileRejected:
            raise
        except BaseException as exc:  # any other failure leaves a line too (issue 12)
            store.record(
                db,
                actor,
                "import_failed",
                f"{label}: {' '.join(str(exc).split())[:500] or type(exc).__name__}",
            )
            raise
    return result, w.published.number if w.published else None


# --- checking -----------------------------------------------------------------------------------


def _columns(prof: FeedProfile, headers: list[str]) -> dict[str, int]:
    """Field -> index of its column in the file; a required field without its column rejects the file."""
    found = {h.strip().casefold(): i for i, h in enumerate(headers)}
    out, problems = {}, []
    for f in prof.feed.fields:
        names = prof.columns.get(f.name, ())
        index = next((found[n.strip().casefold()] for n in names if n.strip().casefold() in found), None)
        if index is not None:
            out[f.name] = index
        elif f.required:
            problems.append(
                Problem(
                    None,
                    f.name,
                    N_("geen kolom {names} voor {field}; het bestand heeft: {headers}"),
                    names[0],
                    {
                        "names": " / ".join(repr(n) for n in names),
                        "field": f.name,
                        "headers": ", ".join(headers),
                    },
                )
            )
    if problems:
        raise FeedRejected(problems)
    return out


def _check(
    cur: duckdb.DuckDBPyConnection,
    prof: FeedProfile,
    columns: dict[str, int],
    headers: list[str],
    rows: list[tuple],
) -> tuple[dict[int, dict[str, object]], dict[int, list[Problem]]]:
    """Every row parsed: {line: record} for good rows and {line: problems} for bad ones."""
    feed = prof.feed
    known = _known_references(cur, prof, columns, rows)
    good: dict[int, dict[str, object]] = {}
    bad: dict[int, list[Problem]] = {}
    seen: dict[tuple, int] = {}
    for row in rows:
        line, cells = row[0], row[1:]
        record: dict[str, object] = {}
        problems: list[Problem] = []
        for f in feed.fields:
            if f.name not in columns:
                continue
            column = headers[columns[f.name]]
            text = cells[columns[f.name]]
            if text is not None and text.strip().casefold() in prof.null_values:
                text = None
            try:
                record[f.name] = _value(prof, f, text, known)
            except Unreadable as exc:
                problems.append(Problem(line, f.name, exc.message, column, exc.values))
        for earlier, later in feed.order:
            a, b = record.get(earlier), record.get(later)
            if a is not None and b is not None and b < a:
                col = headers[columns[later]]
                problems.append(
                    Problem(
                        line,
                        later,
                        N_("{later} is vóór {earlier} ({first})"),
                        col,
                        {"later": b, "earlier": earlier, "first": a},
                    )
                )
        if feed.name == "charges" and not problems and record.get("amount") is None:
            record["amount"] = (record["quantity"] * record["tariff"]).quantize(CENT, ROUND_HALF_UP)
        if not problems:
            key = tuple(record[k] for k in feed.key)
            if key in seen:
                col = headers[columns[feed.key[0]]]
                problems.append(
                    Problem(
                        line,
                        feed.key[0],
                        N_("sleutel {key} staat ook op regel {line}"),
                        col,
                        {"key": _key_text(key), "line": seen[key]},
                    )
                )
            else:
                seen[key] = line
        if problems:
            bad[line] = problems
        else:
            good[line] = record
    return good, bad


def _value(prof: FeedProfile, f: Field, text: str | None, known: dict[str, set[str]]) -> object:
    if text is not None:
        text = prof.values.get(f.name, {}).get(text.strip().casefold(), text).strip()
    if not text:
        if f.required:
            raise Unreadable("{field} is verplicht", field=f.name)
        return f.default
    if f.kind == "text":
        return text
    if f.kind == "number":
        value = number(text, prof.decimal)
        return value.quantize(CENT, ROUND_HALF_UP) if f.name in MONEY else value
    if f.kind == "month":
        return month(text, prof.dayfirst)
    if f.kind == "date":
        return date(text, prof.dayfirst)
    if f.kind == "timestamp":
        return timestamp(text, prof.dayfirst)
    if f.kind == "bool":
        return boolean(text)
    if f.kind == "code":
        value = text.casefold()
        if value not in f.values:
            raise Unreadable("'{text}' is niet een van {values}", text=text, values=", ".join(f.values))
        return value
    # ref
    if text in known[f.name]:
        return text
    if f.ref == ("ticket", "id") and f"{prof.ticket_source}:{text}" in known[f.name]:
        return f"{prof.ticket_source}:{text}"
    table = f.ref[0] if f.ref else "?"
    raise Unreadable(UNKNOWN_REFERENCE.get(table, UNKNOWN_REFERENCE["?"]), text=text, table=table)


# A reference the database does not hold, by the table it refers to.
UNKNOWN_REFERENCE = {
    "directorate": N_("onbekende directie '{text}' (laad die eerst in het referentiewerkboek)"),
    "client": N_("onbekende afnemer '{text}' (laad die eerst in het referentiewerkboek)"),
    "product": N_("onbekend product '{text}' (laad dat eerst in het referentiewerkboek)"),
    "accountmanager": N_("onbekende accountmanager '{text}' (laad die eerst in het referentiewerkboek)"),
    "ticket": N_("onbekende melding '{text}' (importeer die eerst)"),
    "escalation": N_("onbekende escalatie '{text}' (laad die eerst)"),
    "?": N_("onbekende {table} '{text}' (laad die eerst in het referentiewerkboek)"),
}


def _known_references(
    cur: duckdb.DuckDBPyConnection, prof: FeedProfile, columns: dict[str, int], rows: list[tuple]
) -> dict[str, set[str]]:
    """Per reference field, which of the file's values the database holds (only those are asked)."""
    known: dict[str, set[str]] = {}
    for f in prof.feed.fields:
        if f.kind != "ref" or f.name not in columns or f.ref is None:
            continue
        mapping = prof.values.get(f.name, {})
        values = set()
        for row in rows:
            text = row[1 + columns[f.name]]
            if text:
                text = mapping.get(text.strip().casefold(), text).strip()
                values.add(text)
                if f.ref == ("ticket", "id"):
                    values.add(f"{prof.ticket_source}:{text}")
        table, column = f.ref  # names from the feed spec only
        known[f.name] = {
            v
            for (v,) in cur.execute(
                f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest($v))", {"v": sorted(values)}
            ).fetchall()
        }
    return known


# --- writing ------------------------------------------------------------------------------------


def _key_text(key: tuple) -> str:
    return "/".join(str(k) for k in key)


def _same(a: object, b: object) -> bool:
    if (
        isinstance(a, Decimal | float | int)
        and isinstance(b, Decimal | float | int)
        and not isinstance(a, bool)
    ):
        return round(float(a), 6) == round(float(b), 6)
    return a == b


def _referenced(cur: duckdb.DuckDBPyConnection, feed: Feed, key: tuple) -> bool:
    for table, column in feed.referenced_by:  # names from the feed spec only
        if cur.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", [key[0]]).fetchone()[0]:
            return True
    return False


INSERT_CHUNK = 500  # rows per INSERT statement of a feed's new rows


def _upsert(
    cur: duckdb.DuckDBPyConnection,
    feed: Feed,
    present: list[str],
    good: dict[int, dict[str, object]],
    result: FeedResult,
) -> list[str]:
    """Insert new keys, update changed rows in the columns the file has; returns the changed keys."""
    key_cols = list(feed.key)
    stored = {
        tuple(row[: len(key_cols)]): row[len(key_cols) :]
        for row in cur.execute(f"SELECT {', '.join(key_cols + present)} FROM {feed.table}").fetchall()
    }
    all_cols = [f.name for f in feed.fields]
    inserts, updates, changed, problems = [], [], [], []
    for line, record in good.items():
        key = tuple(record[k] for k in key_cols)
        old = stored.get(key)
        if old is None:
            inserts.append([record.get(c, feed.field(c).default) for c in all_cols])
            changed.append(_key_text(key))
            continue
        differ = [c for c, v in zip(present, old, strict=True) if not _same(record.get(c), v)]
        if not differ:
            result.unchanged += 1
            continue
        refs = [c for c in differ if feed.field(c).kind == "ref"]
        if refs and _referenced(cur, feed, key):
            problems.append(
                Problem(
                    line,
                    refs[0],
                    N_(
                        "naar {key} verwijzen andere rijen; {fields} kan niet veranderen (beëindig de rij en voeg een nieuwe toe)"
                    ),
                    values={"key": _key_text(key), "fields": ", ".join(refs)},
                )
            )
            continue
        # Only the columns that changed: DuckDB rewrites an update of an indexed column as a
        # delete and insert, which a referenced row refuses.
        updates.append((differ, [record.get(c) for c in differ] + list(key)))
        changed.append(_key_text(key))
    if problems:
        raise FeedRejected(problems)
    # Many rows per statement: DuckDB's executemany plans every row anew (the demo's 12,312
    # charges took 8 s of CPU that way, 0.7 s like this), with the same values bound.
    row_marks = "(" + ", ".join("?" for _ in all_cols) + ")"
    for start in range(0, len(inserts), INSERT_CHUNK):
        chunk = inserts[start : start + INSERT_CHUNK]
        cur.execute(
            f"INSERT INTO {feed.table} ({', '.join(all_cols)}) VALUES {', '.join(row_marks for _ in chunk)}",
            [value for row in chunk for value in row],
        )
    where = " AND ".join(f"{k} = ?" for k in key_cols)
    for differ, params in updates:  # names from the feed spec only
        cur.execute(f"UPDATE {feed.table} SET {', '.join(f'{c} = ?' for c in differ)} WHERE {where}", params)
    result.inserted, result.updated = len(inserts), len(updates)
    return changed
