"""Toegang: who has which role and which clients an account manager sees; the audit log."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from gdmetrics import access, text
from gdmetrics.schema import ROLES
from gdmetrics.settings import get_settings
from pages import ui
from pages.ui import db, lang, t, writing

user = ui.require_area("access")
con = db()
st.title(t("Toegang"))
st.caption(
    t(
        "Rollen: directeur en PSG zien alles; een accountmanager alleen de toegewezen klanten (een DG met "
        "al haar directies); functioneel beheer importeert en beheert catalogus, normen en rollen. Een "
        "accountmanager met hetzelfde e-mailadres als in de lijst accountmanagers ziet zonder rij hier al "
        "zijn of haar eigen klanten."
    )
)
overview = st.container()  # filled last, so it shows a change saved below

clients = ui.options(ui.settings_db()).clients
managers = access.accountmanagers(con)
left, right = st.columns(2)
with left.form("acc_assign", clear_on_submit=True):
    st.subheader(t("Rol toekennen of wijzigen"))
    email = st.text_input(t("E-mailadres"))
    name = st.text_input(t("Naam"))
    role = st.selectbox(t("Rol"), ROLES, format_func=text.code_labels(lang(), "role").__getitem__)
    manager = st.selectbox(
        t("Accountmanager (diens klanten)"),
        list(managers),
        index=None,
        format_func=managers.get,
        placeholder=t("geen"),
    )
    chosen = st.multiselect(
        t("Klanten (alleen voor een accountmanager)"),
        list(clients),
        format_func=lambda c: f"{clients[c]} ({c})",
    )
    if st.form_submit_button(t("Opslaan"), type="primary"):
        try:
            assignment = access.RoleAssignment(
                email=email, name=name or None, role=role, accountmanager_id=manager, clients=tuple(chosen)
            )
            with writing(f"role of {assignment.email}: {assignment.role}", "roles") as wcon:
                access.assign_role(wcon, user, assignment)
        except (ValidationError, ValueError, PermissionError) as exc:
            st.error(t("Niet opgeslagen: ") + str(exc))
        else:
            st.success(t("Rol van {email} opgeslagen.", email=assignment.email))
with right.form("acc_remove"):
    st.subheader(t("Rol intrekken"))
    emails = access.role_assignments(con)["email"].tolist()
    target = st.selectbox(t("Gebruiker"), emails, index=None, placeholder=t("kies"))
    if st.form_submit_button(t("Intrekken")) and target:
        try:
            with writing(f"role of {target} removed", "roles") as wcon:
                access.remove_role(wcon, user, target)
        except (ValueError, KeyError, PermissionError) as exc:
            st.error(t("Niet ingetrokken: ") + str(exc))
        else:
            st.success(t("Rol van {target} ingetrokken.", target=target))

assignments = access.role_assignments(db())  # db(): after a save, the new version
assignments["role"] = [text.code(lang(), "role", r) for r in assignments["role"]]
overview.dataframe(
    assignments,
    hide_index=True,
    width="stretch",
    column_config=text.column_labels(lang(), assignments.columns),
)

st.header(t("Auditlog"))
st.caption(
    t(
        "Wijzigingen staan in de database zelf; aanmeldingen, downloads en mislukte imports in het "
        "toegangslog ernaast."
    )
)
actions = st.multiselect(
    t("Soort"),
    access.TRAIL_ACTIONS,
    key="acc_actions",
    format_func={a: text.code(lang(), "audit_action", a) for a in access.TRAIL_ACTIONS}.__getitem__,
)
audit = access.audit_trail(db(), get_settings().db, actions=tuple(actions) or None)
audit["action"] = [text.code(lang(), "audit_action", a) for a in audit["action"]]
st.dataframe(
    audit,
    hide_index=True,
    width="stretch",
    column_config={
        "happened_at": st.column_config.DatetimeColumn(t("Tijdstip"), format="DD-MM-YYYY HH:mm:ss"),
        "actor": t("Wie"),
        "action": t("Actie"),
        "detail": t("Details"),
    },
)
