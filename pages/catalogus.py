"""Catalogus: the iPDC. Products, who delivers them, financing, tariffs and norms; patterns."""

from __future__ import annotations

import streamlit as st

from gdmetrics import catalogue, presentation
from pages import ui
from pages.ui import lang, t

filters = ui.frame_filters()
st.title(t("Catalogus (iPDC)"))
st.caption(
    t(
        "Producten en diensten van de GD met leverende directie, financiering, tarief en normen; en de "
        "patronen die producten van meer directies combineren."
    )
)
ui.missing_data(kinds=("products",), core=("products",))
products = ui.cached(catalogue.products, lang(), filters.directorate)
cols = st.columns(4)
cols[0].metric(t("Producten"), presentation.formatting.number(len(products), lang()), border=True)
for col, kind in zip(cols[1:], ("basis", "plus", "maatwerk"), strict=True):
    col.metric(
        presentation.financing_label(kind, lang()),
        str(int((products["financing"] == kind).sum())),
        border=True,
    )
if filters.directorate:
    st.caption(
        t("Alleen producten van directie {directorate} (filter links).", directorate=filters.directorate)
    )
ui.summary_table(st, presentation.product_table(products, lang()), key="cat_products")
st.subheader(t("Patronen"))
ui.summary_table(
    st, presentation.pattern_table(ui.cached(catalogue.patterns, lang()), lang()), key="cat_patterns"
)
