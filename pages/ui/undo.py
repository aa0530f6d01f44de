"""Undo on the Gegevens page: the latest writes, and publishing again the version before one."""

from __future__ import annotations

import streamlit as st

from gdmetrics import store
from gdmetrics.access import Access
from gdmetrics.settings import get_settings
from gdmetrics.text import N_
from pages.ui.text import t

KIND_LABELS = {
    "import": N_("import"),
    "rollback": N_("ongedaan gemaakt"),
    "restore": N_("back-up teruggezet"),
    "catalogue": N_("catalogus"),
    "roles": N_("rollen"),
    "mapping": N_("koppeling"),
    "demo": N_("demo"),
    "prepare": N_("bijgewerkt"),
    "reference": N_("referentiegegevens"),
}


def _label(version: store.Version) -> str:
    kind = t(KIND_LABELS[version.kind]) if version.kind in KIND_LABELS else version.kind
    when = version.published_at.replace("T", " ")[:16]
    return f"v{version.number} · {when} · {kind} · {version.actor or '?'} · {version.reason}"


def undo_panel(user: Access) -> None:
    """Beheer picks one of the latest writes and undoes it (and every write after it); audited."""
    db = get_settings().db
    choices = store.undoable(db)
    st.header(t("Ongedaan maken"))
    if not choices:
        st.caption(t("Er is nog niets om ongedaan te maken."))
        return
    st.caption(
        t(
            "De laatste {n} wijzigingen kunnen ongedaan worden gemaakt. Een wijziging ongedaan maken zet de "
            "gegevens terug zoals ze ervoor waren, dus ook alle latere wijzigingen verdwijnen; het auditlog "
            "en de rollen blijven. Het ongedaan maken is zelf ook weer ongedaan te maken.",
            n=len(choices),
        )
    )
    with st.form("geg_undo"):
        labels = {v.number: _label(v) for v in choices}  # made now, in the user's language
        chosen = st.selectbox(t("Wijziging"), choices, format_func=lambda v: labels[v.number])
        sure = st.checkbox(t("Ik begrijp dat ook de latere wijzigingen verdwijnen"))
        if st.form_submit_button(t("Ongedaan maken"), icon=":material/undo:") and chosen:
            if not sure:
                st.warning(t("Vink eerst aan dat u het begrijpt."))
                return
            try:
                version = store.rollback(db, chosen.number, actor=user.email)
            except ValueError as exc:
                st.error(t("Niet ongedaan gemaakt: ") + str(exc))
                return
            st.session_state["geg_result"] = t(
                "v{undone} en later ongedaan gemaakt (nu versie {now}).",
                undone=chosen.number,
                now=version.number,
            )
            st.rerun()
