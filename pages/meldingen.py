"""Meldingen: ticket volume per month and per directorate, for the chosen filters."""

from __future__ import annotations

import streamlit as st

from gdmetrics import charts, formatting
from pages.ui import chart, figure, frame_filters, lang, missing_data, names, options, period_caption, t

filters = frame_filters()  # as every page: on a fresh server the first run goes through the frame
opts = options()
labels = names()
st.title(t("Meldingen"))
st.caption(period_caption(filters))
missing_data(("ticket_volume",), core=("tickets",))

total = figure("ticket_volume", filters.request())
previous = figure("ticket_volume", filters.previous().request())
per_directorate = figure("ticket_volume", filters.request(by=("directorate",)))
col1, col2, col3 = st.columns(3)
delta = None if previous.value in (None, 0) else (total.value or 0) / previous.value - 1
col1.metric(
    t("Meldingen in de periode"),
    formatting.number(total.value, lang()),
    delta=None if delta is None else formatting.percent(delta, lang()) + t(" t.o.v. vorige periode"),
    delta_color="off",
)
busiest = per_directorate.frame.sort_values("value", ascending=False).head(1)
if len(busiest):
    code = busiest["directorate"].iloc[0]
    col2.metric(
        t("Drukste directie"),
        labels["directorate"].get(code, code) if isinstance(code, str) else t("zonder directie GD"),
        formatting.number(busiest["value"].iloc[0], lang()),
        delta_color="off",
    )
col3.metric(t("Directies met meldingen"), str(len(per_directorate.frame)))

trend_req = filters.request(by=("month", "directorate")).with_(
    date_from=opts.first_day.replace(day=1), date_to=filters.date_to
)
trend = figure("ticket_volume", trend_req)
chart(
    st,
    charts.stacked_volume(
        trend.frame,
        "directorate",
        t("Meldingen per maand, per directie GD"),
        lang(),
        labels["directorate"],
    ),
    key="ml_trend",
)
table = per_directorate.frame.assign(
    directie=lambda f: [
        labels["directorate"].get(c, c) if isinstance(c, str) else t("zonder directie GD")
        for c in f["directorate"]
    ],
    aantal=lambda f: f["value"].map(lambda v: formatting.number(v, lang())),
)[["directie", "aantal"]]
table.columns = [t("Directie"), t("Meldingen")]
st.dataframe(table, hide_index=True, width="content")
