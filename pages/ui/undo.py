"""Undo on the Gegevens page: the latest writes, and publishing again the version before one."""

from __future__ import annotations

import streamlit as st

from gdmetrics import store
from gdmetrics.access import Access
from gdmetrics.settings import get_settings
from pages.ui.text import t

KIND_LABELS = {"import": ("import", "import"), "rollback": ("ongedaan gemaakt", "undo"),
               "restore": ("back-up teruggezet", "backup restored"), "catalogue": ("catalogus", "catalogue"),
               "roles": ("rollen", "roles"), "mapping": ("koppeling", "mapping"), "demo": ("demo", "demo"),
               "prepare": ("bijgewerkt", "upgrade"), "reference": ("referentiegegevens", "reference data")}  # fmt: skip


def _label(version: store.Version) -> str:
    kind = t(*KIND_LABELS.get(version.kind, (version.kind, version.kind)))
    when = version.published_at.replace("T", " ")[:16]
    return f"v{version.number} · {when} · {kind} · {version.actor or '?'} · {version.reason}"


def undo_panel(user: Access) -> None:
    """Beheer picks one of the latest writes and undoes it (and every write after it); audited."""
    db = get_settings().db
    choices = store.undoable(db)
    st.header(t("Ongedaan maken", "Undo"))
    if not choices:
        st.caption(t("Er is nog niets om ongedaan te maken.", "There is nothing to undo yet."))
        return
    st.caption(t(f"De laatste {len(choices)} wijzigingen kunnen ongedaan worden gemaakt. Een wijziging ongedaan "
                 "maken zet de gegevens terug zoals ze ervoor waren, dus ook alle latere wijzigingen verdwijnen; "
                 "het auditlog en de rollen blijven. Het ongedaan maken is zelf ook weer ongedaan te maken.",
                 f"The latest {len(choices)} changes can be undone. Undoing one puts the data back as it was "
                 "before it, so every later change goes too; the audit log and the roles stay. The undo can "
                 "itself be undone."))  # fmt: skip
    with st.form("geg_undo"):
        chosen = st.selectbox(t("Wijziging", "Change"), choices, format_func=_label)
        sure = st.checkbox(
            t("Ik begrijp dat ook de latere wijzigingen verdwijnen", "I understand later changes go too")
        )
        if st.form_submit_button(t("Ongedaan maken", "Undo"), icon=":material/undo:") and chosen:
            if not sure:
                st.warning(t("Vink eerst aan dat u het begrijpt.", "Tick the box first."))
                return
            try:
                version = store.rollback(db, chosen.number, actor=user.email)
            except ValueError as exc:
                st.error(t("Niet ongedaan gemaakt: ", "Not undone: ") + str(exc))
                return
            count = version.number
            st.session_state["geg_result"] = t(f"v{chosen.number} en later ongedaan gemaakt (nu versie {count}).",
                                               f"v{chosen.number} and later undone (now version {count}).")  # fmt: skip
            st.rerun()
