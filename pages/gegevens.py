"""Gegevens: what the database holds, the reference-data workbook, and importing ticket exports."""

from __future__ import annotations

import streamlit as st

from gdmetrics import formatting
from gdmetrics.access import audit
from gdmetrics.export import to_csv_bytes
from gdmetrics.importing import (
    FileRejected,
    ProfileError,
    available_profiles,
    database_summary,
    default_max_bytes,
    import_bytes,
    import_log,
    load_profile,
    problems_frame,
    quarantine_rows,
    set_mapping,
    table_counts_frame,
    unmapped_values,
)
from pages.ui import db, import_preview, lang, require_area, t
from pages.ui.reference import reference_section

user = require_area("data")  # imports are for functioneel beheer only
con = db()
st.title(t("Gegevens", "Data"))


def _day(moment) -> str:
    return "–" if moment is None else formatting.day_label(moment.date(), lang())


def _show_problems(problems: list) -> None:
    st.dataframe(problems_frame(problems), hide_index=True, width="stretch",
                 column_config={"line": t("Regel", "Line"), "column": t("Kolom", "Column"),
                                "field": t("Veld", "Field"), "reason": t("Reden", "Reason")})  # fmt: skip


# --- what the database holds ---
summary = database_summary(con)
first, last = summary["periods"]["ticket"]
col1, col2, col3, col4 = st.columns(4)
col1.metric(t("Meldingen", "Tickets"), formatting.number(summary["counts"]["ticket"], lang()))
col2.metric(t("Contacten", "Interactions"), formatting.number(summary["counts"]["interaction"], lang()))
col3.metric(t("Periode meldingen", "Ticket period"), f"{_day(first)} – {_day(last)}")
last_import = summary["last_import"]
col4.metric(t("Laatste import", "Last import"), _day(last_import["imported_at"]) if last_import else "–",
            help=last_import["file_name"] if last_import else None)  # fmt: skip
with st.popover(t("Rijen per tabel", "Rows per table")):
    st.dataframe(table_counts_frame(con), hide_index=True)

# --- import: upload, preview as mapped, confirm ---
st.header(t("Exportbestand importeren", "Import an export file"))
max_bytes = default_max_bytes()
profiles = available_profiles()
profile = st.selectbox(t("Profiel (bronsysteem)", "Profile (source system)"), list(profiles), key="geg_profile",
                       format_func=lambda n: f"{n} – {load_profile(n).title}")  # fmt: skip
upload = st.file_uploader(
    t(f"CSV of .xlsx, hoogstens {max_bytes // 2**20} MB", f"CSV or .xlsx, at most {max_bytes // 2**20} MB"),
    type=["csv", "txt", "tsv", "xlsx"],
    key="geg_upload",
)
quarantine = st.checkbox(
    t(
        "Foute regels apart zetten (quarantaine) en de goede regels laden",
        "Set bad rows aside (quarantine) and load the good rows",
    ),  # fmt: skip
    key="geg_quarantine",
    help=t("Standaard: alles of niets per bestand.", "Default: all or nothing per file."),
)
if st.session_state.get("geg_result"):
    st.success(st.session_state.pop("geg_result"))
found = None
if upload is not None:
    data = upload.getvalue()
    if len(data) > max_bytes:
        st.error(t(f"Het bestand is groter dan {max_bytes // 2**20} MB (instelling GD_MAX_UPLOAD_MB).",
                   f"The file is larger than {max_bytes // 2**20} MB (setting GD_MAX_UPLOAD_MB)."))  # fmt: skip
    else:
        try:
            found = import_preview(data, upload.name, profile)
        except (ProfileError, FileRejected) as exc:
            st.error(
                t("Dit bestand kan niet worden geïmporteerd: ", "This file cannot be imported: ") + str(exc)
            )
    if found is not None:
        kind = t("meldingen", "tickets") if found.kind == "ticket" else t("contacten", "interactions")
        first = t("de eerste ", "the first ") if found.truncated else ""
        st.caption(t(f"{first}{found.rows_read} regels ({kind}); codering {found.encoding}; eerste regels zoals ze geladen worden:",
                     f"{first}{found.rows_read} rows ({kind}); encoding {found.encoding}; first rows as they will be loaded:"))  # fmt: skip
        st.dataframe(found.rows, hide_index=True)
        for warning in found.warnings:
            st.info(warning)
        if found.problems:
            st.warning(t(f"{len({p.line for p in found.problems})} regels afgekeurd (regel, veld, reden):",
                         f"{len({p.line for p in found.problems})} rows rejected (line, field, reason):"))  # fmt: skip
            _show_problems(found.problems)
        if found.unmapped:
            st.info(t(f"{len(found.unmapped)} onbekende waarden worden geregistreerd om te koppelen.",
                      f"{len(found.unmapped)} unknown values will be registered for mapping."))  # fmt: skip
        if st.button(t("Import bevestigen", "Confirm import"), type="primary", key="geg_confirm"):
            bar = st.progress(0.0)
            try:
                result = import_bytes(con, data, upload.name, profile, quarantine=quarantine, max_bytes=max_bytes,
                                      progress=lambda f, m: bar.progress(min(f, 1.0), text=m))  # fmt: skip
            except FileRejected as exc:
                audit(con, user.email, "import", f"{upload.name} ({profile}) rejected: {exc}")
                st.error(t("Niets geladen: ", "Nothing loaded: ") + str(exc))
                _show_problems(exc.problems)
            else:
                audit(con, user.email, "import", f"{upload.name} ({profile}): {result.summary()}")
                st.cache_data.clear()  # figures read the new tickets
                st.session_state["geg_result"] = result.summary()
                st.rerun()  # so the counts above show the new rows

reference_section(con, user)  # the reference-data workbook: template, current data, upload

# --- history: import log, quarantine, unmapped values ---
st.header(t("Importlogboek", "Import log"))
st.dataframe(import_log(con), hide_index=True, width="stretch")
st.subheader(t("Quarantaine", "Quarantine"))
held = quarantine_rows(con)
st.dataframe(held, hide_index=True, width="stretch")
if len(held):
    st.download_button(t("Quarantaine downloaden (CSV)", "Download quarantine (CSV)"), to_csv_bytes(held),
                       "quarantaine.csv", "text/csv", key="geg_download")  # fmt: skip
st.subheader(t("Niet-gekoppelde waarden", "Unmapped values"))
unmapped = unmapped_values(con)
st.dataframe(unmapped, hide_index=True, width="stretch")
if len(unmapped):
    with st.form("geg_mapping"):
        keys = list(unmapped[["profile", "field", "value"]].itertuples(index=False, name=None))
        chosen = st.selectbox(t("Waarde", "Value"), keys, format_func=" / ".join)
        code = st.text_input(t("Koppelen aan code", "Map to code"))
        if st.form_submit_button(t("Koppeling opslaan", "Save mapping")):
            try:
                set_mapping(con, *chosen, code.strip() or None)
                st.success(
                    t("Opgeslagen; geldt bij de volgende import.", "Saved; applies to the next import.")
                )
            except ValueError as exc:
                st.error(str(exc))
