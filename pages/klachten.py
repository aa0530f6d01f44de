"""Klachten: complaints over time, per 1,000 tickets, by category and directorate, and whether
they were handled within the legal term (Awb 9:11)."""

from __future__ import annotations

import streamlit as st

from gdmetrics import charts, periods, presentation, text
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
opts = ui.options(ui.settings_db())
req, prev = filters.request(), filters.previous().request()
names = ui.names()

st.title(t("Klachten"))
ui.page_caption(filters)
HEADLINES = ("complaint_count", "complaints_per_1000", "complaints_within_legal_term")
ui.missing_data(HEADLINES, core=("complaints",))
for col, figure_id in zip(st.columns(len(HEADLINES)), HEADLINES, strict=True):
    ui.metric(col, figure_id, req, prev)
ui.dropped_note(HEADLINES, req)

trend_req = presentation.trend_request(req, opts.first_day, months=24)
left, right = st.columns(2)
ui.chart(
    left,
    charts.trend_with_target(
        ui.fig("complaints_per_1000", trend_req).frame,
        t("Klachten per 1.000 meldingen: boven de stippellijn is boven de mantelnorm"),
        lang(),
        unit="per_1000",
        target_label=t("mantelnorm"),
    ),
    key="kl_trend",
)
ui.chart(
    right,
    charts.trend_with_target(
        ui.fig("complaints_within_legal_term", trend_req).frame,
        t("Binnen de wettelijke termijn afgehandeld (6 weken, 10 bij verdaging)"),
        lang(),
        unit="share",
        target_label=t("mantelnorm"),
    ),
    key="kl_term",
)

left, right = st.columns(2)
by_category = ui.fig("complaint_count", filters.request(by=("category",)))
ui.chart(
    left,
    charts.bars(
        by_category.frame,
        "category",
        t("Waarover wordt geklaagd"),
        lang(),
        unit="count",
        names=text.code_labels(lang(), "complaint_category"),
    ),
    key="kl_cat",
)
categories = text.code_labels(lang(), "complaint_category")
grown = presentation.changes_by(
    by_category, ui.fig("complaint_count", filters.previous().request(by=("category",))), "category"
)
before_name, now_name = (
    periods.name(f.kind, f.date_from, f.date_to, lang()) for f in (filters.previous(), filters)
)
left.markdown(presentation.growth_sentence(grown, "category", "count", categories, before_name, lang()))
left.table(
    presentation.changes_table(grown, "category", "count", categories, before_name, now_name, lang()),
    hide_index=True,
)
by_directorate = ui.fig("complaints_per_1000", filters.request(by=("directorate",)))
ui.chart(
    right,
    charts.bars(
        by_directorate.frame,
        "directorate",
        t("Klachten per 1.000 meldingen per directie GD"),
        lang(),
        unit="per_1000",
        names=names["directorate"],
    ),
    key="kl_dir",
)
st.dataframe(
    presentation.figure_table(by_directorate, "directorate", lang(), names["directorate"]), hide_index=True
)

choices = {ui.figure_label(fid): (fid, req) for fid in HEADLINES}
choices |= {
    f"{ui.figure_label('complaint_count')}: {text.code(lang(), 'complaint_category', c)}": (
        "complaint_count",
        req.with_(where=(*req.where, ("category", (c,)))),
    )
    for c in by_category.frame["category"]
}
ui.drilldown_picker(choices, key="kl_drill")
