"""SIA-escalaties: questions escalated to account management over time, per client and reason,
the open ones and their age, time to pick up, and what came of them."""

from __future__ import annotations

import streamlit as st

from gdmetrics import charts, drilldown, formatting, presentation, text
from gdmetrics.schema import ESCALATION_REASONS
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
opts = ui.options(ui.settings_db())
req, prev = filters.request(), filters.previous().request()
names = ui.names()
words = text.code_labels(lang(), "escalation_reason") | text.code_labels(lang(), "escalation_outcome")

st.title(t("SIA-escalaties"))
ui.page_caption(filters)
HEADLINES = ("escalation_count", "escalations_per_1000", "escalation_pickup_hours")
ui.missing_data(HEADLINES, core=("escalations",))
cols = st.columns(4)
for col, figure_id in zip(cols, HEADLINES, strict=False):
    ui.metric(col, figure_id, req, prev)
open_now = ui.cached(drilldown.count, "open_escalations", req)
cols[3].metric(
    t("Open aan het eind van de periode"),
    formatting.number(open_now, lang()),
    border=True,
)
ui.dropped_note(HEADLINES, req)

trend_req = presentation.trend_request(req, opts.first_day, months=24, by=("reason",))
ui.chart(
    st,
    charts.stacked_volume(
        ui.fig("escalation_count", trend_req).frame,
        "reason",
        t("Escalaties per maand, naar reden"),
        lang(),
        words,
    ),
    key="esc_trend",
)
left, right = st.columns(2)
by_client = ui.fig("escalation_count", filters.request(by=("client",)))
ui.chart(
    left,
    charts.bars(
        by_client.frame,
        "client",
        t("Welke klanten escaleren het meest"),
        lang(),
        unit="count",
        names=names["client"],
    ),
    key="esc_client",
)
outcomes = ui.fig("escalation_outcomes", filters.request())
ui.chart(
    right,
    charts.mix_bars(
        outcomes.frame,
        "outcome",
        t("Wat escalaties opleverden (gesloten in de periode)"),
        lang(),
        words,
    ),
    key="esc_outcome",
)
pickup = ui.fig("escalation_pickup_hours", presentation.trend_request(req, opts.first_day, months=24))
ui.chart(
    st,
    charts.trend_with_target(
        pickup.frame,
        t("Mediane oppaktijd in kantooruren: onder de stippellijn is binnen de mantelnorm"),
        lang(),
        unit="hours",
        target_label=t("mantelnorm"),
    ),
    key="esc_pickup",
)

st.subheader(t("Open escalaties, oudste eerst"))
if open_now:
    ui.drill_table("open_escalations", req, key="esc_open")

choices = {ui.figure_label(fid): (fid, req) for fid in (*HEADLINES, "escalation_outcomes")}
choices |= {
    f"{ui.figure_label('escalation_count')}: {words.get(r, r)}": (
        "escalation_count",
        req.with_(where=(*req.where, ("reason", (r,)))),
    )
    for r in ESCALATION_REASONS
}
ui.drilldown_picker(choices, key="esc_drill")
