"""The Gegevens page's section on earlier imports: the import log, rows held in quarantine, and
values waiting for a mapping (which beheer can map here)."""

from __future__ import annotations

import streamlit as st

from gdmetrics import access, text
from gdmetrics.importing import import_log, quarantine_rows, set_mapping, unmapped_values
from gdmetrics.settings import get_settings
from pages.ui.connection import writing
from pages.ui.signin import current_user
from pages.ui.text import lang, t


def _table(frame) -> None:
    st.dataframe(
        frame, hide_index=True, width="stretch", column_config=text.column_labels(lang(), frame.columns)
    )


def import_history_section(con) -> None:
    st.header(t("Importlogboek"))
    log = import_log(con)
    log["outcome"] = [text.code(lang(), "import_outcome", v) for v in log["outcome"]]
    _table(log)
    st.subheader(t("Quarantaine"))
    held = quarantine_rows(con, lang())
    _table(held)
    if len(held):
        actor, log = current_user().email or "demo", get_settings().db
        headed = held.rename(columns=text.column_labels(lang(), held.columns))
        st.download_button(
            t("Quarantaine downloaden (CSV)"),
            lambda: access.data_bytes(headed, "csv", actor, "quarantaine", access_log=log),
            "quarantaine.csv",
            "text/csv",
            key="geg_download",
        )
    st.subheader(t("Niet-gekoppelde waarden"))
    unmapped = unmapped_values(con)
    _table(unmapped)
    if len(unmapped):
        with st.form("geg_mapping"):
            keys = list(unmapped[["profile", "field", "value"]].itertuples(index=False, name=None))
            chosen = st.selectbox(t("Waarde"), keys, format_func=" / ".join)
            code = st.text_input(t("Koppelen aan code"))
            if st.form_submit_button(t("Koppeling opslaan")):
                try:
                    # The page reads read-only: the mapping is a write through the one writer path.
                    with writing(f"mapping {' / '.join(chosen)} -> {code.strip() or '-'}", "mapping") as wcon:
                        set_mapping(wcon, *chosen, code.strip() or None, actor=current_user().email)
                    st.success(t("Opgeslagen; geldt bij de volgende import."))
                except ValueError as exc:
                    st.error(text.in_lang(exc, lang()))
