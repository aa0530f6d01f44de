"""Plotly chart builders: a data frame in, a figure out. Pages only render what these return."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from gdmetrics import formatting, rag
from gdmetrics.text import tr

# Okabe-Ito: distinguishable with every common form of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
# Red/amber/green (colour, symbol, word) is defined once, in gdmetrics.rag.
RAG_COLOURS = rag.COLOURS
RAG_SYMBOLS = rag.SYMBOLS
SEPARATORS = {"nl": ",.", "en": ".,"}
WORST = 15  # bars shown when a list is long (clients, products)
MAX_GROUPS = 8  # series in a stacked chart before the rest is taken together
# Lines differ by marker shape as well as colour.
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "cross", "star", "hexagon")
HOVER = {"share": "%{y:.1%}", "euro": "€ %{y:,.0f}", "count": "%{y:,.0f}"}


def _hover(unit: str) -> str:
    return HOVER.get(unit, "%{y:,.1f}")


def _value_axis(fig: go.Figure, unit: str) -> None:
    if unit == "share":
        fig.update_yaxes(tickformat=".0%")
    elif unit == "euro":
        fig.update_yaxes(tickprefix="€ ", tickformat=",.0f")
    else:
        fig.update_yaxes(tickformat=",.0f" if unit == "count" else ",.1f")


def _layout(fig: go.Figure, title: str, lang: str, height: int = 380, unit: str = "count") -> go.Figure:
    fig.update_layout(
        meta={"unit": unit},  # for the chart's text alternative (gdmetrics.chart_text)
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


def month_axis(periods: pd.Series, lang: str) -> list[str]:
    """Babel's month names ('dec. 2006') for a period column: Plotly's own are English only."""
    return [formatting.month_label(pd.Timestamp(p).date(), lang) for p in periods]


def _category_axis(fig: go.Figure, labels: list[str]) -> None:
    """Months as ordered categories, at most about six tick labels (they fit a half-width chart
    without overlapping), horizontal."""
    step = max(1, -(-len(labels) // 6))
    fig.update_xaxes(
        type="category",
        categoryorder="array",
        categoryarray=labels,
        tickangle=0,
        tickmode="array",
        tickvals=labels[::step],
        ticktext=labels[::step],
    )


def stacked_volume(
    frame: pd.DataFrame, group: str, title: str, lang: str, group_names: dict | None = None
) -> go.Figure:
    """Monthly volume stacked by `group` (e.g. directorate): frame has period, group, value."""
    fig = go.Figure()
    names = group_names or {}
    order = month_axis(sorted(frame["period"].unique()), lang)
    totals = frame.groupby(group, dropna=False)["value"].sum().sort_values(ascending=False)
    if len(totals) > MAX_GROUPS:  # a legend of thirty products hides the chart: the rest is "other"
        keep = set(totals.index[: MAX_GROUPS - 1])
        other = tr(lang, "overig")
        frame = frame.assign(**{group: [g if g in keep else other for g in frame[group]]})
        frame = frame.groupby(["period", group], as_index=False)["value"].sum()
    for i, (key, part) in enumerate(frame.groupby(group, dropna=False, sort=True)):
        label = names.get(key, key if isinstance(key, str) else tr(lang, "onbekend"))
        fig.add_bar(
            x=month_axis(part["period"], lang),
            y=part["value"],
            name=str(label),
            marker_color=PALETTE[i % len(PALETTE)],
            hovertemplate="%{x}: %{y:,.0f}<extra>" + str(label) + "</extra>",
        )
    fig.update_layout(barmode="stack")
    _category_axis(fig, order)
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
    """A line per `series` (or one line) over `period`, with the target drawn as a dashed line.
    One line is named 'gerealiseerd' (its legend entry and table column), not by the title it
    sits under; a legend of one entry is left out."""
    fig = go.Figure()
    groups = frame.groupby(series, sort=True) if series else [(None, frame)]
    names = series_names or {}
    for i, (key, part) in enumerate(groups):
        fig.add_scatter(
            x=month_axis(part["period"], lang),
            y=part["value"],
            mode="lines+markers",
            name=str(names.get(key, key)) if series else tr(lang, "gerealiseerd"),
            line={"color": PALETTE[i % len(PALETTE)], "width": 2},
            marker={"symbol": MARKERS[i % len(MARKERS)], "size": 7},
            hovertemplate="%{x}: " + _hover(unit) + "<extra>%{fullData.name}</extra>",
        )
    if "target" in frame and frame["target"].notna().any():
        target = frame.groupby("period", as_index=False)["target"].mean()
        fig.add_scatter(
            x=month_axis(target["period"], lang),
            y=target["target"],
            mode="lines",
            name=target_label,
            line={"color": "#555555", "dash": "dash", "width": 2},
            hovertemplate="%{x}: " + _hover(unit) + "<extra>%{fullData.name}</extra>",
        )
    _value_axis(fig, unit)
    _category_axis(fig, month_axis(sorted(frame["period"].unique()), lang))
    return _layout(fig, title, lang, unit=unit).update_layout(showlegend=len(fig.data) > 1)


def rag_heatmap(frame: pd.DataFrame, title: str, lang: str, unit: str = "share") -> go.Figure:
    """Rows (name) x months (period), each cell coloured by its status and labelled with the
    status symbol and the value, so the colour is never the only signal. Frame: period, name,
    value, target, rag. A row without a name (imported tickets with no directorate yet) is '–'."""
    frame = frame.assign(name=frame["name"].fillna("–").astype(str))
    months = month_axis(sorted(frame["period"].unique()), lang)
    names = sorted(frame["name"].unique(), reverse=True)
    codes = {"green": 0, "amber": 1, "red": 2}
    cells = frame.assign(month=month_axis(frame["period"], lang))
    grid = cells.pivot_table(index="name", columns="month", values="value", aggfunc="first").reindex(
        index=names, columns=months
    )
    statuses = cells.pivot_table(index="name", columns="month", values="rag", aggfunc="first").reindex(
        index=names, columns=months
    )
    target = cells.pivot_table(index="name", columns="month", values="target", aggfunc="first").reindex(
        index=names, columns=months
    )
    z = statuses.map(lambda r: codes.get(r) if isinstance(r, str) else None)
    text = [
        [
            (
                ""
                if pd.isna(v)
                else f"{RAG_SYMBOLS.get(r, '') if isinstance(r, str) else ''}<br>"
                f"{formatting.value(v, unit, lang)}"
            )
            for v, r in zip(grid.loc[n], statuses.loc[n], strict=True)
        ]
        for n in names
    ]
    hover = [
        [
            (
                "–"
                if pd.isna(v)
                else f"{n} – {m}<br>{formatting.value(v, unit, lang, t)} "
                f"({tr(lang, 'doel')} {formatting.value(t, unit, lang)})<br>{rag.label(r, lang)}"
                if isinstance(r, str)
                else f"{n} – {m}<br>{formatting.value(v, unit, lang)}"
            )
            for m, v, r, t in zip(months, grid.loc[n], statuses.loc[n], target.loc[n], strict=True)
        ]
        for n in names
    ]
    scale = [
        [0, RAG_COLOURS["green"]],
        [0.33, RAG_COLOURS["green"]],
        [0.34, RAG_COLOURS["amber"]],
        [0.66, RAG_COLOURS["amber"]],
        [0.67, RAG_COLOURS["red"]],
        [1, RAG_COLOURS["red"]],
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z.to_numpy(dtype=float),
            x=months,
            y=names,
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale=scale,
            zmin=0,
            zmax=2,
            showscale=False,
            xgap=2,
            ygap=2,
            textfont={"color": "white", "size": 11},
        )
    )
    _category_axis(fig, months)
    return _layout(fig, title, lang, height=max(260, 60 + 42 * len(names)), unit=unit)


def bars(
    frame: pd.DataFrame,
    dim: str,
    title: str,
    lang: str,
    *,
    unit: str,
    names: dict | None = None,
    target: float | None = None,
    target_label: str = "doel",
    status: bool = False,
    worst: int | None = None,
) -> go.Figure:
    """One horizontal bar per value of `dim`, largest on top; with `status` the bars carry the
    status symbol and colour. `worst` keeps the n lowest values (for long lists), lowest on top.
    Frame: dim, value (and rag)."""
    names = names or {}
    frame = frame.dropna(subset=["value"])
    if worst:
        frame = frame.nsmallest(worst, "value").sort_values("value", ascending=False)
    else:
        frame = frame.sort_values("value", ascending=True)
    labels = [str(names.get(k, k if isinstance(k, str) else tr(lang, "onbekend"))) for k in frame[dim]]
    statuses = list(frame["rag"]) if status and "rag" in frame else [None] * len(frame)
    colours = [RAG_COLOURS.get(r, PALETTE[0]) if status else PALETTE[0] for r in statuses]
    # with a status, each bar also names its own target ('✔ 96,8% (doel 91,0%)'): directorates
    # and clients are judged against different DVA's
    targets = list(frame["target"]) if status and "target" in frame else [None] * len(frame)
    text = [
        (f"{RAG_SYMBOLS[r]} " if isinstance(r, str) else "")
        + formatting.value(v, unit, lang, None if t is None or pd.isna(t) else t)
        + (
            f" ({tr(lang, 'doel')} {formatting.value(t, unit, lang)})"
            if t is not None and not pd.isna(t)
            else ""
        )
        for v, r, t in zip(frame["value"], statuses, targets, strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=frame["value"],
            y=labels,
            orientation="h",
            marker_color=colours,
            text=text,
            # inside the bar, shrunk when the bar is short: a label Plotly puts beside a long bar
            # is cut off by the plot's edge on a phone ('✔' left of '92,2% (doel 90,3%)')
            textposition="inside",
            insidetextanchor="end",
            customdata=statuses if status else None,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    if target is not None and not pd.isna(target):
        fig.add_vline(
            x=target,
            line_dash="dash",
            line_color="#555555",
            annotation_text=target_label,
            annotation_position="top",
        )
    if unit == "share":
        fig.update_xaxes(tickformat=".0%")
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, gridcolor="rgba(0,0,0,0)")
    fig.update_xaxes(gridcolor="#e5e5e5")
    return _layout(fig, title, lang, height=max(240, 80 + 26 * len(labels)), unit=unit)


def efficiency_chart(
    index: pd.DataFrame,
    service: pd.DataFrame,
    title: str,
    lang: str,
    *,
    labels: dict[str, str],
    target_date: pd.Timestamp,
    target_value: float,
    forecast_value: float | None,
) -> go.Figure:
    """The 20% goal on one axis: the efficiency index per month, its target path to the target
    date, the forecast from the trend, and the service-level index beside it (both baseline 100).
    `labels` names the series: index, path, forecast, service."""
    fig = go.Figure()
    months = month_axis(index["period"], lang)
    end = formatting.month_label(target_date.date(), lang)
    fig.add_scatter(
        x=months,
        y=index["value"],
        name=labels["index"],
        mode="lines+markers",
        line={"color": PALETTE[0], "width": 3},
        marker={"symbol": "circle"},
    )
    fig.add_scatter(
        x=[*months, end],
        y=[*index["target"], target_value],
        name=labels["path"],
        mode="lines",
        line={"color": "#555555", "dash": "dash", "width": 2},
    )
    if "forecast" in index and index["forecast"].notna().any() and forecast_value is not None:
        fc = index[index["forecast"].notna()]
        fig.add_scatter(
            x=[*month_axis(fc["period"], lang), end],
            y=[*fc["forecast"], forecast_value],
            name=labels["forecast"],
            mode="lines",
            line={"color": PALETTE[1], "dash": "dot", "width": 2},
        )
    if len(service):
        fig.add_scatter(
            x=month_axis(service["period"], lang),
            y=service["value"],
            name=labels["service"],
            mode="lines+markers",
            line={"color": PALETTE[2], "width": 2},
            marker={"symbol": "square"},
        )
    fig.add_hline(y=100, line_color="#bbbbbb", line_width=1)
    fig.update_traces(hovertemplate="%{x}: %{y:,.1f}<extra>%{fullData.name}</extra>")
    _category_axis(fig, [*months, end] if end not in months else months)
    return _layout(fig, title, lang, height=420, unit="index")


def mix_bars(
    frame: pd.DataFrame, category: str, title: str, lang: str, names: dict | None = None
) -> go.Figure:
    """Shares of each category (channel, outcome, demand level) as labelled horizontal bars."""
    return bars(frame, category, title, lang, unit="share", names=names)


def format_axis_value(v: float, unit: str, lang: str) -> str:
    return formatting.value(v, unit, lang)
