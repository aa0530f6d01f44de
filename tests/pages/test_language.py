"""Every page in English shows no code and no Dutch word, and in Dutch no English word: all
visible text (titles, markdown, captions, alerts, metrics, table headers and cells, widget labels
and options, buttons, chart titles, legends and axes) is read from the AppTest tree, with a
drill-down opened on each page that has one."""

from __future__ import annotations

import json
import re

import pytest
from google.protobuf.json_format import MessageToDict

from tests.language import offences

PAGES = (
    "overzicht",
    "serviceniveaus",
    "efficiency",
    "klachten",
    "escalaties",
    "meldingen",
    "klantdossier",
    "mantelrapportage",
    "catalogus",
    "normen",
    "gegevens",
    "toegang",
)
# The dossier's readings (gdmetrics.dossier) are being reworked; its English page joins when they land.
ENGLISH_PAGES = PAGES
PARAMS = {"period": "2006-Q4"}
# Per page, the links that open it in a state with more to read (a client's dossier).
EXTRA = {"klantdossier": {"client": "DGV-POL"}}

_SHOWN_KEYS = {"body", "label", "delta", "help", "placeholder", "options"}  # not an input's value: data
_CHART_KEYS = {"name", "text", "title", "ticktext", "x", "y", "labels", "hovertemplate", "legendgrouptitle"}


def _strings(node: object, keys: set[str], key: str | None = None):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, keys, k)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, keys, key)
    elif isinstance(node, str) and key in keys:
        yield node


def _chart_texts(spec: str) -> list[str]:
    found = list(_strings(json.loads(spec), _CHART_KEYS))
    return [re.sub(r"%\{[^}]*\}|<[^>]+>", " ", s) for s in found]


def _walk(node):
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _walk(child)


def visible_texts(at) -> list[str]:
    """Every text the page shows, one string per element part."""
    texts: list[str] = []
    for node in _walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = type(node).__name__
        if kind == "Dataframe":
            frame = node.value
            config = json.loads(proto.columns or "{}")  # st.column_config: a heading replaces the name
            texts += [config.get(str(c), {}).get("label") or str(c) for c in frame.columns]
            texts += [v for col in frame.columns for v in frame[col].tolist() if isinstance(v, str)]
            continue
        if proto is None:
            continue
        data = MessageToDict(proto)
        if "spec" in data and isinstance(data["spec"], str):  # a Plotly chart
            texts += _chart_texts(data["spec"])
            continue
        for part in ("expandable", "popover", "tab"):  # labelled blocks
            if isinstance(data.get(part), dict) and data[part].get("label"):
                texts.append(data[part]["label"])
        texts += [s for s in _strings(data, _SHOWN_KEYS) if not s.startswith(("$$ID", ":material/"))]
    return [t for t in texts if t.strip()]


def proper_names(con) -> tuple[str, ...]:
    """Names that stay as they are in every language: clients, account managers, quotes' text."""
    rows = con.execute(
        """SELECT name FROM client UNION SELECT name FROM accountmanager UNION SELECT email FROM accountmanager
           UNION SELECT description FROM quote"""
    ).fetchall()
    return tuple(r[0] for r in rows)


def open_drill_downs(at, lang: str) -> None:
    """Choose the first figure of every 'behind the figures' picker, so its table is shown.
    (The language is set again for each run: AppTest drops the sidebar's radio from its tree.)"""
    for box in list(at.selectbox):
        if box.key and box.key.endswith("drill") and box.options:
            box.select(box.options[0])
            at.session_state["lang"] = lang
            at.run()
            assert not at.exception, [e.message for e in at.exception]


@pytest.fixture
def names(con):
    return proper_names(con)


def _page(run_page, page: str, lang: str):
    at = run_page(f"pages/{page}.py", **PARAMS, **EXTRA.get(page, {}))
    if lang == "en":  # as the sidebar radio sets it (AppTest drops sidebar widgets after navigation)
        at.session_state["lang"] = "en"
        at.run()
        assert not at.exception, [e.message for e in at.exception]
    open_drill_downs(at, lang)
    return at


@pytest.mark.parametrize("page", ENGLISH_PAGES)
def test_an_english_page_shows_no_code_and_no_dutch_word(run_page, names, page):
    at = _page(run_page, page, "en")
    texts = visible_texts(at)
    assert len(texts) > 5, texts  # the page rendered
    bad = offences(texts, "en", names)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("page", PAGES)
def test_a_dutch_page_shows_no_english_word(run_page, names, page):
    at = _page(run_page, page, "nl")
    bad = offences(visible_texts(at), "nl", names)
    assert not bad, "\n".join(bad)
