"""A feed's rows as the file its profile reads: download, edit, import again (nothing else changes).

The headers are each field's first column name in the profile; `;`-separated UTF-8 CSV with a
decimal comma, months as `2006-01`, dates ISO, ja/nee. Text that a spreadsheet would run as a
formula gets a leading `'` (gdmetrics.export), as every download does.
"""

from __future__ import annotations

import duckdb

from gdmetrics.export import to_csv_bytes
from gdmetrics.feeds.profile import FeedProfile, load_feed_profile

FORMATS = {
    "month": "strftime({c}, '%Y-%m')",
    "date": "strftime({c}, '%Y-%m-%d')",
    "timestamp": "strftime({c}, '%Y-%m-%d %H:%M:%S')",
    "bool": "CASE WHEN {c} THEN 'ja' WHEN NOT {c} THEN 'nee' END",
    "number": "replace(CAST({c} AS VARCHAR), '.', ',')",
}


def export_feed(con: duckdb.DuckDBPyConnection, profile: str | FeedProfile) -> bytes:
    """Every row of the feed's table, ordered by its key, as the profile's CSV."""
    prof = load_feed_profile(profile) if isinstance(profile, str) else profile
    feed = prof.feed
    fields = [f for f in feed.fields if f.name in prof.columns]
    select = ", ".join(FORMATS.get(f.kind, "{c}").format(c=f.name) + f' AS "{f.name}"' for f in fields)
    frame = con.cursor().execute(f"SELECT {select} FROM {feed.table} ORDER BY {', '.join(feed.key)}").df()
    frame.columns = [prof.columns[f.name][0] for f in fields]  # names from the spec and profile only
    return to_csv_bytes(frame.astype(object).where(frame.notna(), None))
