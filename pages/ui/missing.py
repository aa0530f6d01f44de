"""What a page lacks: the data its figures rest on that was never loaded, said above the page
with a link to the Gegevens page (gdmetrics.completeness decides; this only shows it)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from gdmetrics import completeness
from gdmetrics.figures import get_figure
from pages.ui.cache import cached
from pages.ui.signin import current_user
from pages.ui.text import lang, t

GEGEVENS = "pages/gegevens.py"


def loaded() -> frozenset[str]:
    return cached(completeness.loaded_kinds)


def missing_data(
    figure_ids: Iterable[str] = (), kinds: Iterable[str] = (), *, core: Iterable[str] = ()
) -> tuple:
    """Say which data this page's figures (and `kinds`) rest on is not loaded, and where to load
    it; returns the missing kinds. When one of `core` is missing the page has nothing to show:
    it stops after the message."""
    wanted = [*kinds]
    for figure_id in figure_ids:
        wanted += [k for k in get_figure(figure_id).rests_on if k not in wanted]
    missing = completeness.not_loaded(dict.fromkeys(wanted), loaded())
    if not missing:
        return ()
    st.warning(
        f"{completeness.missing_sentence(missing, lang())} {completeness.load_hint(missing, lang())}",
        icon=":material/database:",
    )
    if current_user().may("data"):
        st.page_link(GEGEVENS, label=t("Naar Gegevens: gegevens laden"), icon=":material/upload:")
    else:
        st.caption(t("Functioneel beheer laadt deze gegevens op de pagina Gegevens."))
    if set(missing) & set(core):
        st.stop()
    return missing
