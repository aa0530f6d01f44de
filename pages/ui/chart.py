"""Every chart with its text alternative: the title as text above it (it wraps on a phone and no
toolbar covers it), the chart with an accessible name, one sentence stating what it shows, and an
"Als tabel" view with the same numbers (gdmetrics.chart_text reads both from the figure)."""

from __future__ import annotations

import plotly.graph_objects as go

from gdmetrics import chart_text
from pages.ui.text import lang, t

# Plotly's own toolbar (zoom, pan, download) sits over the chart's top right; the tables and the
# downloads below every chart do its work, so it is switched off.
CONFIG = {"displayModeBar": False, "displaylogo": False}


def chart(where, fig: go.Figure, *, key: str, first_column: str = "") -> None:
    """`fig` (from gdmetrics.charts) in `where` (st, a column or a container), with its title,
    finding and table; `first_column` names the table's first column (default Naam / Maand)."""
    title, said = chart_text.title_of(fig), chart_text.finding(fig, lang())
    shown = go.Figure(fig).update_layout(title=None, margin={"t": 10})
    where.markdown(f"**{title}**")
    phone = chart_text.heatmap_rows(fig, lang())
    box = where.container(key=f"gd_wide_{key}") if phone else where
    box.plotly_chart(shown, width="stretch", key=key, alt=f"{title}. {said}", config=CONFIG)
    if phone:  # on a phone a grid of months is unreadable: one line per row instead
        where.container(key=f"gd_narrow_{key}").markdown("\n".join(f"- {line}" for line in phone))
    if said:
        where.caption(said)
    # a plain HTML table: a screen reader reads its cells (the data grid is drawn on a canvas)
    where.expander(t("Als tabel")).table(
        chart_text.as_table(fig, lang(), first_column), hide_index=True, alt=title
    )
