"""Summary tables (a few dozen rows of figures already in words, from gdmetrics.presentation) that
fit their frame at every width.

Why two drawings of one table: a data grid (st.dataframe) sizes its columns to their longest cell
and never wraps, so a table of eight columns runs past its frame at 1400 px and its last columns
are seen only after scrolling sideways inside it. A plain HTML table (st.table) wraps long headers
and names and fits, and a screen reader reads its cells. On a phone, though, eight columns of
wrapped text are unreadable (a number like "102,0" breaks over two lines), whereas the data grid
scrolls sideways inside its own frame, which a keyboard can reach. So the plain table is drawn in a
`gd_wide_` box and the data grid in a `gd_narrow_` box; the page-wide CSS (pages.ui.frame) shows
one of the two, so a reader, and a screen reader, meets the table once.
"""

from __future__ import annotations

import pandas as pd


def summary_table(
    where, frame: pd.DataFrame, *, key: str, alt: str | None = None, hide: tuple[str, ...] = ()
) -> None:
    """`frame` in `where` (st, a column or a container): a plain table on a screen, a data grid
    that scrolls sideways on a phone. `frame` holds text as shown (gdmetrics.presentation formats
    every figure), so the two drawings show the same cells; `alt` names it for a screen reader;
    the columns in `hide` are not shown (the grid keeps them in its data and its download)."""
    where.container(key=f"gd_wide_{key}").table(
        frame.drop(columns=list(hide)), hide_index=True, border="horizontal", alt=alt
    )
    where.container(key=f"gd_narrow_{key}").dataframe(
        frame, hide_index=True, column_config=dict.fromkeys(hide), alt=alt
    )
