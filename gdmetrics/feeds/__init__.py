"""The recurring feeds (costs, complaints, SIA escalations, charges, quotes): CSV or .xlsx, one
profile per feed, all or nothing (or quarantine), idempotent, upserted by key, audited.

`python -m gdmetrics import-feed --feed costs FILE` (`publish_feed`) and `export-feed` (`export_feed`:
the rows as the profile's CSV, so correcting is download, edit, import).
"""

from gdmetrics.feeds.command import register
from gdmetrics.feeds.load import FeedRejected, FeedResult, import_feed, publish_feed
from gdmetrics.feeds.profile import FeedProfile, FeedProfileError, load_feed_profile
from gdmetrics.feeds.spec import FEEDS, Feed, Field

__all__ = [
    "FEEDS",
    "Feed",
    "FeedProfile",
    "FeedProfileError",
    "FeedRejected",
    "FeedResult",
    "Field",
    "import_feed",
    "load_feed_profile",
    "publish_feed",
    "register",
]
