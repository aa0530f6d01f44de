"""Headline cards and the small captions beside figures: label, value, change, target."""

from __future__ import annotations

import streamlit as st

from gdmetrics import completeness, presentation, text
from gdmetrics.figures import FigureRequest, get_figure
from gdmetrics.filters import applicable
from pages.ui.cache import cached, fig
from pages.ui.sidebar import FILTER_LABELS
from pages.ui.text import lang, t


def metric(col, figure_id: str, req: FigureRequest, previous: FigureRequest | None = None) -> None:
    """A headline card: value, change against the previous period, target with its status."""
    current = fig(figure_id, req)
    before = fig(figure_id, previous) if previous is not None else None
    card = presentation.headline(current, before, lang(), cached(completeness.period_notes, req))
    col.metric(
        card.label,
        card.value,
        delta=card.delta,
        delta_color="off" if card.unchanged else presentation.delta_colour(figure_id),
        delta_arrow="off" if card.unchanged else "auto",
        help=card.help,
        border=True,
    )
    if card.target:
        col.caption(card.target)
    if card.incomplete:  # the details are in the card's help
        mark = t("onvolledige gegevens (zie ?)")
        col.caption(f":orange[⚠ {mark}]")
    elif card.note:
        col.caption(f":orange[{card.note}]")


def dropped_note(figure_ids: tuple[str, ...], req: FigureRequest) -> None:
    """One caption naming the filters some figures on this page cannot take."""
    dropped = {d for fid in figure_ids for d in applicable(req, get_figure(fid))[1]}
    if dropped:
        words = ", ".join(t(FILTER_LABELS[d]).lower() for d in sorted(dropped) if d in FILTER_LABELS)
        st.caption(
            t("Niet elk cijfer kan worden gefilterd op {words}; die cijfers tonen het geheel.", words=words)
        )


def names() -> dict[str, dict[str, str]]:
    """Display names of every code a table may show, by dimension, in the user's language."""
    return cached(text.reference_names, lang())


def figure_label(figure_id: str) -> str:
    return get_figure(figure_id).label(lang())
