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

LANGUAGES = ("nl", "en")

# Focus always visible (WCAG 2.4.7), also where Streamlit's theme draws none; chart toolbars
# beside the chart instead of over its title; a phone never scrolls sideways for a chart.
CSS = """
<style>
a:focus-visible, button:focus-visible, [role="button"]:focus-visible, [tabindex]:focus-visible,
input:focus-visible, [role="tab"]:focus-visible, summary:focus-visible {
  outline: 3px solid #1f4e99 !important; outline-offset: 2px !important;
}
[data-testid="stElementToolbar"] { top: -2.2rem !important; }
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricLabel"] { height: auto !important; min-height: 1.5rem; }
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


def navigation_links(box, sections: dict[str, list]) -> None:
    """The pages as links under their section's heading in `box` (navigation_slot); `sections`
    is what `st.navigation` got (section title -> st.Page's)."""
    for title, pages in sections.items():
        box.markdown(f"**{title}**")
        for page in pages:
            box.page_link(page)
