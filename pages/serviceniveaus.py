"""Serviceniveaus: resolution within norm against target per directorate, client, product and DVA;
a directorate x month heatmap; open tickets about to breach their norm."""

from __future__ import annotations

import streamlit as st

from gdmetrics import charts, drilldown, formatting, presentation, rag
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
opts = ui.options(ui.settings_db())
req, prev = filters.request(), filters.previous().request()
names = ui.names()

st.title(t("Serviceniveaus"))
ui.page_caption(filters)
HEADLINES = ("resolution_within_norm", "response_within_norm", "median_resolution_hours", "backlog")
ui.missing_data(HEADLINES, core=("tickets",))
for col, figure_id in zip(st.columns(len(HEADLINES)), HEADLINES, strict=True):
    ui.metric(col, figure_id, req, prev)

DIMENSIONS = {"directorate": t("Directie GD"), "client": t("Klant"), "product": t("Product"), "dva": t("DVA")}
dim = (
    st.segmented_control(
        t("Serviceniveau per"),
        list(DIMENSIONS),
        default="directorate",
        format_func=DIMENSIONS.__getitem__,
        key="sl_dim",
    )
    or "directorate"
)
split = ui.fig("service_level_vs_target", filters.request(by=(dim,)))
ui.chart(
    st,
    charts.bars(
        split.frame,
        dim,
        t(
            "Laagste serviceniveau bovenaan, hooguit {WORST} ({legend})",
            WORST=charts.WORST,
            legend=rag.legend(lang()),
        ),
        lang(),
        unit="share",
        names=names.get(dim, {}),
        status=True,
        worst=charts.WORST,
    ),
    key="sl_bars",
)
st.dataframe(presentation.figure_table(split, dim, lang(), names.get(dim, {})), hide_index=True)

st.subheader(t("Per directie en maand: waar en wanneer ging het mis"))
trend_req = presentation.trend_request(req, opts.first_day, months=12, by=("directorate",))
heat = ui.fig("service_level_vs_target", trend_req)
ui.chart(
    st,
    charts.rag_heatmap(
        presentation.heatmap_frame(heat, "directorate", names["directorate"]),
        t("Oplossing binnen norm per maand ({legend})", legend=rag.legend(lang())),
        lang(),
    ),
    key="sl_heat",
)

st.subheader(t("Open meldingen die hun norm dreigen te overschrijden"))
at_risk = ui.cached(drilldown.count, "at_risk", req)
st.caption(
    t(
        "{n} open meldingen zonder oordeel verlopen binnen 96 uur na de stand van de gegevens; de eerste bovenaan.",
        n=formatting.number(at_risk, lang()),
    )
)
if at_risk:
    ui.drill_table("at_risk", req, key="sl_risk")

choices = {ui.figure_label(fid): (fid, req) for fid in HEADLINES}
choices |= {
    f"{ui.figure_label('service_level_vs_target')}: {names.get(dim, {}).get(k, k)}": (
        "service_level_vs_target",
        req.with_(where=(*req.where, (dim, (k,)))),
    )
    for k in split.frame[dim].dropna()
}
ui.drilldown_picker(choices, key="sl_drill")
