"""Toegang: who has which role and which clients an account manager sees; the audit log."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from gdmetrics import access
from gdmetrics.schema import AUDIT_ACTIONS, ROLES
from pages import ui
from pages.ui import db, t

user = ui.require_area("access")
con = db()
st.title(t("Toegang", "Access"))
st.caption(
    t(
        "Rollen: directeur en PSG zien alles; een accountmanager alleen de toegewezen klanten (een DG met "
        "al haar directies); functioneel beheer importeert en beheert catalogus, normen en rollen. Een "
        "accountmanager met hetzelfde e-mailadres als in de lijst accountmanagers ziet zonder rij hier al "
        "zijn of haar eigen klanten.",
        "Roles: director and PSG see everything; an account manager only the clients assigned (a DG with "
        "all its directorates); administrators import and manage catalogue, norms and roles. An account "
        "manager whose e-mail address is in the account manager list sees their own clients without a row "
        "here.",
    )
)
overview = st.container()  # filled last, so it shows a change saved below

clients = ui.options(ui.settings_db()).clients
managers = access.accountmanagers(con)
left, right = st.columns(2)
with left.form("acc_assign", clear_on_submit=True):
    st.subheader(t("Rol toekennen of wijzigen", "Assign or change a role"))
    email = st.text_input(t("E-mailadres", "E-mail address"))
    name = st.text_input(t("Naam", "Name"))
    role = st.selectbox(t("Rol", "Role"), ROLES, format_func=lambda r: t(*ui.ROLE_LABELS[r]))
    manager = st.selectbox(
        t("Accountmanager (diens klanten)", "Account manager (their clients)"),
        list(managers),
        index=None,
        format_func=managers.get,
        placeholder=t("geen", "none"),
    )
    chosen = st.multiselect(
        t("Klanten (alleen voor een accountmanager)", "Clients (account managers only)"),
        list(clients),
        format_func=lambda c: f"{clients[c]} ({c})",
    )
    if st.form_submit_button(t("Opslaan", "Save"), type="primary"):
        try:
            assignment = access.RoleAssignment(
                email=email, name=name or None, role=role, accountmanager_id=manager, clients=tuple(chosen)
            )
            access.assign_role(con, user, assignment)
        except (ValidationError, ValueError, PermissionError) as exc:
            st.error(t("Niet opgeslagen: ", "Not saved: ") + str(exc))
        else:
            st.success(t(f"Rol van {assignment.email} opgeslagen.", f"Role of {assignment.email} saved."))
with right.form("acc_remove"):
    st.subheader(t("Rol intrekken", "Remove a role"))
    emails = access.role_assignments(con)["email"].tolist()
    target = st.selectbox(t("Gebruiker", "User"), emails, index=None, placeholder=t("kies", "choose"))
    if st.form_submit_button(t("Intrekken", "Remove")) and target:
        try:
            access.remove_role(con, user, target)
        except (ValueError, KeyError, PermissionError) as exc:
            st.error(t("Niet ingetrokken: ", "Not removed: ") + str(exc))
        else:
            st.success(t(f"Rol van {target} ingetrokken.", f"Role of {target} removed."))

overview.dataframe(access.role_assignments(con), hide_index=True, width="stretch")

st.header(t("Auditlog", "Audit log"))
actions = st.multiselect(t("Soort", "Kind"), AUDIT_ACTIONS, key="acc_actions")
st.dataframe(
    access.audit_log_frame(con, actions=tuple(actions) or None),
    hide_index=True,
    width="stretch",
    column_config={
        "happened_at": st.column_config.DatetimeColumn(t("Tijdstip", "When"), format="DD-MM-YYYY HH:mm:ss"),
        "actor": t("Wie", "Who"),
        "action": t("Actie", "Action"),
        "detail": t("Details", "Details"),
    },
)
