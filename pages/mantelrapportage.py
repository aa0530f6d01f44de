"""Mantelrapportage: for the PSG, every DVA and mantel standard achieved against agreed over a
quarter or a year, the trend over earlier periods, and where a standard was missed, which
directorates and products drove it."""

from __future__ import annotations

import streamlit as st

from gdmetrics import presentation, scorecard
from gdmetrics.figures import get_figure
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
opts = ui.options(ui.settings_db())
names = ui.names()
st.title(t("Mantelrapportage", "Framework agreement report"))
st.caption(ui.period_caption(filters))
if filters.client_scope is not None:  # an account manager: every figure and the report are scoped
    st.caption(
        t(
            f"Alleen uw {len(filters.client_scope)} klanten: de normen en DVA's gemeten op hun meldingen.",
            f"Your {len(filters.client_scope)} clients only: standards and DVAs measured on their tickets.",
        )
    )
if filters.kind == "month":
    st.info(
        t(
            "De mantel wordt per kwartaal of jaar besproken: kies links 'Kwartaal' of 'Jaar' als periode.",
            "The agreement is reviewed per quarter or year: choose 'Quarter' or 'Year' as the period on the left.",
        )
    )
if filters.directorate or filters.client or filters.dg or filters.product or filters.channel:
    st.caption(
        t(
            "De mantelrapportage geldt voor de hele GD; de filters directie, klant, product en kanaal tellen hier niet.",
            "The framework report covers the whole GD; the directorate, client, product and channel filters do not apply.",
        )
    )
ui.report_buttons("mantel_report", None, filters.period)

req = filters.request().with_(where=())
performance = ui.fig("mantel_performance", req)
frame = performance.frame
standards, dvas = frame[frame["subject_kind"] == "mantel_standard"], frame[frame["subject_kind"] == "dva"]
cols = st.columns(3)
cols[0].metric(
    t("Mantelnormen gehaald", "Standards met"),
    f"{int(standards['met'].eq(True).sum())} / {len(standards)}",
    border=True,
)
cols[1].metric(
    t("DVA's gehaald", "DVAs met"), f"{int(dvas['met'].eq(True).sum())} / {len(dvas)}", border=True
)
cols[2].metric(
    t("Meldingen beoordeeld", "Tickets judged"),
    presentation.formatting.number(ui.fig("resolution_within_norm", req).frame["denominator"].sum(), lang()),
    border=True,
)
st.dataframe(presentation.mantel_table(frame, lang()), hide_index=True)

grain = "year" if filters.kind == "year" else "quarter"
st.subheader(t("Verloop over eerdere perioden", "Trend over earlier periods"))
history = ui.cached(scorecard.history, req, opts.first_day, grain)
st.dataframe(scorecard.history_table(history, grain, lang()), hide_index=True)

st.subheader(t("Waar niet gehaald: wat dreef het tekort", "Where not met: what drove the miss"))
missed = frame[frame["met"].eq(False)]
if missed.empty:
    st.success(
        t(
            "✔ Alle normen en DVA's zijn gehaald in deze periode.",
            "✔ Every standard and DVA was met in this period.",
        )
    )
for row in missed.itertuples():
    subject = row.name if lang() == "nl" else row.name_en
    where = (("dva", (row.subject,)),) if row.subject_kind == "dva" else ()
    dims = ("product",) if row.subject_kind == "dva" else ("directorate", "product", "client")
    drivers = ui.cached(scorecard.drivers, row.figure_id, req.with_(where=where), row.target, dims)
    st.markdown(
        f"**✖ {subject}** — {presentation.formatting.value(row.value, get_figure(row.figure_id).unit, lang())} "
        f"({t('afgesproken', 'agreed')} {presentation.formatting.value(row.target, get_figure(row.figure_id).unit, lang())})"
    )
    st.dataframe(
        presentation.drivers_table(drivers, get_figure(row.figure_id).unit, lang(), names), hide_index=True
    )

choices = {
    f"{r.name if lang() == 'nl' else r.name_en}": (
        r.figure_id,
        req.with_(where=(("dva", (r.subject,)),) if r.subject_kind == "dva" else ()),
    )
    for r in frame.itertuples()
}
ui.drilldown_picker(choices, key="man_drill")
