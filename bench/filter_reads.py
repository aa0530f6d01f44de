"""How often the first run of a session reads the link and checks the shared filters.

Runs app.py through AppTest on a link (`?period=2006-Q4&directorate=ICT`) and counts the calls
that parse a period, that check filter values against the database's options, and the filter
models built. (Only the first run is counted: under AppTest later runs execute the page without
the frame, so they would show nothing. In the app, later runs read no link at all now: only
`_sync_from_url`, once per session, calls `filters_from_query`.) Pass another checkout's
directory to count its code. Usage: GD_DB=<demo.duckdb> python bench/filter_reads.py [project dir]
"""

from __future__ import annotations

import collections
import logging
import sys
import threading
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # not bench/, whose pages.py would shadow the pages package

from streamlit.testing.v1 import AppTest  # noqa: E402

WATCHED = {"parse_period", "filters_from_query", "_sync_from_url", "period_choices", "_period_choices"}
MODELS = {"DashboardFilters", "FilterQuery"}


def counting(runs: list[collections.Counter]):
    def profile(frame, event, arg):
        counts = runs[-1]
        if event != "call":
            return
        name = frame.f_code.co_name
        if name in WATCHED and str(ROOT) in frame.f_code.co_filename:
            counts[name] += 1
        elif name == "__init__" and type(frame.f_locals.get("self")).__name__ in MODELS:
            counts[type(frame.f_locals["self"]).__name__ + "()"] += 1

    return profile


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"period": "2006-Q4", "directorate": "ICT"})
    runs: list[collections.Counter] = []
    threading.setprofile(counting(runs))  # AppTest runs the script in a thread of its own
    runs.append(collections.Counter())
    at.run()
    threading.setprofile(None)
    assert not at.exception, [e.message for e in at.exception]
    print("first run: " + ", ".join(f"{k} x{v}" for k, v in sorted(runs[-1].items())))


if __name__ == "__main__":
    main()
