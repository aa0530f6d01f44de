"""What the frame puts around every page for people using a screen reader, keyboard or phone: the
document's language, the navigation as plain links, and the page-wide CSS (focus, layout).

Why not Streamlit's own sidebar navigation: with sections it puts each section's `<div>` and
`<header>` straight inside its `<ul>`, which axe-core reports as `list` / `listitem` violations
(WCAG 1.3.1) on every page. `st.navigation(position="hidden")` with `st.page_link`s is
Streamlit's documented way to draw one's own; the links are real `<a href>`s, reached with Tab.

Why a script for the language: Streamlit's index.html says `lang="en"` whatever the page shows,
so a screen reader reads Dutch with an English voice (WCAG 3.1.1). `st.html` with
`unsafe_allow_javascript` runs the one constant line below in the page itself; the only value
put into it is "nl" or "en".
"""

from __future__ import annotations

import streamlit as st

from gdmetrics.filters import FILTER_KEYS, DashboardFilters
from pages.ui.cache import options
from pages.ui.sidebar import ALL, FILTER_LABELS
from pages.ui.text import t

LANGUAGES = ("nl", "en")

# Focus always visible (WCAG 2.4.7), also where Streamlit's theme draws none; a card's label
# and value wrap instead of ending in an ellipsis (Gegevens' period of tickets); captions grey
# by colour, not by Streamlit's 60% opacity, so a link in one keeps 4.5:1 contrast (an account
# manager's e-mail on Klantdossier); a heatmap becomes a list and a plain table wraps its cells
# on a phone instead of scrolling sideways (a scrolling region must be focusable, axe says;
# pages.ui.chart).
CSS = """
<style>
a:focus-visible, button:focus-visible, [role="button"]:focus-visible, [tabindex]:focus-visible,
input:focus-visible, [role="tab"]:focus-visible, summary:focus-visible {
  outline: 3px solid #1f4e99 !important; outline-offset: 2px !important;
}
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricLabel"] { height: auto !important; min-height: 1.5rem; }
[data-testid="stMetricValue"] div, [data-testid="stMetricValue"] p { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #555555 !important; }
[data-testid="stCaptionContainer"] a { color: #174a9c !important; }
[class*="st-key-gd_narrow_"] { display: none; }
@media (max-width: 640px) {
  [class*="st-key-gd_wide_"] { display: none; }
  [data-testid="stTable"] table { table-layout: fixed; width: 100%; }
  [data-testid="stTable"] th, [data-testid="stTable"] td {
    overflow-wrap: anywhere; font-size: 0.8rem; padding: 0.25rem;
  }
  [class*="st-key-gd_narrow_"] { display: block; }
}
@media (max-width: 640px) { .main .block-container, [data-testid="stMainBlockContainer"] { padding-left: 0.75rem; padding-right: 0.75rem; } }
</style>
"""


def document_language(lang: str) -> None:
    """Set `<html lang>` to the language the page is shown in."""
    code = lang if lang in LANGUAGES else "nl"
    st.html(
        f"<script>document.documentElement.lang = '{code}';</script>"
        '<span data-testid="gd-lang" hidden></span>' + CSS,
        unsafe_allow_javascript=True,
    )


def navigation_slot():
    """The sidebar's top, kept for the links (the frame knows the pages only after sign-in)."""
    return st.sidebar.container(key="gd_nav")


def navigation_links(box, sections: dict[str, list], query: dict[str, str]) -> None:
    """The pages as links under their section's heading in `box` (navigation_slot); `sections`
    is what `st.navigation` got (section title -> st.Page's). Each link carries the filters
    (`query`), so a link opened in a new tab, or a session's first click that reloads, keeps them."""
    for title, pages in sections.items():
        box.markdown(f"**{title}**")
        for page in pages:
            if page.visibility == "visible":  # not the home page's alias (app.py)
                box.page_link(page, query_params=query)


# The pages where a client chosen in the dossier is the subject; elsewhere (the director's
# pages) it applies only when the user asks (issue 15: no silent filter carry-over).
CLIENT_PAGES = ("klantdossier", "mantelrapportage")


def _clear_filters() -> None:
    for key in FILTER_KEYS:
        st.session_state[f"flt_{key}"] = ALL
    st.session_state["flt_from_dossier"] = False


def _apply_dossier_client() -> None:
    st.session_state["flt_from_dossier"] = False


def page_filters(filters: DashboardFilters, page: str) -> DashboardFilters:
    """The filters `page` uses, said in one line at its top with a way to clear them: a client
    chosen in the Klantdossier stays there (and on Mantelrapportage) until the user applies it
    here too; any other active filter is named with a button that clears every filter."""
    opts = options()
    held = st.session_state.get("flt_from_dossier") and page not in CLIENT_PAGES
    if held and (filters.dg or filters.client):
        filters = filters.model_copy(update={"dg": None, "client": None})
    names = {
        "directorate": opts.directorates,
        "dg": opts.dgs,
        "client": opts.clients,
        "product": opts.products,
        "channel": {},
    }
    active = [
        f"{t(FILTER_LABELS[k])}: {names[k].get(getattr(filters, k), getattr(filters, k))}"
        for k in FILTER_KEYS
        if getattr(filters, k)
    ]
    held_client = st.session_state.get("flt_client") or st.session_state.get("flt_dg") if held else None
    if not active and not held_client:
        return filters
    line, button = st.columns([5, 1], vertical_alignment="center")
    if active:
        line.markdown(":material/filter_alt: " + t("Filter actief: {filters}", filters=" · ".join(active)))
        button.button(t("Filters wissen"), on_click=_clear_filters, key="gd_clear_filters")
    else:
        name = opts.clients.get(held_client, held_client)
        line.markdown(
            ":material/filter_alt_off: "
            + t("De klant uit het Klantdossier ({name}) geldt niet op deze pagina.", name=name)
        )
        button.button(t("Ook hier toepassen"), on_click=_apply_dossier_client, key="gd_apply_client")
    return filters
