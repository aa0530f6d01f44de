"""A feed's profile: which export columns hold which field, and how values are written.

A profile is a TOML file, `gdmetrics/feeds/profiles/<feed>.toml` (shipped; a file of the same
name in `data/profiles/feeds/` overrides it) or a path. It has `feed` (which feed it loads),
`dayfirst`, `decimal` (`","`, `"."` or `"auto"`), `null_values`, `ticket_source` (complaints, escalations: a ticket number N
in the file is the ticket `<ticket_source>:N`), `[columns]` (field = a column
header or a list of alternatives, matched without regard to case or surrounding spaces) and
`[values.<field>]` (source value, any case = our value), as the ticket profiles do.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from gdmetrics.feeds.spec import FEEDS, Feed

SHIPPED = Path(__file__).resolve().parent / "profiles"
LOCAL = Path("data") / "profiles" / "feeds"


class FeedProfileError(Exception):
    """A feed profile that cannot be used; the message says why."""


@dataclass(frozen=True)
class FeedProfile:
    name: str
    feed: Feed
    title: str
    columns: dict[str, tuple[str, ...]]
    dayfirst: bool = True
    decimal: str = "auto"
    null_values: tuple[str, ...] = ()
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    ticket_source: str = ""  # a ticket number not found as an id is tried as "<ticket_source>:<number>"


def load_feed_profile(name_or_path: str | Path) -> FeedProfile:
    """The profile named (a shipped feed's name, a local override) or the TOML file at a path."""
    path = Path(name_or_path)
    if not path.suffix:
        local = LOCAL / f"{name_or_path}.toml"
        path = local if local.is_file() else SHIPPED / f"{name_or_path}.toml"
    if not path.is_file():
        raise FeedProfileError(f"no feed profile {name_or_path!r}; shipped: {', '.join(sorted(FEEDS))}")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise FeedProfileError(f"{path.name}: not valid TOML ({exc})") from None
    feed = FEEDS.get(raw.get("feed", ""))
    if feed is None:
        raise FeedProfileError(f"{path.name}: 'feed' must be one of {', '.join(sorted(FEEDS))}")
    known = {f.name for f in feed.fields}
    columns = {}
    for name, headers in (raw.get("columns") or {}).items():
        if name not in known:
            raise FeedProfileError(f"{path.name}: [columns] {name!r} is not a field of {feed.name}")
        headers = (headers,) if isinstance(headers, str) else tuple(headers)
        if not headers or not all(isinstance(h, str) and h.strip() for h in headers):
            raise FeedProfileError(f"{path.name}: [columns] {name!r} needs a column name")
        columns[name] = headers
    missing = [f.name for f in feed.fields if f.required and f.name not in columns]
    if missing:
        raise FeedProfileError(f"{path.name}: [columns] lacks required field(s) {', '.join(missing)}")
    decimal = raw.get("decimal", "auto")
    if decimal not in (",", ".", "auto"):
        raise FeedProfileError(f"{path.name}: decimal must be ',', '.' or 'auto'")
    values = {}
    for name, mapping in (raw.get("values") or {}).items():
        if name not in known or not isinstance(mapping, dict):
            raise FeedProfileError(f"{path.name}: [values.{name}] is not a field of {feed.name}")
        values[name] = {str(k).strip().casefold(): str(v) for k, v in mapping.items()}
    return FeedProfile(
        name=path.stem,
        feed=feed,
        title=str(raw.get("title", feed.name)),
        columns=columns,
        dayfirst=bool(raw.get("dayfirst", True)),
        decimal=decimal,
        null_values=tuple(str(v).strip().casefold() for v in raw.get("null_values", [])),
        values=values,
        ticket_source=str(raw.get("ticket_source", "")),
    )
