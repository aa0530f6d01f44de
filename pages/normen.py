"""Normen: functioneel beheer sets a product's norm per priority from a date, and its catalogue fields."""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from gdmetrics import access, catalogue, catalogue_edit, formatting, presentation
from gdmetrics.schema import FINANCING_TYPES
from pages import ui
from pages.ui import db, lang, t, writing

REFUSED = (ValidationError, ValueError, PermissionError)

user = ui.require_area(catalogue_edit.AREA)
con = db()
st.title(t("Normen en catalogus beheren"))
st.caption(
    t(
        "Een nieuwe norm geldt vanaf de gekozen datum: de vorige versie wordt daar afgesloten, meldingen van "
        "vóór die datum houden hun norm. Daarna worden alle oordelen opnieuw berekend. De eigen norm van een "
        "product heeft geen geldigheid en geldt alleen waar geen norm per prioriteit is; die wijzigt u hier "
        "niet, maar door een norm per prioriteit vanaf een datum te zetten. Elke wijziging staat in de auditlog."
    )
)
ui.missing_data(kinds=("products",), core=("products",))
products = catalogue.products(con, lang())
names = dict(zip(products["code"], products["name"], strict=True))
if not names:  # an empty database
    st.info(t("Nog geen producten: laad de catalogus met het referentiewerkboek op de pagina Gegevens."))
    st.stop()
code = st.selectbox(t("Product"), list(names), format_func=lambda c: f"{names[c]} ({c})", key="nrm_product")
versions = st.container()  # filled after the forms, so it shows a change saved below
own = catalogue_edit.product_fields(con, code)
norms = catalogue_edit.norm_versions(con, code)
own_norm = norms[norms["priority"].isna()].iloc[0]

left, right = st.columns(2)
with left.form(f"nrm_norm_{code}"):
    st.subheader(t("Nieuwe norm vanaf een datum"))
    priority = st.selectbox(t("Prioriteit"), (1, 2, 3, 4, 5), key=f"nrm_priority_{code}")
    response = st.number_input(
        t("Reactienorm (uren)"),
        min_value=0.0,
        step=0.5,
        value=float(own_norm["response_norm_hours"] or 0.0),
        key=f"nrm_response_{code}",
    )
    resolution = st.number_input(
        t("Oplosnorm (uren)"),
        min_value=0.0,
        step=0.5,
        value=float(own_norm["resolution_norm_hours"] or 0.0),
        key=f"nrm_resolution_{code}",
    )
    valid_from = st.date_input(
        t("Geldig vanaf"),
        value=dt.date.today(),
        format="DD-MM-YYYY",
        min_value=dt.date(2000, 1, 1),
        max_value=dt.date.today() + dt.timedelta(days=1830),
        key=f"nrm_from_{code}",
    )
    if st.form_submit_button(t("Norm opslaan"), type="primary"):
        try:
            with writing(f"norm {code} priority {priority} from {valid_from}", "catalogue") as wcon:
                result = catalogue_edit.change_product_norm(
                    wcon, user, code, priority, response, resolution, valid_from
                )
        except REFUSED as exc:
            st.error(t("Niet opgeslagen: ") + catalogue_edit.error_text(exc))
        else:
            day = formatting.day_label(valid_from, lang())
            st.success(
                t(
                    "Norm voor prioriteit {priority} opgeslagen, geldig vanaf {day}. {tickets_affected} meldingen vallen eronder, van {verdicts_changed} is het oordeel veranderd; {tickets_recomputed} oordelen zijn herberekend.",
                    priority=priority,
                    day=day,
                    tickets_affected=result.tickets_affected,
                    verdicts_changed=result.verdicts_changed,
                    tickets_recomputed=result.tickets_recomputed,
                )
            )

with right.form(f"nrm_product_{code}"):
    st.subheader(t("Productgegevens"))
    name = st.text_input(t("Naam"), value=own["name"])
    name_en = st.text_input(t("Naam (Engels)"), value=own["name_en"])
    financing = st.selectbox(
        t("Financiering"),
        FINANCING_TYPES,
        index=FINANCING_TYPES.index(own["financing"]),
        format_func={f: presentation.financing_label(f, lang()) for f in FINANCING_TYPES}.__getitem__,
    )
    tariff = st.number_input(t("Tarief (€)"), min_value=0.0, step=1.0, value=own["tariff"])
    unit = st.text_input(t("Tariefeenheid"), value=own["tariff_unit"] or "")
    if st.form_submit_button(t("Gegevens opslaan")):
        try:
            with writing(f"product {code}", "catalogue") as wcon:
                diff = catalogue_edit.change_product(
                    wcon,
                    user,
                    code,
                    name=name,
                    name_en=name_en,
                    financing=financing,
                    tariff=tariff,
                    tariff_unit=unit,
                )
        except REFUSED as exc:
            st.error(t("Niet opgeslagen: ") + catalogue_edit.error_text(exc))
        else:
            changed = ", ".join(f"{k}: {b} → {a}" for k, (b, a) in diff.items())
            st.success(t("Opgeslagen ({changed}).", changed=changed) if diff else t("Niets gewijzigd."))

hours = t("uren")
versions.subheader(t("Normen van dit product"))
versions.caption(
    t("Tot-datum exclusief; leeg = open. De rij zonder prioriteit is de eigen norm van het product.")
)
versions.dataframe(
    catalogue_edit.norm_versions(db(), code),
    hide_index=True,
    width="stretch",
    column_config={
        "priority": t("Prioriteit"),
        "valid_from": st.column_config.DateColumn(t("Geldig vanaf"), format="DD-MM-YYYY"),
        "valid_to": st.column_config.DateColumn(t("Geldig tot"), format="DD-MM-YYYY"),
        "response_norm_hours": t("Reactienorm ({hours})", hours=hours),
        "resolution_norm_hours": t("Oplosnorm ({hours})", hours=hours),
    },
)

st.subheader(t("Laatste wijzigingen in de catalogus"))
st.dataframe(
    access.audit_log_frame(db(), limit=50, actions=("catalogue_change",)),
    hide_index=True,
    width="stretch",
    column_config={
        "happened_at": st.column_config.DatetimeColumn(t("Tijdstip"), format="DD-MM-YYYY HH:mm:ss"),
        "actor": t("Wie"),
        "action": None,
        "detail": t("Details"),
    },
)
