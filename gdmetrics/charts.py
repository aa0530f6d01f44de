"""Plotly chart builders: a data frame in, a figure out. Pages only render what these return."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from gdmetrics import formatting

# Okabe-Ito: distinguishable with every common form of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
RAG_COLOURS = {"green": "#009E73", "amber": "#E69F00", "red": "#D55E00"}
# Red/amber/green is never shown by colour alone: each has a symbol and a word too.
RAG_SYMBOLS = {"green": "✔", "amber": "▲", "red": "✖"}
RAG_WORDS = {"nl": {"green": "op doel", "amber": "net onder doel", "red": "onder doel"},
             "en": {"green": "on target", "amber": "just below target", "red": "below target"}}  # fmt: skip
SEPARATORS = {"nl": ",.", "en": ".,"}


def _layout(fig: go.Figure, title: str, lang: str, height: int = 380) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        separators=SEPARATORS[lang],
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "y": -0.15},
        plot_bgcolor="white",
        colorway=list(PALETTE),
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#e5e5e5")
    return fig


def stacked_volume(
    frame: pd.DataFrame, group: str, title: str, lang: str, group_names: dict | None = None
) -> go.Figure:
    """Monthly volume stacked by `group` (e.g. directorate): frame has period, group, value."""
    fig = go.Figure()
    names = group_names or {}
    for i, (key, part) in enumerate(frame.groupby(group, dropna=False, sort=True)):
        label = names.get(key, key if isinstance(key, str) else "onbekend" if lang == "nl" else "unknown")
        fig.add_bar(
            x=part["period"],
            y=part["value"],
            name=str(label),
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate="%{x|%b %Y}: %{y:,.0f}<extra>" + str(label) + "</extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat="%b %Y")
    return _layout(fig, title, lang)


def trend_with_target(
    frame: pd.DataFrame,
    title: str,
    lang: str,
    *,
    unit: str,
    series: str | None = None,
    target_label: str = "doel",
    series_names: dict | None = None,
) -> go.Figure:
    """A line per `series` (or one line) over `period`, with the target drawn as a dashed line."""
    fig = go.Figure()
    groups = frame.groupby(series, sort=True) if series else [(None, frame)]
    names = series_names or {}
    for i, (key, part) in enumerate(groups):
        fig.add_scatter(
            x=part["period"], y=part["value"], mode="lines+markers", name=str(names.get(key, key or title)),
            line={"color": PALETTE[i % len(PALETTE)], "width": 2},
        )  # fmt: skip
    if "target" in frame and frame["target"].notna().any():
        target = frame.groupby("period", as_index=False)["target"].mean()
        fig.add_scatter(
            x=target["period"], y=target["target"], mode="lines", name=target_label,
            line={"color": "#555555", "dash": "dash", "width": 2},
        )  # fmt: skip
    if unit == "share":
        fig.update_yaxes(tickformat=".0%")
    fig.update_xaxes(tickformat="%b %Y")
    return _layout(fig, title, lang)


def rag_label(status: str | None, lang: str) -> str:
    """'✔ op doel' - a symbol and a word, so the colour is never the only signal."""
    if status is None:
        return "–"
    return f"{RAG_SYMBOLS[status]} {RAG_WORDS[lang][status]}"


def format_axis_value(v: float, unit: str, lang: str) -> str:
    return formatting.value(v, unit, lang)
