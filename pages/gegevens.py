"""Gegevens: what the database holds, the reference-data workbook, and importing ticket exports."""

from __future__ import annotations

import streamlit as st

from gdmetrics import formatting, text
from gdmetrics.importing import (
    FileRejected,
    Notice,
    ProfileError,
    database_summary,
    default_max_bytes,
    loadable_profiles,
    problems_frame,
    table_counts_frame,
)
from gdmetrics.importing.publish import import_published
from gdmetrics.settings import get_settings
from pages.ui import db, import_preview, lang, require_area, t, undo_panel
from pages.ui.completeness import completeness_section
from pages.ui.feeds import feeds_section
from pages.ui.import_history import import_history_section
from pages.ui.reference import reference_section

user = require_area("data")  # imports are for functioneel beheer only
con = db()
st.title(t("Gegevens"))


def _day(moment) -> str:
    return "–" if moment is None else formatting.day_label(moment.date(), lang())


def _show_problems(problems: list) -> None:
    frame = problems_frame(problems, lang())
    st.dataframe(
        frame, hide_index=True, width="stretch", column_config=text.column_labels(lang(), frame.columns)
    )


# --- what the database holds ---
summary = database_summary(con)
first, last = summary["periods"]["ticket"]
col1, col2, col3, col4 = st.columns(4)
col1.metric(t("Meldingen"), formatting.number(summary["counts"]["ticket"], lang()))
col2.metric(t("Contacten"), formatting.number(summary["counts"]["interaction"], lang()))
col3.metric(t("Periode meldingen"), f"{_day(first)} – {_day(last)}")
last_import = summary["last_import"]
col4.metric(
    t("Laatste import"),
    _day(last_import["imported_at"]) if last_import else "–",
    help=last_import["file_name"] if last_import else None,
)
with st.popover(t("Rijen per tabel")):
    counts = table_counts_frame(con)
    counts["table"] = [text.code(lang(), "table", name) for name in counts["table"]]
    st.dataframe(counts, hide_index=True, column_config=text.column_labels(lang(), counts.columns))

completeness_section()  # per kind of data: loaded, as of, and what is missing

# --- import: upload, preview as mapped, confirm ---
st.header(t("Exportbestand importeren"))
max_bytes = default_max_bytes()
profiles, broken = loadable_profiles(lang=lang())
for name, problem in broken.items():  # a broken file takes only itself out of the choice
    st.warning(
        t("Profiel {name} is niet bruikbaar en wordt niet aangeboden: {problem}", name=name, problem=problem)
    )
profile = st.selectbox(
    t("Profiel (bronsysteem)"),
    list(profiles),
    key="geg_profile",
    format_func={n: f"{n} – {t(p.title)}" for n, p in profiles.items()}.__getitem__,
)
upload = st.file_uploader(
    t("CSV of .xlsx, hoogstens {mb} MB", mb=max_bytes // 2**20),
    type=["csv", "txt", "tsv", "xlsx"],
    key="geg_upload",
)
quarantine = st.checkbox(
    t("Foute regels apart zetten (quarantaine) en de goede regels laden"),
    key="geg_quarantine",
    help=t("Standaard: alles of niets per bestand."),
)
if st.session_state.get("geg_result"):
    st.success(st.session_state.pop("geg_result"))
found = None
if upload is not None:
    data = upload.getvalue()
    if len(data) > max_bytes:
        st.error(t("Het bestand is groter dan {mb} MB (instelling GD_MAX_UPLOAD_MB).", mb=max_bytes // 2**20))
    else:
        try:
            found = import_preview(data, upload.name, profile)
        except (ProfileError, FileRejected) as exc:
            st.error(t("Dit bestand kan niet worden geïmporteerd: ") + text.in_lang(exc, lang()))
    if found is not None:
        kind = t("meldingen") if found.kind == "ticket" else t("contacten")
        first = t("de eerste ") if found.truncated else ""
        st.caption(
            t(
                "{first}{rows_read} regels ({kind}); codering {encoding}; eerste regels zoals ze geladen worden:",
                first=first,
                rows_read=found.rows_read,
                kind=kind,
                encoding=found.encoding,
            )
        )
        st.dataframe(found.rows, hide_index=True)
        for warning in found.warnings:
            st.info(warning.in_lang(lang()) if isinstance(warning, Notice) else warning)
        if found.problems:
            st.warning(
                t("{n} regels afgekeurd (regel, veld, reden):", n=len({p.line for p in found.problems}))
            )
            _show_problems(found.problems)
        if found.unmapped:
            st.info(t("{n} onbekende waarden worden geregistreerd om te koppelen.", n=len(found.unmapped)))
        if st.button(t("Import bevestigen"), type="primary", key="geg_confirm"):
            bar = st.progress(0.0)
            try:
                result, _ = import_published(
                    get_settings().db,
                    data,
                    upload.name,
                    profile,
                    actor=user.email,
                    quarantine=quarantine,
                    max_bytes=max_bytes,
                    progress=lambda f, m: bar.progress(min(f, 1.0), text=m.in_lang(lang())),
                )
            except FileRejected as exc:  # nothing published; the access log has the line
                st.error(t("Niets geladen: ") + text.in_lang(exc, lang()))
                _show_problems(exc.problems)
            else:  # published: the next run reads the new version (caches are keyed on it)
                st.session_state["geg_result"] = result.summary(lang())
                st.rerun()  # so the counts above show the new rows

reference_section(con, user)  # the reference-data workbook: template, current data, upload
feeds_section(user)  # costs, complaints, escalations, charges, quotes: one file each
undo_panel(user)  # roll back the last import (or one of the last few)

import_history_section(con)  # the import log, rows in quarantine, values waiting for a mapping
