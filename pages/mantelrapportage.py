"""Mantelrapportage: for the PSG, every DVA and mantel standard achieved against agreed over a
quarter or a year, the trend over earlier periods, and where a standard was missed, which
directorates and products drove it."""

from __future__ import annotations

import streamlit as st

from gdmetrics import formatting, presentation, rag, scorecard
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
opts = ui.options(ui.settings_db())
names = ui.names()
st.title(t("Mantelrapportage"))
st.caption(ui.period_caption(filters))
if filters.client_scope is not None:  # an account manager: every figure and the report are scoped
    st.caption(
        t("Alleen uw {n} klanten: de normen en DVA's gemeten op hun meldingen.", n=len(filters.client_scope))
    )
if filters.kind == "month":
    st.info(t("De mantel wordt per kwartaal of jaar besproken: kies links 'Kwartaal' of 'Jaar' als periode."))
if filters.directorate or filters.client or filters.dg or filters.product or filters.channel:
    st.caption(
        t(
            "De mantelrapportage geldt voor de hele GD; de filters directie, klant, product en kanaal tellen hier niet."
        )
    )
# the same reading as the mantel report
card = ui.cached(scorecard.read, filters.period, filters.client_scope, areas=filters.areas)
# what the standards rest on (a complaints standard without complaints loaded), the mantel, the DVA's
missing = ui.missing_data(
    tuple(card.rows["figure_id"]), kinds=("tickets", "mantel", "dvas"), core=("tickets",)
)
ui.report_buttons("mantel_report", None, filters.period)
(std_met, std_all), (dva_met, dva_all) = card.met("mantel_standard"), card.met("dva")
cols = st.columns(3)
cols[0].metric(
    t("Mantelnormen gehaald"),
    f"{std_met} / {std_all}" if "mantel" not in missing else t("niet geladen"),
    border=True,
)
cols[1].metric(
    t("DVA's gehaald"), f"{dva_met} / {dva_all}" if "dvas" not in missing else t("niet geladen"), border=True
)
cols[2].metric(t("Meldingen beoordeeld"), formatting.number(card.tickets_judged, lang()), border=True)
st.caption(t("Status: ") + rag.legend(lang()) + t("; gehaald is alleen ✔."))
st.subheader(t("Deze periode tegen de vorige"))
ui.summary_table(st, presentation.mantel_change_table(card, lang()), key="mr_change")
st.subheader(t("Verloop"))
# the code stays in the downloads; on screen the name says it, and the history fits at 1400 px
ui.summary_table(st, presentation.mantel_table(card, lang()), key="mr_history", hide=("Code",))

st.subheader(t("Waar niet gehaald: wat dreef het tekort"))
if card.all_met:
    st.success(t("✔ Alle normen en DVA's zijn gehaald in deze periode."))
elif card.missed.empty:
    st.info(
        t(
            "Niets om te beoordelen: in deze periode is geen mantelnorm of DVA gemeten. "
            "Laad de mantel en de DVA's met het referentiewerkboek op de pagina Gegevens."
        )
    )
for row in card.missed.itertuples():
    found = card.shortfalls[row.subject]
    st.markdown(f"**{rag.label(row.rag, lang())}** · {found.sentence(lang())}")
    st.dataframe(presentation.culprit_table(found, row.unit, lang()), hide_index=True)

req = filters.request().with_(where=())
choices = {
    (r.name if lang() == "nl" else r.name_en): (r.figure_id, req.with_(where=r.where))
    for r in card.rows.itertuples()
}
ui.drilldown_picker(choices, key="man_drill")
